/**
 * Which data stores hold application data. Platform patterns keep some stores in one region on
 * purpose: buckets that only receive logs (AWS requires an ALB's access-log bucket in the load
 * balancer's region, and flow logs and S3 server access logs are per-region by design), and
 * stores a team tags as regional. Treating those as unreplicated application data blocks good
 * designs, so the replication policies leave them out.
 */
import { asArray, asString, get, tagsOf, unlessUnknown } from "./props";
import { regionalTag } from "./evidence";
import { GraphResource, ReplicationGraph } from "./replication";

export { regionalTag };

/** Whether the store carries `regionalTag` = "true" (in `tags` or `tagsAll`). */
export function isRegionalOnPurpose(resource: GraphResource): boolean {
    return unlessUnknown(() => {
        const tags = { ...tagsOf(get(resource.props, "tagsAll")), ...tagsOf(resource.props.tags) };
        return tags[regionalTag]?.toLowerCase() === "true";
    }, false);
}

/**
 * What a bucket is used for, when a resource of the program says so. Decided by this table (the
 * writer's type and the property that names the bucket), never by the bucket's name:
 *
 * - `logs`: it receives logs (AWS requires an ALB's access-log bucket in the load balancer's
 *   region; flow logs, CloudTrail and S3 server access logs are per-region by design);
 * - `scratch`: query results or job scratch space, rewritten by the next query or run;
 * - `artifacts`: build and deployment artifacts, written again by the next build or deployment;
 * - `program-content`: objects the program itself uploads (assets, archives, a website), which
 *   the next deployment uploads again.
 */
export type BucketRole = "logs" | "scratch" | "artifacts" | "program-content";

/** One row: a writer type, the property that names the bucket, and the role it gives it. */
export interface BucketUse {
    type: string;
    /** The property path as written in docs and messages; `[]` marks each element of a list. */
    via: string;
    role: BucketRole;
}

export const bucketUseTable: readonly BucketUse[] = [
    { type: "aws:lb/loadBalancer:LoadBalancer", via: "accessLogs.bucket", role: "logs" },
    { type: "aws:lb/loadBalancer:LoadBalancer", via: "connectionLogs.bucket", role: "logs" },
    { type: "aws:alb/loadBalancer:LoadBalancer", via: "accessLogs.bucket", role: "logs" },
    { type: "aws:alb/loadBalancer:LoadBalancer", via: "connectionLogs.bucket", role: "logs" },
    { type: "aws:elb/loadBalancer:LoadBalancer", via: "accessLogs.bucket", role: "logs" },
    { type: "aws:cloudfront/distribution:Distribution", via: "loggingConfig.bucket", role: "logs" },
    { type: "aws:s3/bucketLogging:BucketLogging", via: "targetBucket", role: "logs" },
    { type: "aws:s3/bucketLoggingV2:BucketLoggingV2", via: "targetBucket", role: "logs" },
    { type: "aws:s3/bucket:Bucket", via: "loggings[].targetBucket", role: "logs" },
    { type: "aws:s3/bucketV2:BucketV2", via: "loggings[].targetBucket", role: "logs" },
    { type: "aws:ec2/flowLog:FlowLog", via: "logDestination", role: "logs" },
    { type: "aws:cloudtrail/trail:Trail", via: "s3BucketName", role: "logs" },
    { type: "aws:cfg/deliveryChannel:DeliveryChannel", via: "s3BucketName", role: "logs" },
    {
        type: "aws:athena/workgroup:Workgroup",
        via: "configuration.resultConfiguration.outputLocation",
        role: "scratch",
    },
    { type: "aws:athena/database:Database", via: "bucket", role: "scratch" },
    { type: "aws:glue/job:Job", via: "command.scriptLocation", role: "scratch" },
    { type: "aws:lambda/function:Function", via: "s3Bucket", role: "artifacts" },
    { type: "aws:lambda/layerVersion:LayerVersion", via: "s3Bucket", role: "artifacts" },
    {
        type: "aws:elasticbeanstalk/applicationVersion:ApplicationVersion",
        via: "bucket",
        role: "artifacts",
    },
    {
        type: "aws:codepipeline/pipeline:Pipeline",
        via: "artifactStores[].location",
        role: "artifacts",
    },
    { type: "aws:codebuild/project:Project", via: "artifacts.location", role: "artifacts" },
    { type: "aws:codebuild/project:Project", via: "cache.location", role: "artifacts" },
    { type: "aws:s3/bucketObject:BucketObject", via: "bucket", role: "program-content" },
    { type: "aws:s3/bucketObjectv2:BucketObjectv2", via: "bucket", role: "program-content" },
    { type: "synced-folder:index:S3BucketFolder", via: "bucketName", role: "program-content" },
];

/** What each role means, for messages and docs. */
export const bucketRoleLabels: Readonly<Record<BucketRole, string>> = {
    logs: "receives logs only",
    scratch: "holds query results or job scratch space only",
    artifacts: "holds build or deployment artifacts only",
    "program-content": "holds only objects the program uploads",
};

/** The values at a `via` path (`a.b`, `list[].c`). */
function valuesAt(props: unknown, via: string): unknown[] {
    let nodes: unknown[] = [props];
    for (const part of via.split(".")) {
        const each = part.endsWith("[]");
        const key = each ? part.slice(0, -2) : part;
        nodes = nodes.flatMap((n) => (each ? asArray(get(n, key)) : [get(n, key)]));
    }
    return nodes;
}

/** A bucket name from an ARN with an optional key prefix, an s3:// URL or an S3 domain name. */
export function bucketNameOf(ref: string): string {
    let name = ref;
    if (name.startsWith("arn:aws:s3:::")) {
        name = name.slice("arn:aws:s3:::".length).split("/")[0];
    }
    if (name.startsWith("s3://")) {
        name = name.slice("s3://".length).split("/")[0];
    }
    const domain = /^(.+?)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com\.?$/.exec(name);
    return domain ? domain[1] : name;
}

/** Which buckets the program's resources give a role, and which resource did (for messages). */
export type BucketUses = Map<GraphResource, { roles: Set<BucketRole>; by: string }>;

/** The roles `resources` give the buckets in `graph`, from `bucketUseTable`. */
export function bucketUses(
    resources: readonly GraphResource[],
    graph: ReplicationGraph,
): BucketUses {
    const found: BucketUses = new Map();
    for (const resource of resources) {
        for (const use of bucketUseTable.filter((u) => u.type === resource.type)) {
            if (
                resource.type === "aws:ec2/flowLog:FlowLog" &&
                unlessUnknown(() => asString(get(resource.props, "logDestinationType")), "") !==
                    "s3"
            ) {
                continue;
            }
            const refs = unlessUnknown(() => valuesAt(resource.props, use.via), []);
            const known = refs.map((ref) => unlessUnknown(() => asString(ref), undefined));
            const buckets = known.some((k) => k !== undefined)
                ? known.map((ref) =>
                      ref ? (graph.lookup(ref) ?? graph.lookup(bucketNameOf(ref))) : undefined,
                  )
                : // A value not known yet: the bucket the property depends on.
                  (resource.propertyDependencies?.[use.via.split(/[.[]/)[0]] ?? []).filter((d) =>
                      d.type.startsWith("aws:s3/bucket"),
                  );
            for (const bucket of buckets) {
                if (!bucket) {
                    continue;
                }
                const entry = found.get(bucket) ?? {
                    roles: new Set<BucketRole>(),
                    by: `${resource.name} (${use.via})`,
                };
                entry.roles.add(use.role);
                found.set(bucket, entry);
            }
        }
    }
    return found;
}

/** The roles that take a bucket out of each policy. */
const excludedRoles: Readonly<Record<"replication" | "protection", readonly BucketRole[]>> = {
    // Program content stays judged for replication: a deployment can upload it again, but only
    // a deployment, and the other region has no copy until then.
    replication: ["logs", "scratch", "artifacts"],
    protection: ["logs", "scratch", "artifacts", "program-content"],
};

/**
 * Why a store is not application data for `policy`, or `undefined` if it is: tagged regional
 * on purpose, or a bucket whose every use in the program is one the policy leaves out.
 */
export function notAppData(
    store: GraphResource,
    uses: BucketUses,
    policy: "replication" | "protection" = "replication",
): string | undefined {
    if (isRegionalOnPurpose(store)) {
        return `tagged ${regionalTag}=true`;
    }
    const use = uses.get(store);
    if (!use || ![...use.roles].every((r) => excludedRoles[policy].includes(r))) {
        return undefined;
    }
    return `${[...use.roles].map((r) => bucketRoleLabels[r]).join(", ")}, from ${use.by}`;
}
