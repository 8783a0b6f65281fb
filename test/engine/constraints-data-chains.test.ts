import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { writeForwardingSupported } from "../../policies/lib/aurora-versions";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

const auroraSecretsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations";
const rdsSecretsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations";
const apgForwardingDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-apg.html";
const replicateSecretDoc =
    "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ReplicateSecretToRegions.html";
const sourceArn = "arn:aws:rds:us-east-1:123456789012:db:source";

describe("AWS rules for replication chains and credentials", () => {
    describe("aurora-global-managed-password", () => {
        const cluster = (change: Record<string, unknown>) =>
            recorded("aws:rds/cluster:Cluster", "cluster", {
                engine: "aurora-postgresql",
                engineVersion: "16.6",
                backupRetentionPeriod: 7,
                skipFinalSnapshot: true,
                masterUsername: "dbadmin",
                ...change,
            });
        it("accepts a managed password on a cluster outside a global database", () =>
            assert.deepStrictEqual(problems(cluster({ manageMasterUserPassword: true })), []));
        it("accepts a global database's cluster with a write-only password", () =>
            assert.deepStrictEqual(
                problems(
                    cluster({
                        globalClusterIdentifier: "g",
                        masterPasswordWo: "[secret]",
                        masterPasswordWoVersion: 1,
                    }),
                ),
                [],
            ));
        it("rejects a managed password on a cluster joined to a global cluster", () =>
            assert.deepStrictEqual(
                problems(cluster({ globalClusterIdentifier: "g", manageMasterUserPassword: true })),
                [
                    `rule aurora-global-managed-password: manageMasterUserPassword is true on a cluster of global cluster "g"; Secrets Manager cannot manage the master password of a DB cluster that is part of an Aurora global database: use a secret you own (${auroraSecretsDoc})`,
                ],
            ));
    });

    describe("rds-replica-source-managed-password", () => {
        const source = (change: Record<string, unknown> = {}) =>
            recorded(
                "aws:rds/instance:Instance",
                "source",
                {
                    engine: "postgres",
                    backupRetentionPeriod: 7,
                    skipFinalSnapshot: false,
                    finalSnapshotIdentifier: "source-final",
                    passwordWo: "[secret]",
                    ...change,
                },
                { outputs: { arn: sourceArn } },
            );
        const replica = (change: Record<string, unknown> = {}) =>
            recorded(
                "aws:rds/instance:Instance",
                "replica",
                { replicateSourceDb: sourceArn, skipFinalSnapshot: true, ...change },
                { region: "us-west-2", stack: "secondary" },
            );
        it("accepts a replica of a source with a password it owns, skipping the final snapshot", () =>
            assert.deepStrictEqual(problems(replica(), [source()]), []));
        it("rejects a replica whose source's password Secrets Manager manages", () =>
            assert.deepStrictEqual(
                problems(replica(), [
                    source({ passwordWo: undefined, manageMasterUserPassword: true }),
                ]),
                [
                    `rule rds-replica-source-managed-password: source instance "source" sets manageMasterUserPassword true; RDS cannot create a read replica of an instance whose master password Secrets Manager manages: give the source a secret you own (${rdsSecretsDoc})`,
                ],
            ));
        it("rejects the managed source itself once its replica is recorded", () => {
            const managed = source({ passwordWo: undefined, manageMasterUserPassword: true });
            assert.deepStrictEqual(
                checkConstraints([managed], [managed, replica()]).map((v) => v.message),
                [
                    `rule rds-replica-source-managed-password: manageMasterUserPassword is true, but "secondary/replica" replicates this instance; RDS cannot create a read replica of an instance whose master password Secrets Manager manages (${rdsSecretsDoc})`,
                ],
            );
        });
        it("lets SQL Server replicate a managed source, as AWS documents", () =>
            assert.deepStrictEqual(
                problems(replica(), [
                    source({
                        engine: "sqlserver-ee",
                        passwordWo: undefined,
                        manageMasterUserPassword: true,
                    }),
                ]),
                [],
            ));
        it("deploys a replica that asks for a final snapshot: a delete-time trap, reported by the policy rds-replica-final-snapshot", () =>
            assert.deepStrictEqual(
                problems(
                    replica({ skipFinalSnapshot: false, finalSnapshotIdentifier: "replica-final" }),
                    [source()],
                ),
                [],
            ));
        it("rejects a write-only password combined with a managed one", () =>
            assert.deepStrictEqual(problems(source({ manageMasterUserPassword: true })), [
                "manageMasterUserPassword cannot be combined with a master password; Secrets Manager generates it (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html)",
            ]));
    });

    describe("aurora-write-forwarding", () => {
        const table: [string, string, boolean][] = [
            ["aurora-postgresql", "16.1", true],
            ["aurora-postgresql", "15.4", true],
            ["aurora-postgresql", "15.3", false],
            ["aurora-postgresql", "14.9", true],
            ["aurora-postgresql", "14.8", false],
            ["aurora-postgresql", "13.12", false],
            ["aurora-mysql", "8.0.mysql_aurora.3.04.0", true],
            ["aurora-mysql", "5.7.mysql_aurora.2.08.1", true],
            ["aurora-mysql", "5.7.mysql_aurora.2.08.0", false],
            ["aurora-mysql", "5.7.mysql_aurora.2.07.9", false],
            ["postgres", "16.6", false],
        ];
        for (const [engine, version, supported] of table) {
            it(`${engine} ${version}: ${supported ? "supported" : "not supported"}`, () =>
                assert.strictEqual(writeForwardingSupported(engine, version), supported));
        }
        const secondary = (change: Record<string, unknown>) =>
            recorded("aws:rds/cluster:Cluster", "secondary", {
                engine: "aurora-postgresql",
                engineVersion: "16.6",
                globalClusterIdentifier: "g",
                skipFinalSnapshot: true,
                enableGlobalWriteForwarding: true,
                ...change,
            });
        it("accepts write forwarding on a supported secondary", () =>
            assert.deepStrictEqual(problems(secondary({})), []));
        it("rejects write forwarding on an unsupported version", () =>
            assert.deepStrictEqual(problems(secondary({ engineVersion: "14.8" })), [
                `rule aurora-write-forwarding: aurora-postgresql 14.8 does not support global write forwarding (Aurora PostgreSQL 14.9+, 15.4+, 16+; Aurora MySQL 2.08.1+) (${apgForwardingDoc})`,
            ]));
        it("rejects write forwarding outside a global database", () =>
            assert.deepStrictEqual(problems(secondary({ globalClusterIdentifier: undefined })), [
                `rule aurora-write-forwarding: enableGlobalWriteForwarding is true on a cluster outside a global database; it applies to secondary clusters of an Aurora global database (${apgForwardingDoc})`,
            ]));
    });

    describe("secret-replica-region and secret-rotation", () => {
        const key = (region: string) => `arn:aws:kms:${region}:123456789012:key/mrk-1`;
        const secret = (replicas: unknown[]) =>
            recorded("aws:secretsmanager/secret:Secret", "creds", {
                kmsKeyId: key("us-east-1"),
                replicas,
            });
        it("accepts a replica in another region with that region's key", () =>
            assert.deepStrictEqual(
                problems(secret([{ region: "us-west-2", kmsKeyId: key("us-west-2") }])),
                [],
            ));
        it("rejects a replica in the secret's region, a duplicate and a key of another region", () =>
            assert.deepStrictEqual(
                problems(
                    secret([
                        { region: "us-east-1" },
                        { region: "us-west-2", kmsKeyId: key("us-east-1") },
                        { region: "us-west-2", kmsKeyId: key("us-west-2") },
                    ]),
                ),
                [
                    `rule secret-replica-region: replica region us-east-1 is the secret's own region (${replicateSecretDoc})`,
                    `rule secret-replica-region: replica in us-west-2 names kmsKeyId "${key("us-east-1")}" of us-east-1; a replica is encrypted with a key of its own region (${replicateSecretDoc})`,
                    `rule secret-replica-region: region us-west-2 has two replicas; a secret has at most one per region (${replicateSecretDoc})`,
                ],
            ));
        it("rejects a rotation without a function and with a schedule out of range", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:secretsmanager/secretRotation:SecretRotation", "rotation", {
                        secretId: "s",
                        rotationRules: { automaticallyAfterDays: 0 },
                    }),
                ),
                [
                    "rule secret-rotation: rotationRules.automaticallyAfterDays 0 must be an integer from 1 to 1000 (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html)",
                    "rule secret-rotation: rotationLambdaArn is required for a secret that Secrets Manager does not manage for another service (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html)",
                ],
            ));
    });

    describe("mrap-buckets", () => {
        const bucket = (name: string, region: string) =>
            recorded("aws:s3/bucket:Bucket", name, {}, { region, outputs: { bucket: name } });
        const mrap = (name: string, buckets: string[]) =>
            recorded("aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint", "mrap", {
                details: { name, regions: buckets.map((b) => ({ bucket: b })) },
            });
        const all = [
            bucket("east", "us-east-1"),
            bucket("west", "us-west-2"),
            bucket("east2", "us-east-1"),
        ];
        it("accepts one bucket in each of two regions", () =>
            assert.deepStrictEqual(problems(mrap("app-data", ["east", "west"]), all), []));
        it("rejects two buckets in one region, one region only, and a bad name", () =>
            assert.deepStrictEqual(problems(mrap("App_Data", ["east", "east2"]), all), [
                'rule mrap-buckets: name "App_Data" must be 3 to 50 lowercase letters, digits or hyphens, starting and ending with a letter or digit (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html)',
                'rule mrap-buckets: buckets "east", "east2" are both in us-east-1; a Multi-Region Access Point has exactly one bucket per region (https://docs.aws.amazon.com/AmazonS3/latest/userguide/multi-region-access-point-buckets.html)',
                "rule mrap-buckets: 1 region(s); failover controls need buckets in at least 2 regions (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mrap-failover-errors.html)",
            ]));
    });
});
