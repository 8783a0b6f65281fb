/**
 * Answers for the data-source invokes a program may call. Each answer is what AWS would return
 * for the mock account in the invoke's region. An invoke with no answer fails with its token
 * named and the way to supply a result, because guessing would let a broken program pass.
 */
import { mockAccountId } from "./aws-shapes";
import { awsInvokeAnswers, azSuffixes, zoneNames } from "./invokes-aws";
import { edgeInvokeAnswers } from "./invokes-edge";
import { defaultVpcOutputs } from "./remote-components";
import { planRoute53HealthChecks } from "./shapes-regionswitch";

/** What the engine knows when it answers an invoke. */
export interface InvokeContext {
    token: string;
    inputs: Record<string, unknown>;
    /** Region of the invoke's provider, or of its `region` input, or the stack's. */
    region: string;
}

/** Raised for an invoke the engine cannot answer. */
export class UnknownInvokeError extends Error {
    constructor(public readonly token: string) {
        super(
            `invoke ${token} has no offline answer; supply one with --invoke-fixture FILE ` +
                `(JSON: {"${token}": { ...result }})`,
        );
        this.name = "UnknownInvokeError";
    }
}

type Answer = (ctx: InvokeContext) => Record<string, unknown>;

const answers: Record<string, Answer> = {
    "aws:index/getRegion:getRegion": (ctx) => ({
        id: ctx.region,
        region: ctx.region,
        name: ctx.region,
        endpoint: `ec2.${ctx.region}.amazonaws.com`,
        description: ctx.region,
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (ctx) => ({
        id: ctx.region,
        region: ctx.region,
        names: zoneNames(ctx.region),
        zoneIds: azSuffixes.map((_, i) => `${ctx.region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`),
        groupNames: [ctx.region],
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        id: mockAccountId,
        accountId: mockAccountId,
        arn: `arn:aws:iam::${mockAccountId}:role/offline-check`,
        userId: "AROAOFFLINECHECK:offline",
    }),
    "aws:index/getPartition:getPartition": () => ({
        id: "aws",
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
    }),
    "aws:iam/getPolicyDocument:getPolicyDocument": (ctx) => {
        const json = JSON.stringify(policyDocument(ctx.inputs));
        return { id: String(json.length), json, minifiedJson: json };
    },
    "pulumi:pulumi:getResource": () => ({}),
    ...edgeInvokeAnswers,
    ...awsInvokeAnswers,
    "awsx:ec2:getDefaultVpc": (ctx) => defaultVpcOutputs(ctx.region),
    "aws:arcregionswitch/getRoute53HealthChecks:getRoute53HealthChecks": (ctx) =>
        planRoute53HealthChecks(String(ctx.inputs.planArn)),
};

/** Answer an invoke from the built-in table or the fixtures; throw for anything else. */
export function answerInvoke(
    ctx: InvokeContext,
    fixtures: Readonly<Record<string, Record<string, unknown>>> = {},
): Record<string, unknown> {
    if (ctx.token in fixtures) {
        return fixtures[ctx.token];
    }
    const answer = answers[ctx.token];
    if (!answer) {
        throw new UnknownInvokeError(ctx.token);
    }
    return answer(ctx);
}

/** Builds the IAM JSON that `aws.iam.getPolicyDocument` would render from its statements. */
function policyDocument(inputs: Record<string, unknown>): Record<string, unknown> {
    const statements = (inputs.statements as Record<string, unknown>[] | undefined) ?? [];
    return {
        Version: "2012-10-17",
        Statement: statements.map((s) => {
            const out: Record<string, unknown> = { Effect: s.effect ?? "Allow" };
            if (s.sid) {
                out.Sid = s.sid;
            }
            if (s.actions) {
                out.Action = s.actions;
            }
            if (s.resources) {
                out.Resource = s.resources;
            }
            if (Array.isArray(s.principals)) {
                out.Principal = Object.fromEntries(
                    (s.principals as { type: string; identifiers: string[] }[]).map((p) => [
                        p.type,
                        p.identifiers,
                    ]),
                );
            }
            return out;
        }),
    };
}
