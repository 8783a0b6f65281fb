/**
 * The routing layer's share of RTO: how long until a failed region is detected, and how long
 * until users reach the survivor. Three mechanisms are understood: Route 53 records with a
 * routing policy, Global Accelerator endpoint groups and CloudFront origin groups.
 */
import {
    albHostedZoneIds,
    cloudFrontHostedZoneId,
    globalAcceleratorHostedZoneId,
} from "../lib/aws-limits";
import { groupBy, oncePer } from "../lib/memo";
import { facts } from "./facts";
import {
    BudgetResource,
    asArray,
    asBoolean,
    asNumber,
    asString,
    describe,
    field,
    numberProp,
    ofType,
    prop,
    regionOf,
    stringProp,
} from "./graph";

export const types = {
    record: "aws:route53/record:Record",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    distribution: "aws:cloudfront/distribution:Distribution",
} as const;

/** A timed part of a failover and what it rests on. */
export interface Timing {
    seconds: number;
    source: string;
}

/** Why a failover needs a person (and possibly a deployment). */
export interface ManualAction {
    reason: string;
    /** Whether the action is a `pulumi up`, not only a console or API action. */
    deployment: boolean;
}

/** One routing mechanism's estimate. */
export interface RoutingEstimate {
    mode: "dns" | "global-accelerator" | "cloudfront";
    /** Worst time to mark a failed region unhealthy. */
    detection: Timing;
    /** Time from detection until users reach the surviving region. */
    shift: Timing;
    /** Time for a standby that was unhealthy (no tasks) to be marked healthy once it runs. */
    recovery: Timing;
    /** Reasons the mechanism cannot fail over by itself. */
    manual: ManualAction[];
}

const routingPolicyKeys = [
    "failoverRoutingPolicies",
    "latencyRoutingPolicies",
    "weightedRoutingPolicies",
    "geolocationRoutingPolicies",
    "geoproximityRoutingPolicy",
    "cidrRoutingPolicy",
];

/** Records that take part in failover: they carry a routing policy. */
export function routedRecords(resources: readonly BudgetResource[]): BudgetResource[] {
    return ofType(resources, types.record).filter((record) =>
        routingPolicyKeys.some((key) => {
            const value = prop(record, key);
            return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
        }),
    );
}

/** Every routing mechanism found in the graph. */
export function routingEstimates(resources: readonly BudgetResource[]): RoutingEstimate[] {
    const estimates: RoutingEstimate[] = [];
    const dns = dnsEstimate(resources);
    if (dns) {
        estimates.push(dns);
    }
    const accelerator = acceleratorEstimate(resources);
    if (accelerator) {
        estimates.push(accelerator);
    }
    const cdn = cloudFrontEstimate(resources);
    if (cdn) {
        estimates.push(cdn);
    }
    return estimates;
}

/** Whether the graph holds a routing layer the model understands. */
export function hasRoutingLayer(resources: readonly BudgetResource[]): boolean {
    return routingEstimates(resources).length > 0;
}

/** The largest of non-empty `timings`; the first wins a tie. */
function slowest(timings: readonly Timing[]): Timing {
    return timings.reduce((worst, t) => (t.seconds > worst.seconds ? t : worst));
}

interface HealthTiming {
    detection: Timing;
    recovery: Timing;
    manual?: ManualAction;
}

/**
 * A record that names a database endpoint (a CNAME to `*.rds.amazonaws.com`, such as a writer name
 * a Region switch plan points): it moves the applications' writes, not users, so it is not part of
 * the traffic shift.
 */
export function isDatabaseRecord(record: BudgetResource): boolean {
    const targets = asArray(prop(record, "records")).map(String);
    return targets.length > 0 && targets.every((t) => /\.rds\.amazonaws\.com\.?$/.test(t));
}

function dnsEstimate(resources: readonly BudgetResource[]): RoutingEstimate | undefined {
    const records = routedRecords(resources).filter((r) => !isDatabaseRecord(r));
    if (records.length === 0) {
        return undefined;
    }
    const healthChecks = checkIndex(ofType(resources, types.healthCheck));
    const timings = records.map((record) => recordHealth(record, healthChecks, resources));
    const detection = slowest(timings.map((t) => t.detection));
    const recovery = slowest(timings.map((t) => t.recovery));
    const ttl = slowest(records.map((record) => effectiveTtl(record, resources)));
    const manual = timings.flatMap((t) => (t.manual ? [t.manual] : []));
    const propagation = facts.route53Propagation;
    return {
        mode: "dns",
        detection,
        shift: {
            seconds: ttl.seconds + propagation.seconds,
            source: `${ttl.source} + ${propagation.seconds} s propagation (${propagation.citation})`,
        },
        recovery,
        manual,
    };
}

/** The graph's health checks, found by what records and calculated checks name them with. */
interface CheckIndex {
    /** The first check whose id, or else whose logical name, is `key`. */
    byIdOrName(key: string): BudgetResource | undefined;
    /** The first check whose id is `id` (a check without an id for `undefined`). */
    byId(id: string | undefined): BudgetResource | undefined;
}

/** One pass over the checks, so each record's lookup does not scan them all again. */
function checkIndex(healthChecks: readonly BudgetResource[]): CheckIndex {
    const byIdOrName = new Map<string, BudgetResource>();
    const byId = new Map<string | undefined, BudgetResource>();
    for (const check of healthChecks) {
        const id = stringProp(check, "id");
        // The first check in the graph's order wins, as a scan for the first match would.
        for (const key of id === undefined ? [check.name] : [id, check.name]) {
            if (!byIdOrName.has(key)) {
                byIdOrName.set(key, check);
            }
        }
        if (!byId.has(id)) {
            byId.set(id, check);
        }
    }
    return { byIdOrName: (key) => byIdOrName.get(key), byId: (id) => byId.get(id) };
}

function recordHealth(
    record: BudgetResource,
    healthChecks: CheckIndex,
    resources: readonly BudgetResource[],
): HealthTiming {
    const healthCheckId = stringProp(record, "healthCheckId");
    if (healthCheckId) {
        const check = healthChecks.byIdOrName(healthCheckId);
        if (check) {
            return healthCheckTiming(check, healthChecks, resources, 0);
        }
        // The check lives outside the graph; Route 53's defaults are the honest guess.
        return defaultHealthCheckTiming(
            `health check ${healthCheckId} of record ${describe(record)} (not in the graph)`,
        );
    }
    const alias = asArray(prop(record, "aliases"))[0];
    if (asBoolean(field(alias, "evaluateTargetHealth"))) {
        const target = targetGroupTiming(resources, undefined);
        return {
            detection: {
                seconds: target.detection.seconds,
                source: `record ${describe(record)}: alias evaluates target health; ${target.detection.source}`,
            },
            recovery: target.recovery,
        };
    }
    const failover = asString(field(asArray(prop(record, "failoverRoutingPolicies"))[0], "type"));
    if (failover?.toUpperCase() === "SECONDARY") {
        // Route 53 treats a SECONDARY without a health check as healthy and answers with it
        // whenever the PRIMARY is unhealthy (Route 53 DG, "Active-passive failover"); the
        // PRIMARY's check is what times the failover. dns-health-check-required allows it too.
        return {
            detection: {
                seconds: 0,
                source: `record ${describe(record)} (SECONDARY) has no health check: Route 53 treats it as healthy and answers with it when the PRIMARY is unhealthy`,
            },
            recovery: { seconds: 0, source: "" },
        };
    }
    return {
        detection: { seconds: 0, source: `record ${describe(record)} has no health check` },
        recovery: { seconds: 0, source: "" },
        manual: {
            reason: `record ${describe(record)} has no health check and no evaluated alias target; Route 53 treats it as healthy, so moving users needs a DNS change`,
            deployment: true,
        },
    };
}

function defaultHealthCheckTiming(label: string): HealthTiming {
    const interval = facts.route53DefaultInterval.seconds;
    const threshold = facts.route53DefaultThreshold.seconds;
    const timeout = facts.route53HttpTimeout.seconds;
    return {
        detection: {
            seconds: interval * threshold + timeout,
            source: `${label}: default requestInterval ${interval} s × failureThreshold ${threshold} + ${timeout} s HTTP(S) probe timeout (${facts.route53HttpTimeout.citation})`,
        },
        recovery: {
            seconds: interval * threshold,
            source: `${label}: ${threshold} passing checks × ${interval} s`,
        },
    };
}

function healthCheckTiming(
    check: BudgetResource,
    healthChecks: CheckIndex,
    resources: readonly BudgetResource[],
    depth: number,
): HealthTiming {
    const label = `health check ${describe(check)}`;
    if (asBoolean(prop(check, "disabled"))) {
        return {
            detection: { seconds: 0, source: `${label} is disabled` },
            recovery: { seconds: 0, source: "" },
            manual: {
                reason: `${label} is disabled, and Route 53 treats a disabled check as healthy`,
                deployment: true,
            },
        };
    }
    const type = (stringProp(check, "type") ?? "").toUpperCase();
    if (type === "RECOVERY_CONTROL") {
        return {
            detection: { seconds: 0, source: `${label} follows an ARC routing control` },
            recovery: { seconds: 0, source: "" },
            manual: {
                reason: `${label} follows an ARC routing control that a person flips`,
                deployment: false,
            },
        };
    }
    if (type === "CALCULATED") {
        const children = asArray(prop(check, "childHealthchecks"))
            .map((id) => healthChecks.byId(asString(id)))
            .filter((c): c is BudgetResource => c !== undefined);
        if (children.length === 0 || depth > 3) {
            return defaultHealthCheckTiming(`${label} (calculated; children not in the graph)`);
        }
        const timings = children.map((child) =>
            healthCheckTiming(child, healthChecks, resources, depth + 1),
        );
        return timings.reduce((worst, t) =>
            t.detection.seconds > worst.detection.seconds ? t : worst,
        );
    }
    if (type === "CLOUDWATCH_METRIC") {
        const alarmName = stringProp(check, "cloudwatchAlarmName");
        const alarm = ofType(resources, types.metricAlarm).find(
            (a) =>
                alarmName !== undefined &&
                (stringProp(a, "name") === alarmName || a.name === alarmName),
        );
        const period = alarm ? numberProp(alarm, "period") : undefined;
        const periods = alarm ? numberProp(alarm, "evaluationPeriods") : undefined;
        const seconds =
            period !== undefined && periods !== undefined
                ? period * periods
                : facts.cloudWatchAlarmDefault.seconds;
        const source =
            period !== undefined && periods !== undefined
                ? `${label}: alarm ${alarmName} period ${period} s × evaluationPeriods ${periods}`
                : `${label}: alarm ${alarmName ?? "(unnamed)"} not in the graph; ${facts.cloudWatchAlarmDefault.citation}`;
        return { detection: { seconds, source }, recovery: { seconds, source } };
    }
    const interval = numberProp(check, "requestInterval") ?? facts.route53DefaultInterval.seconds;
    const threshold =
        numberProp(check, "failureThreshold") ?? facts.route53DefaultThreshold.seconds;
    const timeout = type.endsWith("STR_MATCH")
        ? facts.route53StringMatchTimeout
        : type === "TCP"
          ? facts.route53TcpTimeout
          : facts.route53HttpTimeout;
    const kind = type === "TCP" ? "TCP" : type.endsWith("STR_MATCH") ? "string-match" : "HTTP(S)";
    return {
        detection: {
            seconds: interval * threshold + timeout.seconds,
            source: `${label}: requestInterval ${interval} s × failureThreshold ${threshold} + ${timeout.seconds} s ${kind} probe timeout (${timeout.citation})`,
        },
        recovery: {
            seconds: interval * threshold,
            source: `${label}: ${threshold} passing checks × ${interval} s`,
        },
    };
}

/** The slowest target group in `region` (any region when undefined), or ELB's defaults. */
function targetGroupTiming(
    resources: readonly BudgetResource[],
    region: string | undefined,
): HealthTiming {
    const groups = ofType(resources, types.targetGroup).filter(
        (g) => region === undefined || regionOf(g) === region,
    );
    let worst: HealthTiming | undefined;
    for (const group of groups) {
        const health = prop(group, "healthCheck");
        const interval =
            asNumber(field(health, "interval")) ?? facts.targetGroupDefaultInterval.seconds;
        const unhealthy =
            asNumber(field(health, "unhealthyThreshold")) ??
            facts.targetGroupDefaultUnhealthy.seconds;
        const healthy =
            asNumber(field(health, "healthyThreshold")) ?? facts.targetGroupDefaultHealthy.seconds;
        const timing: HealthTiming = {
            detection: {
                seconds: interval * unhealthy,
                source: `target group ${describe(group)}: interval ${interval} s × unhealthyThreshold ${unhealthy}`,
            },
            recovery: {
                seconds: interval * healthy,
                source: `target group ${describe(group)}: interval ${interval} s × healthyThreshold ${healthy}`,
            },
        };
        if (!worst || timing.detection.seconds > worst.detection.seconds) {
            worst = timing;
        }
    }
    if (worst) {
        return worst;
    }
    const interval = facts.targetGroupDefaultInterval.seconds;
    const unhealthy = facts.targetGroupDefaultUnhealthy.seconds;
    const healthy = facts.targetGroupDefaultHealthy.seconds;
    return {
        detection: {
            seconds: interval * unhealthy,
            source: `target group not in the graph: ELB defaults interval ${interval} s × unhealthyThreshold ${unhealthy} (${facts.targetGroupDefaultUnhealthy.citation})`,
        },
        recovery: {
            seconds: interval * healthy,
            source: `target group not in the graph: ELB defaults interval ${interval} s × healthyThreshold ${healthy}`,
        },
    };
}

const awsAliasZones = new Set([
    ...Object.values(albHostedZoneIds),
    cloudFrontHostedZoneId,
    globalAcceleratorHostedZoneId,
]);
const awsAliasSuffixes = [
    ".elb.amazonaws.com",
    ".cloudfront.net",
    ".awsglobalaccelerator.com",
    ".amazonaws.com",
];

/** Records by name (lower case, no final dot), per resource list: built once, read per record. */
const recordsByName = oncePer((resources: readonly BudgetResource[]) =>
    groupBy(ofType(resources, types.record), (r) =>
        (stringProp(r, "name") ?? "").toLowerCase().replace(/\.$/, ""),
    ),
);

/** The records of `resources` named `name` (lower case, no final dot), in order. */
function recordsNamed(
    resources: readonly BudgetResource[],
    name: string,
): readonly BudgetResource[] {
    return recordsByName(resources).get(name) ?? [];
}

/** The TTL resolvers cache a record's answer for. */
export function effectiveTtl(record: BudgetResource, resources: readonly BudgetResource[]): Timing {
    const alias = asArray(prop(record, "aliases"))[0];
    if (alias !== undefined) {
        const zoneId = asString(field(alias, "zoneId"));
        const target = (asString(field(alias, "name")) ?? "").toLowerCase().replace(/\.$/, "");
        const toAwsResource =
            (zoneId !== undefined && awsAliasZones.has(zoneId)) ||
            awsAliasSuffixes.some((s) => target.endsWith(s));
        if (!toAwsResource) {
            // An alias to another record in the zone answers with that record's TTL.
            const other = recordsNamed(resources, target).find((r) => r !== record);
            const ttl = other ? numberProp(other, "ttl") : undefined;
            if (other && ttl !== undefined) {
                return {
                    seconds: ttl,
                    source: `record ${describe(record)}: alias to ${describe(other)} with TTL ${ttl} s`,
                };
            }
        }
        return {
            seconds: facts.aliasTtl.seconds,
            source: `record ${describe(record)}: alias TTL ${facts.aliasTtl.seconds} s (${facts.aliasTtl.citation})`,
        };
    }
    const ttl = numberProp(record, "ttl");
    if (ttl === undefined) {
        return {
            seconds: 300,
            source: `record ${describe(record)}: no TTL in the graph; assumed 300 s`,
        };
    }
    return { seconds: ttl, source: `record ${describe(record)}: TTL ${ttl} s` };
}

function isLoadBalancerArn(id: string | undefined): boolean {
    return id !== undefined && id.includes(":elasticloadbalancing:");
}

function acceleratorEstimate(resources: readonly BudgetResource[]): RoutingEstimate | undefined {
    const groups = ofType(resources, types.endpointGroup);
    // Endpoint groups all in one region leave Global Accelerator nowhere to move users when
    // that region fails: no failover to estimate (dns-failover-pair reports the listener).
    const regions = new Set(groups.map((g) => stringProp(g, "endpointGroupRegion") ?? regionOf(g)));
    if (groups.length === 0 || regions.size < 2) {
        return undefined;
    }
    let worst: HealthTiming | undefined;
    for (const group of groups) {
        const endpoints = asArray(prop(group, "endpointConfigurations"));
        const region = stringProp(group, "endpointGroupRegion");
        const behindElb = endpoints.some((e) =>
            isLoadBalancerArn(asString(field(e, "endpointId"))),
        );
        let timing: HealthTiming;
        if (behindElb) {
            // For ALB/NLB endpoints Global Accelerator uses the load balancer's target health.
            const target = targetGroupTiming(resources, region);
            timing = {
                detection: {
                    seconds: target.detection.seconds,
                    source: `endpoint group ${describe(group)} (load balancer endpoints use ELB health): ${target.detection.source}`,
                },
                recovery: target.recovery,
            };
        } else {
            const interval =
                numberProp(group, "healthCheckIntervalSeconds") ??
                facts.globalAcceleratorDefaultInterval.seconds;
            const threshold =
                numberProp(group, "thresholdCount") ??
                facts.globalAcceleratorDefaultThreshold.seconds;
            timing = {
                detection: {
                    seconds: interval * threshold,
                    source: `endpoint group ${describe(group)}: healthCheckIntervalSeconds ${interval} × thresholdCount ${threshold}`,
                },
                recovery: {
                    seconds: interval * threshold,
                    source: `endpoint group ${describe(group)}: ${threshold} passing checks × ${interval} s`,
                },
            };
        }
        if (!worst || timing.detection.seconds > worst.detection.seconds) {
            worst = timing;
        }
    }
    const shift = facts.globalAcceleratorShift;
    return {
        mode: "global-accelerator",
        detection: worst!.detection,
        shift: { seconds: shift.seconds, source: shift.citation },
        recovery: worst!.recovery,
        manual: [],
    };
}

function cloudFrontEstimate(resources: readonly BudgetResource[]): RoutingEstimate | undefined {
    let worst: Timing | undefined;
    for (const distribution of ofType(resources, types.distribution)) {
        const origins = asArray(prop(distribution, "origins"));
        for (const group of asArray(prop(distribution, "originGroups"))) {
            const primaryId = asString(field(asArray(field(group, "members"))[0], "originId"));
            const origin = origins.find((o) => asString(field(o, "originId")) === primaryId);
            const attempts =
                asNumber(field(origin, "connectionAttempts")) ??
                facts.cloudFrontDefaultAttempts.seconds;
            const timeout =
                asNumber(field(origin, "connectionTimeout")) ??
                facts.cloudFrontDefaultConnectionTimeout.seconds;
            const timing: Timing = {
                seconds: attempts * timeout,
                source: `distribution ${describe(distribution)} origin ${primaryId ?? "(unknown)"}: connectionAttempts ${attempts} × connectionTimeout ${timeout} s, paid by each request while the primary is down (${facts.cloudFrontDefaultAttempts.citation})`,
            };
            if (!worst || timing.seconds > worst.seconds) {
                worst = timing;
            }
        }
    }
    if (!worst) {
        return undefined;
    }
    return {
        mode: "cloudfront",
        detection: worst,
        shift: { seconds: 0, source: "CloudFront origin failover is per request; no DNS change" },
        recovery: { seconds: 0, source: "CloudFront tries the secondary on every failed request" },
        manual: [],
    };
}
