/**
 * ECR pull-through cache rules, CloudWatch log groups and alarms, Application Auto Scaling and
 * Secrets Manager (issue #30: mutants of their constraint files survived or had no fast test).
 * Every table entry is walked and every comparison is tested on both sides of its boundary.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { logRetentionDays } from "../../policies/lib/aws-limits";
import { pullThroughUpstreams } from "../../check/engine/constraints/ecr";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource): string[] {
    return checkConstraints([resource], [resource]).map((v) => v.message);
}

describe("AWS input constraints: ECR pull-through cache rule", () => {
    const ruleDoc =
        "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html";
    const upstreamDoc =
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html";
    const rule = (change: Record<string, unknown>) =>
        recorded("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "cache", {
            ecrRepositoryPrefix: "ecr-public",
            upstreamRegistryUrl: "public.ecr.aws",
            ...change,
        });
    const supported = `supported: ${Object.keys(pullThroughUpstreams).join(", ")}, <name>.azurecr.io, a private ECR registry`;

    it("lists the upstreams and which need credentials", () =>
        assert.deepStrictEqual(pullThroughUpstreams, {
            "public.ecr.aws": false,
            "quay.io": false,
            "registry.k8s.io": false,
            "registry-1.docker.io": true,
            "ghcr.io": true,
            "registry.gitlab.com": true,
        }));
    for (const [upstream, needsCredentials] of Object.entries(pullThroughUpstreams)) {
        it(`${upstream}: ${needsCredentials ? "needs" : "takes no"} credentials`, () => {
            assert.deepStrictEqual(
                problems(rule({ upstreamRegistryUrl: upstream, credentialArn: "arn:secret" })),
                [],
            );
            assert.deepStrictEqual(
                problems(rule({ upstreamRegistryUrl: upstream })),
                needsCredentials
                    ? [
                          `upstream ${upstream} needs credentialArn (a Secrets Manager secret prefixed ecr-pullthroughcache/) (${upstreamDoc})`,
                      ]
                    : [],
            );
        });
    }
    it("an Azure registry needs credentials, a private ECR registry does not", () => {
        assert.deepStrictEqual(problems(rule({ upstreamRegistryUrl: "team.azurecr.io" })), [
            `upstream team.azurecr.io needs credentialArn (a Secrets Manager secret prefixed ecr-pullthroughcache/) (${upstreamDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(rule({ upstreamRegistryUrl: "123456789012.dkr.ecr.us-west-2.amazonaws.com" })),
            [],
        );
    });
    for (const upstream of [
        "docker.io",
        "x123456789012.dkr.ecr.us-west-2.amazonaws.com",
        "123456789012.dkr.ecr.us-west-2.amazonaws.com.evil",
        "team.azurecr.io.evil",
    ]) {
        it(`refuses the upstream ${upstream}`, () =>
            assert.deepStrictEqual(problems(rule({ upstreamRegistryUrl: upstream })), [
                `upstreamRegistryUrl ${JSON.stringify(upstream)} is not a supported upstream; ${supported} (${upstreamDoc})`,
            ]));
    }
    it("refuses a rule without an upstream", () =>
        assert.deepStrictEqual(problems(rule({ upstreamRegistryUrl: undefined })), [
            `upstreamRegistryUrl "" is not a supported upstream; ${supported} (${upstreamDoc})`,
        ]));
    for (const prefix of ["ab", "a".repeat(30), "team/ecr-public", "a.b_c-d"]) {
        it(`accepts the prefix ${prefix}`, () =>
            assert.deepStrictEqual(problems(rule({ ecrRepositoryPrefix: prefix })), []));
    }
    for (const prefix of ["a", "a".repeat(31), "Team", "-ab", "ab-", "/ab", "ab/", undefined]) {
        it(`refuses the prefix ${JSON.stringify(prefix)}`, () =>
            assert.deepStrictEqual(problems(rule({ ecrRepositoryPrefix: prefix })), [
                `ecrRepositoryPrefix ${JSON.stringify(prefix ?? "")} must be 2 to 30 lowercase characters, digits and . _ - / (${ruleDoc})`,
            ]));
    }
});

describe("AWS input constraints: CloudWatch", () => {
    const retentionDoc =
        "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html";
    const logGroupDoc =
        "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html";
    const alarmDoc =
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html";
    const logGroup = (inputs: Record<string, unknown>) =>
        recorded("aws:cloudwatch/logGroup:LogGroup", "lg", inputs);

    it("accepts every retention PutRetentionPolicy lists, and no retention", () => {
        assert.strictEqual(logRetentionDays.length, 23);
        for (const days of logRetentionDays) {
            assert.deepStrictEqual(problems(logGroup({ retentionInDays: days })), [], `${days}`);
        }
        assert.deepStrictEqual(problems(logGroup({})), []);
    });
    for (const days of [2, 366, 3654]) {
        it(`rejects a retention of ${days} days`, () =>
            assert.deepStrictEqual(problems(logGroup({ retentionInDays: days })), [
                `retentionInDays ${days} is not allowed; use one of ${logRetentionDays.join(", ")} (${retentionDoc})`,
            ]));
    }
    it("takes a KMS key by ARN only", () => {
        assert.deepStrictEqual(
            problems(logGroup({ kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" })),
            [],
        );
        assert.deepStrictEqual(problems(logGroup({ kmsKeyId: "alias/logs" })), [
            `kmsKeyId "alias/logs" must be a KMS key ARN (${logGroupDoc})`,
        ]);
        assert.deepStrictEqual(problems(logGroup({ kmsKeyId: "key/arn:" })), [
            `kmsKeyId "key/arn:" must be a KMS key ARN (${logGroupDoc})`,
        ]);
    });

    const alarm = (change: Record<string, unknown>) =>
        recorded("aws:cloudwatch/metricAlarm:MetricAlarm", "al", {
            period: 60,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            ...change,
        });
    for (const period of [10, 20, 30, 60, 120, 3600]) {
        it(`accepts a period of ${period} s`, () =>
            assert.deepStrictEqual(problems(alarm({ period })), []));
    }
    for (const period of [5, 40, 90, 0]) {
        it(`rejects a period of ${period} s`, () =>
            assert.deepStrictEqual(problems(alarm({ period })), [
                `period ${period} must be 10, 20, 30 or a multiple of 60 seconds (${alarmDoc})`,
            ]));
    }
    it("accepts 1 evaluation period and datapoints equal to it", () =>
        assert.deepStrictEqual(
            problems(alarm({ evaluationPeriods: 1, datapointsToAlarm: 1 })),
            [],
        ));
    for (const evaluationPeriods of [0, 1.5, undefined]) {
        it(`rejects evaluationPeriods ${evaluationPeriods}`, () =>
            assert.deepStrictEqual(problems(alarm({ evaluationPeriods })), [
                `evaluationPeriods ${JSON.stringify(evaluationPeriods ?? null)} must be an integer of at least 1 (${alarmDoc})`,
            ]));
    }
    it("rejects datapointsToAlarm one above evaluationPeriods", () =>
        assert.deepStrictEqual(problems(alarm({ datapointsToAlarm: 4 })), [
            `datapointsToAlarm 4 is above evaluationPeriods 3 (${alarmDoc})`,
        ]));
    it("accepts datapointsToAlarm equal to evaluationPeriods, and none", () => {
        assert.deepStrictEqual(problems(alarm({ datapointsToAlarm: 3 })), []);
        assert.deepStrictEqual(problems(alarm({ datapointsToAlarm: undefined })), []);
    });
});

describe("AWS input constraints: Application Auto Scaling", () => {
    const targetDoc =
        "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html";
    const policyDoc =
        "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html";
    const target = (change: Record<string, unknown>) =>
        recorded("aws:appautoscaling/target:Target", "t", {
            minCapacity: 2,
            maxCapacity: 4,
            serviceNamespace: "ecs",
            resourceId: "service/app/api",
            ...change,
        });

    it("accepts min equal to max, and 0", () => {
        assert.deepStrictEqual(problems(target({ minCapacity: 4 })), []);
        assert.deepStrictEqual(problems(target({ minCapacity: 0, maxCapacity: 0 })), []);
    });
    it("rejects min one above max", () =>
        assert.deepStrictEqual(problems(target({ minCapacity: 5 })), [
            `minCapacity 5 is above maxCapacity 4 (${targetDoc})`,
        ]));
    for (const key of ["minCapacity", "maxCapacity"]) {
        for (const bad of [-1, 1.5, undefined]) {
            it(`rejects ${key} ${bad}`, () => {
                const found = problems(target({ [key]: bad }));
                assert.strictEqual(
                    found[0],
                    `${key} ${JSON.stringify(bad ?? null)} must be an integer of at least 0 (${targetDoc})`,
                );
            });
        }
    }
    it("requires service/<cluster>/<service> for ECS only", () => {
        for (const resourceId of [
            "service/app",
            "service/app/api/x",
            "cluster/app/api",
            undefined,
        ]) {
            assert.deepStrictEqual(problems(target({ resourceId })), [
                `an ECS resourceId must be service/<cluster>/<service>, got ${JSON.stringify(resourceId ?? null)} (${targetDoc})`,
            ]);
        }
        assert.deepStrictEqual(
            problems(target({ serviceNamespace: "dynamodb", resourceId: "table/t" })),
            [],
        );
    });

    const policy = (change: Record<string, unknown>, config: Record<string, unknown> = {}) =>
        recorded("aws:appautoscaling/policy:Policy", "p", {
            policyType: "TargetTrackingScaling",
            serviceNamespace: "ecs",
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 60,
                predefinedMetricSpecification: {
                    predefinedMetricType: "ECSServiceAverageCPUUtilization",
                },
                ...config,
            },
            ...change,
        });
    it("accepts each ECS metric", () => {
        for (const predefinedMetricType of [
            "ECSServiceAverageCPUUtilization",
            "ECSServiceAverageMemoryUtilization",
            "ALBRequestCountPerTarget",
        ]) {
            assert.deepStrictEqual(
                problems(policy({}, { predefinedMetricSpecification: { predefinedMetricType } })),
                [],
            );
        }
    });
    it("rejects a DynamoDB metric on an ECS service, not on a table", () => {
        const dynamo = {
            predefinedMetricSpecification: {
                predefinedMetricType: "DynamoDBReadCapacityUtilization",
            },
        };
        assert.deepStrictEqual(problems(policy({}, dynamo)), [
            `predefined metric "DynamoDBReadCapacityUtilization" does not apply to ECS services; use one of ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization, ALBRequestCountPerTarget (${policyDoc})`,
        ]);
        assert.deepStrictEqual(problems(policy({ serviceNamespace: "dynamodb" }, dynamo)), []);
    });
    it("accepts a custom metric (no predefined one)", () =>
        assert.deepStrictEqual(
            problems(policy({}, { predefinedMetricSpecification: undefined })),
            [],
        ));
    it("needs a target value above 0", () => {
        assert.deepStrictEqual(problems(policy({}, { targetValue: 0.1 })), []);
        for (const targetValue of [0, -1, "60", undefined]) {
            assert.deepStrictEqual(problems(policy({}, { targetValue })), [
                `targetValue ${JSON.stringify(targetValue ?? null)} must be a number above 0 (${policyDoc})`,
            ]);
        }
    });
    it("needs the target tracking configuration", () =>
        assert.deepStrictEqual(
            problems(policy({ targetTrackingScalingPolicyConfiguration: undefined })),
            [`TargetTrackingScaling needs targetTrackingScalingPolicyConfiguration (${policyDoc})`],
        ));
    it("leaves step scaling (also by default) alone", () => {
        assert.deepStrictEqual(
            problems(
                policy({
                    policyType: "StepScaling",
                    targetTrackingScalingPolicyConfiguration: undefined,
                }),
            ),
            [],
        );
        assert.deepStrictEqual(
            problems(
                policy({
                    policyType: undefined,
                    targetTrackingScalingPolicyConfiguration: undefined,
                }),
            ),
            [],
        );
    });
});

describe("AWS input constraints: Secrets Manager", () => {
    const replicateDoc =
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ReplicateSecretToRegions.html";
    const rotationDoc =
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html";
    const key = (region: string) => `arn:aws:kms:${region}:123456789012:key/k`;
    const secret = (change: Record<string, unknown>) =>
        recorded("aws:secretsmanager/secret:Secret", "s", {
            kmsKeyId: key("us-east-1"),
            replicas: [{ region: "us-west-2", kmsKeyId: key("us-west-2") }],
            ...change,
        });

    it("accepts keys of each secret's own region, and keys by alias", () => {
        assert.deepStrictEqual(problems(secret({})), []);
        assert.deepStrictEqual(
            problems(
                secret({
                    kmsKeyId: "alias/s",
                    replicas: [{ region: "us-west-2", kmsKeyId: "alias/s" }],
                }),
            ),
            [],
        );
    });
    it("rejects the secret's key in another region", () =>
        assert.deepStrictEqual(problems(secret({ kmsKeyId: key("us-west-2") })), [
            `rule secret-replica-region: kmsKeyId "${key("us-west-2")}" is in us-west-2, not in the secret's region us-east-1 (${replicateDoc})`,
        ]));
    it("rejects a replica in the secret's region, and two in one region", () =>
        assert.deepStrictEqual(
            problems(
                secret({
                    replicas: [
                        { region: "us-east-1" },
                        { region: "us-west-2" },
                        { region: "us-west-2" },
                    ],
                }),
            ),
            [
                `rule secret-replica-region: replica region us-east-1 is the secret's own region (${replicateDoc})`,
                `rule secret-replica-region: region us-west-2 has two replicas; a secret has at most one per region (${replicateDoc})`,
            ],
        ));
    it("rejects a replica's key of another region", () =>
        assert.deepStrictEqual(
            problems(secret({ replicas: [{ region: "us-west-2", kmsKeyId: key("us-east-1") }] })),
            [
                `rule secret-replica-region: replica in us-west-2 names kmsKeyId "${key("us-east-1")}" of us-east-1; a replica is encrypted with a key of its own region (${replicateDoc})`,
            ],
        ));

    const rotationLambda =
        "rule secret-rotation: rotationLambdaArn is required for a secret that Secrets Manager does not manage for another service (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html)";
    const rotation = (rules: Record<string, unknown>, lambda: string | undefined = "arn:fn") =>
        recorded("aws:secretsmanager/secretRotation:SecretRotation", "r", {
            secretId: "s",
            rotationLambdaArn: lambda,
            rotationRules: rules,
        });
    it("accepts 1 and 1000 days, and a schedule expression", () => {
        assert.deepStrictEqual(problems(rotation({ automaticallyAfterDays: 1 })), []);
        assert.deepStrictEqual(problems(rotation({ automaticallyAfterDays: 1000 })), []);
        assert.deepStrictEqual(problems(rotation({ scheduleExpression: "rate(10 days)" })), []);
    });
    for (const days of [0, 1001, 1.5]) {
        it(`rejects ${days} days`, () =>
            assert.deepStrictEqual(problems(rotation({ automaticallyAfterDays: days })), [
                `rule secret-rotation: rotationRules.automaticallyAfterDays ${days} must be an integer from 1 to 1000 (${rotationDoc})`,
            ]));
    }
    it("rejects both days and an expression", () =>
        assert.deepStrictEqual(
            problems(rotation({ automaticallyAfterDays: 30, scheduleExpression: "rate(10 days)" })),
            [
                `rule secret-rotation: rotationRules sets both automaticallyAfterDays and scheduleExpression; use one (${rotationDoc})`,
            ],
        ));
    it("requires the rotation function", () =>
        assert.deepStrictEqual(problems(rotation({ automaticallyAfterDays: 30 }, "")), [
            rotationLambda,
        ]));
});
