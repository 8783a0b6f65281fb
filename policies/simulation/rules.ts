/**
 * The AWS behaviours the failover simulation plays, one pure function each, each citing the page
 * that settles it. Where AWS documents nothing, the function takes the worse case and its
 * `undocumented` note says so (the timeline repeats it).
 */

/** AWS pages the rules cite. */
export const pages = {
    chooseRecords:
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html",
    determineHealth:
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html",
    healthCheckValues:
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html",
    aliasTargetHealth:
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-failover-alias.html",
    gaUnhealthy:
        "https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoints-endpoint-weights.unhealthy-endpoints.html",
    gaDial: "https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-traffic-dial.html",
    cloudFrontFailover:
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html",
    planExecution: "https://docs.aws.amazon.com/r53recovery/latest/dg/plan-execution-rs.html",
    approvalBlock: "https://docs.aws.amazon.com/r53recovery/latest/dg/manual-approval-block.html",
    ecsBlock: "https://docs.aws.amazon.com/r53recovery/latest/dg/ecs-service-scaling-block.html",
    auroraBlock:
        "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_GlobalAuroraConfiguration.html",
    rdsPromoteBlock:
        "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_RdsPromoteReadReplicaConfiguration.html",
    rdsCreateReplicaBlock:
        "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_RdsCreateCrossRegionReplicaConfiguration.html",
    route53Block:
        "https://docs.aws.amazon.com/r53recovery/latest/dg/route53-health-check-block.html",
    routingControlBlock:
        "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_ArcRoutingControlConfiguration.html",
    routingControlState:
        "https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.states.html",
    rdsPromote: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html",
    auroraGlobalFailover:
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html",
    auroraGlobalWriterEndpoint:
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-connecting.html",
    dynamoGlobalTables:
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html",
    s3Replication: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html",
    s3TwoWay:
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-for-metadata-changes.html",
    ecsSecrets:
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html",
    rotationStrategies:
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html",
    canaryVpc:
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_VPC.html",
    fisStopConditions: "https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html",
    rdsMultiAz:
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html",
    auroraFailover:
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-failover.html",
    albNoTargets:
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html",
} as const;

/** A health check's status inputs, in the order Route 53 applies them. */
export interface CheckFlags {
    disabled: boolean;
    inverted: boolean;
}

/**
 * A check's reported status from what it measured. "If you disable a health check, Route 53
 * considers the status of the health check to always be healthy"; "Invert health check status"
 * reports the opposite (both on `healthCheckValues`). A disabled inverted check stays healthy.
 */
export function reportedHealth(measured: boolean, flags: CheckFlags): boolean {
    if (flags.disabled) {
        return true;
    }
    return flags.inverted ? !measured : measured;
}

/** CALCULATED: healthy when at least `threshold` children are healthy (`determineHealth`). */
export function calculatedHealth(children: readonly boolean[], threshold: number): boolean {
    return children.filter((c) => c).length >= threshold;
}

/** One record of a group as the chooser sees it. */
export interface RecordView {
    key: string;
    /** The region the record answers with (its alias or value's region). */
    region: string;
    healthy: boolean;
    /** Failover role, for failover groups. */
    role?: "PRIMARY" | "SECONDARY";
    /** Weight, for weighted groups (0 means only when nothing else is healthy). */
    weight?: number;
}

export type RoutingPolicy =
    | "failover"
    | "latency"
    | "weighted"
    | "geolocation"
    | "multivalue"
    | "simple";

/** Which records Route 53 answers with, and whether it did so only because none was healthy. */
export interface DnsChoice {
    regions: string[];
    /** True when no record was healthy and Route 53 answered as if all were ("fails open"). */
    failedOpen: boolean;
}

/**
 * Route 53's record choice per routing policy (`chooseRecords`): healthy records only; "If no
 * record is healthy, all records are healthy". Failover: the primary while healthy, else the
 * secondary while healthy, else (both unhealthy) the primary. Weighted: non-zero weights first,
 * zero weights only when every non-zero record is unhealthy. Latency, geolocation and
 * multivalue: every healthy record (users are spread over them; the simulation takes the set).
 */
export function chooseRecords(policy: RoutingPolicy, records: readonly RecordView[]): DnsChoice {
    const sorted = [...records].sort((a, b) => a.key.localeCompare(b.key));
    const regions = (list: readonly RecordView[]) => [...new Set(list.map((r) => r.region))].sort();
    if (sorted.length === 0) {
        return { regions: [], failedOpen: false };
    }
    if (policy === "failover") {
        const primary = sorted.find((r) => r.role === "PRIMARY");
        const secondary = sorted.find((r) => r.role === "SECONDARY");
        if (primary?.healthy) {
            return { regions: [primary.region], failedOpen: false };
        }
        if (secondary?.healthy) {
            return { regions: [secondary.region], failedOpen: false };
        }
        const fallback = primary ?? secondary ?? sorted[0];
        return { regions: [fallback.region], failedOpen: true };
    }
    if (policy === "simple") {
        return { regions: regions(sorted), failedOpen: false };
    }
    if (policy === "weighted") {
        const weighted = sorted.filter((r) => (r.weight ?? 1) > 0 && r.healthy);
        if (weighted.length > 0) {
            return { regions: regions(weighted), failedOpen: false };
        }
        // Route 53 weights are 0 to 255: past the filter above, every healthy record weighs 0, so
        // the weight test below cannot change the answer (it states the rule).
        // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, see above
        const zero = sorted.filter((r) => (r.weight ?? 1) === 0 && r.healthy);
        if (zero.length > 0) {
            return { regions: regions(zero), failedOpen: false };
        }
        return { regions: regions(sorted), failedOpen: true };
    }
    const healthy = sorted.filter((r) => r.healthy);
    return healthy.length > 0
        ? { regions: regions(healthy), failedOpen: false }
        : { regions: regions(sorted), failedOpen: true };
}

/** One endpoint group of an accelerator as the router sees it. */
export interface GroupView {
    region: string;
    dial: number;
    healthy: boolean;
}

/**
 * Global Accelerator (`gaUnhealthy`, `gaDial`): traffic goes to groups whose dial is above 0 and
 * whose endpoints are healthy; with none, it ignores the dial and tries the other groups'
 * healthy endpoints; with no healthy endpoint anywhere it "fails open" to all of them.
 */
export function acceleratorChoice(groups: readonly GroupView[]): DnsChoice {
    const regions = (list: readonly GroupView[]) => [...new Set(list.map((g) => g.region))].sort();
    const dialled = groups.filter((g) => g.dial > 0 && g.healthy);
    if (dialled.length > 0) {
        return { regions: regions(dialled), failedOpen: false };
    }
    const healthy = groups.filter((g) => g.healthy);
    if (healthy.length > 0) {
        return { regions: regions(healthy), failedOpen: false };
    }
    return { regions: regions(groups), failedOpen: groups.length > 0 };
}

/**
 * CloudFront origin group (`cloudFrontFailover`): every request goes to the primary origin first
 * and fails over per request (connection failure, timeout or a failover status code) to the
 * secondary. Users are served by the first origin in order that serves.
 */
export function originChoice(order: readonly { region: string; serving: boolean }[]): DnsChoice {
    const first = order.find((o) => o.serving);
    if (first) {
        return { regions: [first.region], failedOpen: false };
    }
    return { regions: order.length > 0 ? [order[0].region] : [], failedOpen: false };
}

/** Seconds for a Route 53 endpoint check to change status: interval × threshold (+ timeout). */
export function checkDelay(
    interval: number,
    threshold: number,
    probeTimeout: number,
    turningUnhealthy: boolean,
): number {
    return interval * threshold + (turningUnhealthy ? probeTimeout : 0);
}

/** What an RDS promote step does to the instance it names (`rdsPromoteBlock`, `rdsPromote`). */
export function rdsPromotion(
    isReplica: boolean,
): { ok: true; note: string } | { ok: false; note: string } {
    return isReplica
        ? {
              ok: true,
              note: "the read replica becomes a standalone writer and keeps its endpoint; replication from its old source stops",
          }
        : {
              ok: false,
              note: "the instance is not a read replica (it was promoted, or is the source), so the promote step fails and the execution stops",
          };
}

/**
 * Aurora global database step (`auroraBlock`, `auroraGlobalFailover`): a switchover (no data
 * loss) when the writer's region is up, a failover (possible loss up to the lag) when it is not.
 * The old writer rejoins as a secondary of the new one when its region recovers.
 */
export function auroraMove(oldWriterUp: boolean): "switchover" | "failover" {
    return oldWriterUp ? "switchover" : "failover";
}

/**
 * Secrets injected by ECS as environment variables are read at task start only: "If the secret
 * is subsequently updated or rotated, the container will not receive the updated value
 * automatically" (`ecsSecrets`). With single-user rotation the old password stops working, so a
 * task holding it fails new connections; alternating users keep the previous user valid
 * (`rotationStrategies`).
 */
export function staleCredentialsBreak(
    taskVersion: number,
    secretVersion: number,
    alternatingUsers: boolean,
): boolean {
    return taskVersion < secretVersion && !(alternatingUsers && secretVersion - taskVersion <= 1);
}

/** The state a Region switch plan's Route 53 health check or a routing control starts in. */
export const initialGateState = {
    note: "AWS does not document the state of a Region switch plan's Route 53 health checks before the plan's first execution; the simulation starts them as an activation of the serving regions leaves them: healthy for a region that serves in steady state, unhealthy (the worse case, and the state after any plan run) for a standby",
    controlNote:
        "a routing control's state is not part of the recorded resources; the simulation starts it On for a region that serves in steady state and Off (the worse case) for a standby",
} as const;

/**
 * A writer that fails inside a healthy region: an RDS Multi-AZ instance fails over to its
 * standby ("typically 60-120 seconds", `rdsMultiAz`); an Aurora cluster with a reader promotes
 * it (`auroraFailover` gives no figure, so the same 120 s, the worse end, is taken). Without
 * either, the writer stays down until a person acts.
 */
export function inRegionFailoverSeconds(multiAz: boolean, readers: number): number | undefined {
    return multiAz || readers > 0 ? 120 : undefined;
}
