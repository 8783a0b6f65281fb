/**
 * The leaf types of the config schema (see schema.ts), built on zod.
 *
 * Each leaf reports a single message: a predicate about the value, such as `is invalid; it must
 * be an integer from 1 to 10`. The parser puts the key and the value in front, so every field
 * problem reads `key: <value> <predicate>`, whichever zod check failed. Pulumi hands a program
 * strings, and `pulumi config set --path` keeps numbers and booleans typed inside objects, so
 * numbers and booleans accept both forms.
 */
import { z } from "zod";

/** A value check: undefined when fine, else the predicate to report after the value. */
export type Check<T> = (value: T) => string | undefined;

/** `"30"` becomes 30; anything else is left for the number check to judge. */
function numeric(value: unknown): unknown {
    return typeof value === "string" && value.trim() !== "" ? Number(value) : value;
}

function booleanLike(value: unknown): unknown {
    return value === "true" ? true : value === "false" ? false : value;
}

/** An integer from `min` to `max`. */
export function integer(min: number, max: number) {
    const error = `is invalid; it must be an integer from ${min} to ${max}`;
    return z.preprocess(numeric, z.int({ error }).min(min, { error }).max(max, { error }));
}

/** A number from `min` to `max` in steps of `step` (such as Aurora capacity units, 0.5). */
export function stepped(min: number, max: number, step: number) {
    const error = `is invalid; it must be a number from ${min} to ${max} in steps of ${step}`;
    return z.preprocess(
        numeric,
        z.number({ error }).min(min, { error }).max(max, { error }).multipleOf(step, { error }),
    );
}

/** One of a fixed set of numbers; `what` says whose set it is. */
export function numberIn(values: readonly number[], what: string) {
    const error = `is invalid; allowed: ${values.join(" or ")} (${what})`;
    return z.preprocess(numeric, z.literal([...values], { error }));
}

/** One of a fixed set of strings. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
    return z.enum(values, { error: `is not allowed; use one of ${values.join(", ")}` });
}

/** true or false. */
export function flag() {
    return z.preprocess(booleanLike, z.boolean({ error: "is invalid; it must be true or false" }));
}

/** Attach `check` to a schema as a zod refinement whose issue carries the check's message. */
function refined<S extends z.ZodType>(schema: S, check: Check<z.output<S>> | undefined): S {
    if (!check) {
        return schema;
    }
    return schema.superRefine((value, ctx) => {
        const problem = check(value);
        if (problem !== undefined) {
            ctx.addIssue({ code: "custom", message: problem });
        }
    });
}

/** A string that passes `check`. */
export function text(check?: Check<string>) {
    return refined(z.string({ error: "is invalid; it must be a string" }), check);
}

/**
 * A list of strings that passes `check`. `T` narrows the element type for lists the check
 * restricts to a closed set, so the inferred config type says so.
 */
export function textList<T extends string = string>(check?: Check<string[]>): z.ZodType<T[]> {
    const error = "is invalid; it must be a list of strings";
    return refined(z.array(z.string({ error }), { error }), check) as unknown as z.ZodType<T[]>;
}

/** The most of a value a message echoes: a 50,000-character value is not repeated back whole. */
export const maxEchoed = 200;

/** Quote a value the way every message shows it, cut at `maxEchoed` characters. */
export function quote(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.length <= maxEchoed
        ? text
        : `${text.slice(0, maxEchoed)}... (${text.length} characters)`;
}

/** Metadata the generators read: the docs table's text and, for derived defaults, their rule. */
export type FieldMeta = {
    /** Markdown for docs/configuration.md; the Pulumi.yaml description is its plain text. */
    description: string;
    /** Shown instead of the default when the default is derived (from the strategy, say). */
    defaultText?: string;
    /** Shown in the "Allowed" column when the JSON Schema alone cannot say it. */
    allowed?: string;
};
