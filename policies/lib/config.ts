/**
 * Policy configuration with defaults. The Pulumi CLI fills a policy's config from its
 * `configSchema` defaults, but the SDK does not (unit tests, other engines), so each policy
 * declares its defaults once and reads its config through here.
 */
import { PolicyConfigSchema } from "@pulumi/policy";

/** JSON-schema type names for the config values policies use. */
type ConfigValue = number | string | boolean | string[];

/** A policy's config schema built from its defaults, with a description per key. */
export function schemaFor<T extends Record<string, ConfigValue>>(
    defaults: T,
    descriptions: { [K in keyof T]: string },
    extra: { [K in keyof T]?: Record<string, unknown> } = {},
): PolicyConfigSchema {
    const properties: PolicyConfigSchema["properties"] = {};
    for (const key of Object.keys(defaults) as (keyof T & string)[]) {
        const value = defaults[key];
        const type = Array.isArray(value)
            ? "array"
            : typeof value === "number"
              ? Number.isInteger(value)
                  ? "integer"
                  : "number"
              : (typeof value as "string" | "boolean");
        properties[key] = {
            type,
            default: value,
            description: descriptions[key],
            ...(Array.isArray(value) ? { items: { type: "string" } } : {}),
            ...(extra[key] ?? {}),
        } as PolicyConfigSchema["properties"][string];
    }
    return closedSchema({ properties });
}

/**
 * The schema with `additionalProperties: false`: a key the policy does not declare is a typo,
 * and the offline check refuses it. (The Pulumi CLI receives only `properties` and `required`
 * over the analyzer protocol, so `pulumi preview` cannot see this flag.)
 */
export function closedSchema(schema: PolicyConfigSchema): PolicyConfigSchema {
    return Object.assign(schema, { additionalProperties: false as const });
}

/**
 * The policy's config over `defaults`. A key whose value has the wrong type keeps its default:
 * the CLI validates config against the schema, so this only matters outside it.
 */
export function configWithDefaults<T extends Record<string, ConfigValue | undefined>>(
    args: { getConfig<C extends object>(): C },
    defaults: T,
): T {
    let given: Record<string, unknown> = {};
    try {
        const config = args.getConfig<Record<string, unknown>>();
        given = config !== null && typeof config === "object" ? config : {};
    } catch {
        given = {};
    }
    const merged: Record<string, unknown> = { ...defaults };
    for (const key of Object.keys(defaults)) {
        const value = given[key];
        const fallback = defaults[key];
        if (value === undefined || value === null) {
            continue;
        }
        if (Array.isArray(fallback)) {
            if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
                merged[key] = value;
            }
        } else if (fallback === undefined || typeof value === typeof fallback) {
            merged[key] = value;
        }
    }
    return merged as T;
}
