/**
 * Reads a stack's raw config map against the schema (schema.ts) and the cross-field rules
 * (rules.ts). Pure: it takes the map exactly as the Pulumi engine hands it to a program
 * (`namespace:key` to string, objects as JSON strings) and returns a fully defaulted, validated
 * config, or throws one `ConfigError` listing every problem. The stack entry point calls it before
 * it registers a single resource, so a bad value never creates anything.
 *
 * Each field is read on its own and a bad one is replaced by its default, so one mistake does not
 * hide another and the cross-field rules still run.
 */
import { z } from "zod";
import { quote } from "./fields";
import { awsConfigDoc, awsConfigKeys, otherNamespaces } from "./namespaces";
import { configRules, Problem } from "./rules";
import {
    awsRegion,
    derivedDefaults,
    DerivedDefaultInput,
    projectConfigSchema,
    projectName,
    ProjectKey,
    StackConfig,
} from "./schema";

/** Every problem found in a stack's config, reported together. */
export class ConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(
            `invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

const projectKeys = Object.keys(projectConfigSchema.shape) as ProjectKey[];

/** The order problems are reported in: unknown keys, then the schema's order, region third. */
const reportOrder = [projectKeys[0], projectKeys[1], "aws:region", ...projectKeys.slice(2)];

/**
 * Parse and validate a stack's raw config map. Keys of other namespaces are ignored except
 * `aws:region`. Throws a `ConfigError` that lists every problem.
 */
export function parseStackConfig(raw: Readonly<Record<string, string>>): StackConfig {
    const unknownKeys: Problem[] = [];
    const problems: Problem[] = [];
    const values = projectValues(raw, unknownKeys);

    const read: Record<string, unknown> = {};
    for (const key of projectKeys) {
        const derived = derivedDefaults[key]?.(read as unknown as DerivedDefaultInput);
        read[key] = readKey(key, values.get(key), derived, problems);
    }
    const config = { ...read, region: readRegion(raw, problems) } as StackConfig;
    for (const rule of configRules) {
        problems.push(...rule(config));
    }

    const rank = (p: Problem) => reportOrder.indexOf(p.key.split(".")[0]);
    const sorted = [...unknownKeys, ...problems.sort((a, b) => rank(a) - rank(b))];
    if (sorted.length > 0) {
        throw new ConfigError(sorted.map((p) => `${p.key}: ${p.message}`));
    }
    return config;
}

/** The project namespace's values by key; unknown keys and misspelt namespaces become problems. */
function projectValues(raw: Readonly<Record<string, string>>, problems: Problem[]) {
    const values = new Map<string, string>();
    for (const [fullKey, value] of Object.entries(raw)) {
        const colon = fullKey.indexOf(":");
        const [namespace, key] =
            colon < 0
                ? [projectName, fullKey]
                : [fullKey.slice(0, colon), fullKey.slice(colon + 1)];
        if (namespace !== projectName) {
            const problem = foreignKeyProblem(namespace, key, fullKey);
            if (problem) {
                problems.push(problem);
            }
            continue;
        }
        if (!(projectKeys as string[]).includes(key)) {
            const guess = closest(key, projectKeys);
            const hint = guess ? `did you mean ${projectName}:${guess}? ` : "";
            problems.push({
                key,
                message: `unknown key ${quote(fullKey)}; ${hint}known keys: ${projectKeys.join(", ")}`,
            });
            continue;
        }
        values.set(key, value);
    }
    return values;
}

/**
 * A key outside the project namespace: an `aws:` key the provider does not read, or a namespace
 * one or two letters from this project's or from `aws` (never one of an installed package).
 */
function foreignKeyProblem(namespace: string, key: string, fullKey: string): Problem | undefined {
    if (namespace === "aws") {
        if (awsConfigKeys.includes(key)) {
            return undefined;
        }
        const guess = closest(key, awsConfigKeys);
        const hint = guess ? `did you mean aws:${guess}? ` : "";
        return {
            key: fullKey,
            message: `unknown key of the aws provider; ${hint}its keys: ${awsConfigDoc}`,
        };
    }
    if (otherNamespaces.includes(namespace)) {
        return undefined;
    }
    if (editDistance(namespace.toLowerCase(), projectName) <= 3) {
        const meant = (projectKeys as string[]).includes(key)
            ? key
            : (closest(key, projectKeys) ?? key);
        return {
            key: fullKey,
            message: `unknown namespace ${quote(namespace)}; did you mean ${projectName}:${meant}?`,
        };
    }
    if (editDistance(namespace.toLowerCase(), "aws") <= 1) {
        const meant = awsConfigKeys.includes(key) ? key : (closest(key, awsConfigKeys) ?? key);
        return {
            key: fullKey,
            message: `unknown namespace ${quote(namespace)}; did you mean aws:${meant}?`,
        };
    }
    return undefined;
}

function readRegion(raw: Readonly<Record<string, string>>, problems: Problem[]): string {
    const value = raw["aws:region"];
    if (value === undefined || value === "") {
        problems.push({
            key: "aws:region",
            message: "is not set; set it in Pulumi.<stack>.yaml, e.g. us-east-1",
        });
        return "";
    }
    const result = awsRegion.safeParse(value);
    if (!result.success) {
        problems.push({ key: "aws:region", message: `${quote(value)} ${firstMessage(result)}` });
    }
    return value;
}

/** A key's value: the parsed raw string, or its default; its default again when invalid. */
function readKey(
    key: ProjectKey,
    raw: string | undefined,
    derived: Record<string, unknown> | undefined,
    problems: Problem[],
): unknown {
    const schema = projectConfigSchema.shape[key];
    const section = sectionOf(schema);
    if (section) {
        return readSection(key, section, raw, derived ?? {}, problems);
    }
    const fallback = schema.parse(undefined);
    if (raw === undefined) {
        return fallback;
    }
    const value = Array.isArray(fallback) ? parseJson(raw) : raw;
    const result = schema.safeParse(value);
    if (result.success) {
        return result.data;
    }
    const broken = typeof value === "string" && Array.isArray(fallback) ? jsonProblem(raw) : "";
    problems.push({
        key,
        message: `${quote(value)} ${broken.startsWith("is not valid JSON") ? `${broken}; it ${firstMessage(result).replace(/^is invalid; it /, "")}` : firstMessage(result)}`,
    });
    return fallback;
}

/** The object schema behind an object-valued key, or undefined for a scalar or list key. */
function sectionOf(schema: z.ZodType): z.ZodObject | undefined {
    const inner = schema instanceof z.ZodPrefault ? schema.unwrap() : schema;
    return inner instanceof z.ZodObject ? inner : undefined;
}

/**
 * An object-valued key: given fields over derived defaults over static ones, field by field.
 * Optional fields without a value stay absent, so "unset" keeps its meaning.
 */
function readSection(
    key: string,
    section: z.ZodObject,
    raw: string | undefined,
    derived: Record<string, unknown>,
    problems: Problem[],
): Record<string, unknown> {
    const defaults: Record<string, unknown> = { ...section.parse({}), ...derived };
    const fields = Object.keys(section.shape);
    // Fields with a default first, as a reader of the message looks for them.
    const known = [...Object.keys(defaults), ...fields.filter((f) => !(f in defaults))];
    let given: Record<string, unknown> = {};
    if (raw !== undefined) {
        const parsed = parseJson(raw);
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
            problems.push({
                key,
                message: `${quote(raw)} ${jsonProblem(raw)}; it must be an object with fields ${known.join(", ")}`,
            });
        } else {
            given = parsed as Record<string, unknown>;
        }
    }
    for (const field of Object.keys(given).filter((f) => !fields.includes(f))) {
        const guess = closest(field, fields);
        problems.push({
            key: `${key}.${field}`,
            message: `unknown field; ${guess ? `did you mean ${key}.${guess}? ` : ""}known fields: ${known.join(", ")}`,
        });
    }
    const result: Record<string, unknown> = {};
    for (const field of fields) {
        // Only an absent field takes its default: `null` is a value, judged (and refused) by
        // the field's own schema, so `{"approval":null}` cannot switch a safeguard off.
        const value = Object.hasOwn(given, field) ? given[field] : defaults[field];
        if (value === undefined) {
            continue;
        }
        const parsed = (section.shape[field] as z.ZodType).safeParse(value);
        if (parsed.success) {
            result[field] = parsed.data;
            continue;
        }
        problems.push({
            key: `${key}.${field}`,
            message: `${quote(value)} ${firstMessage(parsed)}`,
        });
        if (defaults[field] !== undefined) {
            result[field] = defaults[field];
        }
    }
    return result;
}

function firstMessage(result: { error?: z.ZodError }): string {
    return result.error?.issues[0]?.message ?? "is invalid";
}

/** "is not valid JSON (...)" for a value that looks like JSON but does not parse, else "is invalid". */
function jsonProblem(raw: string): string {
    if (!/^\s*[[{]/.test(raw)) {
        return "is invalid";
    }
    try {
        JSON.parse(raw);
        return "is invalid";
    } catch (err) {
        return `is not valid JSON (${(err as Error).message})`;
    }
}

function parseJson(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

/**
 * The candidate a misspelt name most likely meant: the nearest by edit distance (a swap of two
 * neighbours counts once), if within a third of its length (at least 2). Case is ignored.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
    for (const candidate of candidates) {
        const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}
