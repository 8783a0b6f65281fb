/**
 * Pure routing decisions: which record each region gets, how a failover chain spans more than
 * two regions, what traffic dial a region gets, and which mode/region combinations are invalid.
 * The routing components only turn these plans into resources, so every decision here has a
 * table-driven test and no decision hides in resource wiring.
 */
import {
    cloudFrontConnectionAttemptsRange,
    cloudFrontConnectionTimeoutRange,
    cloudFrontOriginGroupSize,
} from "../../policies/lib/aws-limits";

/** The routing modes, as `routing.mode` names them. */
export type RoutingModeName = "dns-failover" | "dns-latency" | "global-accelerator" | "cloudfront";

/** What the pure plans need to know about one region, known before any resource exists. */
export interface RegionFacts {
    /** AWS region of the regional stack. */
    region: string;
    /** Whether the region takes user traffic before a failover (the contract's capacity). */
    servesTraffic: boolean;
}

/** Settings the validation looks at. */
export interface RoutingChoice {
    mode: RoutingModeName;
    /** Regions in priority order: the primary first, then each fallback. */
    regions: readonly RegionFacts[];
    /** Explicit `routing.evaluateTargetHealth`; undefined means "the mode's default". */
    evaluateTargetHealth?: boolean;
    /** Whether ARC routing controls are requested. */
    arc: boolean;
    /** CloudFront origin connection timeout, seconds. */
    cloudfrontConnectionTimeoutSeconds: number;
    /** CloudFront origin connection attempts. */
    cloudfrontConnectionAttempts: number;
}

/**
 * Every problem with a routing choice, one message each, naming the key, the bad value and what
 * is allowed. Empty when the choice is valid.
 */
export function routingProblems(choice: RoutingChoice): string[] {
    const problems: string[] = [];
    const names = choice.regions.map((r) => r.region);
    if (names.length < 2) {
        problems.push(
            `regionalStacks: ${names.length} region${names.length === 1 ? "" : "s"} (${names.join(", ") || "none"}); failover needs at least 2 regional stacks in different regions`,
        );
    }
    const duplicates = [...new Set(names.filter((r, i) => names.indexOf(r) !== i))];
    if (duplicates.length > 0) {
        problems.push(
            `regionalStacks: region ${duplicates.join(", ")} appears in more than one regional stack; each regional stack must be in its own region`,
        );
    }
    if (choice.mode === "cloudfront") {
        if (choice.evaluateTargetHealth === true) {
            problems.push(
                `routing.evaluateTargetHealth: true is not allowed with routing.mode "cloudfront"; Route 53 cannot evaluate the health of a CloudFront alias target (set it to false or leave it unset)`,
            );
        }
        if (names.length > cloudFrontOriginGroupSize) {
            problems.push(
                `routing.mode: "cloudfront" supports exactly ${cloudFrontOriginGroupSize} regions because an origin group holds one primary and one secondary origin, got ${names.length} (${names.join(", ")}); use dns-failover or global-accelerator`,
            );
        }
    }
    if (choice.arc && (choice.mode === "global-accelerator" || choice.mode === "cloudfront")) {
        problems.push(
            `routing.arc: true needs a DNS routing mode (dns-failover or dns-latency), because ARC routing controls act through Route 53 health checks on the records; routing.mode is ${JSON.stringify(choice.mode)}`,
        );
    }
    if (
        choice.mode === "global-accelerator" &&
        choice.regions.length > 0 &&
        !choice.regions.some((r) => r.servesTraffic)
    ) {
        problems.push(
            `routing.mode: "global-accelerator" needs at least one region with capacity.servesTraffic true, or every traffic dial would be 0; none of ${names.join(", ")} serves traffic`,
        );
    }
    const timeout = choice.cloudfrontConnectionTimeoutSeconds;
    if (
        !Number.isInteger(timeout) ||
        timeout < cloudFrontConnectionTimeoutRange.min ||
        timeout > cloudFrontConnectionTimeoutRange.max
    ) {
        problems.push(
            `routing.cloudfrontConnectionTimeoutSeconds: ${timeout} is invalid; it must be an integer from ${cloudFrontConnectionTimeoutRange.min} to ${cloudFrontConnectionTimeoutRange.max}`,
        );
    }
    const attempts = choice.cloudfrontConnectionAttempts;
    if (
        !Number.isInteger(attempts) ||
        attempts < cloudFrontConnectionAttemptsRange.min ||
        attempts > cloudFrontConnectionAttemptsRange.max
    ) {
        problems.push(
            `routing.cloudfrontConnectionAttempts: ${attempts} is invalid; it must be an integer from ${cloudFrontConnectionAttemptsRange.min} to ${cloudFrontConnectionAttemptsRange.max}`,
        );
    }
    return problems;
}

/** Raised when a routing choice is invalid; lists every problem, like `ConfigError`. */
export class RoutingConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(
            `invalid routing (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "RoutingConfigError";
    }
}

/** Throw a `RoutingConfigError` when the choice has problems. */
export function assertValidRouting(choice: RoutingChoice): void {
    const problems = routingProblems(choice);
    if (problems.length > 0) {
        throw new RoutingConfigError(problems);
    }
}

/** Where a failover record points. */
export type FailoverTarget =
    /** Alias to a region's ALB, guarded by that region's health check. */
    | { kind: "region"; region: string }
    /** Alias to a nested failover record set in the same zone, which evaluates its own health. */
    | { kind: "chain"; name: string };

/** One failover record to create. */
export interface FailoverRecordPlan {
    /** Stable key for the resource name: the record set's level and the set identifier. */
    key: string;
    /** DNS name of the record. */
    name: string;
    setIdentifier: string;
    role: "PRIMARY" | "SECONDARY";
    target: FailoverTarget;
}

/** Name of the nested record set that serves when every region before `region` is down. */
export function fallbackName(region: string, domain: string): string {
    return `fallback-${region}.${domain}`;
}

/**
 * The failover records for `regions` (priority order) under `domain`.
 *
 * Two regions: PRIMARY and SECONDARY on the domain, each an alias to its region's ALB.
 * More regions form a chain of nested failover sets: the domain's SECONDARY is an alias to
 * `fallback-<second>.<domain>`, whose PRIMARY is the second region's ALB and whose SECONDARY is
 * the next fallback, until the last set's SECONDARY is the last region's ALB. Route 53 walks the
 * chain in order, so users go to the first healthy region. Keys are built from regions only, so
 * adding a region at the end keeps every existing key (the former last SECONDARY is re-pointed at
 * the new fallback set in place).
 */
export function failoverRecordPlan(
    domain: string,
    regions: readonly string[],
): FailoverRecordPlan[] {
    const plans: FailoverRecordPlan[] = [];
    for (let level = 0; level < regions.length - 1; level++) {
        const current = regions[level];
        const next = regions[level + 1];
        const levelKey = level === 0 ? "domain" : `fallback-${current}`;
        const name = level === 0 ? domain : fallbackName(current, domain);
        plans.push({
            key: `${levelKey}-${current}`,
            name,
            setIdentifier: current,
            role: "PRIMARY",
            target: { kind: "region", region: current },
        });
        const last = level + 1 === regions.length - 1;
        plans.push({
            key: `${levelKey}-${next}`,
            name,
            setIdentifier: next,
            role: "SECONDARY",
            target: last
                ? { kind: "region", region: next }
                : { kind: "chain", name: fallbackName(next, domain) },
        });
    }
    return plans;
}

/** One latency record per region: the set identifier and the latency region are the region. */
export function latencyRecordPlan(
    regions: readonly string[],
): { region: string; setIdentifier: string }[] {
    return regions.map((region) => ({ region, setIdentifier: region }));
}

/**
 * Global Accelerator traffic dial for a region: 100 when it serves traffic, 0 for a standby.
 * A standby at 0 still takes traffic when no dialled-up group has a healthy endpoint, because
 * Global Accelerator then ignores the dial (about-endpoints-endpoint-weights.unhealthy-endpoints).
 */
export function trafficDial(servesTraffic: boolean): number {
    return servesTraffic ? 100 : 0;
}

/** Status codes from the primary origin that send a request to the secondary. */
export const originFailoverStatusCodes: readonly number[] = [500, 502, 503, 504];

/** The CloudFront origin group: the first region is primary, the second is secondary. */
export function originGroupPlan(regions: readonly string[]): {
    primary: string;
    secondary: string;
    statusCodes: number[];
} {
    if (regions.length !== cloudFrontOriginGroupSize) {
        throw new Error(
            `a CloudFront origin group needs exactly ${cloudFrontOriginGroupSize} regions, got ${regions.length} (${regions.join(", ")})`,
        );
    }
    return {
        primary: regions[0],
        secondary: regions[1],
        statusCodes: [...originFailoverStatusCodes],
    };
}

/**
 * Whether alias records to the regional ALBs evaluate target health: the explicit setting, else
 * true (an ALB with no healthy targets then counts as unhealthy even before the health check
 * trips).
 */
export function albEvaluateTargetHealth(explicit: boolean | undefined): boolean {
    return explicit ?? true;
}

/**
 * Which Regions' records a plan gate guards.
 *
 * Route 53 treats every record of a group as healthy when none is, and answers a failover pair
 * whose records are both unhealthy with the PRIMARY ("How Amazon Route 53 chooses records when
 * health checking is configured":
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html).
 * A plan sets its gates healthy for the Region it activated last and unhealthy for the other; a
 * gate's state before the plan's first run is not documented (taken as unhealthy). So in
 * dns-failover only the PRIMARY record is gated: a closed gate keeps a failed-away primary out,
 * and if the SECONDARY is then down too, the answer is the primary, the only Region left. Gating
 * the SECONDARY as well would, after a failback, leave it unhealthy, so a dead primary would be
 * answered while the secondary could serve. Route 53 already prefers a healthy PRIMARY, so the
 * SECONDARY's gate bought nothing. In dns-latency (active-active) every Region is gated: the
 * plan's deactivation moves users by closing a Region's gate. That is not yet safe in every gate
 * state: with one Region down and the live Region's gate closed (or not yet set), every record is
 * unhealthy and Route 53 answers the nearest of all, the dead one for its neighbours (issue 25,
 * item 1, left open for dns-latency; docs/operations.md).
 */
export function gatedRegions(mode: RoutingModeName, regions: readonly string[]): string[] {
    if (mode === "dns-failover") {
        return regions.slice(0, 1);
    }
    return mode === "dns-latency" ? [...regions] : [];
}

/** One record of a group as Route 53 sees it at a moment. */
export interface RecordHealth {
    region: string;
    healthy: boolean;
}

/**
 * The Regions Route 53 may answer with for a group of records (failover: the one record it picks;
 * latency: the candidates it picks the nearest from), after the rule that a group with no healthy
 * record is treated as all healthy (page in `gatedRegions`).
 */
export function route53Answer(
    policy: "failover" | "latency",
    records: readonly RecordHealth[],
): string[] {
    const healthy = records.filter((r) => r.healthy);
    if (policy === "failover") {
        const [primary, secondary] = records;
        return [primary.healthy || !secondary.healthy ? primary.region : secondary.region];
    }
    return (healthy.length > 0 ? healthy : records).map((r) => r.region);
}

/**
 * Whether a record is healthy: its endpoint, and, when gated, its gate too (the CALCULATED check
 * of both, child threshold 2).
 */
export function recordHealthy(endpointUp: boolean, gated: boolean, gateOpen: boolean): boolean {
    return endpointUp && (!gated || gateOpen);
}
