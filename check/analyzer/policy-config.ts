/**
 * Policy configuration, resolved the way the Pulumi CLI resolves it before it calls `configure`
 * on an analyzer: each policy's `configSchema` defaults, then the pack's initial config, then the
 * user's `--policy-config` file (the `--policy-pack-config` format), validated against the schema.
 * Pure, so every rule is unit-tested.
 */

/** Enforcement levels a policy can run at. */
export const enforcementLevels = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof enforcementLevels)[number];

/** What the analyzer says about one policy (from GetAnalyzerInfo). */
export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    /** JSON schema `properties` of the policy's config. */
    configSchema?: { properties: Record<string, JsonSchema>; required?: string[] };
    severity?: string;
    remediationSteps?: string;
    url?: string;
    kind: "resource" | "stack";
}

/** The subset of JSON schema policy configs use. */
export interface JsonSchema {
    type?: string | string[];
    default?: unknown;
    enum?: unknown[];
    minimum?: number;
    maximum?: number;
    items?: JsonSchema;
    description?: string;
}

/** A policy's resolved config: its level and its properties. */
export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

/** A problem with the `--policy-config` file; reported with exit code 2. */
export class PolicyConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(`invalid policy config: ${problems.join("; ")}`);
        this.name = "PolicyConfigError";
    }
}

/**
 * Resolve every policy's level and properties. `user` is the parsed `--policy-config` JSON:
 * `{ "all": "mandatory", "<policy>": "disabled" | { enforcementLevel?, ...properties } }`.
 */
export function resolvePolicyConfig(
    policies: readonly PolicyInfo[],
    user: unknown = {},
    initial: Readonly<Record<string, ResolvedPolicyConfig>> = {},
): Record<string, ResolvedPolicyConfig> {
    const problems: string[] = [];
    if (user === null || typeof user !== "object" || Array.isArray(user)) {
        throw new PolicyConfigError([
            `the file must hold a JSON object, got ${JSON.stringify(user)}`,
        ]);
    }
    const given = user as Record<string, unknown>;
    const names = new Set(policies.map((p) => p.name));
    for (const key of Object.keys(given)) {
        if (key !== "all" && !names.has(key)) {
            problems.push(
                `"${key}" is not a policy of this pack; policies: ${[...names].join(", ")}`,
            );
        }
    }
    let allLevel: EnforcementLevel | undefined;
    if (given.all !== undefined) {
        const level =
            typeof given.all === "string"
                ? given.all
                : (given.all as { enforcementLevel?: unknown })?.enforcementLevel;
        if (isLevel(level)) {
            allLevel = level;
        } else {
            problems.push(
                `"all": ${JSON.stringify(given.all)} must be one of ${enforcementLevels.join(", ")}`,
            );
        }
    }
    const resolved: Record<string, ResolvedPolicyConfig> = {};
    for (const policy of policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema.default !== undefined) {
                properties[key] = schema.default;
            }
        }
        let level = allLevel ?? policy.enforcementLevel;
        const start = initial[policy.name];
        if (start) {
            level = start.enforcementLevel;
            Object.assign(properties, start.properties);
        }
        const entry = given[policy.name];
        if (typeof entry === "string") {
            if (isLevel(entry)) {
                level = entry;
            } else {
                problems.push(
                    `"${policy.name}": ${JSON.stringify(entry)} must be one of ${enforcementLevels.join(", ")}`,
                );
            }
        } else if (entry !== undefined) {
            if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
                problems.push(
                    `"${policy.name}": must be an enforcement level or an object, got ${JSON.stringify(entry)}`,
                );
            } else {
                for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
                    if (key === "enforcementLevel") {
                        if (isLevel(value)) {
                            level = value;
                        } else {
                            problems.push(
                                `"${policy.name}".enforcementLevel: ${JSON.stringify(value)} must be one of ${enforcementLevels.join(", ")}`,
                            );
                        }
                        continue;
                    }
                    const schema = policy.configSchema?.properties[key];
                    if (!schema) {
                        const known = Object.keys(policy.configSchema?.properties ?? {});
                        problems.push(
                            `"${policy.name}".${key}: not a setting of this policy; settings: ${known.join(", ") || "none"}`,
                        );
                        continue;
                    }
                    const problem = schemaProblem(value, schema);
                    if (problem) {
                        problems.push(
                            `"${policy.name}".${key}: ${JSON.stringify(value)} ${problem}`,
                        );
                    } else {
                        properties[key] = value;
                    }
                }
            }
        }
        for (const key of policy.configSchema?.required ?? []) {
            if (properties[key] === undefined) {
                problems.push(`"${policy.name}".${key}: is required`);
            }
        }
        resolved[policy.name] = { enforcementLevel: level, properties };
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return resolved;
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (enforcementLevels as readonly string[]).includes(value);
}

/** Why `value` does not satisfy `schema`, or undefined. Covers what policy configs use. */
export function schemaProblem(value: unknown, schema: JsonSchema): string | undefined {
    const types =
        schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.length > 0 && !types.some((t) => hasType(value, t))) {
        return `must be of type ${types.join(" or ")}`;
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        return `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`;
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) {
            return `must be at least ${schema.minimum}`;
        }
        if (schema.maximum !== undefined && value > schema.maximum) {
            return `must be at most ${schema.maximum}`;
        }
    }
    if (Array.isArray(value) && schema.items) {
        for (const item of value) {
            const problem = schemaProblem(item, schema.items);
            if (problem) {
                return `has an item ${JSON.stringify(item)} that ${problem}`;
            }
        }
    }
    return undefined;
}

function hasType(value: unknown, type: string): boolean {
    switch (type) {
        case "integer":
            return Number.isInteger(value);
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "string":
            return typeof value === "string";
        case "boolean":
            return typeof value === "boolean";
        case "array":
            return Array.isArray(value);
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        case "null":
            return value === null;
        default:
            return true;
    }
}

/**
 * Whether the pack has a policy its Analyze call can run: one it does not declare a stack
 * policy (a resource policy, or one of no declared kind, which is read as a resource policy),
 * at a level other than "disabled". `@pulumi/policy`'s Analyze runs only its enabled resource
 * policies, so without one the answer for every resource is empty, and the check does not ask
 * (on a 2,750-resource stack that was 2,751 calls, about a sixth of the check's CPU).
 */
export function analyzesEachResource(
    policies: readonly PolicyInfo[],
    config: Readonly<Record<string, ResolvedPolicyConfig>>,
): boolean {
    return policies.some(
        (p) =>
            p.kind !== "stack" &&
            (config[p.name]?.enforcementLevel ?? p.enforcementLevel) !== "disabled",
    );
}
