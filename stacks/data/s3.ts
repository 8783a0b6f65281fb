/**
 * S3: a bucket in every region. Replication between them is configured by the global stack
 * (stacks/replication.ts), never here: a failover updates a secondary, and must not need the
 * primary's region.
 */
import { S3ReplicatedBucket } from "../../components/data/s3ReplicatedBucket";
import { DataStore } from "./store";

export const s3: DataStore<"s3"> = {
    credentials: false,

    /** The primary's replicated bucket. */
    primary({ config: { data, region }, opts, key, entry }) {
        const bucket = new S3ReplicatedBucket(`s3-${region}`, { kmsKeyArn: key.arn }, opts);
        return {
            manifest: entry(
                "s3",
                bucket.bucketName,
                bucket.arn,
                data.s3ReplicationTimeControl ? "s3-crr-rtc" : "s3-crr",
            ),
            contract: {
                bucketName: bucket.bucketName,
                bucketArn: bucket.arn,
                kmsKeyArn: key.arn,
                replicationTimeControl: data.s3ReplicationTimeControl,
                deleteMarkerReplication: data.s3DeleteMarkerReplication,
            },
            handles: { bucketName: bucket.bucketName, bucketArn: bucket.arn, kmsKeyArn: key.arn },
        };
    },

    /** This region's bucket, where the global stack replicates the primary's bucket to. */
    secondary({ config: { data, region }, opts, key, source, entry }) {
        const bucket = new S3ReplicatedBucket(`s3-${region}`, { kmsKeyArn: key.arn }, opts);
        return {
            manifest: entry(
                "s3",
                bucket.bucketName,
                bucket.arn,
                data.s3ReplicationTimeControl ? "s3-crr-rtc" : "s3-crr",
                source.s3!.bucketArn,
            ),
            contract: { bucketName: bucket.bucketName, bucketArn: bucket.arn, kmsKeyArn: key.arn },
            handles: { bucketName: bucket.bucketName, bucketArn: bucket.arn, kmsKeyArn: key.arn },
        };
    },
};
