import { ShapeFn, arn, physicalName, upperAlnum } from "./shapes-common";

/** AWS-shaped outputs for the core types. */
export const coreShapes: Record<string, ShapeFn> = {
    "pulumi:providers:aws": (ctx) => ({ id: `${ctx.name}-provider-id`, outputs: {} }),

    "aws:iam/role:Role": (ctx) => {
        const name = physicalName(ctx);
        return {
            id: name,
            outputs: {
                arn: arn(ctx, "iam", `role/${name}`, false),
                name,
                uniqueId: `AROA${upperAlnum(ctx, 17)}`,
            },
        };
    },
    "aws:iam/policy:Policy": (ctx) => {
        const name = physicalName(ctx);
        const value = arn(ctx, "iam", `policy/${name}`, false);
        return { id: value, outputs: { arn: value, name } };
    },
};
