import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { asBoolean, asNumber, asString, get, UnknownTracker } from "../lib/props";
import { replicationGraph } from "../lib/replication";
import { bucketUses, notAppData } from "../lib/app-data";
import { ProtectionRule, describe, storeRow } from "../lib/catalog";
import { bucketVersioningTypes, tableReplicaType, tableType } from "../lib/types";

/** Defaults of `data-protection`'s config. */
export const dataProtectionDefaults = {
    /** A week of backups lets a bad write be found and undone after a weekend. */
    minBackupRetentionDays: 7,
};

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
        "Data stores are protected against deletion and bad writes, as the pack's store table says per type: deletion protection (RDS, Aurora, DocumentDB, Neptune and their global clusters, DynamoDB, Aurora DSQL), point-in-time recovery on DynamoDB, backups kept at least minBackupRetentionDays and no skipped final snapshot (RDS, Aurora, DocumentDB, Neptune), and versioning on S3 buckets that hold application data.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set deletionProtection (RDS, Aurora, DocumentDB, Neptune, global clusters) or deletionProtectionEnabled (DynamoDB, Aurora DSQL) to true, enable pointInTimeRecovery on DynamoDB tables and replicas, set backupRetentionPeriod to at least minBackupRetentionDays, leave skipFinalSnapshot false with a finalSnapshotIdentifier, and add an aws.s3.BucketVersioning with status Enabled for each bucket.",
    url: "https://docs.aws.amazon.com/prescriptive-guidance/latest/backup-recovery/welcome.html",
    configSchema: schemaFor(
        dataProtectionDefaults,
        {
            minBackupRetentionDays:
                "Fewest days of automated backups RDS instances and Aurora, DocumentDB and Neptune clusters must keep.",
        },
        { minBackupRetentionDays: { minimum: 1, maximum: 35 } },
    ),
    validateStack: (args, reportViolation) => {
        const { minBackupRetentionDays } = configWithDefaults(args, dataProtectionDefaults);
        const graph = replicationGraph(args.resources);
        const uses = bucketUses(args.resources, graph);
        const unknowns = new UnknownTracker();
        for (const resource of args.resources) {
            unknowns.guard(() => {
                const rule = storeRow(resource.type)?.protection;
                if (!rule || "none" in rule || notAppData(resource, uses, "protection")) {
                    return;
                }
                for (const message of protectionGaps(resource, rule, {
                    minBackupRetentionDays,
                    replica: graph.replicas.has(resource),
                    resources: args.resources,
                })) {
                    reportViolation(message, resource.urn);
                }
            });
        }
        unknowns.rethrow();
    },
};

/** What `resource` lacks of `rule`, one message each. */
export function protectionGaps(
    resource: PolicyResource,
    rule: ProtectionRule,
    context: {
        minBackupRetentionDays: number;
        /** A read replica or global secondary: restored from its source, never snapshotted. */
        replica: boolean;
        resources: readonly PolicyResource[];
    },
): string[] {
    const p = resource.props;
    const what = describe(resource);
    const gaps: string[] = [];
    if (rule.deletionProtection && asBoolean(p[rule.deletionProtection]) !== true) {
        const consequence = [tableType, tableReplicaType].includes(resource.type)
            ? "a delete removes the table and its data"
            : "one API call or a replaced resource deletes the database";
        gaps.push(
            `Set ${rule.deletionProtection} to true on ${what}: it is ${JSON.stringify(asBoolean(p[rule.deletionProtection]) ?? false)}, so ${consequence}.`,
        );
    }
    if (rule.pointInTimeRecovery && asBoolean(get(p, ...rule.pointInTimeRecovery)) !== true) {
        gaps.push(
            `Enable point-in-time recovery on ${what} (${rule.pointInTimeRecovery.join(".")}: true): without it a bad write or delete cannot be rolled back, and replication copies it to every region.`,
        );
    }
    if (rule.backups && !context.replica) {
        const days = asNumber(p[rule.backups.input]) ?? rule.backups.defaultDays;
        if (days < context.minBackupRetentionDays) {
            gaps.push(
                `Raise ${rule.backups.input} on ${what} from ${days} to ${context.minBackupRetentionDays} days or more: shorter retention can expire the last good backup before a bad write is noticed.`,
            );
        }
    }
    // AWS takes no final snapshot of a read replica and fails its deletion if asked for one
    // (DeleteDBInstance), so a replica must skip it.
    if (rule.finalSnapshot && !context.replica && asBoolean(p.skipFinalSnapshot) === true) {
        gaps.push(
            `Set skipFinalSnapshot to false on ${what} and give a finalSnapshotIdentifier: deleting it now leaves no snapshot to restore from.`,
        );
    }
    if (rule.versioning && !bucketVersioned(resource, context.resources)) {
        gaps.push(
            `Enable versioning on ${what} with an aws.s3.BucketVersioning whose status is Enabled: without it an overwrite or delete destroys the only copy, and S3 replication requires it.`,
        );
    }
    return gaps;
}
