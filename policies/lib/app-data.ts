/**
 * Which data stores hold application data. Platform patterns keep some stores in one region on
 * purpose: buckets that only receive logs (AWS requires an ALB's access-log bucket in the load
 * balancer's region, and flow logs and S3 server access logs are per-region by design), and
 * stores a team tags as regional. Treating those as unreplicated application data blocks good
 * designs, so the replication policies leave them out.
 */
import { asArray, asString, get, tagsOf, unlessUnknown } from "./props";
import { GraphResource, ReplicationGraph } from "./replication";

/**
 * The tag that declares a store regional on purpose (its data is per-region by design, like a
 * cache or a region's own scratch space): `multi-region-failover:regional = "true"`.
 */
export const regionalTag = "multi-region-failover:regional";

/** Whether the store carries `regionalTag` = "true" (in `tags` or `tagsAll`). */
export function isRegionalOnPurpose(resource: GraphResource): boolean {
    return unlessUnknown(() => {
        const tags = { ...tagsOf(get(resource.props, "tagsAll")), ...tagsOf(resource.props.tags) };
        return tags[regionalTag]?.toLowerCase() === "true";
    }, false);
}

/** Where a resource sends logs to S3, and the property that says so (for messages). */
interface LogSink {
    /** Bucket reference as written: a name, an ARN (maybe with a prefix) or a bucket domain. */
    ref: unknown;
    /** The property path through which the bucket is referenced. */
    via: string;
}

/** The buckets a resource delivers logs to, by type. */
function logSinks(resource: GraphResource): LogSink[] {
    const p = resource.props;
    switch (resource.type) {
        case "aws:lb/loadBalancer:LoadBalancer":
        case "aws:alb/loadBalancer:LoadBalancer":
            return [
                { ref: get(p, "accessLogs", "bucket"), via: "accessLogs.bucket" },
                { ref: get(p, "connectionLogs", "bucket"), via: "connectionLogs.bucket" },
            ];
        case "aws:elb/loadBalancer:LoadBalancer":
            return [{ ref: get(p, "accessLogs", "bucket"), via: "accessLogs.bucket" }];
        case "aws:cloudfront/distribution:Distribution":
            return [{ ref: get(p, "loggingConfig", "bucket"), via: "loggingConfig.bucket" }];
        case "aws:s3/bucketLogging:BucketLogging":
        case "aws:s3/bucketLoggingV2:BucketLoggingV2":
            return [{ ref: get(p, "targetBucket"), via: "targetBucket" }];
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            return asArray(get(p, "loggings")).map((l) => ({
                ref: get(l, "targetBucket"),
                via: "loggings.targetBucket",
            }));
        case "aws:ec2/flowLog:FlowLog":
            return asString(get(p, "logDestinationType")) === "s3"
                ? [{ ref: get(p, "logDestination"), via: "logDestination" }]
                : [];
        case "aws:cloudtrail/trail:Trail":
            return [{ ref: get(p, "s3BucketName"), via: "s3BucketName" }];
        default:
            return [];
    }
}

/** A bucket name from an ARN with an optional key prefix, or a bucket's S3 domain name. */
export function bucketNameOf(ref: string): string {
    let name = ref;
    if (name.startsWith("arn:aws:s3:::")) {
        name = name.slice("arn:aws:s3:::".length).split("/")[0];
    }
    const domain = /^(.+?)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com\.?$/.exec(name);
    return domain ? domain[1] : name;
}

/**
 * Buckets that only receive logs: each is the log destination of a load balancer, CloudFront
 * distribution, S3 server access logging, VPC flow log or CloudTrail trail in `resources`.
 * Maps the bucket to what writes to it, for messages.
 */
export function logOnlyBuckets(
    resources: readonly GraphResource[],
    graph: ReplicationGraph,
): Map<GraphResource, string> {
    const found = new Map<GraphResource, string>();
    for (const resource of resources) {
        for (const sink of unlessUnknown(() => logSinks(resource), [])) {
            const bucket = unlessUnknown(() => {
                const ref = asString(sink.ref);
                if (ref) {
                    return graph.lookup(ref) ?? graph.lookup(bucketNameOf(ref));
                }
                const key = sink.via.split(".")[0];
                return (resource.propertyDependencies?.[key] ?? []).find((d) =>
                    d.type.startsWith("aws:s3/bucket"),
                );
            }, undefined);
            if (bucket && !found.has(bucket)) {
                found.set(bucket, `${resource.name} (${sink.via})`);
            }
        }
    }
    return found;
}

/** Why a store is not application data that must follow compute, or `undefined` if it is. */
export function notAppData(
    store: GraphResource,
    logBuckets: ReadonlyMap<GraphResource, string>,
): string | undefined {
    if (isRegionalOnPurpose(store)) {
        return `tagged ${regionalTag}=true`;
    }
    const writer = logBuckets.get(store);
    return writer ? `receives logs only, from ${writer}` : undefined;
}
