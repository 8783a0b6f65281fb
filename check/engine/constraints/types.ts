import { RecordedResource } from "../types";

/** What a constraint sees: the resource, and every resource recorded so far in any stack. */
export interface ConstraintContext {
    resource: RecordedResource;
    /** Every resource of the stacks run so far, this one included. */
    all: readonly RecordedResource[];
}

/**
 * A documented AWS input rule. It returns one message per way the resource breaks the rule,
 * each ending with the AWS document that states it.
 */
export type Constraint = (ctx: ConstraintContext) => string[];

/** Reads a nested input without caring whether intermediate values exist. */
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

/** A list input as an array, treating absent as empty. */
export function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/** Whether a value is set: present, not null, not an empty string or list. */
export function isSet(value: unknown): boolean {
    return !(
        value === undefined ||
        value === null ||
        value === "" ||
        (Array.isArray(value) && value.length === 0)
    );
}
