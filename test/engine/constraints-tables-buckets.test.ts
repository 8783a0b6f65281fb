/**
 * DynamoDB tables and replicas, S3 versioning and replication, the helpers every constraint uses
 * and the error the check raises (issue #30: survivors and untested mutants of dynamodb.ts, s3.ts,
 * types.ts and index.ts). One change per test, exact messages.
 */
import * as assert from "assert";
import { ConstraintError, checkConstraints } from "../../check/engine/constraints";
import { get, isSet } from "../../check/engine/constraints/types";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

const globalTablesDoc =
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_reqs_bestpractices.html";
const mrscDoc =
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html";
const pitrDoc =
    "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html";
const replicaKmsDoc =
    "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ReplicaSettingsUpdate.html";

describe("AWS input constraints: DynamoDB on their boundaries", () => {
    const streams = { streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" };
    const table = (inputs: Record<string, unknown>, more: Partial<RecordedResource> = {}) =>
        recorded("aws:dynamodb/table:Table", "orders", { hashKey: "id", ...inputs }, more);
    const key = (region: string) => `arn:aws:kms:${region}:123456789012:key/k`;

    it("accepts a table without replicas and without streams", () =>
        assert.deepStrictEqual(problems(table({})), []));
    it("accepts recovery periods of 1 and 35 days", () => {
        for (const days of [1, 35]) {
            assert.deepStrictEqual(
                problems(
                    table({ pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: days } }),
                ),
                [],
            );
        }
    });
    for (const days of [0, 36, 1.5]) {
        it(`rejects a recovery period of ${days} days`, () =>
            assert.deepStrictEqual(
                problems(
                    table({ pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: days } }),
                ),
                [
                    `pointInTimeRecovery.recoveryPeriodInDays ${days} must be an integer from 1 to 35 (${pitrDoc})`,
                ],
            ));
    }
    it("takes the table's key from its own region", () => {
        assert.deepStrictEqual(
            problems(
                table({ serverSideEncryption: { enabled: true, kmsKeyArn: key("us-east-1") } }),
            ),
            [],
        );
        assert.deepStrictEqual(
            problems(
                table({ serverSideEncryption: { enabled: true, kmsKeyArn: key("us-west-2") } }),
            ),
            [
                `table kmsKeyArn "${key("us-west-2")}" is not in us-east-1; a table or replica is encrypted with a key of its own region (${replicaKmsDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(table({ serverSideEncryption: { enabled: true, kmsKeyArn: "alias/k" } })),
            [],
        );
    });
    it("takes each inline replica's key from the replica's region", () =>
        assert.deepStrictEqual(
            problems(
                table({
                    ...streams,
                    replicas: [{ regionName: "us-west-2", kmsKeyArn: key("us-east-1") }],
                }),
            ),
            [
                `replica us-west-2 kmsKeyArn "${key("us-east-1")}" is not in us-west-2; a table or replica is encrypted with a key of its own region (${replicaKmsDoc})`,
            ],
        ));
    it("requires NEW_AND_OLD_IMAGES streams for inline replicas only", () => {
        assert.deepStrictEqual(
            problems(table({ ...streams, replicas: [{ regionName: "us-west-2" }] })),
            [],
        );
        assert.deepStrictEqual(problems(table({ replicas: [{ regionName: "us-west-2" }] })), [
            `table "orders" must have streamEnabled true and streamViewType NEW_AND_OLD_IMAGES to have replicas, but has streamEnabled false and streamViewType null (${globalTablesDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(
                table({
                    streamEnabled: true,
                    streamViewType: "KEYS_ONLY",
                    replicas: [{ regionName: "us-west-2" }],
                }),
            ),
            [
                `table "orders" must have streamEnabled true and streamViewType NEW_AND_OLD_IMAGES to have replicas, but has streamEnabled true and streamViewType "KEYS_ONLY" (${globalTablesDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(
                table({
                    streamEnabled: false,
                    streamViewType: "NEW_AND_OLD_IMAGES",
                    replicas: [{ regionName: "us-west-2" }],
                }),
            ),
            [
                `table "orders" must have streamEnabled true and streamViewType NEW_AND_OLD_IMAGES to have replicas, but has streamEnabled false and streamViewType "NEW_AND_OLD_IMAGES" (${globalTablesDoc})`,
            ],
        );
    });
    it("rejects an inline replica in the table's own region", () =>
        assert.deepStrictEqual(
            problems(
                table({
                    ...streams,
                    replicas: [{ regionName: "us-west-2" }, { regionName: "us-east-1" }],
                }),
            ),
            [`replica regionName "us-east-1" is the table's own region (${globalTablesDoc})`],
        ));

    describe("multi-Region strong consistency", () => {
        const strong = (regionName: string) => ({ regionName, consistencyMode: "STRONG" });
        it("accepts two strong replicas, and one with a witness", () => {
            assert.deepStrictEqual(
                problems(
                    table({ ...streams, replicas: [strong("us-east-2"), strong("us-west-2")] }),
                ),
                [],
            );
            assert.deepStrictEqual(
                problems(
                    table({
                        ...streams,
                        replicas: [strong("us-east-2")],
                        globalTableWitness: { regionName: "us-west-2" },
                    }),
                ),
                [],
            );
        });
        it("spans exactly three regions", () => {
            assert.deepStrictEqual(
                problems(table({ ...streams, replicas: [strong("us-east-2")] })),
                [
                    `an MRSC table spans exactly 3 regions (replicas plus witness), but this one spans 2: us-east-1, us-east-2 (${mrscDoc})`,
                ],
            );
            assert.deepStrictEqual(
                problems(
                    table({
                        ...streams,
                        replicas: [strong("us-east-2"), strong("us-west-2")],
                        globalTableWitness: { regionName: "us-west-1" },
                    }),
                ),
                [
                    `an MRSC table spans exactly 3 regions (replicas plus witness), but this one spans 4: us-east-1, us-east-2, us-west-2, us-west-1 (${mrscDoc})`,
                ],
            );
        });
        it("needs every replica strong once one is", () =>
            assert.deepStrictEqual(
                problems(
                    table({
                        ...streams,
                        replicas: [strong("us-east-2"), { regionName: "us-west-2" }],
                    }),
                ),
                [`every replica of an MRSC table must use consistencyMode STRONG (${mrscDoc})`],
            ));
        it("leaves eventual consistency alone: two regions and TTL are fine", () =>
            assert.deepStrictEqual(
                problems(
                    table({
                        ...streams,
                        replicas: [{ regionName: "us-west-2", consistencyMode: "EVENTUAL" }],
                        ttl: { enabled: true },
                    }),
                ),
                [],
            ));
        it("refuses TTL and local secondary indexes", () => {
            const base = { ...streams, replicas: [strong("us-east-2"), strong("us-west-2")] };
            assert.deepStrictEqual(
                problems(table({ ...base, ttl: { enabled: true, attributeName: "exp" } })),
                [`MRSC tables do not support TTL (${mrscDoc})`],
            );
            assert.deepStrictEqual(problems(table({ ...base, ttl: { enabled: false } })), []);
            assert.deepStrictEqual(
                problems(table({ ...base, localSecondaryIndexes: [{ name: "by-date" }] })),
                [`MRSC tables do not support local secondary indexes (${mrscDoc})`],
            );
        });
    });

    describe("table replica resources", () => {
        const arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
        const source = (inputs: Record<string, unknown> = streams) =>
            table(inputs, { outputs: { arn } });
        const replica = (inputs: Record<string, unknown>, region = "us-west-2") =>
            recorded(
                "aws:dynamodb/tableReplica:TableReplica",
                "orders-west",
                { globalTableArn: arn, ...inputs },
                { region },
            );

        it("accepts a replica of a streaming table in another region", () =>
            assert.deepStrictEqual(problems(replica({}), [source()]), []));
        it("requires globalTableArn", () =>
            assert.deepStrictEqual(problems(replica({ globalTableArn: undefined }), [source()]), [
                `globalTableArn is required (${globalTablesDoc})`,
            ]));
        it("rejects a table no stack created, and another type with that ARN", () => {
            const message = `globalTableArn "${arn}" names no table created by the stacks run so far (${globalTablesDoc})`;
            assert.deepStrictEqual(problems(replica({})), [message]);
            const notATable = recorded(
                "aws:dynamodb/tableReplica:TableReplica",
                "x",
                {},
                { outputs: { arn } },
            );
            assert.deepStrictEqual(problems(replica({}), [notATable]), [message]);
        });
        it("needs the source's streams, its own key and another region", () => {
            assert.deepStrictEqual(problems(replica({}), [source({})]), [
                `table "orders" must have streamEnabled true and streamViewType NEW_AND_OLD_IMAGES to have replicas, but has streamEnabled false and streamViewType null (${globalTablesDoc})`,
            ]);
            assert.deepStrictEqual(problems(replica({ kmsKeyArn: key("us-east-1") }), [source()]), [
                `replica kmsKeyArn "${key("us-east-1")}" is not in us-west-2; a table or replica is encrypted with a key of its own region (${replicaKmsDoc})`,
            ]);
            assert.deepStrictEqual(problems(replica({}, "us-east-1"), [source()]), [
                `replica is in us-east-1, the source table's own region (${globalTablesDoc})`,
            ]);
        });
    });
});

describe("AWS input constraints: S3 versioning and replication", () => {
    const versioningDoc =
        "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html";
    const replicationDoc =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html";
    const putReplicationDoc =
        "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html";
    const rtcDoc =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html";
    const versioning = (bucket: string, config: Record<string, unknown> = { status: "Enabled" }) =>
        recorded("aws:s3/bucketVersioning:BucketVersioning", `${bucket}-versioning`, {
            bucket,
            versioningConfiguration: config,
        });

    it("takes versioning Enabled or Suspended, MFA delete Enabled or Disabled", () => {
        for (const status of ["Enabled", "Suspended"]) {
            for (const mfaDelete of ["Enabled", "Disabled", undefined]) {
                assert.deepStrictEqual(
                    problems(versioning("b", { status, mfaDelete })),
                    [],
                    `${status} ${mfaDelete}`,
                );
            }
        }
        assert.deepStrictEqual(problems(versioning("b", { status: "Disabled" })), [
            `versioningConfiguration.status "Disabled" must be Enabled or Suspended (${versioningDoc})`,
        ]);
        assert.deepStrictEqual(problems(versioning("b", {})), [
            `versioningConfiguration.status null must be Enabled or Suspended (${versioningDoc})`,
        ]);
        assert.deepStrictEqual(problems(versioning("b", { status: "Enabled", mfaDelete: "On" })), [
            `versioningConfiguration.mfaDelete "On" must be Enabled or Disabled (${versioningDoc})`,
        ]);
    });

    const enabled = [versioning("src"), versioning("dst")];
    const rule = (change: Record<string, unknown> = {}) => ({
        id: "all",
        status: "Enabled",
        destination: { bucket: "arn:aws:s3:::dst" },
        ...change,
    });
    const replication = (inputs: Record<string, unknown>, name = "repl") =>
        recorded("aws:s3/bucketReplicationConfig:BucketReplicationConfig", name, {
            bucket: "src",
            role: "arn:role",
            rules: [rule()],
            ...inputs,
        });

    it("accepts a versioned source and destination", () =>
        assert.deepStrictEqual(problems(replication({}), enabled), []));
    it("reads versioning only from versioning resources with status Enabled", () => {
        const lookalike = recorded("aws:s3/bucketPolicy:BucketPolicy", "p", {
            bucket: "dst",
            versioningConfiguration: { status: "Enabled" },
        });
        assert.deepStrictEqual(problems(replication({}), [versioning("src"), lookalike]), [
            `destination bucket "dst" must have versioning Enabled (${replicationDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(replication({}), [
                versioning("src"),
                versioning("dst", { status: "Suspended" }),
            ]),
            [`destination bucket "dst" must have versioning Enabled (${replicationDoc})`],
        );
        assert.deepStrictEqual(problems(replication({ bucket: "arn:aws:s3:::src" }), enabled), []);
    });
    it("needs at least one rule and a destination in each", () => {
        assert.deepStrictEqual(problems(replication({ rules: [] }), enabled), [
            `replication needs at least one rule (${replicationDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(replication({ rules: [rule({ destination: {} })] }), enabled),
            [`rule "all" has no destination bucket (${replicationDoc})`],
        );
        assert.deepStrictEqual(problems(replication({ rules: [{ status: "Enabled" }] }), enabled), [
            `rule "" has no destination bucket (${replicationDoc})`,
        ]);
    });
    it("refuses a second configuration of the same bucket, not of another", () => {
        const first = replication({}, "first");
        assert.deepStrictEqual(problems(replication({}), [...enabled, first]), [
            `bucket "src" already has a replication configuration from test/first; S3 keeps one per bucket and each put replaces the last (${putReplicationDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(replication({}), [
                ...enabled,
                versioning("other"),
                replication({ bucket: "other" }, "first"),
            ]),
            [],
        );
    });
    it("needs a replica key when SSE-KMS objects are replicated", () => {
        const kms = { sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } } };
        assert.deepStrictEqual(problems(replication({ rules: [rule(kms)] }), enabled), [
            `rule "all" replicates SSE-KMS objects, so its destination needs encryptionConfiguration.replicaKmsKeyId (${putReplicationDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(
                replication({
                    rules: [
                        rule({
                            ...kms,
                            destination: {
                                bucket: "arn:aws:s3:::dst",
                                encryptionConfiguration: { replicaKmsKeyId: "arn:k" },
                            },
                        }),
                    ],
                }),
                enabled,
            ),
            [],
        );
    });
    it("takes 15 minutes for replication time and the metrics threshold, and needs metrics with RTC", () => {
        const destination = (extra: Record<string, unknown>) => ({
            // RTC is part of the V2 rule form: a filter and deleteMarkerReplication.
            filter: {},
            deleteMarkerReplication: { status: "Disabled" },
            destination: { bucket: "arn:aws:s3:::dst", ...extra },
        });
        const rtc = {
            replicationTime: { status: "Enabled", time: { minutes: 15 } },
            metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
        };
        assert.deepStrictEqual(
            problems(replication({ rules: [rule(destination(rtc))] }), enabled),
            [],
        );
        assert.deepStrictEqual(
            problems(
                replication({
                    rules: [
                        rule(
                            destination({
                                ...rtc,
                                replicationTime: { status: "Enabled", time: { minutes: 30 } },
                            }),
                        ),
                    ],
                }),
                enabled,
            ),
            [
                `rule "all" sets destination.replicationTime.time.minutes 30; the only valid value is 15 (${rtcDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(
                replication({
                    rules: [
                        rule(
                            destination({
                                ...rtc,
                                metrics: { status: "Enabled", eventThreshold: { minutes: 10 } },
                            }),
                        ),
                    ],
                }),
                enabled,
            ),
            [
                `rule "all" sets destination.metrics.eventThreshold.minutes 10; the only valid value is 15 (${rtcDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(
                replication({
                    rules: [rule(destination({ replicationTime: rtc.replicationTime }))],
                }),
                enabled,
            ),
            [
                `rule "all" enables Replication Time Control without replication metrics, which RTC requires (${rtcDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(
                replication({
                    rules: [
                        rule(
                            destination({
                                replicationTime: rtc.replicationTime,
                                metrics: { status: "Disabled" },
                            }),
                        ),
                    ],
                }),
                enabled,
            ),
            [
                `rule "all" enables Replication Time Control without replication metrics, which RTC requires (${rtcDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(
                replication({
                    rules: [
                        rule(
                            destination({
                                replicationTime: { status: "Disabled" },
                                metrics: rtc.metrics,
                            }),
                        ),
                    ],
                }),
                enabled,
            ),
            [],
        );
    });
    it("needs a filter (the V2 rule form) for Replication Time Control", () =>
        assert.deepStrictEqual(
            problems(
                replication({
                    rules: [
                        rule({
                            destination: {
                                bucket: "arn:aws:s3:::dst",
                                replicationTime: { status: "Enabled", time: { minutes: 15 } },
                                metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                            },
                        }),
                    ],
                }),
                enabled,
            ),
            [
                `rule "all" enables Replication Time Control without a filter: RTC is part of the V2 rule form, which needs a filter (filter: {} for the whole bucket, or filter: { prefix }) and deleteMarkerReplication in place of the V1 prefix (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html)`,
            ],
        ));
    it("needs deleteMarkerReplication stated with a filter", () => {
        assert.deepStrictEqual(
            problems(replication({ rules: [rule({ filter: { prefix: "a/" } })] }), enabled),
            [
                `rule "all" uses a filter, so it must state deleteMarkerReplication (${replicationDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(
                replication({
                    rules: [
                        rule({
                            filter: { prefix: "a/" },
                            deleteMarkerReplication: { status: "Disabled" },
                        }),
                    ],
                }),
                enabled,
            ),
            [],
        );
    });
});

describe("constraint helpers and the check's error", () => {
    it("get reads through objects and stops at anything else", () => {
        assert.strictEqual(get({ a: { b: [1, 2] } }, "a", "b", 1), 2);
        assert.strictEqual(get({ a: "text" }, "a", "length"), undefined);
        assert.strictEqual(get({ a: null }, "a", "b"), undefined);
        assert.strictEqual(get(undefined, "a"), undefined);
    });
    it("isSet: absent, null, empty string and empty list are unset; false and 0 are set", () => {
        for (const unset of [undefined, null, "", []]) {
            assert.strictEqual(isSet(unset), false, JSON.stringify(unset));
        }
        for (const set of [false, 0, "x", [1], {}]) {
            assert.strictEqual(isSet(set), true, JSON.stringify(set));
        }
    });
    it("ConstraintError lists each refusal under its stack, singular and plural", () => {
        const one = { urn: "u", type: "aws:sns/topic:Topic", name: "t", message: "bad name" };
        const error = new ConstraintError("primary", [one]);
        assert.strictEqual(error.name, "ConstraintError");
        assert.strictEqual(
            error.message,
            'stack primary: AWS would reject 1 input:\n  - aws:sns/topic:Topic "t": bad name',
        );
        assert.strictEqual(
            new ConstraintError("global", [one, { ...one, name: "u", message: "worse" }]).message,
            'stack global: AWS would reject 2 inputs:\n  - aws:sns/topic:Topic "t": bad name\n  - aws:sns/topic:Topic "u": worse',
        );
        assert.deepStrictEqual(error.violations, [one]);
        assert.strictEqual(error.stack, "primary");
    });
    it("without a program folder, no type is checked against a provider SDK", () => {
        const widget = recorded("mycloud:index/widget:Widget", "w", {});
        assert.deepStrictEqual(checkConstraints([widget], [widget]), []);
    });
});
