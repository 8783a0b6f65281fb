/**
 * Typed stack configuration and its validation.
 *
 * Everything here is pure: `parseStackConfig` takes the raw config map exactly as the Pulumi
 * engine hands it to a program (`namespace:key` to string, objects as JSON strings) and returns a
 * fully defaulted, validated config, or throws one `ConfigError` listing every problem. The stack
 * entry point calls it before it registers a single resource, so a bad value never creates
 * anything.
 */
import { MrscField, mrscProblems } from "../components/data/mrsc";
import {
    cloudFrontConnectionAttemptsRange,
    cloudFrontConnectionTimeoutRange,
    describeFargateMemory,
    endOfLifeEngineVersion,
    minBackupRetentionDays,
    healthCheckerRegions,
    healthCheckFailureThresholdRange,
    healthCheckIntervals,
    isValidFargateSize,
    knownRegions,
    minHealthCheckerRegions,
    route53TtlRange,
} from "../policies/lib/aws-limits";
import { capacityProblems } from "../components/capacity";
import { imageProblems } from "../components/region/plan";

/** The project name, which is also the config namespace. */
export const projectName = "multi-region-failover";

export const roles = ["primary", "secondary", "global"] as const;
/** What a stack builds: the writable region, a recovery region, or the routing layer. */
export type Role = (typeof roles)[number];

export const strategies = [
    "active-passive",
    "pilot-light",
    "warm-standby",
    "active-active",
] as const;
/** The disaster-recovery strategy, in the AWS DR whitepaper's terms. */
export type Strategy = (typeof strategies)[number];

export const routingModes = [
    "dns-failover",
    "dns-latency",
    "global-accelerator",
    "cloudfront",
] as const;
/** How the global stack moves users between regions. */
export type RoutingMode = (typeof routingModes)[number];

export const dataStoreKinds = ["aurora", "rds", "dynamodb", "s3"] as const;
/** A kind of replicated data store. */
export type DataStoreKind = (typeof dataStoreKinds)[number];

/** The application each regional stack runs. */
export interface AppConfig {
    /** Container image, pinned by tag or digest. */
    image: string;
    /** Port the container listens on. */
    port: number;
    /** HTTP path that answers 2xx when the region can serve users. */
    healthPath: string;
    /** Fargate CPU units per task. */
    cpu: number;
    /** Fargate memory per task, MiB. */
    memory: number;
    /** Tasks a region runs at full capacity. */
    desiredCount: number;
    /** Ceiling for autoscaling in a region at full capacity. */
    maxCount: number;
    /** Warm standby: the standby's share of full capacity, in percent. */
    standbyPercent: number;
    /** Pilot light: tasks kept running in the standby. */
    pilotLightCount: number;
    /** Availability zones per region. */
    azCount: number;
    /**
     * Let tasks open HTTPS connections to the internet through NAT gateways. Off by default: tasks
     * reach ECR, CloudWatch Logs and S3 through VPC endpoints only (see docs/region.md).
     */
    outboundInternet: boolean;
    /**
     * Paths the container may write to. The root file system is read-only; each path is an
     * ephemeral task volume.
     */
    writablePaths: string[];
}

/** The public name users reach, and the zone it lives in. */
export interface DnsConfig {
    /** Fully qualified domain name of the service, e.g. `app.example.com`. */
    domain: string;
    /** Route 53 hosted zone ID that holds `domain` (and the certificate validation records). */
    hostedZoneId: string;
}

/** The global routing layer's settings. */
export interface RoutingConfig {
    /** Routing mode; the default follows the strategy. */
    mode: RoutingMode;
    /** TTL for non-alias records, seconds. */
    ttlSeconds: number;
    /** Route 53 health check request interval, seconds: 10 or 30. */
    healthCheckIntervalSeconds: number;
    /** Consecutive failed checks before a region is unhealthy, 1 to 10. */
    healthCheckFailureThreshold: number;
    /** Regions the Route 53 health checkers probe from, at least 3. */
    healthCheckRegions: string[];
    /** Add a Route 53 ARC cluster with one routing control per region, for manual failover. */
    arc: boolean;
    /**
     * Whether alias records to the regional ALBs also evaluate the ALB's target health. Unset means
     * true; `cloudfront` mode rejects true, because Route 53 cannot evaluate a CloudFront target.
     */
    evaluateTargetHealth?: boolean;
    /** CloudFront origin connection timeout, seconds, 1 to 10 (`cloudfront` mode). */
    cloudfrontConnectionTimeoutSeconds: number;
    /** CloudFront connection attempts per origin before failing over, 1 to 3 (`cloudfront` mode). */
    cloudfrontConnectionAttempts: number;
}

export const auroraEngines = ["aurora-postgresql", "aurora-mysql"] as const;
/** Aurora engines that can form a global database. */
export type AuroraEngine = (typeof auroraEngines)[number];

export const rdsEngines = ["postgres", "mysql", "mariadb"] as const;
/** Non-Aurora RDS engines that support cross-region read replicas. */
export type RdsEngine = (typeof rdsEngines)[number];

export const dynamodbConsistencies = ["eventual", "strong"] as const;
/** DynamoDB global table consistency: multi-region eventual (MREC) or strong (MRSC). */
export type DynamodbConsistency = (typeof dynamodbConsistencies)[number];

/** Which data stores the primary owns and every secondary replicates, and how. */
export interface DataConfig {
    /** Enabled stores, in any combination. */
    stores: DataStoreKind[];
    /** Automated backup retention of every database, days (7 to 35; AWS allows 1 to 35). */
    backupRetentionDays: number;
    /** Aurora engine of the global database. */
    auroraEngine: AuroraEngine;
    /** Aurora engine version, pinned; every region runs the same one. */
    auroraEngineVersion: string;
    /** Aurora instance class, e.g. `db.r6g.large`. */
    auroraInstanceClass: string;
    /** Aurora instances per region (writer plus readers on the primary; readers on a secondary). */
    auroraInstanceCount: number;
    /** Engine of the RDS instance that replicates cross-region. */
    rdsEngine: RdsEngine;
    /** RDS engine version, pinned. */
    rdsEngineVersion: string;
    /** RDS instance class of the source and every replica. */
    rdsInstanceClass: string;
    /** RDS allocated storage, GiB (gp3). */
    rdsAllocatedStorageGb: number;
    /** DynamoDB global table consistency mode; fixed when the table is created. */
    dynamodbConsistency: DynamodbConsistency;
    /** DynamoDB TTL attribute name; empty for no TTL. MRSC tables cannot use TTL. */
    dynamodbTtlAttribute: string;
    /** MRSC only: the 3 regions of the table, from one MRSC region set, the primary's included. */
    mrscRegions: string[];
    /** MRSC only: one of `mrscRegions` that holds a witness instead of a replica; empty for none. */
    mrscWitnessRegion: string;
    /** S3 Replication Time Control (15-minute SLA) with replication metrics. */
    s3ReplicationTimeControl: boolean;
    /** Replicate S3 delete markers to the secondary (a delete in the primary hides the object there too). */
    s3DeleteMarkerReplication: boolean;
}

/** The recovery objectives the deployment must meet. */
export interface Objectives {
    /** Recovery time objective, seconds. */
    rtoSeconds: number;
    /** Recovery point objective, seconds. */
    rpoSeconds: number;
}

/** The failover switch on a secondary stack. */
export interface FailoverSwitch {
    /** Raise this standby region to full capacity (the scale-up step of a failover). */
    activate: boolean;
}

/** The validated, fully defaulted configuration of one stack. */
export interface StackConfig {
    role: Role;
    strategy: Strategy;
    /** The stack's AWS region (`aws:region`). */
    region: string;
    app: AppConfig;
    dns: DnsConfig;
    routing: RoutingConfig;
    data: DataConfig;
    objectives: Objectives;
    failover: FailoverSwitch;
    /** Fully qualified name of the primary stack, read by secondaries. */
    primaryStack: string;
    /** Fully qualified names of every regional stack, read by the global stack. Primary first. */
    regionalStacks: string[];
}

/** Fully qualified stack name for DIY and Pulumi Cloud backends alike. */
export function stackReferenceName(stack: string, organization = "organization"): string {
    return `${organization}/${projectName}/${stack}`;
}

/** Defaults for every project key. `Pulumi.yaml` declares the same values; a test keeps them equal. */
export const configDefaults = {
    role: "primary" as Role,
    strategy: "warm-standby" as Strategy,
    app: {
        image: "public.ecr.aws/nginx/nginx:1.27",
        port: 80,
        healthPath: "/",
        cpu: 256,
        memory: 512,
        desiredCount: 6,
        maxCount: 12,
        standbyPercent: 50,
        pilotLightCount: 1,
        azCount: 3,
        outboundInternet: false,
        // What the default nginx image writes to; other images list their own.
        writablePaths: ["/tmp", "/var/cache/nginx", "/var/run"],
    } satisfies AppConfig as AppConfig,
    dns: {
        domain: "app.example.com",
        hostedZoneId: "Z0000000000000000000",
    } satisfies DnsConfig,
    routing: {
        ttlSeconds: 60,
        healthCheckIntervalSeconds: 10,
        healthCheckFailureThreshold: 3,
        healthCheckRegions: ["us-east-1", "us-west-2", "eu-west-1"],
        arc: false,
        cloudfrontConnectionTimeoutSeconds: 5,
        cloudfrontConnectionAttempts: 2,
    } as Omit<RoutingConfig, "mode">,
    data: {
        stores: ["dynamodb", "s3"],
        backupRetentionDays: 7,
        auroraEngine: "aurora-postgresql",
        auroraEngineVersion: "16.6",
        auroraInstanceClass: "db.r6g.large",
        auroraInstanceCount: 2,
        rdsEngine: "postgres",
        rdsEngineVersion: "16.6",
        rdsInstanceClass: "db.m6g.large",
        rdsAllocatedStorageGb: 100,
        dynamodbConsistency: "eventual",
        dynamodbTtlAttribute: "",
        mrscRegions: [],
        mrscWitnessRegion: "",
        s3ReplicationTimeControl: true,
        s3DeleteMarkerReplication: false,
    } satisfies DataConfig as DataConfig,
    // Objectives follow the strategy (see defaultObjectives); a stack sets its own to override.
    objectives: {} as Partial<Objectives>,
    failover: { activate: false } as FailoverSwitch,
    primaryStack: stackReferenceName("primary"),
    regionalStacks: [stackReferenceName("primary"), stackReferenceName("secondary")],
};

/**
 * Recovery objectives a strategy can promise unless config says otherwise, inside the AWS DR
 * whitepaper's band for it: active-active minutes at most, warm standby minutes, pilot light tens
 * of minutes, and a cold (active-passive) standby up to an hour. The RPO is the 15-minute bound
 * S3 Replication Time Control guarantees, the weakest default store.
 */
export function defaultObjectives(strategy: Strategy): Objectives {
    const rtoSeconds: Record<Strategy, number> = {
        "active-active": 300,
        "warm-standby": 900,
        "pilot-light": 1800,
        "active-passive": 3600,
    };
    return { rtoSeconds: rtoSeconds[strategy], rpoSeconds: 900 };
}

/** The routing mode a strategy uses unless config says otherwise. */
export function defaultRoutingMode(strategy: Strategy): RoutingMode {
    return strategy === "active-active" ? "dns-latency" : "dns-failover";
}

/** Every problem found in a stack's config, reported together. */
export class ConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(
            `invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

const topLevelKeys = [
    "role",
    "strategy",
    "app",
    "dns",
    "routing",
    "data",
    "objectives",
    "failover",
    "primaryStack",
    "regionalStacks",
] as const;

/**
 * Parse and validate a stack's raw config map, as the engine delivers it: keys are
 * `namespace:name`, values are strings, and object values are JSON. Keys of other namespaces are
 * ignored except `aws:region`. Throws a `ConfigError` that lists every problem.
 */
export function parseStackConfig(raw: Readonly<Record<string, string>>): StackConfig {
    const problems: string[] = [];
    const values = new Map<string, string>();
    for (const [fullKey, value] of Object.entries(raw)) {
        const [namespace, key] = splitKey(fullKey);
        if (namespace !== projectName) {
            continue;
        }
        if (!(topLevelKeys as readonly string[]).includes(key)) {
            problems.push(
                `${key}: unknown key ${quote(fullKey)}; known keys: ${topLevelKeys.join(", ")}`,
            );
            continue;
        }
        values.set(key, value);
    }

    const reader = new Reader(problems);
    const role = reader.oneOf("role", values.get("role"), roles, configDefaults.role);
    const strategy = reader.oneOf(
        "strategy",
        values.get("strategy"),
        strategies,
        configDefaults.strategy,
    );

    const regionValue = raw["aws:region"];
    let region = regionValue ?? "";
    if (regionValue === undefined || regionValue === "") {
        problems.push("aws:region: is not set; set it in Pulumi.<stack>.yaml, e.g. us-east-1");
    } else if (!knownRegions.includes(regionValue)) {
        problems.push(
            `aws:region: ${quote(regionValue)} is not a known AWS region; known: ${knownRegions.join(", ")}`,
        );
        region = regionValue;
    }

    const app = reader.object("app", values.get("app"), configDefaults.app, (o) => ({
        image: o.string("image", (v) =>
            /^[a-z0-9][a-z0-9._\-/:@]*$/i.test(v) && !v.endsWith(":latest")
                ? undefined
                : "must be an image reference pinned by tag or digest (not :latest)",
        ),
        port: o.integer("port", 1, 65535),
        healthPath: o.string("healthPath", (v) =>
            v.startsWith("/") && v.length <= 255 && !/\s/.test(v)
                ? undefined
                : "must start with / and be at most 255 characters without spaces (Route 53 ResourcePath)",
        ),
        cpu: o.integer("cpu", 256, 16384),
        memory: o.integer("memory", 512, 122880),
        desiredCount: o.integer("desiredCount", 1, 1000),
        maxCount: o.integer("maxCount", 1, 1000),
        standbyPercent: o.integer("standbyPercent", 1, 100),
        pilotLightCount: o.integer("pilotLightCount", 1, 1000),
        azCount: o.integer("azCount", 2, 6),
        outboundInternet: o.boolean("outboundInternet"),
        writablePaths: o.stringList("writablePaths", (list) => {
            const bad = list.filter((p) => !/^\/[^\s]*$/.test(p) || p === "/");
            return bad.length > 0
                ? `has paths that are not absolute directories below /: ${bad.map(quote).join(", ")}`
                : undefined;
        }),
    }));
    if (!isValidFargateSize(app.cpu, app.memory)) {
        problems.push(
            `app.memory: ${app.memory} with app.cpu ${app.cpu} is not a Fargate task size; ${describeFargateMemory(app.cpu)}`,
        );
    }
    if (role !== "global") {
        // Capacity rules include maxCount >= desiredCount, so they are reported once, here.
        problems.push(...capacityProblems(strategy, app));
        problems.push(...imageProblems(app.image, app.outboundInternet));
    } else if (app.maxCount < app.desiredCount) {
        problems.push(
            `app.maxCount: ${app.maxCount} is below app.desiredCount ${app.desiredCount}; it must be at least the full capacity`,
        );
    }

    const dns = reader.object("dns", values.get("dns"), configDefaults.dns, (o) => ({
        domain: o.string("domain", (v) =>
            isDomainName(v)
                ? undefined
                : "must be a fully qualified domain name such as app.example.com",
        ),
        hostedZoneId: o.string("hostedZoneId", (v) =>
            /^Z[A-Z0-9]{1,31}$/.test(v)
                ? undefined
                : "must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ",
        ),
    }));

    const routingDefaults = { ...configDefaults.routing, mode: defaultRoutingMode(strategy) };
    const routing = reader.object(
        "routing",
        values.get("routing"),
        routingDefaults,
        (o) => ({
            mode: o.oneOf("mode", routingModes),
            ttlSeconds: o.integer("ttlSeconds", route53TtlRange.min, route53TtlRange.max),
            healthCheckIntervalSeconds: o.oneOfNumbers(
                "healthCheckIntervalSeconds",
                healthCheckIntervals,
                "Route 53 request interval",
            ),
            healthCheckFailureThreshold: o.integer(
                "healthCheckFailureThreshold",
                healthCheckFailureThresholdRange.min,
                healthCheckFailureThresholdRange.max,
            ),
            healthCheckRegions: o.stringList("healthCheckRegions", (list) => {
                const unknown = list.filter((r) => !healthCheckerRegions.includes(r));
                if (unknown.length > 0) {
                    return `has regions Route 53 health checkers do not run from: ${unknown.join(", ")}; allowed: ${healthCheckerRegions.join(", ")}`;
                }
                if (new Set(list).size < minHealthCheckerRegions) {
                    return `needs at least ${minHealthCheckerRegions} distinct regions`;
                }
                return undefined;
            }),
            arc: o.boolean("arc"),
            ...optionalField("evaluateTargetHealth", o.optionalBoolean("evaluateTargetHealth")),
            cloudfrontConnectionTimeoutSeconds: o.integer(
                "cloudfrontConnectionTimeoutSeconds",
                cloudFrontConnectionTimeoutRange.min,
                cloudFrontConnectionTimeoutRange.max,
            ),
            cloudfrontConnectionAttempts: o.integer(
                "cloudfrontConnectionAttempts",
                cloudFrontConnectionAttemptsRange.min,
                cloudFrontConnectionAttemptsRange.max,
            ),
        }),
        ["evaluateTargetHealth"],
    );
    if (routing.mode === "dns-failover" && strategy === "active-active") {
        problems.push(
            `routing.mode: "dns-failover" serves one region at a time, which contradicts strategy "active-active"; use dns-latency or global-accelerator`,
        );
    }
    if (routing.mode === "cloudfront" && strategy === "active-active") {
        problems.push(
            `routing.mode: "cloudfront" origin failover always prefers one origin, which contradicts strategy "active-active"; use dns-latency or global-accelerator`,
        );
    }
    if (routing.mode === "dns-latency" && strategy !== "active-active") {
        problems.push(
            `routing.mode: "dns-latency" sends users to every region, but strategy ${quote(strategy)} keeps a standby that does not serve traffic; use dns-failover, global-accelerator or cloudfront`,
        );
    }

    const data = reader.object("data", values.get("data"), configDefaults.data, (o) => ({
        stores: o.stringList("stores", (list) => {
            const unknown = list.filter((s) => !(dataStoreKinds as readonly string[]).includes(s));
            if (unknown.length > 0) {
                return `has unknown stores ${unknown.map(quote).join(", ")}; allowed: ${dataStoreKinds.join(", ")}`;
            }
            if (new Set(list).size !== list.length) {
                return "lists a store more than once";
            }
            return undefined;
        }) as DataStoreKind[],
        backupRetentionDays: o.integer("backupRetentionDays", minBackupRetentionDays, 35),
        auroraEngine: o.oneOf("auroraEngine", auroraEngines),
        auroraEngineVersion: o.string("auroraEngineVersion", engineVersionProblem),
        auroraInstanceClass: o.string("auroraInstanceClass", instanceClassProblem),
        auroraInstanceCount: o.integer("auroraInstanceCount", 1, 16),
        rdsEngine: o.oneOf("rdsEngine", rdsEngines),
        rdsEngineVersion: o.string("rdsEngineVersion", engineVersionProblem),
        rdsInstanceClass: o.string("rdsInstanceClass", instanceClassProblem),
        rdsAllocatedStorageGb: o.integer("rdsAllocatedStorageGb", 20, 65536),
        dynamodbConsistency: o.oneOf("dynamodbConsistency", dynamodbConsistencies),
        dynamodbTtlAttribute: o.string("dynamodbTtlAttribute", (v) =>
            v === "" || /^[a-zA-Z0-9_.-]{1,255}$/.test(v)
                ? undefined
                : "must be empty or an attribute name of 1 to 255 letters, digits, _ . -",
        ),
        mrscRegions: o.stringList("mrscRegions", () => undefined),
        mrscWitnessRegion: o.string("mrscWitnessRegion", () => undefined),
        s3ReplicationTimeControl: o.boolean("s3ReplicationTimeControl"),
        s3DeleteMarkerReplication: o.boolean("s3DeleteMarkerReplication"),
    }));
    for (const [engine, version] of [
        [data.auroraEngine, data.auroraEngineVersion],
        [data.rdsEngine, data.rdsEngineVersion],
    ] as const) {
        const key = engine.startsWith("aurora") ? "auroraEngineVersion" : "rdsEngineVersion";
        const eol = endOfLifeEngineVersion(engine, version);
        if (eol) {
            problems.push(`data.${key}: ${quote(version)} ${eol}`);
        }
    }
    if (data.stores.includes("dynamodb") && data.dynamodbConsistency === "strong") {
        for (const p of mrscProblems({
            tableRegion: role === "primary" ? region : undefined,
            stackRegion: role === "global" ? undefined : region,
            regions: data.mrscRegions,
            witnessRegion: data.mrscWitnessRegion,
            ttlAttribute: data.dynamodbTtlAttribute,
            localSecondaryIndexCount: 0,
        })) {
            problems.push(`${mrscConfigKeys[p.field]}: ${p.message}`);
        }
    } else if (data.mrscRegions.length > 0 || data.mrscWitnessRegion !== "") {
        problems.push(
            `data.mrscRegions: ${quote(data.mrscRegions)} and data.mrscWitnessRegion ${quote(data.mrscWitnessRegion)} apply only to data.dynamodbConsistency "strong" with the dynamodb store; remove them or enable MRSC`,
        );
    }

    const objectives = reader.object(
        "objectives",
        values.get("objectives"),
        defaultObjectives(strategy),
        (o) => ({
            rtoSeconds: o.integer("rtoSeconds", 1, 31_536_000),
            rpoSeconds: o.integer("rpoSeconds", 0, 31_536_000),
        }),
    );

    const failover = reader.object(
        "failover",
        values.get("failover"),
        configDefaults.failover,
        (o) => ({ activate: o.boolean("activate") }),
    );
    if (failover.activate && role !== "secondary") {
        problems.push(
            `failover.activate: true is only meaningful on a secondary stack; this stack's role is ${quote(role)}`,
        );
    }

    const primaryStack = reader.string(
        "primaryStack",
        values.get("primaryStack"),
        configDefaults.primaryStack,
        stackNameProblem,
    );
    const regionalStacks = reader.stringList(
        "regionalStacks",
        values.get("regionalStacks"),
        configDefaults.regionalStacks,
        (list) => {
            const bad = list.map(stackNameProblem).find((p) => p !== undefined);
            if (bad) {
                return bad;
            }
            if (new Set(list).size !== list.length) {
                return "lists a stack more than once";
            }
            if (role === "global" && list.length < 2) {
                return `has ${list.length} stack; failover needs at least 2 regional stacks`;
            }
            return undefined;
        },
    );

    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return {
        role,
        strategy,
        region,
        app,
        dns,
        routing,
        data,
        objectives,
        failover,
        primaryStack,
        regionalStacks,
    };
}

/** The config key behind each field the MRSC rules name. */
const mrscConfigKeys: Record<MrscField, string> = {
    regions: "data.mrscRegions",
    witnessRegion: "data.mrscWitnessRegion",
    ttlAttribute: "data.dynamodbTtlAttribute",
    localSecondaryIndexes: "data.dynamodbLocalSecondaryIndexes",
};

function engineVersionProblem(value: string): string | undefined {
    return /^[0-9]+(\.[0-9A-Za-z_]+)+$/.test(value)
        ? undefined
        : "must be a pinned engine version such as 16.6 or 8.0.mysql_aurora.3.08.0";
}

function instanceClassProblem(value: string): string | undefined {
    return /^db\.[a-z0-9]+\.[a-z0-9]+$/.test(value)
        ? undefined
        : "must be an RDS instance class such as db.r6g.large";
}

/** `{ [key]: value }`, or nothing when the value is absent, so unset stays unset. */
function optionalField<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function splitKey(fullKey: string): [string, string] {
    const colon = fullKey.indexOf(":");
    return colon < 0 ? [projectName, fullKey] : [fullKey.slice(0, colon), fullKey.slice(colon + 1)];
}

function quote(value: unknown): string {
    return JSON.stringify(value);
}

function isDomainName(value: string): boolean {
    if (value.length > 253 || !value.includes(".")) {
        return false;
    }
    return value.split(".").every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

function stackNameProblem(value: string): string | undefined {
    return /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(value)
        ? undefined
        : `${quote(value)} must be a fully qualified stack name <org>/<project>/<stack>, e.g. ${stackReferenceName("primary")}`;
}

type Check<T> = (value: T) => string | undefined;

/** Reads top-level keys, collecting problems instead of throwing. */
class Reader {
    constructor(private readonly problems: string[]) {}

    oneOf<T extends string>(
        key: string,
        raw: string | undefined,
        allowed: readonly T[],
        fallback: T,
    ): T {
        if (raw === undefined) {
            return fallback;
        }
        if ((allowed as readonly string[]).includes(raw)) {
            return raw as T;
        }
        this.problems.push(
            `${key}: ${quote(raw)} is not allowed; use one of ${allowed.join(", ")}`,
        );
        return fallback;
    }

    string(key: string, raw: string | undefined, fallback: string, check: Check<string>): string {
        if (raw === undefined) {
            return fallback;
        }
        const problem = check(raw);
        if (problem) {
            this.problems.push(`${key}: ${problem}`);
        }
        return raw;
    }

    stringList(
        key: string,
        raw: string | undefined,
        fallback: string[],
        check: Check<string[]>,
    ): string[] {
        if (raw === undefined) {
            return [...fallback];
        }
        const parsed = parseJson(raw);
        if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === "string")) {
            this.problems.push(`${key}: ${quote(raw)} is invalid; it must be a list of strings`);
            return [...fallback];
        }
        const problem = check(parsed);
        if (problem) {
            this.problems.push(`${key}: ${problem}`);
        }
        return parsed;
    }

    object<T extends object>(
        key: string,
        raw: string | undefined,
        defaults: T,
        read: (fields: FieldReader<T>) => T,
        /** Fields with no default: absent means "decided elsewhere". */
        optionalFields: readonly string[] = [],
    ): T {
        const known = [...Object.keys(defaults), ...optionalFields];
        let given: Record<string, unknown> = {};
        if (raw !== undefined) {
            const parsed = parseJson(raw);
            if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
                this.problems.push(
                    `${key}: ${quote(raw)} is invalid; it must be an object with fields ${known.join(", ")}`,
                );
            } else {
                given = parsed as Record<string, unknown>;
            }
        }
        for (const field of Object.keys(given)) {
            if (!known.includes(field)) {
                this.problems.push(
                    `${key}.${field}: unknown field; known fields: ${known.join(", ")}`,
                );
            }
        }
        return read(new FieldReader<T>(key, { ...defaults, ...given }, defaults, this.problems));
    }
}

/** Reads the fields of one object-valued key, falling back to the default on a bad value. */
class FieldReader<T extends object> {
    constructor(
        private readonly key: string,
        private readonly merged: Record<string, unknown>,
        private readonly defaults: T,
        private readonly problems: string[],
    ) {}

    private fallback<V>(field: string): V {
        return (this.defaults as Record<string, unknown>)[field] as V;
    }

    private fail<V>(field: string, message: string): V {
        this.problems.push(`${this.key}.${field}: ${message}`);
        return this.fallback<V>(field);
    }

    integer(field: string, min: number, max: number): number {
        const value = this.merged[field];
        const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
        if (
            typeof number !== "number" ||
            !Number.isInteger(number) ||
            number < min ||
            number > max
        ) {
            return this.fail(
                field,
                `${quote(value)} is invalid; it must be an integer from ${min} to ${max}`,
            );
        }
        return number;
    }

    oneOfNumbers(field: string, allowed: readonly number[], what: string): number {
        const value = this.merged[field];
        const number = typeof value === "string" ? Number(value) : value;
        if (typeof number !== "number" || !allowed.includes(number)) {
            return this.fail(
                field,
                `${quote(value)} is invalid; allowed: ${allowed.join(" or ")} (${what})`,
            );
        }
        return number;
    }

    boolean(field: string): boolean {
        const value = this.merged[field];
        if (value === true || value === "true") {
            return true;
        }
        if (value === false || value === "false") {
            return false;
        }
        return this.fail(field, `${quote(value)} is invalid; it must be true or false`);
    }

    optionalBoolean(field: string): boolean | undefined {
        const value = this.merged[field];
        return value === undefined || value === null ? undefined : this.boolean(field);
    }

    string(field: string, check: Check<string>): string {
        const value = this.merged[field];
        if (typeof value !== "string") {
            return this.fail(field, `${quote(value)} is invalid; it must be a string`);
        }
        const problem = check(value);
        return problem ? this.fail(field, `${quote(value)} ${problem}`) : value;
    }

    oneOf<V extends string>(field: string, allowed: readonly V[]): V {
        const value = this.merged[field];
        if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
            return this.fail(
                field,
                `${quote(value)} is not allowed; use one of ${allowed.join(", ")}`,
            );
        }
        return value as V;
    }

    stringList(field: string, check: Check<string[]>): string[] {
        const value = this.merged[field];
        if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
            return this.fail(field, `${quote(value)} is invalid; it must be a list of strings`);
        }
        const problem = check(value);
        return problem ? this.fail(field, `${quote(value)} ${problem}`) : [...value];
    }
}

function parseJson(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}
