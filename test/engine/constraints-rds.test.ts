/**
 * RDS and Aurora input rules on their boundaries (issue #30: 79 mutants of
 * check/engine/constraints/rds.ts survived and 35 had no test). Identifiers, backup retention,
 * managed passwords, global clusters and their secondaries, cluster instances, write forwarding
 * and read replicas, one change per test, exact messages.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

const createClusterDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html";
const createInstanceDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html";
const globalClusterDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html";
const deleteClusterDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html";
const clusterInstanceDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.CreateInstance.html";
const globalDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-attaching.html";
const replicaDoc = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html";
const rdsSecretsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations";
const amsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-ams.html";
const apgDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-apg.html";

const identifierMessage = (key: string, value: string, max: number, doc: string) =>
    `${key} ${JSON.stringify(value)} must be 1 to ${max} letters, digits or hyphens, start with a letter, and have no two consecutive hyphens and no trailing hyphen (${doc})`;

const cluster = (
    inputs: Record<string, unknown>,
    more: Partial<RecordedResource> = {},
    name = "db",
) =>
    recorded(
        "aws:rds/cluster:Cluster",
        name,
        { engine: "aurora-postgresql", engineVersion: "16.4", ...inputs },
        { outputs: { id: `${name}-id` }, ...more },
    );
const instance = (
    inputs: Record<string, unknown>,
    more: Partial<RecordedResource> = {},
    name = "inst",
) =>
    recorded(
        "aws:rds/instance:Instance",
        name,
        { engine: "postgres", ...inputs },
        {
            outputs: {
                id: `${name}-id`,
                arn: `arn:aws:rds:${more.region ?? "us-east-1"}:1:db:${name}-id`,
            },
            ...more,
        },
    );

describe("AWS input constraints: RDS and Aurora on their boundaries", () => {
    describe("identifiers (final snapshot, global cluster)", () => {
        for (const ok of ["a", "A1-b2", "a".repeat(255)]) {
            it(`accepts finalSnapshotIdentifier ${ok.slice(0, 12)} (${ok.length})`, () =>
                assert.deepStrictEqual(problems(cluster({ finalSnapshotIdentifier: ok })), []));
        }
        for (const bad of ["", "a".repeat(256), "1a", "-a", "a-", "a--b", "a_b"]) {
            it(`rejects finalSnapshotIdentifier ${JSON.stringify(bad.slice(0, 12))} (${bad.length})`, () =>
                assert.deepStrictEqual(problems(cluster({ finalSnapshotIdentifier: bad })), [
                    identifierMessage("finalSnapshotIdentifier", bad, 255, deleteClusterDoc),
                ]));
        }
        const global = (inputs: Record<string, unknown>) =>
            recorded("aws:rds/globalCluster:GlobalCluster", "g", {
                engine: "aurora-mysql",
                ...inputs,
            });
        it("accepts a global cluster identifier of 63 characters and rejects 64", () => {
            assert.deepStrictEqual(
                problems(global({ globalClusterIdentifier: "g".repeat(63) })),
                [],
            );
            assert.deepStrictEqual(problems(global({ globalClusterIdentifier: "g".repeat(64) })), [
                identifierMessage("globalClusterIdentifier", "g".repeat(64), 63, globalClusterDoc),
            ]);
        });
        it("requires an Aurora engine without a source cluster, and none with one", () => {
            const message = (engine: unknown) =>
                `engine ${JSON.stringify(engine)} is required and must be an Aurora engine (aurora-mysql or aurora-postgresql) when no source cluster is given (${globalClusterDoc})`;
            assert.deepStrictEqual(problems(global({ engine: "aurora-postgresql" })), []);
            assert.deepStrictEqual(problems(global({ engine: "mysql" })), [message("mysql")]);
            assert.deepStrictEqual(problems(global({ engine: "postgres-aurora" })), [
                message("postgres-aurora"),
            ]);
            assert.deepStrictEqual(problems(global({ engine: undefined })), [message(null)]);
            assert.deepStrictEqual(
                problems(global({ engine: undefined, sourceDbClusterIdentifier: "arn:c" })),
                [],
            );
        });
    });

    describe("backup retention and passwords", () => {
        it("clusters: 1 and 35 days pass, 0, 36 and a fraction fail", () => {
            assert.deepStrictEqual(problems(cluster({ backupRetentionPeriod: 1 })), []);
            assert.deepStrictEqual(problems(cluster({ backupRetentionPeriod: 35 })), []);
            for (const days of [0, 36, 1.5]) {
                assert.deepStrictEqual(problems(cluster({ backupRetentionPeriod: days })), [
                    `backupRetentionPeriod ${days} must be an integer from 1 to 35 (${createClusterDoc})`,
                ]);
            }
        });
        it("instances: 0 and 35 days pass, -1 and 36 fail", () => {
            assert.deepStrictEqual(problems(instance({ backupRetentionPeriod: 0 })), []);
            assert.deepStrictEqual(problems(instance({ backupRetentionPeriod: 35 })), []);
            for (const days of [-1, 36]) {
                assert.deepStrictEqual(problems(instance({ backupRetentionPeriod: days })), [
                    `backupRetentionPeriod ${days} must be an integer from 0 to 35 (${createInstanceDoc})`,
                ]);
            }
        });
        it("a final snapshot needs its identifier when skipFinalSnapshot is false", () => {
            assert.deepStrictEqual(problems(cluster({ skipFinalSnapshot: false })), [
                `skipFinalSnapshot is false, so deleting needs finalSnapshotIdentifier (${deleteClusterDoc})`,
            ]);
            assert.deepStrictEqual(
                problems(cluster({ skipFinalSnapshot: false, finalSnapshotIdentifier: "final" })),
                [],
            );
            assert.deepStrictEqual(problems(cluster({ skipFinalSnapshot: true })), []);
        });
        it("a managed password takes no password of any spelling", () => {
            for (const key of ["masterPassword", "password", "masterPasswordWo", "passwordWo"]) {
                assert.deepStrictEqual(
                    problems(instance({ manageMasterUserPassword: true, [key]: "pw" })),
                    [
                        `manageMasterUserPassword cannot be combined with a master password; Secrets Manager generates it (${createInstanceDoc})`,
                    ],
                    key,
                );
            }
            assert.deepStrictEqual(problems(instance({ masterPassword: "pw" })), []);
        });
        it("a key for the managed secret needs the managed password", () => {
            assert.deepStrictEqual(problems(instance({ masterUserSecretKmsKeyId: "arn:k" })), [
                `masterUserSecretKmsKeyId is only valid with manageMasterUserPassword true (${createInstanceDoc})`,
            ]);
            assert.deepStrictEqual(
                problems(
                    instance({ masterUserSecretKmsKeyId: "arn:k", manageMasterUserPassword: true }),
                ),
                [],
            );
        });
    });

    describe("cluster instances", () => {
        const member = (inputs: Record<string, unknown>) =>
            recorded("aws:rds/clusterInstance:ClusterInstance", "i1", {
                clusterIdentifier: "db-id",
                engine: "aurora-postgresql",
                instanceClass: "db.r6g.large",
                ...inputs,
            });
        it("accepts an instance of a recorded cluster with its engine", () =>
            assert.deepStrictEqual(problems(member({}), [cluster({})]), []));
        it("rejects an unknown cluster, and a resource of another type with that id", () => {
            const message = `clusterIdentifier "db-id" names no cluster created by the stacks run so far (${clusterInstanceDoc})`;
            assert.deepStrictEqual(problems(member({})), [message]);
            const other = recorded(
                "aws:rds/instance:Instance",
                "x",
                {},
                { outputs: { id: "db-id" } },
            );
            assert.deepStrictEqual(problems(member({}), [other]), [message]);
            assert.deepStrictEqual(
                problems(member({ clusterIdentifier: undefined }), [cluster({})]),
                [
                    `clusterIdentifier null names no cluster created by the stacks run so far (${clusterInstanceDoc})`,
                ],
            );
        });
        it("rejects another engine than its cluster's", () =>
            assert.deepStrictEqual(problems(member({ engine: "aurora-mysql" }), [cluster({})]), [
                `engine "aurora-mysql" differs from its cluster's "aurora-postgresql" (${clusterInstanceDoc})`,
            ]));
    });

    describe("global database members", () => {
        const global = recorded(
            "aws:rds/globalCluster:GlobalCluster",
            "global",
            { engine: "aurora-postgresql", engineVersion: "16.4" },
            { outputs: { id: "g-id" } },
        );
        const primary = cluster(
            { globalClusterIdentifier: "g-id", masterUsername: "app" },
            {},
            "primary",
        );
        const secondary = (inputs: Record<string, unknown>, region = "us-west-2") =>
            cluster({ globalClusterIdentifier: "g-id", ...inputs }, { region }, "secondary");

        it("accepts a primary and a secondary of another region", () => {
            assert.deepStrictEqual(problems(primary, [global]), []);
            assert.deepStrictEqual(problems(secondary({}), [global, primary]), []);
        });
        it("a cluster must run the global cluster's engine and version", () => {
            assert.deepStrictEqual(problems(secondary({ engineVersion: "16.2" }), [global]), [
                `engineVersion "16.2" differs from global cluster "g-id"'s "16.4" (${globalDoc})`,
            ]);
            assert.deepStrictEqual(problems(secondary({ engine: undefined }), [global]), [
                `engine null differs from global cluster "g-id"'s "aurora-postgresql" (${globalDoc})`,
            ]);
            const versionless = recorded(
                "aws:rds/globalCluster:GlobalCluster",
                "global",
                { engine: "aurora-postgresql" },
                { outputs: { id: "g-id" } },
            );
            assert.deepStrictEqual(
                problems(secondary({ engineVersion: "15.2" }), [versionless]),
                [],
            );
            assert.deepStrictEqual(problems(cluster({ engineVersion: "15.2" }), [global]), []);
        });
        it("a secondary takes no credentials, naming each", () => {
            for (const given of [
                { masterUsername: "app" },
                { masterPassword: "pw" },
                { masterUsername: "app", masterPassword: "pw" },
            ]) {
                assert.deepStrictEqual(problems(secondary(given), [global, primary]), [
                    `secondary cluster of global cluster "g-id" must not set ${Object.keys(given).join(", ")}; credentials come from the primary (${globalDoc})`,
                ]);
            }
            assert.deepStrictEqual(
                problems(secondary({ manageMasterUserPassword: false }), [global, primary]),
                [],
            );
        });
        it("a secondary runs the primary's engine and version", () => {
            const primaryWithout = cluster(
                { globalClusterIdentifier: "g-id", engineVersion: "15.4" },
                {},
                "primary",
            );
            assert.deepStrictEqual(
                problems(secondary({ engineVersion: "15.5" }), [primaryWithout]),
                [
                    `engineVersion "15.5" differs from the primary's "15.4"; a global database needs the same engineVersion (${globalDoc})`,
                ],
            );
            assert.deepStrictEqual(
                problems(secondary({ engine: "aurora-mysql", engineVersion: "15.4" }), [
                    primaryWithout,
                ]),
                [
                    `engine "aurora-mysql" differs from the primary's "aurora-postgresql"; a global database needs the same engine (${globalDoc})`,
                ],
            );
            assert.deepStrictEqual(
                problems(secondary({ engineVersion: undefined }), [primaryWithout]),
                [],
            );
        });
        it("a secondary in the primary's region is refused", () =>
            assert.deepStrictEqual(problems(secondary({}, "us-east-1"), [global, primary]), [
                `secondary cluster is in us-east-1, the primary cluster's region; each region holds one cluster of a global database (${globalDoc})`,
            ]));
        it("the primary is the member recorded first in the same stack, or any member of another stack", () => {
            const first = secondary({ masterUsername: "app" }, "us-west-2");
            const later = cluster(
                { globalClusterIdentifier: "g-id" },
                { region: "us-east-1" },
                "later",
            );
            // In one stack, a member recorded after this cluster does not make it a secondary.
            assert.deepStrictEqual(
                checkConstraints([first], [global, first, later]).map((v) => v.message),
                [],
            );
            const elsewhere = cluster(
                { globalClusterIdentifier: "g-id" },
                { region: "us-east-1", stack: "primary" },
                "later",
            );
            assert.deepStrictEqual(
                checkConstraints([first], [global, first, elsewhere]).map((v) => v.message),
                [
                    `secondary cluster of global cluster "g-id" must not set masterUsername; credentials come from the primary (${globalDoc})`,
                ],
            );
            const otherGlobal = cluster(
                { globalClusterIdentifier: "other" },
                { region: "us-east-1" },
                "x",
            );
            assert.deepStrictEqual(
                problems(secondary({ masterUsername: "app" }), [global, otherGlobal]),
                [],
            );
            const notACluster = recorded("aws:rds/instance:Instance", "x", {
                globalClusterIdentifier: "g-id",
            });
            assert.deepStrictEqual(
                problems(secondary({ masterUsername: "app" }), [global, notACluster]),
                [],
            );
        });
    });

    describe("write forwarding", () => {
        const forwarding = (inputs: Record<string, unknown>) =>
            cluster({
                enableGlobalWriteForwarding: true,
                globalClusterIdentifier: "g-id",
                ...inputs,
            });
        it("applies only inside a global database, citing the engine's page", () => {
            assert.deepStrictEqual(
                problems(
                    forwarding({
                        globalClusterIdentifier: undefined,
                        engine: "aurora-mysql",
                        engineVersion: "8.0.mysql_aurora.3.05.2",
                    }),
                ),
                [
                    `rule aurora-write-forwarding: enableGlobalWriteForwarding is true on a cluster outside a global database; it applies to secondary clusters of an Aurora global database (${amsDoc})`,
                ],
            );
            assert.deepStrictEqual(
                problems(forwarding({ globalClusterIdentifier: undefined, engine: "other" })),
                [
                    `rule aurora-write-forwarding: enableGlobalWriteForwarding is true on a cluster outside a global database; it applies to secondary clusters of an Aurora global database (${apgDoc})`,
                ],
            );
        });
        it("needs a version that supports it", () => {
            assert.deepStrictEqual(problems(forwarding({ engineVersion: "14.9" })), []);
            assert.deepStrictEqual(problems(forwarding({ engineVersion: "14.8" })), [
                `rule aurora-write-forwarding: aurora-postgresql 14.8 does not support global write forwarding (Aurora PostgreSQL 14.9+, 15.4+, 16+; Aurora MySQL 2.08.1+) (${apgDoc})`,
            ]);
            assert.deepStrictEqual(problems(forwarding({ engineVersion: undefined })), []);
            assert.deepStrictEqual(
                problems(cluster({ enableGlobalWriteForwarding: false, engineVersion: "14.8" })),
                [],
            );
        });
    });

    describe("read replicas", () => {
        const source = instance({ backupRetentionPeriod: 7 }, {}, "source");
        const replica = (inputs: Record<string, unknown>, region = "us-east-1") =>
            instance({ replicateSourceDb: "source-id", ...inputs }, { region }, "replica");
        const sourceArn = "arn:aws:rds:us-east-1:1:db:source-id";

        it("accepts an in-region replica by identifier and a cross-region one by ARN", () => {
            assert.deepStrictEqual(problems(replica({}), [source]), []);
            assert.deepStrictEqual(
                problems(
                    replica(
                        {
                            replicateSourceDb: sourceArn,
                            storageEncrypted: true,
                            kmsKeyId: "arn:aws:kms:us-west-2:1:key/k",
                        },
                        "us-west-2",
                    ),
                    [source],
                ),
                [],
            );
        });
        it("needs automated backups on its source: 1 day passes, 0 and none fail", () => {
            assert.deepStrictEqual(
                problems(replica({}), [instance({ backupRetentionPeriod: 1 }, {}, "source")]),
                [],
            );
            assert.deepStrictEqual(
                problems(replica({}), [instance({ backupRetentionPeriod: 0 }, {}, "source")]),
                [
                    `source instance "source" has backupRetentionPeriod 0; a read replica needs automated backups enabled on its source (${replicaDoc})`,
                ],
            );
            assert.deepStrictEqual(problems(replica({}), [instance({}, {}, "source")]), [
                `source instance "source" has backupRetentionPeriod 0; a read replica needs automated backups enabled on its source (${replicaDoc})`,
            ]);
            assert.deepStrictEqual(
                problems(replica({ replicateSourceDb: sourceArn }), [instance({}, {}, "source")])
                    .length,
                1,
            );
        });
        it("finds the source by ARN or id, among instances only", () => {
            const notAnInstance = recorded(
                "aws:rds/cluster:Cluster",
                "source",
                {},
                { outputs: { id: "source-id" } },
            );
            assert.deepStrictEqual(problems(replica({}), [notAnInstance]), []);
        });
        it("refuses a source that is neither an identifier nor an ARN", () =>
            assert.deepStrictEqual(
                problems(replica({ replicateSourceDb: "us-east-1:source" }), [source]),
                [
                    `replicateSourceDb "us-east-1:source" must be an identifier in-region or an ARN cross-region (${replicaDoc})`,
                ],
            ));
        it("an encrypted cross-region replica needs a key of its own region", () => {
            assert.deepStrictEqual(
                problems(
                    replica({ replicateSourceDb: sourceArn, storageEncrypted: true }, "us-west-2"),
                    [source],
                ),
                [
                    `an encrypted cross-region replica needs kmsKeyId from the replica's region us-west-2 (${replicaDoc})`,
                ],
            );
            assert.deepStrictEqual(
                problems(
                    replica(
                        { replicateSourceDb: sourceArn, kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" },
                        "us-west-2",
                    ),
                    [source],
                ),
                [
                    `kmsKeyId "arn:aws:kms:us-east-1:1:key/k" is not in the replica's region us-west-2 (${replicaDoc})`,
                ],
            );
            assert.deepStrictEqual(
                problems(
                    replica(
                        {
                            replicateSourceDb: sourceArn,
                            storageEncrypted: true,
                            kmsKeyId: "alias/k",
                        },
                        "us-west-2",
                    ),
                    [source],
                ),
                [],
            );
        });
        it("an in-region replica (identifier or same-region ARN) is not held to the cross-region key rules", () => {
            assert.deepStrictEqual(
                problems(
                    replica({ storageEncrypted: true, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" }),
                    [source],
                ),
                [],
            );
            assert.deepStrictEqual(
                problems(replica({ replicateSourceDb: sourceArn, storageEncrypted: true }), [
                    source,
                ]),
                [],
            );
        });
        for (const key of ["username", "password", "manageMasterUserPassword", "dbName"]) {
            it(`a replica must not set ${key}`, () =>
                assert.deepStrictEqual(
                    problems(replica({ [key]: key === "manageMasterUserPassword" ? true : "x" }), [
                        source,
                    ]),
                    [`a read replica must not set ${key} (${replicaDoc})`],
                ));
        }
        it("a replica may say manageMasterUserPassword false", () =>
            assert.deepStrictEqual(
                problems(replica({ manageMasterUserPassword: false }), [source]),
                [],
            ));

        const managed = instance(
            { backupRetentionPeriod: 7, manageMasterUserPassword: true },
            {},
            "source",
        );
        it("refuses a replica of a source whose password Secrets Manager manages, both ways round", () => {
            assert.deepStrictEqual(problems(replica({}), [managed]), [
                `rule rds-replica-source-managed-password: source instance "source" sets manageMasterUserPassword true; RDS cannot create a read replica of an instance whose master password Secrets Manager manages: give the source a secret you own (${rdsSecretsDoc})`,
            ]);
            assert.deepStrictEqual(
                checkConstraints([managed], [managed, replica({})]).map((v) => v.message),
                [
                    `rule rds-replica-source-managed-password: manageMasterUserPassword is true, but "test/replica" replicates this instance; RDS cannot create a read replica of an instance whose master password Secrets Manager manages (${rdsSecretsDoc})`,
                ],
            );
            const second = instance({ replicateSourceDb: "source-id" }, {}, "replica2");
            assert.deepStrictEqual(
                checkConstraints([managed], [managed, replica({}), second]).map((v) => v.message),
                [
                    `rule rds-replica-source-managed-password: manageMasterUserPassword is true, but "test/replica", "test/replica2" replicate this instance; RDS cannot create a read replica of an instance whose master password Secrets Manager manages (${rdsSecretsDoc})`,
                ],
            );
        });
        it("allows it for SQL Server, and a managed password without replicas", () => {
            const sqlServer = instance(
                {
                    backupRetentionPeriod: 7,
                    manageMasterUserPassword: true,
                    engine: "sqlserver-se",
                },
                {},
                "source",
            );
            assert.deepStrictEqual(problems(replica({ engine: "sqlserver-se" }), [sqlServer]), []);
            assert.deepStrictEqual(checkConstraints([sqlServer], [sqlServer, replica({})]), []);
            assert.deepStrictEqual(problems(managed), []);
            const otherType = recorded("aws:rds/cluster:Cluster", "c", {
                replicateSourceDb: "source-id",
            });
            assert.deepStrictEqual(checkConstraints([managed], [managed, otherType]), []);
        });
    });
});
