import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import {
    DataHandles,
    appDataBindings,
    arnInRegion,
    environmentContract,
    regionsNamed,
    secretContract,
    secretKey,
} from "../../components/data/dataBindings";
import {
    generatePassword,
    passwordAlphabet,
    rotationApplicationId,
    secretReplicas,
} from "../../components/data/databaseCredentials";
import { replicationRolePolicy, replicationRules } from "../../components/data/s3Replication";
import { parseStackConfig } from "../../stacks/config";
import { lateDataWiring, withDataWiring } from "../../stacks/data";
import { RegionalDataView, s3ReplicationPlan } from "../../stacks/replication";

const account = "123456789012";
const secret = (region: string, name: string) =>
    `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;
const key = (region: string) => `arn:aws:kms:${region}:${account}:key/mrk-1`;
const table = (region: string) => `arn:aws:dynamodb:${region}:${account}:table/orders`;

/** The handles a task in `region` gets; `role` picks the local RDS instance. */
function handles(region: string, role: "primary" | "secondary"): DataHandles {
    return {
        region,
        accountId: account,
        dynamodb: { tableName: "orders", tableArn: table(region) },
        s3: {
            bucketName: `assets-${region}`,
            bucketArn: `arn:aws:s3:::assets-${region}`,
            kmsKeyArn: key(region),
        },
        aurora: {
            globalWriterEndpoint: "app.global-abc.global.rds.amazonaws.com",
            readerEndpoint: `aurora.cluster-ro-x.${region}.rds.amazonaws.com`,
            port: 5432,
            databaseName: "app",
            writeForwarding: role === "secondary",
            secretArn: secret(region, "aurora"),
            clusterResourceId: `cluster-${region}`,
        },
        rds: {
            endpoint: `rds-${role}.x.${region}.rds.amazonaws.com`,
            writerEndpoint: "rds-primary.x.us-east-1.rds.amazonaws.com",
            port: 5432,
            databaseName: "app",
            secretArn: secret(region, "rds"),
            resourceId: `db-${region}`,
        },
    };
}

describe("app data bindings", () => {
    it("binds nothing without stores", () =>
        assert.deepStrictEqual(appDataBindings({ region: "us-east-1", accountId: account }), {
            environment: {},
            secrets: {},
            taskPolicyStatements: [],
            executionPolicyStatements: [],
        }));

    for (const [region, role] of [
        ["us-east-1", "primary"],
        ["us-west-2", "secondary"],
    ] as const) {
        describe(`a ${role} task in ${region}`, () => {
            const b = appDataBindings(handles(region, role), key(region));

            it("gets each store's endpoint of its own region, and the global writer", () =>
                assert.deepStrictEqual(b.environment, {
                    DATA_REGION: region,
                    DYNAMODB_TABLE_NAME: "orders",
                    DYNAMODB_REGION: region,
                    S3_BUCKET_NAME: `assets-${region}`,
                    S3_BUCKET_REGION: region,
                    AURORA_WRITER_ENDPOINT: "app.global-abc.global.rds.amazonaws.com",
                    AURORA_READER_ENDPOINT: `aurora.cluster-ro-x.${region}.rds.amazonaws.com`,
                    AURORA_PORT: "5432",
                    AURORA_DATABASE: "app",
                    AURORA_WRITE_FORWARDING: String(role === "secondary"),
                    RDS_ENDPOINT: `rds-${role}.x.${region}.rds.amazonaws.com`,
                    RDS_WRITER_ENDPOINT: "rds-primary.x.us-east-1.rds.amazonaws.com",
                    RDS_PORT: "5432",
                    RDS_DATABASE: "app",
                    AURORA_SECRET_ARN: secret(region, "aurora"),
                    RDS_SECRET_ARN: secret(region, "rds"),
                }));

            it("names this region's credentials secret for the app to read at connect time; injects no password (issue 25, item 6)", () => {
                // ECS resolves `secrets` at task start only: an injected password goes stale at
                // the first rotation, minutes after the deployment.
                assert.deepStrictEqual(b.secrets, {});
                assert.deepStrictEqual(b.executionPolicyStatements, []);
            });

            it("lets the task role read exactly these secrets and decrypt with this region's key", () =>
                assert.deepStrictEqual(b.taskPolicyStatements.slice(-3), [
                    {
                        Sid: "ReadAuroraCredentials",
                        Effect: "Allow",
                        Action: ["secretsmanager:GetSecretValue"],
                        Resource: [secret(region, "aurora")],
                    },
                    {
                        Sid: "ReadRdsCredentials",
                        Effect: "Allow",
                        Action: ["secretsmanager:GetSecretValue"],
                        Resource: [secret(region, "rds")],
                    },
                    {
                        Sid: "DecryptDatabaseCredentials",
                        Effect: "Allow",
                        Action: ["kms:Decrypt"],
                        Resource: [key(region)],
                    },
                ]));

            it("scopes the task role to this region's table, indexes, bucket and key", () => {
                assert.deepStrictEqual(
                    b.taskPolicyStatements.slice(0, 4).map((s) => [s.Sid, s.Resource]),
                    [
                        ["DynamoDbTableInRegion", [table(region), `${table(region)}/index/*`]],
                        ["S3BucketInRegion", [`arn:aws:s3:::assets-${region}`]],
                        ["S3ObjectsInRegion", [`arn:aws:s3:::assets-${region}/*`]],
                        ["S3KeyInRegion", [key(region)]],
                    ],
                );
                assert.deepStrictEqual(regionsNamed(b.taskPolicyStatements), [region]);
            });
        });
    }

    it("grants rds-db:connect only with IAM database authentication, for this region's database", () => {
        const h = handles("us-west-2", "secondary");
        h.aurora!.iamDatabaseUser = "app_user";
        h.rds!.iamDatabaseUser = "app_user";
        const connect = appDataBindings(h).taskPolicyStatements.filter((s) =>
            s.Action.includes("rds-db:connect"),
        );
        assert.deepStrictEqual(connect, [
            {
                Sid: "AuroraIamConnect",
                Effect: "Allow",
                Action: ["rds-db:connect"],
                Resource: [`arn:aws:rds-db:us-west-2:${account}:dbuser:cluster-us-west-2/app_user`],
            },
            {
                Sid: "RdsIamConnect",
                Effect: "Allow",
                Action: ["rds-db:connect"],
                Resource: [`arn:aws:rds-db:us-west-2:${account}:dbuser:db-us-west-2/app_user`],
            },
        ]);
    });

    it("gives the Multi-Region Access Point ARN to the app and grants it beside the local bucket", () => {
        const h = handles("us-west-2", "secondary");
        const mrap = `arn:aws:s3::${account}:accesspoint/abc.mrap`;
        h.s3!.multiRegionAccessPoint = { alias: "abc.mrap", arn: mrap };
        const b = appDataBindings(h);
        assert.strictEqual(b.environment.S3_ACCESS_POINT_ARN, mrap);
        assert.deepStrictEqual(
            b.taskPolicyStatements.find((s) => s.Sid === "S3MultiRegionAccessPoint"),
            {
                Sid: "S3MultiRegionAccessPoint",
                Effect: "Allow",
                Action: [
                    "s3:DeleteObject",
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:ListBucket",
                    "s3:PutObject",
                ],
                Resource: [mrap, `${mrap}/object/*`],
            },
        );
        assert.deepStrictEqual(regionsNamed(b.taskPolicyStatements), ["us-west-2"]);
    });

    it("moves an ARN to another region and names a secret's JSON key", () => {
        assert.strictEqual(arnInRegion(table("us-east-1"), "eu-west-1"), table("eu-west-1"));
        assert.strictEqual(secretKey("arn:s", "password"), "arn:s:password::");
    });
});

describe("database credentials", () => {
    it("draws a password from the alphabet with the generator it is given", () => {
        let n = 0;
        assert.strictEqual(
            generatePassword(10, (size) => n++ % size),
            passwordAlphabet.slice(0, 10),
        );
        const real = generatePassword();
        assert.strictEqual(real.length, 32);
        assert.ok([...real].every((c) => passwordAlphabet.includes(c)));
    });
    it("never uses the characters RDS refuses", () =>
        assert.deepStrictEqual(
            ["/", '"', "@", " ", "'", "\\"].filter((c) => passwordAlphabet.includes(c)),
            [],
        ));
    it("refuses lengths the engines refuse", () => {
        assert.throws(() => generatePassword(7), {
            message: "password length 7 must be an integer from 8 to 41",
        });
        assert.throws(() => generatePassword(42), {
            message: "password length 42 must be an integer from 8 to 41",
        });
    });
    it("picks AWS's single-user rotation function per engine", () =>
        assert.deepStrictEqual(
            (["aurora-postgresql", "postgres", "aurora-mysql", "mysql", "mariadb"] as const).map(
                rotationApplicationId,
            ),
            [
                "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
                "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
                "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser",
                "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser",
                "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMariaDBRotationSingleUser",
            ],
        ));
    it("replicates the secret to every other region with that region's key, sorted", () =>
        assert.deepStrictEqual(
            secretReplicas("us-east-1", {
                "us-west-2": key("us-west-2"),
                "us-east-1": key("us-east-1"),
                "eu-west-1": key("eu-west-1"),
            }),
            [
                { region: "eu-west-1", kmsKeyId: key("eu-west-1") },
                { region: "us-west-2", kmsKeyId: key("us-west-2") },
            ],
        ));
});

describe("multi-destination S3 replication", () => {
    const end = (region: string) => ({
        bucketArn: `arn:aws:s3:::assets-${region}`,
        kmsKeyArn: key(region),
        region,
    });
    it("gives each destination its own rule and priority, ordered by region", () =>
        assert.deepStrictEqual(
            replicationRules([end("us-west-2"), end("eu-west-1")], {
                replicationTimeControl: false,
                deleteMarkerReplication: false,
            }).map((r) => [r.id, r.priority, (r.destination as { bucket: string }).bucket]),
            [
                ["replicate-to-eu-west-1", 1, "arn:aws:s3:::assets-eu-west-1"],
                ["replicate-to-us-west-2", 2, "arn:aws:s3:::assets-us-west-2"],
            ],
        ));
    it("lets the role write to every destination and encrypt with each one's key in its region", () => {
        const policy = replicationRolePolicy(
            end("us-east-1"),
            [end("us-west-2"), end("eu-west-1")],
            false,
        ) as { Statement: { Sid: string; Resource: string[]; Condition?: unknown }[] };
        assert.deepStrictEqual(
            policy.Statement.map((s) => [s.Sid, s.Resource]),
            [
                ["ReadSourceConfiguration", ["arn:aws:s3:::assets-us-east-1"]],
                ["ReadSourceObjects", ["arn:aws:s3:::assets-us-east-1/*"]],
                [
                    "WriteReplicas",
                    ["arn:aws:s3:::assets-eu-west-1/*", "arn:aws:s3:::assets-us-west-2/*"],
                ],
                ["DecryptSource", [key("us-east-1")]],
                ["EncryptReplicasEuWest1", [key("eu-west-1")]],
                ["EncryptReplicasUsWest2", [key("us-west-2")]],
            ],
        );
        assert.deepStrictEqual(policy.Statement[5].Condition, {
            StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" },
            StringLike: {
                "kms:EncryptionContext:aws:s3:arn": [
                    "arn:aws:s3:::assets-us-west-2",
                    "arn:aws:s3:::assets-us-west-2/*",
                ],
            },
        });
    });

    const view = (
        stack: string,
        role: "primary" | "secondary",
        region: string,
        s3 = true,
    ): RegionalDataView => ({
        stack,
        role,
        region,
        data: {
            region,
            ...(s3
                ? {
                      s3: {
                          bucketName: `assets-${region}`,
                          ...end(region),
                          ...(role === "primary"
                              ? { replicationTimeControl: true, deleteMarkerReplication: false }
                              : {}),
                      },
                  }
                : {}),
        },
    });
    const rule = { replicationTimeControl: false, deleteMarkerReplication: true };
    it("replicates the primary's bucket to every secondary's, with the primary's settings", () =>
        assert.deepStrictEqual(
            s3ReplicationPlan(
                [
                    view("primary", "primary", "us-east-1"),
                    view("west", "secondary", "us-west-2"),
                    view("eu", "secondary", "eu-west-1"),
                ],
                rule,
            ),
            {
                source: end("us-east-1"),
                destinations: [end("eu-west-1"), end("us-west-2")],
                replicationTimeControl: true,
                deleteMarkerReplication: false,
            },
        ));
    it("plans nothing without buckets or without secondaries", () => {
        assert.strictEqual(
            s3ReplicationPlan(
                [
                    view("p", "primary", "us-east-1", false),
                    view("s", "secondary", "us-west-2", false),
                ],
                rule,
            ),
            undefined,
        );
        assert.strictEqual(s3ReplicationPlan([view("p", "primary", "us-east-1")], rule), undefined);
    });
    it("refuses secondary buckets without a primary bucket, and two primaries", () => {
        assert.throws(
            () =>
                s3ReplicationPlan(
                    [view("p", "primary", "us-east-1", false), view("s", "secondary", "us-west-2")],
                    rule,
                ),
            {
                message:
                    "regionalStacks: secondaries in us-west-2 have S3 buckets, but no primary exports one to replicate from",
            },
        );
        assert.throws(
            () =>
                s3ReplicationPlan(
                    [view("a", "primary", "us-east-1"), view("b", "primary", "us-west-2")],
                    rule,
                ),
            {
                message:
                    "regionalStacks: a, b are all primaries; one bucket is the replication source",
            },
        );
    });
});

describe("environment contract in docs/data.md", () => {
    it("lists exactly the variables and secrets the bindings set", () => {
        const doc = fs.readFileSync(path.join(__dirname, "../../docs/data.md"), "utf8");
        const section = doc.slice(
            doc.indexOf("## Environment contract"),
            doc.indexOf("## Credentials AWS accepts"),
        );
        const documented = [...section.matchAll(/^\| (`[A-Z0-9_]+`(?:, `[A-Z0-9_]+`)*) \|/gm)]
            .flatMap((m) => m[1].split(", "))
            .map((name) => name.replace(/`/g, ""))
            .sort();
        const contract = [
            ...Object.values(environmentContract).flat(),
            ...Object.values(secretContract).flat(),
        ].sort();
        assert.deepStrictEqual(documented, contract);
    });
});

describe("late data wiring of the application", () => {
    const valueOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
    const config = parseStackConfig({
        "aws:region": "us-west-2",
        "multi-region-failover:role": "secondary",
        "multi-region-failover:data": JSON.stringify({
            stores: ["aurora", "rds", "dynamodb", "s3"],
        }),
    });

    it("names every variable, secret and statement before the stores exist, and fills them after", async () => {
        const late = lateDataWiring(config);
        assert.deepStrictEqual(Object.keys(late.wiring.environment), [
            "DATA_REGION",
            "DYNAMODB_TABLE_NAME",
            "DYNAMODB_REGION",
            "S3_BUCKET_NAME",
            "S3_BUCKET_REGION",
            "AURORA_WRITER_ENDPOINT",
            "AURORA_READER_ENDPOINT",
            "AURORA_PORT",
            "AURORA_DATABASE",
            "AURORA_WRITE_FORWARDING",
            "AURORA_SECRET_ARN",
            "RDS_ENDPOINT",
            "RDS_WRITER_ENDPOINT",
            "RDS_PORT",
            "RDS_DATABASE",
            "RDS_SECRET_ARN",
        ]);
        assert.deepStrictEqual(Object.keys(late.wiring.secrets), []);
        assert.strictEqual(late.wiring.taskPolicyStatements.length, 7);
        const bound = appDataBindings(handles("us-west-2", "secondary"), key("us-west-2"));
        late.resolve(pulumi.output(bound));
        assert.strictEqual(
            await valueOf(late.wiring.environment.RDS_ENDPOINT),
            "rds-secondary.x.us-west-2.rds.amazonaws.com",
        );
        assert.strictEqual(
            await valueOf(late.wiring.environment.RDS_SECRET_ARN),
            secret("us-west-2", "rds"),
        );
        assert.deepStrictEqual(
            await valueOf(late.wiring.taskPolicyStatements[0]),
            bound.taskPolicyStatements[0],
        );
    });

    it("fails the application's values with a copy of the data layer's error, which the stack reports intact", async () => {
        const late = lateDataWiring(config);
        const cause = new Error("data.stores: the primary exports no data.aurora");
        await assert.rejects(
            withDataWiring(late, () => Promise.reject(cause)),
            (err) => err === cause,
        );
        // Output#promise is the SDK's internal view of a value, rejection included.
        const pending = late.wiring.environment.RDS_ENDPOINT as unknown as {
            promise(): Promise<string>;
        };
        await assert.rejects(pending.promise(), {
            message: "the data layer failed: data.stores: the primary exports no data.aurora",
        });
        assert.strictEqual(cause.message, "data.stores: the primary exports no data.aurora");
    });

    it("hands the data layer's bindings to the application and returns its outputs", async () => {
        const late = lateDataWiring(config);
        const bound = appDataBindings(handles("us-west-2", "secondary"), key("us-west-2"));
        const outputs = await withDataWiring(late, () => ({
            outputs: { data: { region: "us-west-2" } },
            bindings: pulumi.output(bound),
        }));
        assert.deepStrictEqual(outputs, { data: { region: "us-west-2" } });
        assert.strictEqual(await valueOf(late.wiring.environment.DYNAMODB_REGION), "us-west-2");
    });
});
