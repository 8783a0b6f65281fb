/**
 * Offline answers for the two lookups the edge needs: an AWS-managed prefix list by name (the
 * CloudFront origin-facing list the ALB admits) and a security group by name and VPC (the one
 * Global Accelerator creates in a VPC when it adds an internal ALB endpoint). Deterministic IDs
 * derived from region and query, so runs compare equal.
 */
import { createHash } from "crypto";
import { mockAccountId } from "./aws-shapes";

interface EdgeInvokeContext {
    inputs: Record<string, unknown>;
    region: string;
}

function shortHash(...parts: string[]): string {
    return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 17);
}

/** The value of filter `name` in an invoke's `filters`, if given. */
function filterValue(inputs: Record<string, unknown>, name: string): string | undefined {
    const filters = Array.isArray(inputs.filters) ? inputs.filters : [];
    const match = filters.find((f) => (f as { name?: string }).name === name) as
        | { values?: string[] }
        | undefined;
    return match?.values?.[0];
}

export const edgeInvokeAnswers: Record<
    string,
    (ctx: EdgeInvokeContext) => Record<string, unknown>
> = {
    "aws:ec2/getManagedPrefixList:getManagedPrefixList": (ctx) => {
        const name = String(ctx.inputs.name ?? filterValue(ctx.inputs, "prefix-list-name"));
        if (!name.startsWith("com.amazonaws.")) {
            throw new Error(
                `getManagedPrefixList: offline answers cover AWS-managed lists (com.amazonaws.*) only, got ${JSON.stringify(name)}`,
            );
        }
        const id = `pl-${shortHash(ctx.region, name).slice(0, 8)}`;
        return {
            id,
            name,
            arn: `arn:aws:ec2:${ctx.region}:aws:prefix-list/${id}`,
            addressFamily: "IPv4",
            maxEntries: 55,
            ownerId: "AWS",
            version: 1,
            entries: [],
            tags: {},
            region: ctx.region,
        };
    },
    "aws:ec2/getSecurityGroup:getSecurityGroup": (ctx) => {
        const name = String(ctx.inputs.name ?? filterValue(ctx.inputs, "group-name"));
        const vpcId = String(ctx.inputs.vpcId ?? filterValue(ctx.inputs, "vpc-id"));
        const id = `sg-${shortHash(ctx.region, vpcId, name)}`;
        return {
            id,
            name,
            vpcId,
            arn: `arn:aws:ec2:${ctx.region}:${mockAccountId}:security-group/${id}`,
            description: name,
            tags: {},
            region: ctx.region,
        };
    },
};
