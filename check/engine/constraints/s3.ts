import { RecordedResource } from "../types";
import { Constraint, get, isSet, list } from "./types";

const replicationDoc =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html";

function bucketName(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    return value.startsWith("arn:aws:s3:::") ? value.slice("arn:aws:s3:::".length) : value;
}

function versioningEnabled(bucket: string, all: readonly RecordedResource[]): boolean {
    return all.some(
        (r) =>
            r.type === "aws:s3/bucketVersioning:BucketVersioning" &&
            bucketName(r.inputs.bucket) === bucket &&
            get(r.inputs, "versioningConfiguration", "status") === "Enabled",
    );
}

const versioningDoc =
    "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html";
const putReplicationDoc =
    "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html";
const replicationConfigDoc =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html";
const rtcDoc =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html";

/** Versioning status is Enabled or Suspended; MFA delete is Enabled or Disabled. */
export const bucketVersioning: Constraint = ({ resource }) => {
    const problems: string[] = [];
    const status = get(resource.inputs, "versioningConfiguration", "status");
    if (status !== "Enabled" && status !== "Suspended") {
        problems.push(
            `versioningConfiguration.status ${JSON.stringify(status ?? null)} must be Enabled or Suspended (${versioningDoc})`,
        );
    }
    const mfa = get(resource.inputs, "versioningConfiguration", "mfaDelete");
    if (mfa !== undefined && mfa !== "Enabled" && mfa !== "Disabled") {
        problems.push(
            `versioningConfiguration.mfaDelete ${JSON.stringify(mfa)} must be Enabled or Disabled (${versioningDoc})`,
        );
    }
    return problems;
};

/** S3 replication: a role, and versioning enabled on the source and every destination bucket. */
export const bucketReplicationConfig: Constraint = ({ resource, all }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const others = all.filter(
        (r) =>
            r.type === resource.type &&
            r.urn !== resource.urn &&
            bucketName(r.inputs.bucket) === bucketName(i.bucket),
    );
    if (others.length > 0) {
        // PutBucketReplication replaces the whole configuration: the last writer wins silently.
        problems.push(
            `bucket ${JSON.stringify(bucketName(i.bucket))} already has a replication configuration from ${others.map((r) => `${r.stack}/${r.name}`).join(", ")}; S3 keeps one per bucket and each put replaces the last (${putReplicationDoc})`,
        );
    }
    if (!isSet(i.role)) {
        problems.push(`replication needs an IAM role that S3 can assume (${replicationDoc})`);
    }
    const rules = list(i.rules);
    if (rules.length === 0) {
        problems.push(`replication needs at least one rule (${replicationDoc})`);
    }
    const source = bucketName(i.bucket);
    if (source && !versioningEnabled(source, all)) {
        problems.push(
            `source bucket ${JSON.stringify(source)} must have versioning Enabled before replication is configured (${replicationDoc})`,
        );
    }
    for (const rule of rules) {
        const destination = bucketName(get(rule, "destination", "bucket"));
        if (!destination) {
            problems.push(
                `rule ${JSON.stringify(get(rule, "id") ?? "")} has no destination bucket (${replicationDoc})`,
            );
        } else if (!versioningEnabled(destination, all)) {
            problems.push(
                `destination bucket ${JSON.stringify(destination)} must have versioning Enabled (${replicationDoc})`,
            );
        }
        if (
            get(rule, "sourceSelectionCriteria", "sseKmsEncryptedObjects", "status") ===
                "Enabled" &&
            !isSet(get(rule, "destination", "encryptionConfiguration", "replicaKmsKeyId"))
        ) {
            problems.push(
                `rule ${JSON.stringify(get(rule, "id") ?? "")} replicates SSE-KMS objects, so its destination needs encryptionConfiguration.replicaKmsKeyId (${putReplicationDoc})`,
            );
        }
        for (const path of [
            ["replicationTime", "time", "minutes"],
            ["metrics", "eventThreshold", "minutes"],
        ]) {
            const minutes = get(rule, "destination", ...path);
            if (minutes !== undefined && minutes !== 15) {
                problems.push(
                    `rule ${JSON.stringify(get(rule, "id") ?? "")} sets destination.${path.join(".")} ${JSON.stringify(minutes)}; the only valid value is 15 (${rtcDoc})`,
                );
            }
        }
        const rtc = get(rule, "destination", "replicationTime", "status") === "Enabled";
        const metrics = get(rule, "destination", "metrics", "status") === "Enabled";
        if (rtc && !metrics) {
            problems.push(
                `rule ${JSON.stringify(get(rule, "id") ?? "")} enables Replication Time Control without replication metrics, which RTC requires (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html)`,
            );
        }
        // RTC exists only in the V2 rule form, the one with a Filter element (a rule without a
        // filter, V1, may carry only a top-level prefix).
        if (rtc && !isSet(get(rule, "filter"))) {
            problems.push(
                `rule ${JSON.stringify(get(rule, "id") ?? "")} enables Replication Time Control without a filter: RTC is part of the V2 rule form, which needs a filter (filter: {} for the whole bucket, or filter: { prefix }) and deleteMarkerReplication in place of the V1 prefix (${replicationConfigDoc})`,
            );
        }
        if (isSet(get(rule, "filter")) && !isSet(get(rule, "deleteMarkerReplication"))) {
            problems.push(
                `rule ${JSON.stringify(get(rule, "id") ?? "")} uses a filter, so it must state deleteMarkerReplication (${replicationDoc})`,
            );
        }
    }
    return problems;
};
