/**
 * Defensive readers for resource properties. Policies see whatever a program produced: missing
 * properties, wrong types, provider inputs serialized as strings, and, during preview, values
 * wrapped by the SDK's unknown-checking proxy. These readers never throw on odd input; the only
 * error that escapes them is the SDK's `UnknownValueError`, raised when a value the policy needs
 * is genuinely unknown (the SDK turns it into an advisory "can't run during preview").
 */
import type { UnknownValueError } from "@pulumi/policy";

// The class from its own module: the package's index also loads the policy server and the Pulumi
// SDK, which the check's command line (it reads these helpers for deployment facts) never uses.
// Its index re-exports this same module, so `instanceof` sees the pack's errors.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const unknownValue = require("@pulumi/policy/proxy") as {
    UnknownValueError: typeof UnknownValueError;
};

/** Reads a nested property; any non-object along the way gives `undefined`. */
export function get(value: unknown, ...path: (string | number)[]): unknown {
    let node: unknown = value;
    for (const key of path) {
        if (node === null || typeof node !== "object") {
            return undefined;
        }
        node = (node as Record<string | number, unknown>)[key];
    }
    return node;
}

/** A non-empty string, else `undefined`. */
export function asString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** A finite number; numeric strings (provider inputs arrive as strings) count. */
export function asNumber(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
        return Number(value);
    }
    return undefined;
}

/** A boolean; the strings "true" and "false" count. */
export function asBoolean(value: unknown): boolean | undefined {
    if (typeof value === "boolean") {
        return value;
    }
    if (value === "true" || value === "false") {
        return value === "true";
    }
    return undefined;
}

/** An array, else an empty one. */
export function asArray(value: unknown): unknown[] {
    return Array.isArray(value) ? Array.from(value) : [];
}

/** A plain object, else `undefined`. Objects serialized as JSON strings are parsed. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
    if (typeof value === "string" && value.trim().startsWith("{")) {
        try {
            return asRecord(JSON.parse(value));
        } catch {
            return undefined;
        }
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        return value as Record<string, unknown>;
    }
    return undefined;
}

/** Whether a property is present and not null or empty, without reading unknown values. */
export function isSet(value: unknown): boolean {
    return !(
        value === undefined ||
        value === null ||
        value === "" ||
        (Array.isArray(value) && value.length === 0)
    );
}

/**
 * Whether `props[key]` is set. An unknown value counts as set: during preview it stands for a
 * value that the deployment will fill in (an ID or ARN of a resource not yet created).
 */
export function isPresent(props: Record<string, unknown>, key: string): boolean {
    return key in props && unlessUnknown(() => isSet(props[key]), true);
}

/** Whether `err` is the SDK's signal that a value is unknown during preview. */
export function isUnknownValueError(err: unknown): err is UnknownValueError {
    return err instanceof unknownValue.UnknownValueError;
}

/** `fn()`, or `fallback` when a value it reads is unknown during preview. */
export function unlessUnknown<T>(fn: () => T, fallback: T): T {
    try {
        return fn();
    } catch (err) {
        if (isUnknownValueError(err)) {
            return fallback;
        }
        throw err;
    }
}

/**
 * Lets a stack policy check every resource it can, even when some of them hold values that are
 * unknown during preview: `guard` runs one resource's checks and remembers the first unknown,
 * and `rethrow` raises it at the end so the SDK still reports that part of the stack could not
 * be checked. Violations reported before that stay reported.
 */
export class UnknownTracker {
    private first: UnknownValueError | undefined;

    guard(fn: () => void): void {
        try {
            fn();
        } catch (err) {
            if (!isUnknownValueError(err)) {
                throw err;
            }
            this.first ??= err;
        }
    }

    rethrow(): void {
        if (this.first) {
            throw this.first;
        }
    }
}

/** Tags as a string map, from `tags` (or a provider's `defaultTags.tags`), parsed if serialized. */
export function tagsOf(value: unknown): Record<string, string> {
    const record = asRecord(value) ?? {};
    const tags: Record<string, string> = {};
    for (const key of Object.keys(record)) {
        const tag = unlessUnknown(() => record[key], undefined);
        if (typeof tag === "string") {
            tags[key] = tag;
        }
    }
    return tags;
}

/** A quoted value for messages: strings in double quotes, everything else as JSON. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "unset";
    }
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}
