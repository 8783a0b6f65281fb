/**
 * Deterministic, AWS-shaped outputs for mocked resources. A real `pulumi up` returns IDs, ARNs,
 * DNS names and hosted zone IDs that later resources and other stacks consume; these follow the
 * same formats, derived from a hash of the stack and logical name so every run is identical.
 * The shapes live in one file per area (`shapes-<area>.ts`).
 */
import { Shape, ShapeContext, ShapeFn, arn, hex, physicalName } from "./shapes-common";
import { coreShapes } from "./shapes-core";
import { dataShapes } from "./shapes-data";
import { endpointShapes } from "./shapes-endpoints";
import { regionShapes } from "./shapes-region";
import { routingShapes } from "./shapes-routing";
import { regionSwitchShapes } from "./shapes-regionswitch";

export { Shape, ShapeContext, hex, mockAccountId } from "./shapes-common";

const shapes: Record<string, ShapeFn> = {
    ...coreShapes,
    ...regionShapes,
    ...dataShapes,
    ...routingShapes,
    ...regionSwitchShapes,
    ...endpointShapes,
};

/** The id and outputs a real `pulumi up` would record for this resource. */
export function shapeFor(ctx: ShapeContext): Shape {
    const known = shapes[ctx.type];
    if (known) {
        return known(ctx);
    }
    return genericShape(ctx);
}

/** Whether the engine has special knowledge of this type's outputs. */
export function hasShape(type: string): boolean {
    return type in shapes;
}

/**
 * Outputs for a type with no special knowledge: an ARN in the service named by the token's
 * module, and the physical name as id, which is how most AWS resources look.
 */
function genericShape(ctx: ShapeContext): Shape {
    const match = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):/.exec(ctx.type);
    if (!match) {
        return { id: `${ctx.name}-${hex(ctx, 8)}`, outputs: {} };
    }
    const name = physicalName(ctx);
    const kind = match[2].replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
    return { id: name, outputs: { arn: arn(ctx, match[1].toLowerCase(), `${kind}/${name}`) } };
}
