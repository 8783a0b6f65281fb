import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { StackRecord } from "../check/engine/types";
import {
    projectRoot,
    rejection,
    resourceNamed,
    resourcesOf,
    runProject,
    stackOf,
} from "./helpers/engine";

const allStores = 'data.stores=["aurora","rds","dynamodb","s3"]';
const T = {
    key: "aws:kms/key:Key",
    replicaKey: "aws:kms/replicaKey:ReplicaKey",
    globalCluster: "aws:rds/globalCluster:GlobalCluster",
    cluster: "aws:rds/cluster:Cluster",
    clusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    instance: "aws:rds/instance:Instance",
    table: "aws:dynamodb/table:Table",
    tableReplica: "aws:dynamodb/tableReplica:TableReplica",
    bucket: "aws:s3/bucket:Bucket",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    rotation: "aws:secretsmanager/secretRotation:SecretRotation",
    sarStack: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack",
};

/** The primary's `data` contract as recorded, which the secondary's StackReference returns. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function contractOf(primary: StackRecord): any {
    return primary.outputs.data;
}

function pick(inputs: Record<string, unknown>, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(keys.map((k) => [k, inputs[k]]));
}

describe("data layer, all four stores", () => {
    let primary: StackRecord;
    let secondary: StackRecord;
    let global: StackRecord;
    before(async () => {
        const records = await runProject({
            stacks: ["primary", "secondary", "global"],
            overrides: [allStores],
        });
        primary = stackOf(records, "primary");
        secondary = stackOf(records, "secondary");
        global = stackOf(records, "global");
    });

    it("parses a JSON list in a path override", () => {
        assert.deepStrictEqual(
            primary.outputs.dataStores &&
                (primary.outputs.dataStores as { kind: string }[]).map((s) => s.kind),
            ["aurora", "rds", "dynamodb", "s3"],
        );
    });

    it("creates a rotated multi-region primary key in us-east-1 and its replica in us-west-2", () => {
        const key = resourceNamed(primary, T.key, "data-key-us-east-1");
        assert.strictEqual(key.region, "us-east-1");
        assert.deepStrictEqual(
            pick(key.inputs, [
                "multiRegion",
                "enableKeyRotation",
                "rotationPeriodInDays",
                "deletionWindowInDays",
            ]),
            {
                multiRegion: true,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                deletionWindowInDays: 30,
            },
        );
        const replica = resourceNamed(secondary, T.replicaKey, "data-key-us-west-2");
        assert.strictEqual(replica.region, "us-west-2");
        assert.strictEqual(replica.inputs.primaryKeyArn, contractOf(primary).kmsKeyArn);
        assert.strictEqual(replica.inputs.primaryKeyArn, key.outputs.arn);
        const policy = JSON.parse(String(replica.inputs.policy));
        assert.deepStrictEqual(policy.Statement[1].Condition.StringEquals["kms:ViaService"], [
            "rds.us-west-2.amazonaws.com",
            "dynamodb.us-west-2.amazonaws.com",
            "s3.us-west-2.amazonaws.com",
            "secretsmanager.us-west-2.amazonaws.com",
        ]);
    });

    it("creates the Aurora global database encrypted, protected, with a password AWS accepts", () => {
        const keyArn = contractOf(primary).kmsKeyArn;
        const global = resourceNamed(primary, T.globalCluster, "aurora-us-east-1");
        assert.deepStrictEqual(global.inputs, {
            databaseName: "app",
            deletionProtection: true,
            engine: "aurora-postgresql",
            engineVersion: "16.6",
            globalClusterIdentifier: "multi-region-failover-primary",
            storageEncrypted: true,
        });
        const cluster = resourceNamed(primary, T.cluster, "aurora-us-east-1");
        assert.strictEqual(cluster.region, "us-east-1");
        assert.deepStrictEqual(
            pick(cluster.inputs, [
                "globalClusterIdentifier",
                "engine",
                "engineVersion",
                "storageEncrypted",
                "kmsKeyId",
                "deletionProtection",
                "skipFinalSnapshot",
                "finalSnapshotIdentifier",
                "backupRetentionPeriod",
                "manageMasterUserPassword",
                "masterUserSecretKmsKeyId",
                "masterPassword",
                "masterPasswordWo",
                "masterPasswordWoVersion",
            ]),
            {
                globalClusterIdentifier: "multi-region-failover-primary",
                engine: "aurora-postgresql",
                engineVersion: "16.6",
                storageEncrypted: true,
                kmsKeyId: keyArn,
                deletionProtection: true,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: "aurora-us-east-1-final",
                backupRetentionPeriod: 7,
                // Secrets Manager cannot manage a global database's password: a write-only,
                // secret input instead, rotated away by the project's own secret.
                manageMasterUserPassword: undefined,
                masterUserSecretKmsKeyId: undefined,
                masterPassword: undefined,
                masterPasswordWo: "[secret]",
                masterPasswordWoVersion: 1,
            },
        );
        assert.deepStrictEqual(
            resourcesOf(primary, T.clusterInstance).map((i) => [
                i.name,
                i.inputs.clusterIdentifier,
            ]),
            [
                ["aurora-us-east-1-1", cluster.outputs.id],
                ["aurora-us-east-1-2", cluster.outputs.id],
            ],
        );
    });

    it("joins the secondary Aurora cluster to the primary's global cluster without credentials", () => {
        const data = contractOf(primary);
        const cluster = resourceNamed(secondary, T.cluster, "aurora-us-west-2");
        assert.strictEqual(cluster.region, "us-west-2");
        assert.deepStrictEqual(
            pick(cluster.inputs, [
                "globalClusterIdentifier",
                "engine",
                "engineVersion",
                "storageEncrypted",
                "kmsKeyId",
                "deletionProtection",
                "skipFinalSnapshot",
                "finalSnapshotIdentifier",
                "backupRetentionPeriod",
                "masterUsername",
                "masterPassword",
                "manageMasterUserPassword",
            ]),
            {
                globalClusterIdentifier: data.aurora.globalClusterIdentifier,
                engine: data.aurora.engine,
                engineVersion: data.aurora.engineVersion,
                storageEncrypted: true,
                kmsKeyId: resourceNamed(secondary, T.replicaKey, "data-key-us-west-2").outputs.arn,
                deletionProtection: true,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: "aurora-us-west-2-final",
                backupRetentionPeriod: 7,
                masterUsername: undefined,
                masterPassword: undefined,
                manageMasterUserPassword: undefined,
            },
        );
        assert.strictEqual(
            String(cluster.inputs.kmsKeyId).split(":")[3],
            "us-west-2",
            "the secondary cluster is encrypted with its own region's key",
        );
    });

    it("replicates RDS cross-region from the primary's ARN with a key in the replica's region", () => {
        const source = resourceNamed(primary, T.instance, "rds-us-east-1");
        assert.deepStrictEqual(
            pick(source.inputs, [
                "engine",
                "engineVersion",
                "storageEncrypted",
                "manageMasterUserPassword",
                "password",
                "passwordWo",
                "deletionProtection",
                "backupRetentionPeriod",
                "publiclyAccessible",
                "multiAz",
            ]),
            {
                engine: "postgres",
                engineVersion: "16.6",
                storageEncrypted: true,
                manageMasterUserPassword: undefined,
                password: undefined,
                passwordWo: "[secret]",
                deletionProtection: true,
                backupRetentionPeriod: 7,
                publiclyAccessible: false,
                multiAz: true,
            },
        );
        const replica = resourceNamed(secondary, T.instance, "rds-us-west-2");
        assert.strictEqual(replica.region, "us-west-2");
        assert.strictEqual(replica.inputs.replicateSourceDb, contractOf(primary).rds.sourceArn);
        assert.strictEqual(replica.inputs.replicateSourceDb, source.outputs.arn);
        assert.strictEqual(
            replica.inputs.kmsKeyId,
            resourceNamed(secondary, T.replicaKey, "data-key-us-west-2").outputs.arn,
        );
        assert.strictEqual(replica.inputs.storageEncrypted, true);
        assert.strictEqual(replica.inputs.deletionProtection, true);
        // AWS takes no final snapshot of a read replica.
        assert.deepStrictEqual(
            pick(replica.inputs, ["skipFinalSnapshot", "finalSnapshotIdentifier"]),
            {
                skipFinalSnapshot: true,
                finalSnapshotIdentifier: undefined,
            },
        );
    });

    it("creates the DynamoDB table with streams, PITR, deletion protection and KMS, and a replica in us-west-2", () => {
        const table = resourceNamed(primary, T.table, "dynamodb-us-east-1");
        assert.strictEqual(table.region, "us-east-1");
        assert.deepStrictEqual(
            pick(table.inputs, [
                "streamEnabled",
                "streamViewType",
                "pointInTimeRecovery",
                "deletionProtectionEnabled",
                "serverSideEncryption",
                "replicas",
            ]),
            {
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                pointInTimeRecovery: { enabled: true },
                deletionProtectionEnabled: true,
                serverSideEncryption: { enabled: true, kmsKeyArn: contractOf(primary).kmsKeyArn },
                replicas: [],
            },
        );
        const replica = resourceNamed(secondary, T.tableReplica, "dynamodb-us-west-2");
        assert.strictEqual(replica.region, "us-west-2");
        assert.deepStrictEqual(replica.inputs, {
            globalTableArn: contractOf(primary).dynamodb.tableArn,
            kmsKeyArn: resourceNamed(secondary, T.replicaKey, "data-key-us-west-2").outputs.arn,
            pointInTimeRecovery: true,
            deletionProtectionEnabled: true,
        });
    });

    it("versions both buckets; the global stack replicates from the primary's region with RTC and metrics", () => {
        for (const [record, name] of [
            [primary, "s3-us-east-1"],
            [secondary, "s3-us-west-2"],
        ] as const) {
            const versioning = resourceNamed(record, T.versioning, name);
            assert.deepStrictEqual(versioning.inputs.versioningConfiguration, {
                status: "Enabled",
            });
        }
        const destination = resourceNamed(secondary, T.bucket, "s3-us-west-2");
        const replication = resourceNamed(global, T.replication, "s3-replication-us-east-1");
        assert.strictEqual(replication.region, "us-east-1", "configured on the source bucket");
        assert.strictEqual(replication.inputs.bucket, contractOf(primary).s3.bucketName);
        assert.deepStrictEqual(replication.inputs.rules, [
            {
                id: "replicate-to-us-west-2",
                status: "Enabled",
                priority: 1,
                filter: {},
                deleteMarkerReplication: { status: "Disabled" },
                sourceSelectionCriteria: {
                    sseKmsEncryptedObjects: { status: "Enabled" },
                    replicaModifications: { status: "Enabled" },
                },
                destination: {
                    bucket: destination.outputs.arn,
                    storageClass: "STANDARD",
                    encryptionConfiguration: {
                        replicaKmsKeyId: resourceNamed(
                            secondary,
                            T.replicaKey,
                            "data-key-us-west-2",
                        ).outputs.arn,
                    },
                    replicationTime: { status: "Enabled", time: { minutes: 15 } },
                    metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                },
            },
        ]);
    });

    it("replicates back from the secondary's bucket to the primary's, from the secondary's region (issue 25, item 5)", () => {
        // What the standby's tasks write while it serves is in the primary's bucket before a
        // failback, with no copy step: S3 replicates one way per configuration.
        const back = resourceNamed(global, T.replication, "s3-replication-us-west-2");
        assert.strictEqual(back.region, "us-west-2", "configured on the secondary's bucket");
        assert.strictEqual(
            back.inputs.bucket,
            resourceNamed(secondary, T.bucket, "s3-us-west-2").outputs.bucket,
        );
        const rules = back.inputs.rules as {
            id: string;
            destination: { bucket: string; encryptionConfiguration: { replicaKmsKeyId: string } };
            sourceSelectionCriteria: unknown;
        }[];
        assert.deepStrictEqual(
            rules.map((r) => [
                r.id,
                r.destination.bucket,
                r.destination.encryptionConfiguration.replicaKmsKeyId,
                r.sourceSelectionCriteria,
            ]),
            [
                [
                    "replicate-to-us-east-1",
                    contractOf(primary).s3.bucketArn,
                    contractOf(primary).s3.kmsKeyArn,
                    {
                        sseKmsEncryptedObjects: { status: "Enabled" },
                        replicaModifications: { status: "Enabled" },
                    },
                ],
            ],
        );
    });

    it("scopes the replication role to exactly the two buckets and their keys", () => {
        const policy = JSON.parse(
            String(resourceNamed(global, T.rolePolicy, "s3-replication-us-east-1").inputs.policy),
        );
        const resources = new Set<string>(
            policy.Statement.flatMap((s: { Resource: string[] }) => s.Resource),
        );
        const data = contractOf(primary);
        const destination = String(resourceNamed(secondary, T.bucket, "s3-us-west-2").outputs.arn);
        assert.deepStrictEqual(
            [...resources].sort(),
            [
                data.s3.bucketArn,
                `${data.s3.bucketArn}/*`,
                `${destination}/*`,
                data.s3.kmsKeyArn,
                resourceNamed(secondary, T.replicaKey, "data-key-us-west-2").outputs.arn,
            ].sort(),
        );
        assert.ok(
            policy.Statement.every((s: { Action: string[] }) =>
                s.Action.every((a) => !a.includes("*")),
            ),
            "no wildcard actions",
        );
    });

    it("protects every stateful resource", () => {
        const stateful = [
            T.key,
            T.replicaKey,
            T.globalCluster,
            T.cluster,
            T.clusterInstance,
            T.instance,
            T.table,
            T.tableReplica,
            T.bucket,
            T.versioning,
        ];
        const unprotected = [primary, secondary]
            .flatMap((r) => r.resources)
            .filter((r) => stateful.includes(r.type) && !r.protect && !r.retainOnDelete)
            .map((r) => `${r.stack}/${r.name}`);
        assert.deepStrictEqual(unprotected, []);
        assert.strictEqual(
            [primary, secondary]
                .flatMap((r) => r.resources)
                .filter((r) => stateful.includes(r.type)).length,
            // key, replica key, global cluster, 2 clusters, 4 cluster instances, 2 RDS instances,
            // table, table replica, 2 buckets, 2 versionings, the regional application's log and
            // alarm key, access log bucket and its versioning in each region, and the credentials
            // key with its replica in us-west-2
            25,
        );
    });

    it("sets manageMasterUserPassword on no database of the global cluster or replica chain", () =>
        assert.deepStrictEqual(
            [primary, secondary]
                .flatMap((r) => r.resources)
                .filter((r) => r.type === T.cluster || r.type === T.instance)
                .filter((r) => r.inputs.manageMasterUserPassword !== undefined)
                .map((r) => r.name),
            [],
        ));

    it("keeps each database's credentials in a secret replicated to us-west-2 with that region's key, rotated", () => {
        const secretKey = resourceNamed(primary, T.key, "secret-key-us-east-1");
        const replicaKey = resourceNamed(primary, T.replicaKey, "secret-key-us-west-2");
        assert.strictEqual(replicaKey.region, "us-west-2");
        assert.strictEqual(replicaKey.inputs.primaryKeyArn, secretKey.outputs.arn);
        for (const name of ["aurora-us-east-1", "rds-us-east-1"]) {
            const secret = resourceNamed(primary, T.secret, name);
            assert.deepStrictEqual(pick(secret.inputs, ["kmsKeyId", "replicas"]), {
                kmsKeyId: secretKey.outputs.arn,
                replicas: [{ region: "us-west-2", kmsKeyId: replicaKey.outputs.arn }],
            });
            const version = resourceNamed(primary, T.secretVersion, name);
            assert.deepStrictEqual(
                pick(version.inputs, [
                    "secretId",
                    "secretString",
                    "secretStringWo",
                    "secretStringWoVersion",
                ]),
                {
                    secretId: secret.outputs.id,
                    secretString: undefined,
                    secretStringWo: "[secret]",
                    secretStringWoVersion: 1,
                },
            );
            const rotator = resourceNamed(primary, T.sarStack, `${name}-rotation`);
            const rotation = resourceNamed(primary, T.rotation, name);
            assert.deepStrictEqual(rotation.inputs, {
                secretId: secret.outputs.id,
                rotationLambdaArn: (rotator.outputs.outputs as Record<string, string>)
                    .RotationLambdaARN,
                rotationRules: { automaticallyAfterDays: 30 },
                rotateImmediately: true,
            });
        }
        assert.deepStrictEqual(resourcesOf(secondary, T.secret), []);
    });

    it("gives the secondary's tasks its own region's endpoints, the global writer and secret replicas", () => {
        const data = contractOf(primary);
        const westSecret = (name: string) =>
            String(resourceNamed(primary, T.secret, name).outputs.arn).replace(
                ":us-east-1:",
                ":us-west-2:",
            );
        const endpoints = secondary.outputs.dataEndpoints as {
            region: string;
            environment: Record<string, string>;
            secrets: Record<string, string>;
        };
        const cluster = resourceNamed(secondary, T.cluster, "aurora-us-west-2");
        const replica = resourceNamed(secondary, T.instance, "rds-us-west-2");
        const global = resourceNamed(primary, T.globalCluster, "aurora-us-east-1");
        assert.deepStrictEqual(endpoints.environment, {
            DATA_REGION: "us-west-2",
            DYNAMODB_TABLE_NAME: data.dynamodb.tableName,
            DYNAMODB_REGION: "us-west-2",
            S3_BUCKET_NAME: resourceNamed(secondary, T.bucket, "s3-us-west-2").outputs.bucket,
            S3_BUCKET_REGION: "us-west-2",
            AURORA_WRITER_ENDPOINT: global.outputs.endpoint,
            AURORA_READER_ENDPOINT: cluster.outputs.readerEndpoint,
            AURORA_PORT: "5432",
            AURORA_DATABASE: "app",
            AURORA_WRITE_FORWARDING: "false",
            AURORA_SECRET_ARN: westSecret("aurora-us-east-1"),
            RDS_ENDPOINT: replica.outputs.address,
            // The name the Region switch plan points at the promoted instance (issue 25, item 2).
            RDS_WRITER_ENDPOINT: "rds-writer.app.example.com",
            RDS_PORT: "5432",
            RDS_DATABASE: "app",
            RDS_SECRET_ARN: westSecret("rds-us-east-1"),
        });
        // No password is injected at task start (issue 25, item 6).
        assert.deepStrictEqual(endpoints.secrets, {});
    });

    it("names the secondary's own endpoints and the global writer in its task definition", () => {
        const definition = resourcesOf(secondary, "aws:ecs/taskDefinition:TaskDefinition")[0];
        const [container] = JSON.parse(String(definition.inputs.containerDefinitions)) as {
            environment: { name: string; value: string }[];
            secrets: { name: string; valueFrom: string }[];
        }[];
        const env = Object.fromEntries(container.environment.map((e) => [e.name, e.value]));
        const endpoints = secondary.outputs.dataEndpoints as {
            environment: Record<string, string>;
            secrets: Record<string, string>;
        };
        assert.deepStrictEqual(env, endpoints.environment);
        assert.strictEqual(env.DYNAMODB_REGION, "us-west-2");
        assert.strictEqual(
            env.AURORA_WRITER_ENDPOINT,
            resourceNamed(primary, T.globalCluster, "aurora-us-east-1").outputs.endpoint,
        );
        assert.deepStrictEqual(container.secrets ?? [], []);
        assert.deepStrictEqual(endpoints.secrets, {});
    });

    it("lets the secondary's task role name no ARN of another region", () => {
        const policies = resourcesOf(secondary, T.rolePolicy).filter((p) =>
            p.name.endsWith("-task"),
        );
        assert.strictEqual(policies.length, 1);
        const statements = JSON.parse(String(policies[0].inputs.policy)).Statement as {
            Resource: string[];
        }[];
        const regions = new Set(
            statements.flatMap((s) => s.Resource).map((arn) => arn.split(":")[3]),
        );
        // S3 bucket ARNs carry no region; every other ARN is in us-west-2.
        assert.deepStrictEqual([...regions].sort(), ["", "us-west-2"]);
    });

    it("creates nothing in the secondary stack outside its region, nor any primary-region provider", () => {
        assert.deepStrictEqual(
            secondary.resources
                .filter((r) => r.region !== "us-west-2")
                .map((r) => `${r.type}::${r.name} in ${r.region}`),
            [],
        );
        assert.deepStrictEqual(
            resourcesOf(secondary, "pulumi:providers:aws").map((p) => p.inputs.region),
            ["us-west-2"],
        );
        assert.deepStrictEqual(resourcesOf(secondary, T.replication), []);
    });

    it("exports the primary's manifest and the secondary's replicas with their sources", () => {
        const data = contractOf(primary);
        const stores = primary.outputs.dataStores as Record<string, string>[];
        assert.deepStrictEqual(
            stores.map((s) => [s.kind, s.region, s.replication]),
            [
                ["aurora", "us-east-1", "aurora-global-database"],
                ["rds", "us-east-1", "rds-cross-region-replica"],
                ["dynamodb", "us-east-1", "dynamodb-global-table"],
                ["s3", "us-east-1", "s3-crr-rtc"],
            ],
        );
        const replicas = secondary.outputs.dataStores as Record<string, string>[];
        assert.deepStrictEqual(
            replicas.map((s) => [s.kind, s.region, s.sourceArn]),
            [
                ["aurora", "us-west-2", data.aurora.clusterArn],
                ["rds", "us-west-2", data.rds.sourceArn],
                ["dynamodb", "us-west-2", data.dynamodb.tableArn],
                ["s3", "us-west-2", data.s3.bucketArn],
            ],
        );
    });
});

describe("data layer, DynamoDB multi-region strong consistency", () => {
    it("creates the table with its MRSC replicas and keys up front; the secondary creates none", async () => {
        const records = await runProject({
            stacks: ["primary", "secondary"],
            overrides: [
                'data.stores=["dynamodb"]',
                "data.dynamodbConsistency=strong",
                'data.mrscRegions=["us-east-1","us-east-2","us-west-2"]',
            ],
        });
        const primary = stackOf(records, "primary");
        const secondary = stackOf(records, "secondary");
        const table = resourceNamed(primary, T.table, "dynamodb-us-east-1-mrsc");
        const keys = Object.fromEntries(
            resourcesOf(primary, T.replicaKey).map((k) => [k.region, k.outputs.arn]),
        );
        assert.deepStrictEqual(Object.keys(keys).sort(), ["us-east-2", "us-west-2"]);
        assert.deepStrictEqual(
            (table.inputs.replicas as Record<string, unknown>[]).map((r) =>
                pick(r, ["regionName", "consistencyMode", "kmsKeyArn", "pointInTimeRecovery"]),
            ),
            [
                {
                    regionName: "us-east-2",
                    consistencyMode: "STRONG",
                    kmsKeyArn: keys["us-east-2"],
                    pointInTimeRecovery: true,
                },
                {
                    regionName: "us-west-2",
                    consistencyMode: "STRONG",
                    kmsKeyArn: keys["us-west-2"],
                    pointInTimeRecovery: true,
                },
            ],
        );
        assert.deepStrictEqual(resourcesOf(secondary, T.tableReplica), []);
        assert.deepStrictEqual(secondary.outputs.dataStores, [
            {
                kind: "dynamodb",
                identifier: table.outputs.name,
                arn: String(table.outputs.arn).replace(":us-east-1:", ":us-west-2:"),
                region: "us-west-2",
                replication: "dynamodb-global-table-mrsc",
                sourceArn: table.outputs.arn,
            },
        ]);
    });

    it("rejects MRSC regions across region sets before creating anything", async () => {
        const message = await rejection(
            runProject({
                stacks: ["primary"],
                overrides: [
                    'data.stores=["dynamodb"]',
                    "data.dynamodbConsistency=strong",
                    'data.mrscRegions=["us-east-1","eu-west-1","us-west-2"]',
                    "data.dynamodbTtlAttribute=expiresAt",
                ],
            }),
        );
        assert.strictEqual(
            message,
            "stack primary: invalid configuration (2 problems):\n" +
                '  - data.mrscRegions: ["us-east-1","eu-west-1","us-west-2"] is not within one MRSC region set; a table cannot span sets: US (us-east-1, us-east-2, us-west-2); EU (eu-west-1, eu-west-2, eu-west-3, eu-central-1); AP (ap-northeast-1, ap-northeast-2, ap-northeast-3)\n' +
                '  - data.dynamodbTtlAttribute: "expiresAt" is set, but MRSC tables do not support TTL; clear it or use eventual consistency',
        );
    });
});

describe("data layer, primary outputs the secondary needs", () => {
    let dir: string;
    before(() => {
        // A copy of the project whose primary enables only s3 while the secondary wants aurora:
        // the secondary must fail naming the missing store, not create a half-joined cluster.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-data-"));
        const project = fs
            .readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")
            .replace(/^main: .*$/m, `main: ${path.join(projectRoot, "stacks")}`);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project);
        fs.writeFileSync(
            path.join(dir, "Pulumi.primary.yaml"),
            'config:\n  aws:region: us-east-1\n  multi-region-failover:role: primary\n  multi-region-failover:data:\n    stores: ["s3"]\n',
        );
        fs.writeFileSync(
            path.join(dir, "Pulumi.secondary.yaml"),
            'config:\n  aws:region: us-west-2\n  multi-region-failover:role: secondary\n  multi-region-failover:data:\n    stores: ["aurora", "s3"]\n',
        );
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("fails clearly when the primary does not export a store the secondary replicates", async () => {
        const message = await rejection(runProject({ projectDir: dir }));
        assert.strictEqual(
            message,
            'stack secondary: data.stores: this stack replicates "aurora", "s3", but the primary stack organization/multi-region-failover/primary exports no data.aurora; enable the same stores on the primary and run `pulumi up` there first',
        );
    });
});
