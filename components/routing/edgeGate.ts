/**
 * Failback gating behind Global Accelerator and CloudFront (issue 25, item 4).
 *
 * Neither edge has a health-check input that a Region switch plan can set: the accelerator acts on
 * the ALB's target health and CloudFront tries the primary origin on every request. So once a
 * Region recovers, users would return to it by themselves (the accelerator "reverts to normal
 * routing" in about 30 seconds), while the plan promoted the data elsewhere. The gate is the edge's
 * own preference, moved by the plan when it activates a Region:
 *
 * - Global Accelerator: traffic dials, the activated Region 100 and the other 0
 *   (https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-traffic-dial.html).
 *   A dial of 0 is the right lever rather than an endpoint weight of 0: when the dialled group
 *   has no healthy endpoint, the accelerator ignores the dial and fails over to a group whose
 *   endpoints are healthy with weight > 0, whereas with weight 0 everywhere healthy it "fails
 *   open" to a random endpoint of the nearest group
 *   (https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoints-endpoint-weights.unhealthy-endpoints.html).
 *   So a Region held at dial 0 still takes users if the activated Region fails in its turn (a
 *   failover, through the data plane), and never while the activated Region serves.
 * - CloudFront: the origin group's member order, the activated Region's origin first; CloudFront
 *   sends every request to the first origin and fails over per request only on a connection
 *   failure, a timeout or a failover status code
 *   (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html).
 *
 * Both are control-plane calls, and each control plane lives in one Region: Global Accelerator's in
 * us-west-2 ("you must specify the US West (Oregon) Region to create, update, or otherwise work
 * with accelerators": https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateAccelerator.html),
 * CloudFront's in us-east-1; a global service's "control plane is hosted in a single AWS Region,
 * while its data plane is globally distributed", and AWS advises keeping such control planes out
 * of the recovery path where possible
 * (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/global-services.html).
 * Neither edge offers a data-plane lever for this (ARC routing controls and Route 53 health checks
 * act on DNS records only, and these modes have one alias record), so the gate uses the control
 * plane and `edgeGateGaps` says where that fails. The function runs in the Region being activated,
 * as AWS recommends for the Lambda block ("we do not recommend that you take a dependency on the
 * deactivating Region": https://docs.aws.amazon.com/r53recovery/latest/dg/custom-action-lambda-block.html),
 * so it needs only that Region and the edge's control-plane Region. `edgeGateGaps` names the failovers in
 * which the Region left behind is the control plane's: there the gate can be set only once that
 * Region is back (the step retries until its timeout), and the runbook says what to do meanwhile.
 *
 * The same page says "in ungraceful execution mode, Region switch skips the Lambda execution
 * block step". A failover during an outage runs ungracefully, so its runbook invokes the function
 * directly (`aws lambda invoke`, in the Region being activated) right after starting the plan;
 * graceful runs (failback, drills, planned moves) set the gate through the plan's step.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logGroupKeyPolicy } from "../region/encryption";
import { deploymentTag, regionCode } from "./switchPlan";

/** The edges whose failback the gate holds. */
export type GatedEdgeMode = "global-accelerator" | "cloudfront";

/** Where each edge's control plane (the API that changes dials or origins) lives. */
export const edgeControlPlaneRegion: Readonly<Record<GatedEdgeMode, string>> = {
    "global-accelerator": "us-west-2",
    cloudfront: "us-east-1",
};

/**
 * Traffic dials that make `active` the accelerator's only dialled Region, in the order to apply
 * them: the activated Region is raised before the others are lowered, so no moment has every
 * group at 0. Throws, naming the Regions, when `active` is not one of them.
 */
export function acceleratorDials(regions: readonly string[], active: string): [string, number][] {
    if (!regions.includes(active)) {
        throw new Error(
            "edge gate: " +
                active +
                " has no endpoint group (groups: " +
                regions.join(", ") +
                "); the function runs only in a Region of the accelerator",
        );
    }
    const rest = regions.filter((r) => r !== active);
    return [[active, 100], ...rest.map((r): [string, number] => [r, 0])];
}

/**
 * The origin group's member order with `active` first and the others in their current order.
 * Throws, naming the origins, when `active` is not one of them.
 */
export function originOrder(members: readonly string[], active: string): string[] {
    if (!members.includes(active)) {
        throw new Error(
            "edge gate: " +
                active +
                " is not an origin of the group (origins: " +
                members.join(", ") +
                "); the function runs only in a Region of the distribution",
        );
    }
    return [active, ...members.filter((m) => m !== active)];
}

/**
 * The failovers whose gate cannot be set while the Region left behind is down: those that leave
 * the edge's control-plane Region. Each entry names the Region left and the Region activated.
 */
export function edgeGateGaps(
    mode: GatedEdgeMode,
    regions: readonly string[],
): { leaving: string; activating: string }[] {
    const home = edgeControlPlaneRegion[mode];
    if (!regions.includes(home)) {
        return [];
    }
    return regions.filter((r) => r !== home).map((activating) => ({ leaving: home, activating }));
}

/** One Region as the edge sees it at a moment. */
export interface EdgeRegionState {
    region: string;
    /** Its ALB has a healthy target (the accelerator's endpoint health; CloudFront's origin answers). */
    healthy: boolean;
    /** Global Accelerator: its endpoint group's traffic dial. */
    dial?: number;
}

/**
 * Which Regions the edge sends users to, by AWS's documented rules. Global Accelerator: the
 * healthy groups with a dial above 0; if none, the healthy groups whatever their dial (the dial is
 * ignored for failover); if none is healthy, every group ("fails open") (unhealthy-endpoints page
 * above). CloudFront (`regions` in origin-group order): the first origin that answers, per request;
 * with none answering, the first (origin failover page above).
 */
export function edgeUsers(mode: GatedEdgeMode, regions: readonly EdgeRegionState[]): string[] {
    if (mode === "cloudfront") {
        const first = regions.find((r) => r.healthy) ?? regions[0];
        return first ? [first.region] : [];
    }
    const dialled = regions.filter((r) => r.healthy && (r.dial ?? 100) > 0);
    const healthy = regions.filter((r) => r.healthy);
    const chosen = dialled.length > 0 ? dialled : healthy.length > 0 ? healthy : regions;
    return chosen.map((r) => r.region);
}

/**
 * The function's source (Node.js, CommonJS, AWS SDK for JavaScript v3 as the Lambda runtime
 * provides it). It makes the Region it runs in the edge's preferred Region. The pure functions
 * above are inlined from their compiled text, so the tests and the function run one decision.
 * UpdateEndpointGroup gets only the ARN and the dial: every other parameter is optional
 * (https://docs.aws.amazon.com/global-accelerator/latest/api/API_UpdateEndpointGroup.html).
 * UpdateDistribution takes the whole configuration GetDistributionConfig returned, with its ETag
 * as If-Match (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_UpdateDistribution.html),
 * so only the origin group's member order changes, and a concurrent change fails the call instead
 * of being overwritten. Both are idempotent: a second run sets what is already set.
 */
export function edgeGateSource(): string {
    return [
        '"use strict";',
        "// Makes the Region this function runs in the edge's preferred Region (components/routing/edgeGate.ts).",
        acceleratorDials.toString(),
        originOrder.toString(),
        "const sdk = (name) => require(name);",
        "exports.handler = async () => {",
        "    const region = process.env.AWS_REGION;",
        "    const mode = process.env.EDGE_MODE;",
        '    if (mode === "global-accelerator") {',
        '        const ga = sdk("@aws-sdk/client-global-accelerator");',
        "        const groups = JSON.parse(process.env.ENDPOINT_GROUPS);",
        "        const client = new ga.GlobalAcceleratorClient({ region: process.env.CONTROL_PLANE_REGION });",
        "        const dials = acceleratorDials(Object.keys(groups), region);",
        "        for (const [r, dial] of dials) {",
        "            await client.send(new ga.UpdateEndpointGroupCommand({ EndpointGroupArn: groups[r], TrafficDialPercentage: dial }));",
        "        }",
        "        return { region, dials: Object.fromEntries(dials) };",
        "    }",
        '    if (mode === "cloudfront") {',
        '        const cf = sdk("@aws-sdk/client-cloudfront");',
        "        const client = new cf.CloudFrontClient({ region: process.env.CONTROL_PLANE_REGION });",
        "        const id = process.env.DISTRIBUTION_ID;",
        "        const got = await client.send(new cf.GetDistributionConfigCommand({ Id: id }));",
        "        const config = got.DistributionConfig;",
        "        const group = ((config.OriginGroups || {}).Items || []).find((g) => g.Id === process.env.ORIGIN_GROUP_ID);",
        "        if (!group) {",
        '            throw new Error("edge gate: distribution " + id + " has no origin group " + process.env.ORIGIN_GROUP_ID);',
        "        }",
        "        const members = group.Members.Items;",
        "        const order = originOrder(members.map((m) => m.OriginId), region);",
        "        if (members[0].OriginId === order[0]) {",
        "            return { region, order, changed: false };",
        "        }",
        "        group.Members.Items = order.map((o) => members.find((m) => m.OriginId === o));",
        "        await client.send(new cf.UpdateDistributionCommand({ Id: id, IfMatch: got.ETag, DistributionConfig: config }));",
        "        return { region, order, changed: true };",
        "    }",
        '    throw new Error("edge gate: EDGE_MODE " + JSON.stringify(mode) + " must be global-accelerator or cloudfront");',
        "};",
        "",
    ].join("\n");
}

/** What the function changes: the accelerator's endpoint groups or the distribution's origin group. */
export type EdgeTarget =
    | { mode: "global-accelerator"; endpointGroupArns: Record<string, pulumi.Input<string>> }
    | {
          mode: "cloudfront";
          distributionId: pulumi.Input<string>;
          distributionArn: pulumi.Input<string>;
          originGroupId: string;
      };

export interface EdgeGateArgs {
    /** The plan's two Regions; one function in each (the Lambda block requires both). */
    regions: string[];
    target: EdgeTarget;
    accountId: pulumi.Input<string>;
    /** Region to the provider that creates that Region's function. */
    providers: Record<string, pulumi.ProviderResource>;
    /** Days to keep the functions' logs. Default 365. */
    logRetentionDays?: number;
    /**
     * What tells this deployment apart in the account (as for the plan's name): hashed into each
     * function's name, which is unique per account and Region.
     */
    deploymentId: string;
}

/** A function's name: the component's, this deployment's tag and the Region's code. */
export function edgeGateFunctionName(name: string, deploymentId: string, region: string): string {
    return `${name}-${deploymentTag(deploymentId)}-${regionCode(region)}`;
}

/**
 * The key of one function's log group: administered by the account; CloudWatch Logs in the Region
 * may use it for that log group only (the encryption context names it), as
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html shows. In a
 * key policy `Resource: "*"` means this key.
 */
export function edgeGateLogKeyPolicy(
    accountId: string,
    region: string,
    logGroupName: string,
): object {
    return logGroupKeyPolicy(accountId, region, logGroupName, "LogsEncryptsTheFunctionLog");
}

/** What one Region's function needs on the edge: the calls its code makes, on the edge's ARNs. */
export function edgeGatePolicy(
    target: { mode: GatedEdgeMode; resources: string[] },
    logGroupArn: string,
): object {
    const edge =
        target.mode === "global-accelerator"
            ? {
                  Sid: "SetTrafficDials",
                  Effect: "Allow",
                  Action: ["globalaccelerator:UpdateEndpointGroup"],
                  Resource: target.resources,
              }
            : {
                  Sid: "ReorderOrigins",
                  Effect: "Allow",
                  Action: ["cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution"],
                  Resource: target.resources,
              };
    return {
        Version: "2012-10-17",
        Statement: [
            edge,
            {
                Sid: "WriteOwnLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${logGroupArn}:*`,
            },
        ],
    };
}

/**
 * One function per plan Region that makes its own Region the edge's preferred one, with a role
 * that may change only this accelerator's endpoint groups or this distribution, and a log group
 * encrypted with its own key. The plan's `hold-edge` step names both functions.
 */
export class EdgeGate extends pulumi.ComponentResource {
    /** Region to the ARN of the function that runs there. */
    public readonly functionArns: pulumi.Output<Record<string, string>>;
    /** Region to the function's name (for `aws lambda invoke` in the failover runbook). */
    public readonly functionNames: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: EdgeGateArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("multi-region-failover:routing:EdgeGate", name, {}, opts);
        const source = edgeGateSource();
        const arns: Record<string, pulumi.Output<string>> = {};
        const names: Record<string, pulumi.Output<string>> = {};
        const environment = this.environment(args.target);
        const resources = edgeResources(args.target);
        for (const region of args.regions) {
            const provider = args.providers[region];
            if (provider === undefined) {
                throw new Error(`${name}: no provider for ${region}, one of the plan's Regions`);
            }
            const child = { parent: this, provider };
            const functionName = edgeGateFunctionName(name, args.deploymentId, region);
            const logGroupName = `/aws/lambda/${functionName}`;
            const key = new aws.kms.Key(
                `${name}-${region}-logs`,
                {
                    description: `${functionName}: its log group`,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    policy: pulumi
                        .output(args.accountId)
                        .apply((account) =>
                            JSON.stringify(edgeGateLogKeyPolicy(account, region, logGroupName)),
                        ),
                },
                child,
            );
            const logs = new aws.cloudwatch.LogGroup(
                `${name}-${region}`,
                {
                    name: logGroupName,
                    retentionInDays: args.logRetentionDays ?? 365,
                    kmsKeyId: key.arn,
                },
                child,
            );
            const role = new aws.iam.Role(
                `${name}-${region}`,
                {
                    description: `Runs ${functionName}: moves the edge's preference to ${region}`,
                    assumeRolePolicy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "lambda.amazonaws.com" },
                                Action: "sts:AssumeRole",
                            },
                        ],
                    }),
                },
                { parent: this },
            );
            const policy = new aws.iam.RolePolicy(
                `${name}-${region}`,
                {
                    role: role.id,
                    policy: pulumi
                        .all([resources, logs.arn])
                        .apply(([edgeArns, logArn]) =>
                            JSON.stringify(
                                edgeGatePolicy(
                                    { mode: args.target.mode, resources: edgeArns },
                                    logArn,
                                ),
                            ),
                        ),
                },
                { parent: this },
            );
            const fn = new aws.lambda.Function(
                `${name}-${region}`,
                {
                    name: functionName,
                    description: `Region switch hold-edge step: makes ${region} the ${args.target.mode} preferred Region`,
                    runtime: "nodejs22.x",
                    handler: "index.handler",
                    role: role.arn,
                    timeout: 60,
                    memorySize: 128,
                    loggingConfig: { logFormat: "Text", logGroup: logs.name },
                    code: new pulumi.asset.AssetArchive({
                        "index.js": new pulumi.asset.StringAsset(source),
                    }),
                    environment: { variables: environment },
                },
                { ...child, dependsOn: [policy, logs] },
            );
            arns[region] = fn.arn;
            names[region] = fn.name;
        }
        this.functionArns = pulumi.output(arns);
        this.functionNames = pulumi.output(names);
        this.registerOutputs({
            functionArns: this.functionArns,
            functionNames: this.functionNames,
        });
    }

    private environment(target: EdgeTarget): Record<string, pulumi.Input<string>> {
        const common = {
            EDGE_MODE: target.mode,
            CONTROL_PLANE_REGION: edgeControlPlaneRegion[target.mode],
        };
        return target.mode === "global-accelerator"
            ? {
                  ...common,
                  ENDPOINT_GROUPS: pulumi.jsonStringify(pulumi.output(target.endpointGroupArns)),
              }
            : {
                  ...common,
                  DISTRIBUTION_ID: target.distributionId,
                  ORIGIN_GROUP_ID: target.originGroupId,
              };
    }
}

/** The ARNs the function may change. */
function edgeResources(target: EdgeTarget): pulumi.Output<string[]> {
    return target.mode === "global-accelerator"
        ? pulumi.all(Object.values(target.endpointGroupArns))
        : pulumi.output(target.distributionArn).apply((arn) => [arn]);
}
