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

/** S3 replication: a role, and versioning enabled on the source and every destination bucket. */
export const bucketReplicationConfig: Constraint = ({ resource, all }) => {
    const i = resource.inputs;
    const problems: string[] = [];
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
        const rtc = get(rule, "destination", "replicationTime", "status") === "Enabled";
        const metrics = get(rule, "destination", "metrics", "status") === "Enabled";
        if (rtc && !metrics) {
            problems.push(
                `rule ${JSON.stringify(get(rule, "id") ?? "")} enables Replication Time Control without replication metrics, which RTC requires (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html)`,
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
