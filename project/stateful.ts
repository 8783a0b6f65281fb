/**
 * Which resources hold data that a delete or a replacement loses, and which of their inputs
 * make the provider replace them (ForceNew in the AWS provider's schema). Shared by
 * `check --baseline` and `deploy up`'s preview gate.
 */

/** Stateful types: databases, tables, replicas, buckets, keys and secrets. */
export const statefulTypes: Record<string, string> = {
    "aws:rds/cluster:Cluster": "database",
    "aws:rds/instance:Instance": "database",
    "aws:rds/globalCluster:GlobalCluster": "database",
    "aws:docdb/cluster:Cluster": "database",
    "aws:neptune/cluster:Cluster": "database",
    "aws:elasticache/replicationGroup:ReplicationGroup": "database",
    "aws:dynamodb/table:Table": "table",
    "aws:dynamodb/tableReplica:TableReplica": "replica",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:efs/fileSystem:FileSystem": "file system",
    "aws:kms/key:Key": "key",
    "aws:kms/replicaKey:ReplicaKey": "key",
    "aws:secretsmanager/secret:Secret": "secret",
};

/**
 * Inputs whose change replaces the resource (ForceNew in the provider schema), so its data is
 * gone: the new resource starts empty.
 */
export const replaceTriggers: Record<string, readonly string[]> = {
    "aws:rds/cluster:Cluster": [
        "clusterIdentifier",
        "engine",
        "databaseName",
        "masterUsername",
        "storageEncrypted",
        "kmsKeyId",
        "dbSubnetGroupName",
        "globalClusterIdentifier",
    ],
    "aws:rds/instance:Instance": [
        "identifier",
        "engine",
        "dbName",
        "storageEncrypted",
        "kmsKeyId",
        "availabilityZone",
        "characterSetName",
    ],
    "aws:rds/globalCluster:GlobalCluster": [
        "globalClusterIdentifier",
        "engine",
        "databaseName",
        "storageEncrypted",
    ],
    "aws:dynamodb/table:Table": ["name", "hashKey", "rangeKey"],
    "aws:dynamodb/tableReplica:TableReplica": ["globalTableArn"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix"],
    "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix"],
    "aws:efs/fileSystem:FileSystem": ["encrypted", "kmsKeyId", "performanceMode"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keySpec", "multiRegion"],
    "aws:kms/replicaKey:ReplicaKey": ["primaryKeyArn"],
    "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
};

/** What a lost resource is, for messages: "table", "bucket", or "protected resource". */
export function kindOf(type: string, protect: boolean): string | undefined {
    return statefulTypes[type] ?? (protect ? "protected resource" : undefined);
}

/** The logical name in a URN (its last `::` part). */
export function nameOfUrn(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}
