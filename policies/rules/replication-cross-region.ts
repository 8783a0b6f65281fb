import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { asArray, asBoolean, asString, get, UnknownTracker, unlessUnknown } from "../lib/props";
import { regionOf, regionOfArn } from "../lib/region";
import { GraphResource, replicationGraph } from "../lib/replication";
import {
    bucketVersioningTypes,
    clusterType,
    globalClusterType,
    tableReplicaType,
    tableType,
} from "../lib/types";
import { describe } from "../lib/catalog";

/** Defaults of `replication-cross-region`'s config. */
export const replicationCrossRegionDefaults = {
    /**
     * Recovery point objective in seconds. S3 Replication Time Control replicates 99.99% of
     * objects within 15 minutes; below that objective, replication without RTC has no bound.
     */
    rpoSeconds: 900,
};

/** S3 RTC's replication time SLA, in seconds. */
const rtcSeconds = 900;

/** Whether a bucket has versioning enabled: a BucketVersioning resource, or the inline form. */
function versioningEnabled(bucket: GraphResource, resources: readonly PolicyResource[]): boolean {
    const names = ["bucket", "id", "arn"].map((k) =>
        unlessUnknown(() => asString(get(bucket.props, k)), undefined),
    );
    const inline = unlessUnknown(
        () => asBoolean(get(bucket.props, "versioning", "enabled")),
        undefined,
    );
    if (inline === true) {
        return true;
    }
    return resources.some((r) =>
        unlessUnknown(() => {
            if (!bucketVersioningTypes.includes(r.type)) {
                return false;
            }
            const target = asString(r.props.bucket);
            const linked =
                (target !== undefined && names.includes(target)) ||
                (r.propertyDependencies?.bucket ?? []).some((d) => d.urn === bucket.urn);
            return (
                linked && asString(get(r.props, "versioningConfiguration", "status")) === "Enabled"
            );
        }, true),
    );
}

/**
 * Replication that stays in one region, or that S3 cannot perform, protects nothing against a
 * regional failure. S3 replication must cross regions with versioning on both ends (and RTC
 * when the RPO is tight); DynamoDB replicas and Aurora secondaries must be in other regions.
 */
export const replicationCrossRegion: StackValidationPolicy = {
    name: "replication-cross-region",
    description:
        "Replication must reach another region: S3 replication destinations, DynamoDB replicas and Aurora global database secondaries are in a different region from their source; S3 replication has versioning on both buckets, and Replication Time Control when rpoSeconds is below 900.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Put replicas in another region (a provider or the per-resource region input for that region). Enable versioning (aws.s3.BucketVersioning, status Enabled) on the source and destination buckets. When the RPO is below 15 minutes, enable replicationTime and metrics on each S3 replication rule.",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html",
    configSchema: schemaFor(
        replicationCrossRegionDefaults,
        {
            rpoSeconds:
                "Recovery point objective in seconds; below 900, S3 replication rules must enable Replication Time Control.",
        },
        { rpoSeconds: { minimum: 0 } },
    ),
    validateStack: (args, reportViolation) => {
        const { rpoSeconds } = configWithDefaults(args, replicationCrossRegionDefaults);
        const graph = replicationGraph(args.resources);
        const unknowns = new UnknownTracker();
        for (const rep of graph.s3Replications) {
            unknowns.guard(() => {
                const rule = rep.ruleId ? `rule ${JSON.stringify(rep.ruleId)} of ` : "";
                const where = `${rule}replication "${rep.declaredBy.name}"`;
                // S3 applies a replication configuration in the source bucket's region, so when
                // the source bucket belongs to another stack the configuration's region is its.
                const sourceRegion = graph.regionOf(rep.source ?? rep.declaredBy);
                const sourceName =
                    rep.source?.name ?? asString(get(rep.declaredBy.props, "bucket")) ?? "";
                const destinationRegion = rep.destination
                    ? graph.regionOf(rep.destination)
                    : undefined;
                if (sourceRegion && destinationRegion === sourceRegion) {
                    reportViolation(
                        `Move the destination of ${where} to another region: bucket ${JSON.stringify(rep.destination!.name)} is in ${destinationRegion}, the same region as source bucket ${JSON.stringify(sourceName)}, so a regional failure loses both copies. Create the destination bucket with a provider (or region) for the recovery region.`,
                        rep.declaredBy.urn,
                    );
                }
                for (const [role, bucket] of [
                    ["source", rep.source],
                    ["destination", rep.destination],
                ] as const) {
                    if (bucket && !versioningEnabled(bucket, args.resources)) {
                        reportViolation(
                            `Enable versioning on ${role} bucket ${JSON.stringify(bucket.name)} of ${where} with an aws.s3.BucketVersioning whose status is Enabled: S3 replicates only from and to versioned buckets.`,
                            rep.declaredBy.urn,
                        );
                    }
                }
                if (rpoSeconds < rtcSeconds) {
                    const rtc = asString(get(rep.rule, "destination", "replicationTime", "status"));
                    if (rtc !== "Enabled") {
                        reportViolation(
                            `Enable Replication Time Control (destination.replicationTime and destination.metrics, status Enabled) on ${where}: rpoSeconds is ${rpoSeconds}, and without RTC S3 gives no bound on replication time (RTC replicates 99.99% of objects within 15 minutes).`,
                            rep.declaredBy.urn,
                        );
                    }
                }
            });
        }
        for (const resource of args.resources) {
            unknowns.guard(() => {
                const region = regionOf(resource);
                if (resource.type === tableType && region) {
                    for (const replica of asArray(get(resource.props, "replicas"))) {
                        if (asString(get(replica, "regionName")) === region) {
                            reportViolation(
                                `Set replicas regionName of ${describe(resource)} to a region other than ${region}: a replica in the table's own region is not a cross-region copy.`,
                                resource.urn,
                            );
                        }
                    }
                }
                if (resource.type === tableReplicaType) {
                    const sourceArn = asString(resource.props.globalTableArn);
                    const source = graph.lookup(sourceArn);
                    const sourceRegion =
                        (source && graph.regionOf(source)) ?? regionOfArn(sourceArn);
                    if (region && sourceRegion === region) {
                        reportViolation(
                            `Create ${describe(resource)} in another region: it is in ${region}, the source table's own region, so it does not survive a regional failure.`,
                            resource.urn,
                        );
                    }
                }
                if (resource.type === clusterType) {
                    const source = asString(resource.props.replicationSourceIdentifier);
                    const sourceRegion =
                        regionOfArn(source) ??
                        (graph.lookup(source) && graph.regionOf(graph.lookup(source)!));
                    if (source && region && sourceRegion === region) {
                        reportViolation(
                            `Create ${describe(resource)} in another region: its replicationSourceIdentifier ${JSON.stringify(source)} is in ${region} too, so the replica does not survive a regional failure.`,
                            resource.urn,
                        );
                    }
                }
            });
        }
        for (const group of graph.groups.filter((g) => g.kind === "aurora")) {
            unknowns.guard(() => {
                const clusters = group.members.filter((m) => m.type === clusterType);
                const hasGlobal =
                    group.members.some((m) => m.type === globalClusterType) ||
                    clusters.some((c) => asString(c.props.globalClusterIdentifier) !== undefined);
                if (!hasGlobal) {
                    return;
                }
                const byRegion = new Map<string, GraphResource[]>();
                for (const cluster of clusters) {
                    const region = graph.regionOf(cluster);
                    if (region) {
                        byRegion.set(region, [...(byRegion.get(region) ?? []), cluster]);
                    }
                }
                for (const [region, members] of byRegion) {
                    if (members.length > 1) {
                        reportViolation(
                            `Move the Aurora secondary ${members
                                .slice(1)
                                .map((m) => JSON.stringify(m.name))
                                .join(
                                    ", ",
                                )} out of ${region}: clusters ${members.map((m) => JSON.stringify(m.name)).join(" and ")} of one global database are all in ${region}, so the global database has no copy in another region.`,
                            members[1].urn,
                        );
                    }
                }
            });
        }
        unknowns.rethrow();
    },
};
