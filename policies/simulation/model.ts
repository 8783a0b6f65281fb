/**
 * The typed model the failover simulation plays: regions, endpoint health checks and what they
 * probe, records and routing policies, edges, Region switch plans, data stores with their
 * writers and replication, compute and where its tasks write, secrets and their rotation, and
 * the probes (alarms, canaries) that gate something. Built by `extract.ts` from recorded
 * resources of any program; nothing here knows this project's stack names.
 */

/** A resource the model points at, for messages and for the policy's violations. */
export interface Ref {
    urn: string;
    /** Logical name, as messages print it. */
    name: string;
}

/** A region's load balancer and the compute behind it. */
export interface RegionModel {
    region: string;
    alb?: Ref & { dnsName: string; internal: boolean };
    /** The compute serving the region (first ECS service), if any; for an `assumed` region, the resource users reach there. */
    compute?: Ref;
    /**
     * Set when the program records no compute the model can fail on its own in this region (no
     * ECS service behind its load balancer, or an endpoint of another kind): what the model saw,
     * and that it assumes the region serves at full capacity while it is up.
     */
    assumed?: string;
    /**
     * Set for an `assumed` place named by a set identifier (no region places it) that no record
     * group and no edge routes between it and another place (a failover record with no partner):
     * users of its name have nowhere else to go, so no scenario takes it out (dns-failover-pair
     * judges the missing partner). A place an AWS region names is always played: there are at
     * most as many of those as regions.
     */
    alone?: string;
    /** Tasks running in steady state. */
    desired: number;
    /** Autoscaling ceiling. */
    max: number;
    /** Tasks the region needs to serve every user. */
    full: number;
    /** Whether the region takes users in steady state. */
    servesTraffic: boolean;
    /** Seconds until the load balancer marks its targets unhealthy, and healthy again. */
    lbDownSeconds: number;
    lbUpSeconds: number;
    lbSource: string;
}

export type CheckKind = "endpoint" | "calculated" | "metric" | "control" | "gate";

/** One Route 53 health check (or a plan-owned check a record's calculated check names). */
export interface CheckModel extends Ref {
    id: string;
    kind: CheckKind;
    /** The region whose endpoint an endpoint or metric check watches, or a gate's region. */
    region?: string;
    /** What a metric check's alarm watches: a region's serving endpoint, or another check. */
    watchesCheck?: string;
    /** Seconds from a change at the endpoint to a change of this check's status. */
    downSeconds: number;
    upSeconds: number;
    source: string;
    inverted: boolean;
    disabled: boolean;
    children: string[];
    threshold: number;
    /** For gates and routing controls: who sets them. */
    setBy?: string;
}

/** One routed record. */
export interface RecordModel extends Ref {
    /** Record group: zone, name and type. */
    group: string;
    /** Set when the record answers with a data store's address (a writer name), not users' endpoint. */
    storeTarget?: { store: string; member: string };
    fqdn: string;
    policy: import("./rules").RoutingPolicy;
    role?: "PRIMARY" | "SECONDARY";
    weight?: number;
    setIdentifier?: string;
    /** The region it answers with. */
    region: string;
    /**
     * Set when nothing places the record's answer in a region (no recorded resource, no region in
     * the host name, no latency region): `region` is then the record's set identifier.
     */
    namedBySetIdentifier?: true;
    /** The alias target or first value it answers with, normalised. */
    target?: string;
    healthCheckId?: string;
    evaluateTargetHealth: boolean;
    ttlSeconds: number;
    ttlSource: string;
}

/** Global Accelerator endpoint groups or a CloudFront origin group. */
export interface EdgeModel extends Ref {
    kind: "global-accelerator" | "cloudfront";
    /** Accelerator: one per endpoint group; CloudFront: the origins in failover order. */
    members: (Ref & { region: string; dial: number })[];
    downSeconds: number;
    upSeconds: number;
    /** Seconds after an endpoint is healthy again until traffic returns (accelerator). */
    failbackSeconds: number;
    source: string;
}

export type StepType =
    | "ManualApproval"
    | "ECSServiceScaling"
    | "EC2AutoScaling"
    | "AuroraGlobalDatabase"
    | "RdsPromoteReadReplica"
    | "RdsCreateCrossRegionReplica"
    | "Route53HealthCheck"
    | "ARCRoutingControl"
    | "CustomActionLambda"
    | string;

/** One step of a workflow; steps of a Parallel block share `group`. */
export interface StepModel {
    name: string;
    type: StepType;
    group?: string;
    timeoutMinutes?: number;
    /** Seconds the step takes when it succeeds (the model's figure, with its source). */
    seconds: number;
    source: string;
    /** For data steps: the region (instance, cluster) each acts on. */
    targets: Record<string, string>;
    /** For the health-check and routing-control steps: the gate ids per region. */
    gates: Record<string, string>;
    /** For the health-check step: the record name whose sets it maps to regions. */
    recordName?: string;
}

export interface WorkflowModel {
    targetRegion: string;
    action: "activate" | "deactivate";
    steps: StepModel[];
}

export interface PlanModel extends Ref {
    approach: "activePassive" | "activeActive" | string;
    regions: string[];
    workflows: WorkflowModel[];
}

export type StoreKind = "aurora" | "rds" | "dynamodb" | "s3";

/** One member of a store: an instance, cluster, table replica or bucket. */
export interface StoreMember extends Ref {
    region: string;
    /** Addresses, names and ARNs the app may be given for it. */
    addresses: string[];
    /** Writer in steady state (for multi-writer stores every member is). */
    writer: boolean;
    /** For RDS: the member it replicates from. */
    sourceOf?: string;
    /** Seconds an in-region failover takes (Multi-AZ, or an Aurora reader to promote). */
    inRegionFailoverSeconds?: number;
}

export interface StoreModel extends Ref {
    kind: StoreKind;
    members: StoreMember[];
    /** Addresses that always reach the current writer (Aurora's global writer endpoint). */
    followingAddresses: string[];
    /** Every member takes writes (DynamoDB global tables MREC/MRSC). */
    multiWriter: boolean;
    /** S3: replication edges, member name to member name. */
    replicates: { from: string; to: string }[];
    promotionSeconds: number;
    promotionSource: string;
}

/** Where one compute writes one store. */
export interface WriteRef {
    store: string;
    /** The member a fixed address reaches; undefined when the address follows the writer. */
    member?: string;
    /** The environment variable (or output) that carries it. */
    via: string;
    /** A DNS name whose records point at the store's members: the member it answers now. */
    dnsGroup?: string;
}

export interface ComputeModel extends Ref {
    region: string;
    writes: WriteRef[];
    /** Secrets injected at task start (ECS `secrets`), by the rotating secret's name. */
    injectedSecrets: string[];
}

export interface RotationModel extends Ref {
    secret: string;
    /** Where the rotation function runs. */
    region: string;
    immediately: boolean;
    alternatingUsers: boolean;
}

/** A canary or alarm and what it gates. */
export interface ProbeModel extends Ref {
    kind: "canary" | "alarm";
    region: string;
    /** A canary's target: a region's load balancer, or the public name users reach. */
    target?: { kind: "alb"; region: string } | { kind: "public" };
    inVpc: boolean;
    /** Alarm: the canary or health check it follows. */
    follows?: { kind: "canary" | "check"; name: string };
    /** What it gates (FIS stop conditions, health checks, plan triggers). */
    gates: string[];
}

export interface Model {
    regions: RegionModel[];
    primary: string;
    checks: CheckModel[];
    records: RecordModel[];
    edges: EdgeModel[];
    plans: PlanModel[];
    stores: StoreModel[];
    compute: ComputeModel[];
    rotations: RotationModel[];
    probes: ProbeModel[];
    /** Timings the resources do not give (operator, task start), with their sources. */
    timing: {
        operatorSeconds: number;
        taskStartSeconds: number;
        autoscalingSeconds: number;
        deploymentSeconds: number;
    };
    /** What the extraction assumed (worse cases), for the timeline and the docs. */
    notes: string[];
}

export function regionModel(model: Model, region: string): RegionModel | undefined {
    return model.regions.find((r) => r.region === region);
}
