import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArcRoutingControls } from "./arcRoutingControls";
import { CloudFrontRouting } from "./cloudFrontRouting";
import { AliasedRegion, DnsFailoverRecords } from "./dnsFailoverRecords";
import { DnsLatencyRecords } from "./dnsLatencyRecords";
import { GlobalAcceleratorRouting } from "./globalAcceleratorRouting";
import { RoutingModeName, albEvaluateTargetHealth, assertValidRouting, gatedRegions } from "./plan";
import { Alerts } from "../region/alarms";
import { RegionHealthChecks, endpointCheckInputs } from "./regionHealthChecks";
import { EdgeLogSource, EdgeLogs, acceleratorFlowLogsPrefix } from "../observability/edgeLogs";
import { EdgeTarget } from "./edgeGate";

/** One regional stack as the routing layer sees it (its output contract). */
export interface RoutingRegion {
    /** AWS region; keys every per-region child. Known before deployment. */
    region: string;
    /** Whether the region serves traffic before a failover. Known before deployment. */
    servesTraffic: boolean;
    /** DNS name of the regional ALB. */
    albDnsName: pulumi.Input<string>;
    /** Canonical hosted zone ID of the regional ALB. */
    albZoneId: pulumi.Input<string>;
    /** ARN of the regional ALB. */
    albArn: pulumi.Input<string>;
    /** Path that answers 2xx when the region can serve users. */
    healthCheckPath: pulumi.Input<string>;
    /**
     * The ALB is internal, reachable only through the edge (the regional stack's `edge`
     * output): CloudFront reaches it through a VPC origin, and Global Accelerator's security
     * group is admitted to `albSecurityGroupId` in `vpcId`. Known before deployment.
     */
    internalAlb?: boolean;
    albSecurityGroupId?: pulumi.Input<string>;
    vpcId?: pulumi.Input<string>;
    /**
     * Required with `internalAlb`: the region's alarm that is in ALARM while it cannot serve
     * (the regional stack's `edge.servingAlarm`). Route 53 health checkers cannot reach an
     * internal ALB, so the region's health check watches this alarm instead.
     */
    servingAlarm?: { name: pulumi.Input<string>; region: string };
    /**
     * Whether the region's health check alarm pages (default true); false for a standby that
     * runs no tasks, whose check is unhealthy by design.
     */
    pages?: boolean;
}

export interface GlobalRoutingArgs {
    /** How users are moved between regions. */
    mode: RoutingModeName;
    /** The name users reach. */
    domain: string;
    /** Route 53 hosted zone that holds `domain`. */
    zoneId: pulumi.Input<string>;
    /** Regions in priority order, primary first. */
    regions: RoutingRegion[];
    /** Route 53 health check interval, seconds: 10 or 30. */
    healthCheckIntervalSeconds?: number;
    /** Consecutive failed checks before a region is unhealthy, 1 to 10. */
    healthCheckFailureThreshold?: number;
    /** Route 53 checker regions, at least 3. */
    healthCheckRegions: string[];
    /** TTL of non-alias records, seconds. */
    ttlSeconds?: number;
    /** Add ARC routing controls (DNS modes only). */
    arc?: boolean;
    /** Explicit evaluate-target-health for ALB aliases; unset means true. */
    evaluateTargetHealth?: boolean;
    /** CloudFront origin connection timeout, seconds. */
    cloudfrontConnectionTimeoutSeconds?: number;
    /** CloudFront origin connection attempts. */
    cloudfrontConnectionAttempts?: number;
    /**
     * Region to a health check that gates it, such as the one a Region switch plan sets: a gated
     * Region's records use a CALCULATED check that is healthy only while both the endpoint and
     * the gate are. Keeps a failed-over Region out until the plan activates it again. Which
     * Regions are gated is `gatedRegions` (in dns-failover only the primary, so that no gate
     * state can make Route 53 fail open to a dead primary). Ignored with `arc` (the routing
     * controls gate the records).
     */
    regionGates?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Who the health check alarms reach: email, HTTPS endpoints, or an existing topic. */
    alerts?: Alerts;
    /**
     * In `cloudfront` and `global-accelerator` modes, keep the edge's access or flow logs in an
     * encrypted bucket (components/observability/edgeLogs.ts) for this many days (0: keep them).
     * Unset: no edge logs.
     */
    edgeLogRetentionDays?: number;
    /**
     * In `cloudfront` mode, a CLOUDFRONT-scope web ACL on the distribution with this rate limit
     * per viewer IP (requests per 5 minutes) and AWS managed rule groups. Unset: none.
     */
    edgeWaf?: { rateLimit: number };
}

const defaults = {
    healthCheckIntervalSeconds: 10,
    healthCheckFailureThreshold: 3,
    ttlSeconds: 60,
    arc: false,
    cloudfrontConnectionTimeoutSeconds: 5,
    cloudfrontConnectionAttempts: 2,
};

/**
 * The whole routing layer: a health check per region in every mode, then the records, the
 * accelerator or the distribution for the chosen mode, and optionally ARC routing controls
 * attached to the records. Validates the combination before creating anything.
 *
 * Give it a us-east-1 provider: Route 53 health check metrics, CloudFront certificates and the
 * global services' control planes all live there.
 */
export class GlobalRouting extends pulumi.ComponentResource {
    /** The URL users reach. */
    public readonly endpoint: pulumi.Output<string>;
    public readonly routingMode: pulumi.Output<string>;
    /** Region to its endpoint health check ID. */
    public readonly healthCheckIds: pulumi.Output<Record<string, string>>;
    /**
     * Region to the health check attached to its records: the endpoint check, or with ARC the
     * CALCULATED check of endpoint and routing control. Empty in accelerator and CDN modes.
     */
    public readonly recordHealthCheckIds: pulumi.Output<Record<string, string>>;
    /** Regions routed to, primary first. */
    public readonly regions: pulumi.Output<string[]>;
    /** SNS topic the health check alarms notify. */
    public readonly alarmTopicArn: pulumi.Output<string>;
    /** ARC routing controls and cluster endpoints, when ARC is on. */
    public readonly arc?: ArcRoutingControls;
    /**
     * Where the edge's logs go: `cloudfront` or `global-accelerator` to its S3 location. Empty in
     * the DNS modes (each region's ALB keeps its own access logs) or without edge logs.
     */
    public readonly edgeLogs: pulumi.Output<Partial<Record<EdgeLogSource, string>>>;
    /**
     * In `global-accelerator` and `cloudfront` modes, what the Region switch plan's edge gate
     * changes (components/routing/edgeGate.ts): the endpoint groups, or the distribution and its
     * origin group. Unset in the DNS modes.
     */
    public readonly edgeTarget?: EdgeTarget;

    constructor(name: string, args: GlobalRoutingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("multi-region-failover:routing:GlobalRouting", name, {}, opts);
        const settings = { ...defaults, ...args };
        assertValidRouting({
            mode: args.mode,
            regions: args.regions,
            evaluateTargetHealth: args.evaluateTargetHealth,
            arc: settings.arc,
            cloudfrontConnectionTimeoutSeconds: settings.cloudfrontConnectionTimeoutSeconds,
            cloudfrontConnectionAttempts: settings.cloudfrontConnectionAttempts,
        });

        const health = healthChecksFor(name, args, settings, this);
        const endpointChecks = Object.fromEntries(
            Object.entries(health.healthChecks).map(([region, check]) => [region, check.id]),
        );
        let recordChecks: pulumi.Input<Record<string, pulumi.Input<string>>> = endpointChecks;
        if (settings.arc) {
            this.arc = new ArcRoutingControls(
                `${name}-arc`,
                {
                    regions: args.regions.map((r) => r.region),
                    endpointHealthCheckIds: endpointChecks,
                },
                { parent: this },
            );
            recordChecks = this.arc.recordHealthCheckIds;
        } else if (args.regionGates !== undefined) {
            const gated = gatedRegions(
                args.mode,
                args.regions.map((r) => r.region),
            );
            const fallbacks = latencyFallbacks(name, args, this);
            recordChecks = gatedChecks(
                name,
                args.regionGates,
                endpointChecks,
                gated,
                fallbacks,
                this,
            );
        }
        const recordCheck = (region: string) =>
            pulumi.output(recordChecks).apply((checks) => checks[region]);
        const aliased = args.regions.map((r) => ({
            region: r.region,
            albDnsName: r.albDnsName,
            albZoneId: r.albZoneId,
            healthCheckId: recordCheck(r.region),
        }));
        const evaluateTargetHealth = albEvaluateTargetHealth(args.evaluateTargetHealth);

        const edgeLogs = edgeLogsFor(name, args, this);
        const { attached, edgeTarget } = this.modeLayer(name, args, settings, {
            aliased,
            recordChecks,
            evaluateTargetHealth,
            edgeLogs,
        });

        this.edgeTarget = edgeTarget;
        this.endpoint = pulumi.output(`https://${args.domain}`);
        this.routingMode = pulumi.output(args.mode);
        this.healthCheckIds = health.healthCheckIds;
        this.recordHealthCheckIds = pulumi.output(attached) as pulumi.Output<
            Record<string, string>
        >;
        this.regions = pulumi.output(args.regions.map((r) => r.region));
        this.alarmTopicArn = health.alarmTopicArn;
        this.edgeLogs = edgeLogs ? edgeLogs.paths : pulumi.output({});
        this.registerOutputs({
            edgeLogs: this.edgeLogs,
            endpoint: this.endpoint,
            routingMode: this.routingMode,
            healthCheckIds: this.healthCheckIds,
            recordHealthCheckIds: this.recordHealthCheckIds,
            regions: this.regions,
            alarmTopicArn: this.alarmTopicArn,
            arc: this.arc,
        });
    }

    /**
     * The records, the accelerator or the distribution of the chosen mode; returns the health
     * checks attached to records (none in the edge modes) and what the edge gate changes (edge
     * modes only).
     */
    private modeLayer(
        name: string,
        args: GlobalRoutingArgs,
        settings: typeof defaults & GlobalRoutingArgs,
        parts: {
            aliased: AliasedRegion[];
            recordChecks: pulumi.Input<Record<string, pulumi.Input<string>>>;
            evaluateTargetHealth: boolean;
            edgeLogs: EdgeLogs | undefined;
        },
    ): {
        attached: pulumi.Input<Record<string, pulumi.Input<string>>>;
        edgeTarget?: EdgeTarget;
    } {
        const { aliased, recordChecks, evaluateTargetHealth, edgeLogs } = parts;
        let edgeTarget: EdgeTarget | undefined;
        let attached: pulumi.Input<Record<string, pulumi.Input<string>>> = {};
        switch (args.mode) {
            case "dns-failover":
                new DnsFailoverRecords(
                    `${name}-failover`,
                    {
                        zoneId: args.zoneId,
                        domain: args.domain,
                        regions: aliased,
                        evaluateTargetHealth,
                    },
                    { parent: this },
                );
                attached = recordChecks;
                break;
            case "dns-latency":
                new DnsLatencyRecords(
                    `${name}-latency`,
                    {
                        zoneId: args.zoneId,
                        domain: args.domain,
                        regions: aliased,
                        evaluateTargetHealth,
                    },
                    { parent: this },
                );
                attached = recordChecks;
                break;
            case "global-accelerator": {
                const accelerator = new GlobalAcceleratorRouting(
                    `${name}-accelerator`,
                    {
                        zoneId: args.zoneId,
                        domain: args.domain,
                        regions: args.regions,
                        healthCheckIntervalSeconds: settings.healthCheckIntervalSeconds,
                        healthCheckThreshold: settings.healthCheckFailureThreshold,
                        ...(edgeLogs
                            ? {
                                  flowLogsBucket: edgeLogs.bucketName,
                                  flowLogsPrefix: acceleratorFlowLogsPrefix,
                              }
                            : {}),
                    },
                    { parent: this, ...(edgeLogs ? { dependsOn: [edgeLogs.policy] } : {}) },
                );
                edgeTarget = {
                    mode: "global-accelerator",
                    endpointGroupArns: Object.fromEntries(
                        Object.entries(accelerator.endpointGroups).map(([r, g]) => [r, g.arn]),
                    ),
                };
                break;
            }
            case "cloudfront": {
                const cdn = new CloudFrontRouting(
                    `${name}-cdn`,
                    {
                        zoneId: args.zoneId,
                        domain: args.domain,
                        regions: args.regions,
                        connectionTimeoutSeconds: settings.cloudfrontConnectionTimeoutSeconds,
                        connectionAttempts: settings.cloudfrontConnectionAttempts,
                        ttlSeconds: settings.ttlSeconds,
                        evaluateTargetHealth: args.evaluateTargetHealth,
                        ...(args.edgeWaf ? { waf: args.edgeWaf } : {}),
                        ...(edgeLogs
                            ? {
                                  accessLogs: {
                                      bucketArn: edgeLogs.bucketArn,
                                      ready: edgeLogs.policy,
                                  },
                              }
                            : {}),
                    },
                    { parent: this },
                );
                edgeTarget = {
                    mode: "cloudfront",
                    distributionId: cdn.distribution.id,
                    distributionArn: cdn.distribution.arn,
                    originGroupId: cdn.originGroupId,
                };
                break;
            }
            default:
                throw new Error(`unknown routing mode ${JSON.stringify(args.mode)}`);
        }
        return { attached, ...(edgeTarget ? { edgeTarget } : {}) };
    }
}

/** One health check per Region: the endpoint's own, or its serving alarm behind an edge. */
function healthChecksFor(
    name: string,
    args: GlobalRoutingArgs,
    settings: typeof defaults & GlobalRoutingArgs,
    parent: pulumi.Resource,
): RegionHealthChecks {
    return new RegionHealthChecks(
        `${name}-health`,
        {
            regions: args.regions.map((r) => ({
                region: r.region,
                fqdn: r.albDnsName,
                healthCheckPath: r.healthCheckPath,
                ...(r.internalAlb ? { servingAlarm: servingAlarmOf(r) } : {}),
                ...(r.pages === false ? { pages: false } : {}),
            })),
            ...(args.alerts ? { alerts: args.alerts } : {}),
            intervalSeconds: settings.healthCheckIntervalSeconds,
            failureThreshold: settings.healthCheckFailureThreshold,
            checkerRegions: args.healthCheckRegions,
        },
        { parent },
    );
}

/**
 * One CALCULATED check per gated Region, healthy while both the endpoint check and the gate are:
 * the endpoint still fails a Region over on its own, and a closed gate keeps it out even while
 * its endpoint answers (no automatic failback). A Region that is not gated keeps its endpoint
 * check.
 */
function gatedChecks(
    name: string,
    gates: pulumi.Input<Record<string, pulumi.Input<string>>>,
    endpointChecks: Record<string, pulumi.Input<string>>,
    gated: readonly string[],
    fallbacks: Record<string, pulumi.Input<string>>,
    parent: pulumi.Resource,
): Record<string, pulumi.Input<string>> {
    const checks: Record<string, pulumi.Input<string>> = { ...endpointChecks };
    for (const [region, endpointCheck] of Object.entries(endpointChecks)) {
        if (!gated.includes(region)) {
            continue;
        }
        const gate = pulumi.output(gates).apply((g) => {
            const id = g[region];
            if (id === undefined) {
                throw new Error(`regionGates has no health check for ${region}`);
            }
            return id;
        });
        checks[region] = new aws.route53.HealthCheck(
            `${name}-gated-${region}`,
            {
                type: "CALCULATED",
                childHealthchecks: [
                    endpointCheck,
                    gate,
                    ...(fallbacks[region] !== undefined ? [fallbacks[region]] : []),
                ],
                childHealthThreshold: 2,
                tags: { Name: `${name}-gated-${region}`, Region: region },
            },
            { parent },
        ).id;
    }
    return checks;
}

/**
 * dns-latency over two Regions: per Region, an inverted copy of the OTHER Region's endpoint check
 * ("the other Region is down"), a third child of the gated check. With threshold 2 the record is
 * healthy while its endpoint is and either its gate is open or the other Region is down, so a
 * closed (or never set) gate cannot leave every record unhealthy while one Region serves: Route 53
 * would then answer the nearest of all records, the dead one for its neighbours
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html).
 * An inverted check of the endpoint, not of another CALCULATED check: a calculated check cannot
 * have calculated children. Inverting a check is the `Inverted` field of its configuration
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html).
 *
 * It probes fast and flips on the first failed round (`latencyFallbackTiming`): the other
 * Region's record turns unhealthy at the earlier of its own endpoint check (interval ×
 * threshold, 36 s by default) and its load balancer's target health (15 s × 2 = 30 s by default,
 * alias target health), and until "the other Region is down" turns healthy a closed gate leaves
 * every record unhealthy, and Route 53 answers with all of them, the dead one too. With the
 * endpoint check's own timing it turned at 36 s, 6 s after the dead Region's record: `simulate
 * --explore 3` found deactivate, approve, the other Region down. The price: one failed round of
 * probes of the serving Region opens the closed gate of the other until the next round.
 */
export const latencyFallbackTiming = { intervalSeconds: 10, failureThreshold: 1 } as const;

/** The inverted "other Region is down" checks of dns-latency over two Regions (see above). */
function latencyFallbacks(
    name: string,
    args: GlobalRoutingArgs,
    parent: pulumi.Resource,
): Record<string, pulumi.Input<string>> {
    if (args.mode !== "dns-latency" || args.regions.length !== 2) {
        return {};
    }
    const down: Record<string, pulumi.Input<string>> = {};
    for (const r of args.regions) {
        down[r.region] = new aws.route53.HealthCheck(
            `${name}-down-${r.region}`,
            {
                ...endpointCheckInputs(
                    {
                        fqdn: r.albDnsName,
                        healthCheckPath: r.healthCheckPath,
                        ...(r.internalAlb ? { servingAlarm: servingAlarmOf(r) } : {}),
                    },
                    { port: 443, ...latencyFallbackTiming },
                    args.healthCheckRegions,
                ),
                invertHealthcheck: true,
                tags: { Name: `${name}-down-${r.region}`, Region: r.region },
            },
            { parent },
        ).id;
    }
    const [a, b] = args.regions.map((r) => r.region);
    return { [a]: down[b], [b]: down[a] };
}

/** The serving alarm of a region with an internal ALB; throws, naming the region, without one. */
export function servingAlarmOf(region: RoutingRegion): {
    name: pulumi.Input<string>;
    region: string;
} {
    if (!region.servingAlarm) {
        throw new Error(
            `regions: ${region.region} has an internal ALB, which Route 53 health checkers cannot reach, but no servingAlarm for its health check to watch; update the regional stack (its edge.servingAlarm output) first`,
        );
    }
    return region.servingAlarm;
}

/** The edge log bucket for the accelerator or distribution, when the mode has one and logs are on. */
function edgeLogsFor(
    name: string,
    args: GlobalRoutingArgs,
    parent: pulumi.Resource,
): EdgeLogs | undefined {
    const source = edgeLogSourceOf(args.mode);
    if (source === undefined || args.edgeLogRetentionDays === undefined) {
        return undefined;
    }
    return new EdgeLogs(
        `${name}-edge-logs`,
        { sources: [source], retentionDays: args.edgeLogRetentionDays },
        { parent },
    );
}

/** Which edge service writes logs in a routing mode: none in the DNS modes (the ALBs log). */
export function edgeLogSourceOf(mode: string): EdgeLogSource | undefined {
    return mode === "cloudfront" || mode === "global-accelerator" ? mode : undefined;
}
