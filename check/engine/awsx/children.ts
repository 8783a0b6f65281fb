/**
 * What every awsx expansion shares: the engine's context, and the children an expansion records
 * with the names, parents and inputs awsx gives them.
 */
import { createHash } from "crypto";
import { shapeFor } from "../aws-shapes";
import { RecordedResource } from "../types";

/** What expansion needs from the engine. */
export interface ExpansionContext {
    stack: string;
    project: string;
    /** Resources recorded so far in this stack (an ALB finds its subnets' VPC here). */
    recorded: readonly RecordedResource[];
    /** The region the engine gives a resource with these inputs and provider reference. */
    regionOf(inputs: Record<string, unknown>, provider: string | undefined): string;
}

export type Inputs = Record<string, unknown>;

/** Builds children under one component, in awsx's order, with engine-style URNs and shapes. */
export class Children {
    readonly list: RecordedResource[] = [];

    constructor(
        private readonly component: RecordedResource,
        private readonly ctx: ExpansionContext,
    ) {}

    add(
        type: string,
        name: string,
        inputs: Inputs,
        parent: RecordedResource = this.component,
        forced: { id?: string; outputs?: Inputs } = {},
        custom = true,
    ): RecordedResource {
        const clean = JSON.parse(JSON.stringify(inputs)) as Inputs;
        const parentType = parent.urn.split("::")[2];
        const urn = `urn:pulumi:${this.ctx.stack}::${this.ctx.project}::${parentType}$${type}::${name}`;
        const region = this.ctx.regionOf(clean, this.component.provider);
        const shape = custom
            ? shapeFor({ type, name, inputs: clean, region, stack: this.ctx.stack })
            : { id: "", outputs: {} };
        const id = forced.id ?? shape.id;
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, value] of Object.entries(clean)) {
            const from = this.list.filter((c) => mentions(value, c));
            if (from.length > 0) {
                propertyDependencies[key] = from.map((c) => c.urn);
            }
        }
        const child: RecordedResource = {
            urn,
            type,
            name,
            region,
            parent: parent.urn,
            provider: this.component.provider,
            custom,
            inputs: clean,
            // Plain JSON, as state holds it: an output nobody computed is absent, not undefined.
            outputs: JSON.parse(
                JSON.stringify(
                    custom ? { ...clean, id, ...shape.outputs, ...(forced.outputs ?? {}) } : clean,
                ),
            ) as Inputs,
            protect: this.component.protect,
            retainOnDelete: this.component.retainOnDelete,
            dependencies: [...new Set(Object.values(propertyDependencies).flat())],
            propertyDependencies,
            stack: this.ctx.stack,
            source: this.component.source,
        };
        this.list.push(child);
        return child;
    }
}

/** Whether `value` holds the id or ARN of `resource` (the engine's inputs carry plain values). */
export function mentions(value: unknown, resource: RecordedResource): boolean {
    const ids = [resource.outputs.id, resource.outputs.arn].filter(
        (v): v is string => typeof v === "string" && v !== "",
    );
    const text = JSON.stringify(value) ?? "";
    return ids.some((id) => text.includes(JSON.stringify(id)));
}

export function pick(source: Inputs, keys: readonly string[]): Inputs {
    return Object.fromEntries(
        keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]),
    );
}

export function record(value: unknown): Inputs {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Inputs)
        : {};
}

export function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/** The children awsx creates for `component`, or `[]` for a type this file does not expand. */

/** A short content hash, as awsx names some children. */
export const sha1 = (text: string) => createHash("sha1").update(text).digest("hex").slice(0, 8);
