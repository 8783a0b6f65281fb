/**
 * The stack configuration schema: the one place every config key is declared.
 *
 * Why zod 4: the TypeScript types are inferred from the schema (no interface to keep in step),
 * `z.toJSONSchema` turns it into the types and ranges `npm run generate` writes to the `config:`
 * block of `Pulumi.yaml` and the table in `docs/configuration.md`, and each check carries its own
 * message as a custom issue, so a problem names the key, the value and what is allowed.
 * Cross-field rules (strategy × routing, MRSC region sets, role-specific keys) are plain
 * functions in rules.ts, one rule each: they run over the typed config after every field has
 * been read, with a bad field's default in its place, so all problems are reported at once.
 *
 * ## How to add a key
 *
 * 1. Add the field to its section below (`appSchema`, `dnsSchema`, `routingSchema`, `dataSchema`,
 *    ...), or a top-level key to `projectConfigSchema` (an object key ends in `.prefault({})`):
 *    a leaf from fields.ts (`integer(min, max)`, `choice(values)`, `numberIn(values, what)`,
 *    `stepped(min, max, step)`, `flag()`, `text(check)`, `textList(check)`), then `.default(value)` (or `.optional()` when
 *    unset means "decided elsewhere", with a `defaultText` saying where), then
 *    `.meta(meta({ description: "Markdown for the docs table" }))`. A `text`/`textList` check
 *    returns the predicate after the value, e.g. `"must be a Route 53 hosted zone ID such as
 *    Z0123..."`. The TypeScript type (`StackConfig`, `AppConfig`, ...) follows by itself.
 * 2. If the key depends on another key (a role, the strategy, a second field), write the rule as
 *    one function in rules.ts and add it to `configRules`; it returns `{ key, message }` problems.
 * 3. Run `npm run generate`: it rewrites the `config:` block of Pulumi.yaml and the key table in
 *    docs/configuration.md. `test/config.test.ts` fails while either is stale.
 * 4. Use the key (`config.app.myField`) and add its tests to test/config.test.ts: one accepted
 *    value and each rejected one with its exact message.
 */
import { z } from "zod";
import {
    cloudFrontConnectionAttemptsRange,
    cloudFrontConnectionTimeoutRange,
    healthCheckerRegions,
    healthCheckFailureThresholdRange,
    healthCheckIntervals,
    knownRegions,
    logRetentionDays,
    minBackupRetentionDays,
    minHealthCheckerRegions,
    route53TtlRange,
} from "../../policies/lib/aws-limits";
import { strategies } from "../../policies/lib/contract";
import { defaultUsage } from "../../policies/budget/usage";
import { defaultAssumptions } from "../../policies/budget/assumptions";
import { facts } from "../../policies/budget/facts";
import {
    Check,
    choice,
    FieldMeta,
    flag,
    integer,
    numberIn,
    quote,
    stepped,
    text,
    textList,
} from "./fields";
import { volumeName } from "./volumes";

/** The project name, which is also the config namespace. */
export const projectName = "multi-region-failover";

export const roles = ["primary", "secondary", "global"] as const;
/** What a stack builds: the writable region, a recovery region, or the routing layer. */
export type Role = (typeof roles)[number];

/** The disaster-recovery strategies (the contract's, policies/lib/contract.ts). */
export { strategies };
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

export const auroraEngines = ["aurora-postgresql", "aurora-mysql"] as const;
/** Aurora engines that can form a global database. */
export type AuroraEngine = (typeof auroraEngines)[number];

export const rdsEngines = ["postgres", "mysql", "mariadb"] as const;
/** Non-Aurora RDS engines that support cross-region read replicas. */
export type RdsEngine = (typeof rdsEngines)[number];

export const dynamodbConsistencies = ["eventual", "strong"] as const;
/** DynamoDB global table consistency: multi-region eventual (MREC) or strong (MRSC). */
export type DynamodbConsistency = (typeof dynamodbConsistencies)[number];

/** Fully qualified stack name for DIY and Pulumi Cloud backends alike. */
export function stackReferenceName(stack: string, organization = "organization"): string {
    return `${organization}/${projectName}/${stack}`;
}

const meta = (m: FieldMeta) => m;

// ---- checks behind `text` and `textList` fields: each returns the predicate after the value ----

/**
 * An image pinned by tag or digest. Without either ECS pulls `:latest`, which changes under a
 * running service, so a replaced task (or the other region's) may run different code.
 */
function imageReference(value: string): string | undefined {
    if (!/^[a-z0-9][a-z0-9._\-/:@]*$/i.test(value) || value.endsWith(":latest")) {
        return "must be an image reference pinned by tag or digest (not :latest)";
    }
    const name = value.slice(value.lastIndexOf("/") + 1);
    const digest = /@sha256:[a-f0-9]{64}$/.test(value);
    const tag = /^[^:@]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(name);
    return digest || tag
        ? undefined
        : value.length > 60
          ? "has no tag or digest, so ECS would pull :latest; pin it with :<tag> or @sha256:<digest>"
          : `has no tag or digest, so ECS would pull :latest; pin it, e.g. ${value}:1.0 or ${value}@sha256:<digest>`;
}

function route53ResourcePath(value: string): string | undefined {
    return value.startsWith("/") && value.length <= 255 && !/\s/.test(value)
        ? undefined
        : "must start with / and be at most 255 characters without spaces (Route 53 ResourcePath)";
}

function directoriesBelowRoot(list: string[]): string | undefined {
    const bad = list.filter((p) => !/^\/[^\s]*$/.test(p) || p === "/");
    if (bad.length > 0) {
        return `has paths that are not absolute directories below /: ${bad.map(quote).join(", ")}`;
    }
    // Each path is mounted from a task volume named after it; ECS refuses two volumes of one name.
    const byVolume = new Map<string, string[]>();
    for (const p of list) {
        byVolume.set(volumeName(p), [...(byVolume.get(volumeName(p)) ?? []), p]);
    }
    const clash = [...byVolume].find(([, paths]) => paths.length > 1);
    return clash
        ? `has paths that name the same task volume ${quote(clash[0])}: ${clash[1].map(quote).join(", ")}; list each directory once`
        : undefined;
}

function domainName(value: string): string | undefined {
    const ok =
        value.length <= 253 &&
        value.includes(".") &&
        value.split(".").every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
    return ok ? undefined : "must be a fully qualified domain name such as app.example.com";
}

function hostedZoneId(value: string): string | undefined {
    return /^Z[A-Z0-9]{1,31}$/.test(value)
        ? undefined
        : "must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ";
}

function checkerRegions(list: string[]): string | undefined {
    const unknown = list.filter((r) => !healthCheckerRegions.includes(r));
    if (unknown.length > 0) {
        return `has regions Route 53 health checkers do not run from: ${unknown.join(", ")}; allowed: ${healthCheckerRegions.join(", ")}`;
    }
    // Empty means every checker region, which Route 53 uses when the list is left out.
    if (list.length > 0 && new Set(list).size < minHealthCheckerRegions) {
        return `needs at least ${minHealthCheckerRegions} distinct regions, or none for all of them`;
    }
    return undefined;
}

function storeKinds(list: string[]): string | undefined {
    const unknown = list.filter((s) => !(dataStoreKinds as readonly string[]).includes(s));
    if (unknown.length > 0) {
        return `has unknown stores ${unknown.map(quote).join(", ")}; allowed: ${dataStoreKinds.join(", ")}`;
    }
    return new Set(list).size !== list.length ? "lists a store more than once" : undefined;
}

function engineVersion(value: string): string | undefined {
    return /^[0-9]+(\.[0-9A-Za-z_]+)+$/.test(value)
        ? undefined
        : "must be a pinned engine version such as 16.6 or 8.0.mysql_aurora.3.08.0";
}

function instanceClass(value: string): string | undefined {
    return /^db\.[a-z0-9]+(\.[a-z0-9-]+)?$/.test(value)
        ? undefined
        : "must be an RDS instance class such as db.r6g.large";
}

function ttlAttribute(value: string): string | undefined {
    return value === "" || /^[a-zA-Z0-9_.-]{1,255}$/.test(value)
        ? undefined
        : "must be empty or an attribute name of 1 to 255 letters, digits, _ . -";
}

const stackNameRule = `a fully qualified stack name <org>/<project>/<stack>, e.g. ${stackReferenceName("primary")}`;

function isStackName(value: string): boolean {
    return /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(value);
}

function stackName(value: string): string | undefined {
    return isStackName(value) ? undefined : `must be ${stackNameRule}`;
}

function stackNames(list: string[]): string | undefined {
    const bad = list.filter((s) => !isStackName(s));
    if (bad.length > 0) {
        return `has ${bad.map(quote).join(", ")}; each must be ${stackNameRule}`;
    }
    return new Set(list).size !== list.length ? "lists a stack more than once" : undefined;
}

/** A list of known AWS regions, each at most once. */
function knownRegionList(list: string[]): string | undefined {
    const unknown = list.filter((r) => !knownRegions.includes(r));
    if (unknown.length > 0) {
        return `has unknown regions ${unknown.map(quote).join(", ")}; known: ${knownRegions.join(", ")}`;
    }
    return new Set(list).size !== list.length ? "lists a region more than once" : undefined;
}

/** The `aws:region` value every stack sets; not in the project namespace, so not in Pulumi.yaml. */
export const awsRegion = text((value) =>
    knownRegions.includes(value)
        ? undefined
        : `is not a known AWS region; known: ${knownRegions.join(", ")}`,
);

// ---- the sections ----

/** The application each regional stack runs. */
const appSchema = z.strictObject({
    image: text(imageReference)
        .default("public.ecr.aws/nginx/nginx:1.27")
        .meta(
            meta({
                description:
                    "Container image, pinned by tag or digest (not `:latest`); `public.ecr.aws` images go through an ECR pull-through cache",
                allowed: "image reference with a tag or digest",
            }),
        ),
    port: integer(1, 65535)
        .default(80)
        .meta(meta({ description: "Port the container listens on" })),
    healthPath: text(route53ResourcePath)
        .default("/")
        .meta(
            meta({
                description:
                    "Path that answers 2xx/3xx when the region can serve users; used by the Route 53 health checks, the canaries and the ALB target group (unless `app.livenessPath` is set)",
                allowed: "path from `/`, at most 255 characters",
            }),
        ),
    livenessPath: text((v) => (v === "" ? undefined : route53ResourcePath(v)))
        .default("")
        .meta(
            meta({
                description:
                    "Shallow liveness path the ALB target group checks instead of `app.healthPath` (the process answers; no dependency); Route 53 health checks and canaries keep `app.healthPath`, which checks the region's data. DNS routing modes only: behind `cloudfront` or `global-accelerator` the target group's health decides failover ([region.md](region.md#health-path-that-sees-the-data))",
                allowed:
                    "empty, or a path from `/` other than `app.healthPath`; empty with `routing.mode` `cloudfront` or `global-accelerator`",
            }),
        ),
    cpu: integer(256, 16384)
        .default(256)
        .meta(meta({ description: "Fargate CPU units per task" })),
    memory: integer(512, 122880)
        .default(512)
        .meta(
            meta({
                description: "Fargate memory per task, MiB; must be a valid Fargate size for `cpu`",
            }),
        ),
    desiredCount: integer(1, 1000)
        .default(6)
        .meta(meta({ description: "Tasks a region runs at full capacity" })),
    maxCount: integer(1, 1000)
        .default(12)
        .meta(meta({ description: "Autoscaling ceiling at full capacity" })),
    standbyPercent: integer(1, 100)
        .default(50)
        .meta(meta({ description: "Warm standby: the standby's share of full capacity, percent" })),
    pilotLightCount: integer(1, 1000)
        .default(1)
        .meta(meta({ description: "Pilot light: tasks kept running in the standby" })),
    azCount: integer(2, 6)
        .default(3)
        .meta(
            meta({
                description:
                    "Availability zones to spread over; at most as many as the stack's region offers (`availabilityZoneCounts` in policies/lib/aws-limits.ts)",
            }),
        ),
    outboundInternet: flag()
        .default(false)
        .meta(
            meta({
                description:
                    "Give tasks internet egress through NAT gateways; without it they reach AWS through VPC endpoints only",
            }),
        ),
    writablePaths: textList(directoriesBelowRoot)
        // What the default nginx image writes to; other images list their own.
        .default(["/tmp", "/var/cache/nginx", "/var/run"])
        .meta(
            meta({
                description:
                    "Paths the container may write to, each an ephemeral task volume; the root file system is read-only",
                allowed: "absolute directories below `/`, each its own volume",
            }),
        ),
});

/** The public name users reach, and the zone it lives in. */
const dnsSchema = z.strictObject({
    domain: text(domainName)
        .default("app.example.com")
        .meta(
            meta({
                description:
                    "The name users reach; certificates are issued for it. Set per deployment",
                allowed: "domain name",
            }),
        ),
    hostedZoneId: text(hostedZoneId)
        .default("Z0000000000000000000")
        .meta(
            meta({
                description:
                    "Route 53 hosted zone holding `dns.domain`, also used to validate certificates. Set per deployment",
                allowed: "hosted zone ID",
            }),
        ),
});

/** The global routing layer's settings. */
const routingSchema = z.strictObject({
    mode: choice(routingModes)
        .optional()
        .meta(
            meta({
                description: "How users move between regions ([routing.md](routing.md))",
                defaultText:
                    "follows `strategy`: `dns-latency` for active-active, else `dns-failover`",
            }),
        ),
    ttlSeconds: integer(route53TtlRange.min, route53TtlRange.max)
        .default(60)
        .meta(meta({ description: "TTL of non-alias records, seconds" })),
    healthCheckIntervalSeconds: numberIn(healthCheckIntervals, "Route 53 request interval")
        .default(10)
        .meta(meta({ description: "Route 53 health check request interval, seconds" })),
    healthCheckFailureThreshold: integer(
        healthCheckFailureThresholdRange.min,
        healthCheckFailureThresholdRange.max,
    )
        .default(3)
        .meta(meta({ description: "Consecutive failed checks before a region is unhealthy" })),
    healthCheckRegions: textList(checkerRegions)
        .default([])
        .meta(
            meta({
                description: `Regions the Route 53 health checkers probe from: empty for all of them (one region's checkers are then below the 18% that keeps an endpoint healthy, [operations.md](operations.md#health-checks-that-see-a-regional-failure)), else at least ${minHealthCheckerRegions}`,
                allowed: healthCheckerRegions.map((r) => `\`${r}\``).join(", "),
            }),
        ),
    arc: flag()
        .default(false)
        .meta(
            meta({
                description:
                    "Add a Route 53 ARC cluster with one routing control per region, for manual failover (DNS modes only)",
            }),
        ),
    evaluateTargetHealth: flag()
        .optional()
        .meta(
            meta({
                description:
                    "Whether alias records to the regional ALBs also evaluate the ALB's target health; must not be `true` with `cloudfront`, whose target Route 53 cannot evaluate",
                defaultText: "unset (= `true` for ALB aliases)",
            }),
        ),
    cloudfrontConnectionTimeoutSeconds: integer(
        cloudFrontConnectionTimeoutRange.min,
        cloudFrontConnectionTimeoutRange.max,
    )
        .default(5)
        .meta(meta({ description: "CloudFront origin connection timeout, seconds" })),
    cloudfrontConnectionAttempts: integer(
        cloudFrontConnectionAttemptsRange.min,
        cloudFrontConnectionAttemptsRange.max,
    )
        .default(2)
        .meta(
            meta({ description: "CloudFront connection attempts per origin before failing over" }),
        ),
});

/** Which data stores the primary owns and every secondary replicates, and how. */
const dataSchema = z.strictObject({
    stores: textList<DataStoreKind>(storeKinds)
        .default(["dynamodb", "s3"])
        .meta(
            meta({
                description:
                    "Stores the primary owns and each secondary replicates, in any combination ([data.md](data.md))",
                allowed: dataStoreKinds.map((k) => `\`${k}\``).join(", "),
            }),
        ),
    backupRetentionDays: integer(minBackupRetentionDays, 35)
        .default(7)
        .meta(meta({ description: "Automated backup retention of every database, days" })),
    auroraEngine: choice(auroraEngines)
        .default("aurora-postgresql")
        .meta(meta({ description: "Aurora engine of the global database" })),
    auroraEngineVersion: text(engineVersion)
        .default("16.6")
        .meta(
            meta({
                description: "Pinned Aurora engine version; secondaries join with the primary's",
                allowed: "a version of `data.auroraEngine` (stacks/config/databases.ts)",
            }),
        ),
    auroraInstanceClass: text(instanceClass)
        .default("db.r6g.large")
        .meta(
            meta({
                description: "Aurora instance class; `db.serverless` for Aurora Serverless v2",
                allowed: "a class Aurora offers (stacks/config/databases.ts)",
            }),
        ),
    auroraMinCapacity: stepped(0.5, 256, 0.5)
        .default(0.5)
        .meta(
            meta({
                description:
                    "With `data.auroraInstanceClass` `db.serverless`: the least Aurora capacity units (ACUs) each instance scales down to, in every region. Not 0 (auto-pause): the health path connects every few seconds, so instances would not pause, and one that did would fail the region's health check while it resumes",
                allowed: "0.5-256 in steps of 0.5, at most `data.auroraMaxCapacity`",
            }),
        ),
    auroraMaxCapacity: stepped(1, 256, 0.5)
        .default(16)
        .meta(
            meta({
                description:
                    "With `data.auroraInstanceClass` `db.serverless`: the most ACUs each instance scales up to (about 2 GiB of memory each), in every region; a secondary needs the same to carry the primary's load after failover",
                allowed: "1-256 in steps of 0.5 (128 on older engine versions)",
            }),
        ),
    auroraInstanceCount: integer(1, 16)
        .default(2)
        .meta(
            meta({
                description:
                    "Aurora instances per region (writer plus readers on the primary; readers on a secondary)",
            }),
        ),
    rdsEngine: choice(rdsEngines)
        .default("postgres")
        .meta(meta({ description: "Engine of the RDS instance that replicates cross-region" })),
    rdsEngineVersion: text(engineVersion)
        .default("16.6")
        .meta(
            meta({
                description: "Pinned RDS engine version",
                allowed: "a version of `data.rdsEngine` (stacks/config/databases.ts)",
            }),
        ),
    rdsInstanceClass: text(instanceClass)
        .default("db.m6g.large")
        .meta(
            meta({
                description: "RDS instance class of the source and every replica",
                allowed: "a class `data.rdsEngine` runs on (stacks/config/databases.ts)",
            }),
        ),
    rdsAllocatedStorageGb: integer(20, 65536)
        .default(100)
        .meta(meta({ description: "RDS allocated storage (gp3), GiB" })),
    dynamodbConsistency: choice(dynamodbConsistencies)
        .default("eventual")
        .meta(
            meta({
                description:
                    "DynamoDB global table consistency: `eventual` (MREC), or `strong` (MRSC: fixed at creation)",
            }),
        ),
    dynamodbTtlAttribute: text(ttlAttribute)
        .default("")
        .meta(
            meta({
                description: "DynamoDB TTL attribute; empty for none; not with MRSC",
                allowed: "attribute name or empty",
            }),
        ),
    mrscRegions: textList()
        .default([])
        .meta(
            meta({
                description:
                    "MRSC only: the 3 regions of the table, from one MRSC region set, the primary's included",
                allowed: "regions",
            }),
        ),
    mrscWitnessRegion: text()
        .default("")
        .meta(
            meta({
                description:
                    "MRSC only: one of `data.mrscRegions` that holds a witness instead of a replica; empty for none",
                allowed: "region or empty",
            }),
        ),
    s3ReplicationTimeControl: flag()
        .default(true)
        .meta(
            meta({
                description: "S3 Replication Time Control: 15-minute SLA plus replication metrics",
            }),
        ),
    s3DeleteMarkerReplication: flag()
        .default(false)
        .meta(
            meta({
                description:
                    "Replicate S3 delete markers to the secondary (a delete in the primary hides the object there too)",
            }),
        ),
    replicaRegions: textList(knownRegionList)
        .default([])
        .meta(
            meta({
                description:
                    "On the primary, with `aurora` or `rds`: the region of every secondary; the database credentials secret and its key are replicated to each ([data.md](data.md#credentials-aws-accepts))",
                allowed: "regions other than the primary's",
            }),
        ),
    auroraWriteForwarding: flag()
        .default(false)
        .meta(
            meta({
                description:
                    "On a secondary: its Aurora cluster forwards writes to the primary (Aurora PostgreSQL 14.9+, 15.4+, 16+; Aurora MySQL 2.08.1+)",
            }),
        ),
});

const objectivesDefaultText =
    "follows `strategy`: 300 s active-active, 900 s warm-standby, 1800 s pilot-light, 3600 s active-passive; the next of these up when `data.stores` needs a person to promote a writer and the promotion does not fit: 900 s active-active with `aurora`, 1800 s warm-standby with `rds` ([strategies.md](strategies.md#objectives-when-a-person-promotes-the-writer))";

/** The recovery objectives the deployment must meet; unset fields follow the strategy. */
const objectivesSchema = z.strictObject({
    rtoSeconds: integer(1, 31_536_000)
        .optional()
        .meta(
            meta({
                description: "Recovery time objective the deployment must meet, seconds",
                defaultText: objectivesDefaultText,
            }),
        ),
    rpoSeconds: integer(0, 31_536_000)
        .optional()
        .meta(
            meta({
                description: "Recovery point objective the deployment must meet, seconds",
                defaultText: "`900` (the 15-minute S3 Replication Time Control bound)",
            }),
        ),
});

const emailAddresses: Check<string[]> = (list) => {
    const bad = list.filter((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e));
    return bad.length > 0
        ? `has ${bad.map(quote).join(", ")}; each must be an email address`
        : undefined;
};

const httpsUrls: Check<string[]> = (list) => {
    const bad = list.filter((u) => !/^https:\/\/[^\s/]+/.test(u));
    return bad.length > 0
        ? `has ${bad.map(quote).join(", ")}; each must be an https:// URL`
        : undefined;
};

const snsTopicArn: Check<string> = (value) =>
    /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/.test(value)
        ? undefined
        : "must be an SNS topic ARN arn:aws:sns:<region>:<account>:<name>";

/** Who the regional and global alarms reach. */
const alertsSchema = z.strictObject({
    email: textList(emailAddresses)
        .default([])
        .meta(
            meta({
                description:
                    "Email addresses subscribed to every alarm topic, each region's and the global stack's (each confirms by mail)",
            }),
        ),
    httpsEndpoints: textList(httpsUrls)
        .default([])
        .meta(
            meta({
                description:
                    "HTTPS endpoints subscribed to every alarm topic, each region's and the global stack's (each confirms by a request)",
            }),
        ),
    topicArn: text(snsTopicArn)
        .optional()
        .meta(
            meta({
                description:
                    "An existing SNS topic the regional and global alarms notify instead of topics of their own (not with `email` or `httpsEndpoints`)",
                defaultText: "unset",
            }),
        ),
});

/** What stands in front of the regional load balancers. */
const edgeSchema = z.strictObject({
    waf: flag()
        .default(false)
        .meta(
            meta({
                description:
                    "A WAF web ACL on each regional ALB: AWS managed rule groups (IP reputation, common, known bad inputs) and a per-client rate limit",
            }),
        ),
    wafRateLimit: integer(10, 2_000_000_000)
        .default(2000)
        .meta(
            meta({
                description: "Requests per client per 5 minutes before the WAF rate rule blocks",
            }),
        ),
});

/** How long logs are kept. */
const logsSchema = z.strictObject({
    retentionDays: numberIn(logRetentionDays, "CloudWatch Logs retention")
        .default(30)
        .meta(meta({ description: "Retention of the application's task logs, days" })),
    auditRetentionDays: numberIn(logRetentionDays, "CloudWatch Logs retention")
        .default(365)
        .meta(
            meta({
                description:
                    "Retention of audit logs (VPC flow logs, ALB access logs), days; at least a year by default",
            }),
        ),
});

/**
 * The workload's usage for the cost estimate (policies/budget/usage.ts): the primary stack exports
 * it in its contract, so the check and the pack price the same traffic. Defaults are the model's.
 */
const usageSchema = z.strictObject({
    requestsPerMonth: integer(0, 1_000_000_000_000)
        .default(defaultUsage.requestsPerMonth)
        .meta(
            meta({
                description:
                    "User requests per month, across all regions ([budget.md](budget.md#usage))",
            }),
        ),
    averageResponseKb: integer(0, 10_000_000)
        .default(defaultUsage.averageResponseKb)
        .meta(
            meta({
                description: "Average response size, KiB: with the requests, what users download",
            }),
        ),
    gbWrittenPerMonth: integer(0, 1_000_000_000)
        .default(defaultUsage.store.gbWrittenPerMonth)
        .meta(
            meta({
                description:
                    "GB written to each data store per month: cross-region replication, RTC, writes, I/O",
            }),
        ),
    gbStored: integer(0, 1_000_000_000)
        .default(defaultUsage.store.gbStored)
        .meta(meta({ description: "GB each data store (and each replica) holds" })),
    objectsReplicatedPerMonth: integer(0, 1_000_000_000_000)
        .default(defaultUsage.store.objectsReplicatedPerMonth)
        .meta(meta({ description: "S3 objects replicated per month: one replication PUT each" })),
});

/** IAM role or user ARNs (arn:aws:iam::<12 digits>:role/... or :user/...). */
const iamPrincipalArns: Check<string[]> = (list) => {
    const bad = list.filter(
        (a) => !/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(a),
    );
    return bad.length > 0
        ? `has ${bad.map(quote).join(", ")}; each must be an IAM role or user ARN such as "arn:aws:iam::123456789012:role/failover-approver"`
        : undefined;
};

/** The failover switch on a secondary stack. */
const failoverSchema = z.strictObject({
    plan: flag()
        .default(true)
        .meta(
            meta({
                description:
                    "On the global stack, build an ARC Region switch plan per primary/secondary pair that fails over from the healthy region ([operations.md](operations.md#the-region-switch-plan))",
            }),
        ),
    approval: flag()
        .default(true)
        .meta(
            meta({
                description:
                    "Start each Region switch plan run with a manual approval step, approved through the plan's approval role",
            }),
        ),
    approvers: textList(iamPrincipalArns)
        .default([])
        .meta(
            meta({
                description:
                    "On the global stack, with `approval`: the IAM role or user ARNs that may assume each plan's approval role (it trusts these, never the whole account)",
                allowed: "IAM role or user ARNs",
            }),
        ),
    activate: flag()
        .default(false)
        .meta(
            meta({
                description:
                    "On a secondary, raise it to full capacity: `pulumi up -s secondary` is then the scale-up step of a failover ([runbooks.md](runbooks.md))",
            }),
        ),
});

/** Canaries, the dashboard and the FIS game-day templates the global stack builds. */
const observabilitySchema = z.strictObject({
    enabled: flag()
        .default(true)
        .meta(
            meta({
                description:
                    "On the global stack: Synthetics canaries per region, the cross-region dashboard and an FIS regional-impairment template per region ([operations.md](operations.md#watching-it-the-way-users-reach-it))",
            }),
        ),
    canaryIntervalMinutes: numberIn([1, 5, 10, 15, 30, 60], "minutes between canary runs")
        .default(5)
        .meta(
            meta({
                description:
                    "Minutes between canary runs; each run is billed, so 1 minute costs five times 5",
            }),
        ),
    gameDayMinutes: integer(1, 720)
        .default(10)
        .meta(
            meta({
                description:
                    "How long each timed game-day action (replication pause, network disruption) lasts",
            }),
        ),
});

/**
 * Every key of the `multi-region-failover` namespace, in the order problems are reported. Object
 * keys use `prefault({})`, so an unset key gets every field's default.
 */
export const projectConfigSchema = z.strictObject({
    role: choice(roles)
        .default("primary")
        .meta(
            meta({
                description:
                    "What the stack builds: `primary` (writable data, serves users), `secondary` (recovery region) or `global` (routing layer)",
            }),
        ),
    strategy: choice(strategies)
        .default("warm-standby")
        .meta(
            meta({
                description:
                    "DR strategy. Sets standby capacity, the default routing mode and the default objectives ([strategies.md](strategies.md))",
            }),
        ),
    app: appSchema
        .prefault({})
        .meta(meta({ description: "The application each regional stack runs." })),
    dns: dnsSchema
        .prefault({})
        .meta(meta({ description: "The name users reach and the Route 53 zone that holds it." })),
    routing: routingSchema
        .prefault({})
        .meta(meta({ description: "The global routing layer: mode, DNS and health checks." })),
    data: dataSchema.prefault({}).meta(
        meta({
            description:
                "The data stores the primary owns and each secondary replicates, and their settings.",
        }),
    ),
    objectives: objectivesSchema.prefault({}).meta(
        meta({
            description:
                "Recovery objectives the deployment must meet; unset fields follow the strategy.",
        }),
    ),
    alerts: alertsSchema.prefault({}).meta(
        meta({
            description:
                "Who the regional and global (health check) alarms reach: `email`, `httpsEndpoints`, or an existing `topicArn`. Unset, the alarm topics have no subscribers.",
        }),
    ),
    edge: edgeSchema
        .prefault({})
        .meta(meta({ description: "What guards the regional load balancers." })),
    logs: logsSchema
        .prefault({})
        .meta(meta({ description: "How long the regional logs are kept." })),
    usage: usageSchema.prefault({}).meta(
        meta({
            description:
                "The workload's usage, priced by the cost estimate ([budget.md](budget.md#usage)); the primary exports it",
        }),
    ),
    failover: failoverSchema
        .prefault({})
        .meta(meta({ description: "The failover switch of a secondary stack." })),
    observability: observabilitySchema.prefault({}).meta(
        meta({
            description:
                "Watching the deployment the way users reach it, and breaking a region on purpose.",
        }),
    ),
    primaryStack: text(stackName)
        .default(stackReferenceName("primary"))
        .meta(
            meta({
                description:
                    "Fully qualified name of the primary stack, read by secondaries through a StackReference",
                allowed: "`<org>/<project>/<stack>`",
            }),
        ),
    regionalStacks: textList(stackNames)
        .default([stackReferenceName("primary"), stackReferenceName("secondary")])
        .meta(
            meta({
                description:
                    "Fully qualified names of every regional stack, read by the global stack, in any order: the PRIMARY failover record goes to the stack whose role is primary",
                allowed: "`<org>/<project>/<stack>` names",
            }),
        ),
});

/** A top-level key of the project namespace. */
export type ProjectKey = keyof typeof projectConfigSchema.shape;

/** The project keys with every default applied; what Pulumi.yaml declares. */
type ProjectConfig = z.output<typeof projectConfigSchema>;

/** The application each regional stack runs. */
export type AppConfig = ProjectConfig["app"];
/** The public name users reach, and the zone it lives in. */
export type DnsConfig = ProjectConfig["dns"];
/** The global routing layer's settings; `mode` is resolved from the strategy when unset. */
export type RoutingConfig = ProjectConfig["routing"] & { mode: RoutingMode };
/** Which data stores the primary owns and every secondary replicates, and how. */
export type DataConfig = ProjectConfig["data"];
/** The recovery objectives the deployment must meet. */
export type Objectives = Required<ProjectConfig["objectives"]>;
/** The workload's usage the cost estimate prices. */
export type UsageConfig = ProjectConfig["usage"];
/** The failover switch on a secondary stack. */
export type FailoverSwitch = ProjectConfig["failover"];

/** The validated, fully defaulted configuration of one stack. */
export type StackConfig = Omit<ProjectConfig, "routing" | "objectives"> & {
    /** The stack's AWS region (`aws:region`). */
    region: string;
    routing: RoutingConfig;
    objectives: Objectives;
};

/** Defaults of every project key, as Pulumi.yaml declares them. */
export const configDefaults: ProjectConfig = projectConfigSchema.parse({});

/**
 * Recovery objectives a strategy can promise unless config says otherwise, inside the AWS DR
 * whitepaper's band for it: active-active minutes at most, warm standby minutes, pilot light tens
 * of minutes, and a cold (active-passive) standby up to an hour. The RPO is the 15-minute bound
 * S3 Replication Time Control guarantees, the weakest default store.
 */
export function defaultObjectives(
    strategy: Strategy,
    stores: readonly DataStoreKind[] = [],
): Objectives {
    const floor = personInLoopSeconds(stores);
    const rtoSeconds =
        strategyRtoBands.find((band) => band >= strategyRtoSeconds[strategy] && band > floor) ??
        strategyRtoBands[strategyRtoBands.length - 1];
    return { rtoSeconds, rpoSeconds: 900 };
}

const strategyRtoSeconds: Record<Strategy, number> = {
    "active-active": 300,
    "warm-standby": 900,
    "pilot-light": 1800,
    "active-passive": 3600,
};
const strategyRtoBands = [...new Set(Object.values(strategyRtoSeconds))].sort((a, b) => a - b);

/**
 * How long the writer's promotion takes when a person must start it, before anything else of the
 * failover (detection, DNS) is counted: the budget's operator response plus the slowest store's
 * promotion. Neither store fails over across Regions by itself: an Aurora global database is
 * failed over by `FailoverGlobalCluster`, "RTO can be in the order of minutes"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html),
 * and an RDS replica is promoted by a call that "can take several minutes or longer"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html); the
 * Region switch plan that makes those calls is started and approved by a person. DynamoDB and S3
 * replicas take writes as they are (0).
 */
export function personInLoopSeconds(stores: readonly DataStoreKind[]): number {
    const promotion = Math.max(
        0,
        ...(stores.includes("rds") ? [defaultAssumptions.rdsPromotionSeconds] : []),
        ...(stores.includes("aurora") ? [facts.auroraGlobalFailover.seconds] : []),
    );
    return promotion === 0 ? 0 : defaultAssumptions.operatorResponseSeconds + promotion;
}

/** The routing mode a strategy uses unless config says otherwise. */
export function defaultRoutingMode(strategy: Strategy): RoutingMode {
    return strategy === "active-active" ? "dns-latency" : "dns-failover";
}

/**
 * Defaults that follow other keys (the `defaultText` of their fields says how). The parser
 * applies them under the static defaults, so a stack's own value always wins.
 */
export interface DerivedDefaultInput {
    strategy: Strategy;
    data?: { stores?: readonly DataStoreKind[] };
}

export const derivedDefaults: Partial<
    Record<ProjectKey, (config: DerivedDefaultInput) => Record<string, unknown>>
> = {
    routing: ({ strategy }) => ({ mode: defaultRoutingMode(strategy) }),
    objectives: ({ strategy, data }) => defaultObjectives(strategy, data?.stores ?? []),
};
