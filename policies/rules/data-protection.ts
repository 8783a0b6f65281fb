import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { asBoolean, asNumber, asString, get, UnknownTracker } from "../lib/props";
import { replicationGraph } from "../lib/replication";
import {
    bucketTypes,
    bucketVersioningTypes,
    clusterType,
    dbInstanceType,
    describe,
    globalClusterType,
    tableReplicaType,
    tableType,
} from "../lib/types";

/** Defaults of `data-protection`'s config. */
export const dataProtectionDefaults = {
    /** A week of backups lets a bad write be found and undone after a weekend. */
    minBackupRetentionDays: 7,
};

/** RDS and Aurora keep 1 day of automated backups when backupRetentionPeriod is not set. */
const defaultBackupRetentionDays = 1;

function bucketVersioned(bucket: PolicyResource, resources: readonly PolicyResource[]): boolean {
    if (asBoolean(get(bucket.props, "versioning", "enabled")) === true) {
        return true;
    }
    const names = ["bucket", "id", "arn"]
        .map((k) => asString(get(bucket.props, k)))
        .filter((v): v is string => v !== undefined);
    return resources.some(
        (r) =>
            bucketVersioningTypes.includes(r.type) &&
            (names.includes(asString(r.props.bucket) ?? "\0") ||
                (r.propertyDependencies?.bucket ?? []).some((d) => d.urn === bucket.urn)) &&
            asString(get(r.props, "versioningConfiguration", "status")) === "Enabled",
    );
}

/**
 * Replication copies mistakes as fast as data: a dropped table or deleted object is gone in
 * every region. Deletion protection, point-in-time recovery, backups and versioning are what
 * make a region's data recoverable.
 */
export const dataProtection: StackValidationPolicy = {
    name: "data-protection",
    description:
        "Data stores are protected against deletion and bad writes: deletion protection on RDS, Aurora and DynamoDB, point-in-time recovery on DynamoDB, backups kept at least minBackupRetentionDays, no skipped final snapshot, and versioning on S3 buckets.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set deletionProtection (RDS, Aurora, global clusters) or deletionProtectionEnabled (DynamoDB) to true, enable pointInTimeRecovery on DynamoDB tables and replicas, set backupRetentionPeriod to at least minBackupRetentionDays, leave skipFinalSnapshot false with a finalSnapshotIdentifier, and add an aws.s3.BucketVersioning with status Enabled for each bucket.",
    url: "https://docs.aws.amazon.com/prescriptive-guidance/latest/backup-recovery/welcome.html",
    configSchema: schemaFor(
        dataProtectionDefaults,
        {
            minBackupRetentionDays:
                "Fewest days of automated backups RDS instances and Aurora clusters must keep.",
        },
        { minBackupRetentionDays: { minimum: 1, maximum: 35 } },
    ),
    validateStack: (args, reportViolation) => {
        const { minBackupRetentionDays } = configWithDefaults(args, dataProtectionDefaults);
        const graph = replicationGraph(args.resources);
        const unknowns = new UnknownTracker();
        for (const resource of args.resources) {
            unknowns.guard(() => {
                const p = resource.props;
                const what = describe(resource);
                const report = (message: string) => reportViolation(message, resource.urn);
                if ([dbInstanceType, clusterType, globalClusterType].includes(resource.type)) {
                    if (asBoolean(p.deletionProtection) !== true) {
                        report(
                            `Set deletionProtection to true on ${what}: it is ${JSON.stringify(asBoolean(p.deletionProtection) ?? false)}, so one API call or a replaced resource deletes the database.`,
                        );
                    }
                }
                if (resource.type === dbInstanceType || resource.type === clusterType) {
                    // Read replicas and global secondaries are restored from their source.
                    const replica = graph.replicas.has(resource);
                    if (!replica) {
                        const days =
                            asNumber(p.backupRetentionPeriod) ?? defaultBackupRetentionDays;
                        if (days < minBackupRetentionDays) {
                            report(
                                `Raise backupRetentionPeriod on ${what} from ${days} to ${minBackupRetentionDays} days or more: shorter retention can expire the last good backup before a bad write is noticed.`,
                            );
                        }
                    }
                    // AWS takes no final snapshot of a read replica and fails its deletion if
                    // asked for one (DeleteDBInstance), so a replica must skip it.
                    if (!replica && asBoolean(p.skipFinalSnapshot) === true) {
                        report(
                            `Set skipFinalSnapshot to false on ${what} and give a finalSnapshotIdentifier: deleting it now leaves no snapshot to restore from.`,
                        );
                    }
                }
                if (resource.type === tableType || resource.type === tableReplicaType) {
                    if (asBoolean(p.deletionProtectionEnabled) !== true) {
                        report(
                            `Set deletionProtectionEnabled to true on ${what}: it is ${JSON.stringify(asBoolean(p.deletionProtectionEnabled) ?? false)}, so a delete removes the table and its data.`,
                        );
                    }
                    const pitr =
                        resource.type === tableType
                            ? asBoolean(get(p, "pointInTimeRecovery", "enabled"))
                            : asBoolean(p.pointInTimeRecovery);
                    if (pitr !== true) {
                        const field =
                            resource.type === tableType
                                ? "pointInTimeRecovery.enabled"
                                : "pointInTimeRecovery";
                        report(
                            `Enable point-in-time recovery on ${what} (${field}: true): without it a bad write or delete cannot be rolled back, and replication copies it to every region.`,
                        );
                    }
                }
                if (
                    bucketTypes.includes(resource.type) &&
                    !bucketVersioned(resource, args.resources)
                ) {
                    report(
                        `Enable versioning on ${what} with an aws.s3.BucketVersioning whose status is Enabled: without it an overwrite or delete destroys the only copy, and S3 replication requires it.`,
                    );
                }
            });
        }
        unknowns.rethrow();
    },
};
