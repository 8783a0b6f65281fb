/**
 * Synthetics canaries and FIS experiment templates on their boundaries (issue #30: survivors of
 * check/engine/constraints/observability.ts). Exact messages; every range at both ends.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource): string[] {
    return checkConstraints([resource], [resource]).map((v) => v.message);
}

const startCanaryDoc =
    "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_StartCanary.html";
const runConfigDoc =
    "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryRunConfigInput.html";
const runtimeDoc =
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_Library.html";
const canaryCfnDoc =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-synthetics-canary.html";
const fisActionsDoc = "https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html";
const fisTargetsDoc = "https://docs.aws.amazon.com/fis/latest/userguide/targets.html";
const fisStopDoc = "https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html";

describe("AWS input constraints: Synthetics canary", () => {
    const canary = (change: Record<string, unknown>, runConfig: Record<string, unknown> = {}) =>
        recorded("aws:synthetics/canary:Canary", "c", {
            name: "api-check",
            runtimeVersion: "syn-nodejs-puppeteer-15.0",
            artifactS3Location: "s3://bucket/canary/",
            runConfig: { timeoutInSeconds: 60, memoryInMb: 1024, ...runConfig },
            ...change,
        });
    it("accepts a valid canary, and one the provider names", () => {
        assert.deepStrictEqual(problems(canary({})), []);
        assert.deepStrictEqual(problems(canary({ name: undefined })), []);
        assert.deepStrictEqual(problems(canary({ name: "a".repeat(21) })), []);
    });
    for (const name of ["a".repeat(22), "Api", "api.check"]) {
        it(`rejects the name ${name}`, () =>
            assert.deepStrictEqual(problems(canary({ name })), [
                `name ${JSON.stringify(name)} must be 1-21 characters of lowercase letters, digits, - and _ (${startCanaryDoc})`,
            ]));
    }
    for (const runtimeVersion of [
        "syn-nodejs-playwright-2.0",
        "syn-python-selenium-5.1",
        "syn-nodejs-3.0",
        "syn-java-1.0",
        "syn-nodejs-puppeteer-10.12",
    ]) {
        it(`accepts the runtime ${runtimeVersion}`, () =>
            assert.deepStrictEqual(problems(canary({ runtimeVersion })), []));
    }
    for (const runtimeVersion of [
        "x-syn-nodejs-3.0",
        "syn-nodejs-3.0-beta",
        "syn-nodejs-3",
        "syn-ruby-1.0",
        undefined,
    ]) {
        it(`rejects the runtime ${runtimeVersion}`, () =>
            assert.deepStrictEqual(problems(canary({ runtimeVersion })), [
                `runtimeVersion ${JSON.stringify(runtimeVersion)} is not a Synthetics runtime version like syn-nodejs-puppeteer-15.0 (${runtimeDoc})`,
            ]));
    }
    it("accepts timeouts of 3 and 840 s and rejects 2, 841 and a fraction", () => {
        assert.deepStrictEqual(problems(canary({}, { timeoutInSeconds: 3 })), []);
        assert.deepStrictEqual(problems(canary({}, { timeoutInSeconds: 840 })), []);
        for (const timeout of [2, 841, 3.5]) {
            assert.deepStrictEqual(problems(canary({}, { timeoutInSeconds: timeout })), [
                `runConfig.timeoutInSeconds ${timeout} must be an integer from 3 to 840 (${runConfigDoc})`,
            ]);
        }
    });
    it("accepts memory of 960 and 3008 MB and rejects 896, 3072 and 1000", () => {
        assert.deepStrictEqual(problems(canary({}, { memoryInMb: 960 })), []);
        assert.deepStrictEqual(problems(canary({}, { memoryInMb: 3008 })), []);
        for (const memory of [896, 3072, 1000]) {
            assert.deepStrictEqual(problems(canary({}, { memoryInMb: memory })), [
                `runConfig.memoryInMb ${memory} must be a multiple of 64 from 960 to 3008 (${runConfigDoc})`,
            ]);
        }
    });
    it("needs a full S3 location for artifacts", () => {
        assert.deepStrictEqual(problems(canary({ artifactS3Location: "bucket/canary" })), [
            `artifactS3Location "bucket/canary" must be a full S3 location starting with s3:// (${canaryCfnDoc})`,
        ]);
        assert.deepStrictEqual(problems(canary({ artifactS3Location: undefined })), [
            `artifactS3Location null must be a full S3 location starting with s3:// (${canaryCfnDoc})`,
        ]);
    });
});

describe("AWS input constraints: FIS experiment template", () => {
    const tasks = {
        name: "tasks",
        resourceType: "aws:ecs:task",
        selectionMode: "ALL",
        parameters: { cluster: "app", service: "api" },
    };
    const stopTasks = {
        name: "stop",
        actionId: "aws:ecs:stop-task",
        target: { key: "Tasks", value: "tasks" },
    };
    const template = (change: Record<string, unknown>) =>
        recorded("aws:fis/experimentTemplate:ExperimentTemplate", "x", {
            targets: [tasks],
            actions: [stopTasks],
            stopConditions: [{ source: "none" }],
            ...change,
        });
    const pause = (parameters: { key: string; value: string }[]) => ({
        name: "pause",
        actionId: "aws:s3:bucket-pause-replication",
        target: { key: "Buckets", value: "buckets" },
        parameters,
    });
    const buckets = {
        name: "buckets",
        resourceType: "aws:s3:bucket",
        selectionMode: "ALL",
        resourceArns: ["arn:b"],
    };

    it("accepts a valid template", () => assert.deepStrictEqual(problems(template({})), []));
    it("needs the action's target key and a target of its resource type", () => {
        assert.deepStrictEqual(
            problems(
                template({ actions: [{ ...stopTasks, target: { key: "Task", value: "tasks" } }] }),
            ),
            [
                `action stop (aws:ecs:stop-task) needs target key Tasks, not "Task" (${fisActionsDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(
                template({ actions: [{ ...stopTasks, target: { key: "Tasks", value: "other" } }] }),
            ),
            [
                `action stop (aws:ecs:stop-task) must target a aws:ecs:task target; "other" is not a target of this template (${fisActionsDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(
                template({
                    targets: [tasks, buckets],
                    actions: [{ ...stopTasks, target: { key: "Tasks", value: "buckets" } }],
                }),
            ),
            [
                `action stop (aws:ecs:stop-task) must target a aws:ecs:task target; "buckets" is aws:s3:bucket (${fisActionsDoc})`,
            ],
        );
    });
    it("leaves actions it has no rule for alone", () =>
        assert.deepStrictEqual(
            problems(
                template({
                    actions: [
                        {
                            name: "wait",
                            actionId: "aws:fis:wait",
                            target: { key: "X", value: "nowhere" },
                        },
                    ],
                }),
            ),
            [],
        ));
    it("needs each required parameter, and an ISO 8601 duration", () => {
        assert.deepStrictEqual(
            problems(
                template({
                    targets: [buckets],
                    actions: [
                        pause([
                            { key: "duration", value: "PT10M" },
                            { key: "region", value: "us-west-2" },
                        ]),
                    ],
                }),
            ),
            [],
        );
        assert.deepStrictEqual(
            problems(
                template({
                    targets: [buckets],
                    actions: [pause([{ key: "duration", value: "PT1H30M15S" }])],
                }),
            ),
            [
                `action pause (aws:s3:bucket-pause-replication) needs parameter region (${fisActionsDoc})`,
            ],
        );
        assert.deepStrictEqual(problems(template({ targets: [buckets], actions: [pause([])] })), [
            `action pause (aws:s3:bucket-pause-replication) needs parameter duration (${fisActionsDoc})`,
            `action pause (aws:s3:bucket-pause-replication) needs parameter region (${fisActionsDoc})`,
        ]);
        for (const duration of ["10M", "PT", "PT10", "PT10M1", "xPT10M", "PTM", "PT1.5M"]) {
            assert.deepStrictEqual(
                problems(
                    template({
                        targets: [buckets],
                        actions: [
                            pause([
                                { key: "duration", value: duration },
                                { key: "region", value: "us-west-2" },
                            ]),
                        ],
                    }),
                ),
                [
                    `action pause: duration ${JSON.stringify(duration)} must be an ISO 8601 duration such as PT10M (${fisActionsDoc})`,
                ],
                duration,
            );
        }
        for (const duration of ["PT10H", "PT15S", "PT10M30S"]) {
            assert.deepStrictEqual(
                problems(
                    template({
                        targets: [buckets],
                        actions: [
                            pause([
                                { key: "duration", value: duration },
                                { key: "region", value: "us-west-2" },
                            ]),
                        ],
                    }),
                ),
                [],
                duration,
            );
        }
    });
    it("takes selection modes ALL, COUNT(n) and PERCENT(n)", () => {
        for (const selectionMode of ["ALL", "COUNT(1)", "COUNT(12)", "PERCENT(50)"]) {
            assert.deepStrictEqual(
                problems(template({ targets: [{ ...tasks, selectionMode }] })),
                [],
                selectionMode,
            );
        }
        for (const selectionMode of [
            "all",
            "COUNT()",
            "COUNT(x)",
            "PERCENT(5",
            "xALL",
            "ALLx",
            "PERCENT()",
        ]) {
            assert.deepStrictEqual(
                problems(template({ targets: [{ ...tasks, selectionMode }] })),
                [
                    `target tasks: selectionMode ${JSON.stringify(selectionMode)} must be ALL, COUNT(n) or PERCENT(n) (${fisTargetsDoc})`,
                ],
                selectionMode,
            );
        }
    });
    it("takes only the parameters a target's type has", () => {
        assert.deepStrictEqual(
            problems(
                template({ targets: [{ ...tasks, parameters: { cluster: "app", vpc: "v" } }] }),
            ),
            [
                `target tasks: aws:ecs:task takes no parameter vpc; it takes cluster, service (${fisTargetsDoc})`,
            ],
        );
        const subnets = {
            name: "subnets",
            resourceType: "aws:ec2:subnet",
            selectionMode: "ALL",
            parameters: { availabilityZoneIdentifier: "use1-az1", vpc: "v" },
        };
        assert.deepStrictEqual(problems(template({ targets: [tasks, subnets] })), []);
        assert.deepStrictEqual(
            problems(template({ targets: [tasks, { ...buckets, parameters: { x: "1" } }] })),
            [`target buckets: aws:s3:bucket takes no parameter x (${fisTargetsDoc})`],
        );
    });
    it("a target must select something", () => {
        assert.deepStrictEqual(
            problems(
                template({
                    targets: [
                        tasks,
                        { name: "none", resourceType: "aws:s3:bucket", selectionMode: "ALL" },
                    ],
                }),
            ),
            [
                `target none selects nothing: give resourceArns, resourceTags or parameters (${fisTargetsDoc})`,
            ],
        );
        assert.deepStrictEqual(
            problems(
                template({
                    targets: [
                        tasks,
                        {
                            name: "tagged",
                            resourceType: "aws:s3:bucket",
                            selectionMode: "ALL",
                            resourceTags: { app: "x" },
                        },
                    ],
                }),
            ),
            [],
        );
    });
    it("needs a stop condition: none or a CloudWatch alarm by ARN", () => {
        assert.deepStrictEqual(problems(template({ stopConditions: [] })), [
            `stopConditions must list at least one condition (source none, or a CloudWatch alarm) (${fisStopDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(
                template({
                    stopConditions: [
                        {
                            source: "aws:cloudwatch:alarm",
                            value: "arn:aws:cloudwatch:us-east-1:1:alarm:a",
                        },
                    ],
                }),
            ),
            [],
        );
        assert.deepStrictEqual(
            problems(
                template({
                    stopConditions: [{ source: "aws:cloudwatch:alarm", value: "alarm-a" }],
                }),
            ),
            [`stop condition value "alarm-a" must be a CloudWatch alarm ARN (${fisStopDoc})`],
        );
        assert.deepStrictEqual(
            problems(template({ stopConditions: [{ source: "aws:cloudwatch:alarm" }] })),
            [`stop condition value null must be a CloudWatch alarm ARN (${fisStopDoc})`],
        );
        assert.deepStrictEqual(
            problems(
                template({
                    stopConditions: [{ source: "aws:sns:topic", value: "arn:aws:cloudwatch:x" }],
                }),
            ),
            [
                `stop condition source "aws:sns:topic" must be aws:cloudwatch:alarm or none (${fisStopDoc})`,
            ],
        );
    });
});
