/**
 * Deterministic, AWS-shaped outputs for mocked resources. A real `pulumi up` returns IDs, ARNs,
 * DNS names and hosted zone IDs that later resources and other stacks consume; these follow the
 * same formats, derived from a hash of the stack and logical name so every run is identical.
 */
import { createHash } from "crypto";

/** The account every offline run pretends to be. */
export const mockAccountId = "123456789012";

/** What a shape function knows about the resource being created. */
export interface ShapeContext {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    region: string;
    stack: string;
}

/** The id and the outputs to add to the echoed inputs. */
export interface Shape {
    id: string;
    outputs: Record<string, unknown>;
}

/** Hex digits derived from the stack, type, name and a salt. */
export function hex(
    ctx: Pick<ShapeContext, "stack" | "type" | "name">,
    length: number,
    salt = "",
): string {
    let out = "";
    let counter = 0;
    while (out.length < length) {
        out += createHash("sha1")
            .update(`${ctx.stack}|${ctx.type}|${ctx.name}|${salt}|${counter++}`)
            .digest("hex");
    }
    return out.slice(0, length);
}

export function uuid(ctx: ShapeContext, salt = ""): string {
    const h = hex(ctx, 32, salt);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function upperAlnum(ctx: ShapeContext, length: number, salt = ""): string {
    return hex(ctx, length, salt).toUpperCase();
}

/** Pulumi's auto-naming: the logical name plus a random suffix, unless a name is given. */
export function physicalName(ctx: ShapeContext, key = "name", lower = false): string {
    const given = ctx.inputs[key];
    const name =
        typeof given === "string" && given !== ""
            ? given
            : `${ctx.name}-${hex(ctx, 7, "autoname")}`;
    return lower ? name.toLowerCase() : name;
}

export function arn(ctx: ShapeContext, service: string, resource: string, regional = true): string {
    return `arn:aws:${service}:${regional ? ctx.region : ""}:${mockAccountId}:${resource}`;
}

export type ShapeFn = (ctx: ShapeContext) => Shape;
