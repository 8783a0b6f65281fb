import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { planImpairment } from "../../components/observability/impairmentPlan";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource): string[] {
    return checkConstraints([resource], [resource]).map((v) => v.message);
}

const canaryType = "aws:synthetics/canary:Canary";
const canary = {
    name: "mrf-pub-use1",
    runtimeVersion: "syn-nodejs-puppeteer-15.0",
    artifactS3Location: "s3://artifacts/runs/mrf-pub-use1/",
    runConfig: { timeoutInSeconds: 60, memoryInMb: 960 },
};
const startDoc =
    "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_StartCanary.html";
const runDoc =
    "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryRunConfigInput.html";

describe("AWS input constraints of the observability types", () => {
    describe("Synthetics canary", () => {
        it("accepts the project's canary", () =>
            assert.deepStrictEqual(problems(recorded(canaryType, "c", canary)), []));
        it("leaves the name of a canary the program does not name to the provider", () => {
            const { name: _name, ...unnamed } = canary;
            void _name;
            assert.deepStrictEqual(problems(recorded(canaryType, "c", unnamed)), []);
        });
        const bad: [string, Record<string, unknown>, string][] = [
            [
                "a 22-character name",
                { name: "mrf-pub-use1-too-longg" },
                `name "mrf-pub-use1-too-longg" must be 1-21 characters of lowercase letters, digits, - and _ (${startDoc})`,
            ],
            [
                "an uppercase name",
                { name: "Mrf" },
                `name "Mrf" must be 1-21 characters of lowercase letters, digits, - and _ (${startDoc})`,
            ],
            [
                "a made-up runtime",
                { runtimeVersion: "nodejs20.x" },
                'runtimeVersion "nodejs20.x" is not a Synthetics runtime version like syn-nodejs-puppeteer-15.0 (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_Library.html)',
            ],
            [
                "a 841 s timeout",
                { runConfig: { timeoutInSeconds: 841 } },
                `runConfig.timeoutInSeconds 841 must be an integer from 3 to 840 (${runDoc})`,
            ],
            [
                "1000 MB of memory",
                { runConfig: { memoryInMb: 1000 } },
                `runConfig.memoryInMb 1000 must be a multiple of 64 from 960 to 3008 (${runDoc})`,
            ],
            [
                "a bucket name as the artifact location",
                { artifactS3Location: "artifacts" },
                'artifactS3Location "artifacts" must be a full S3 location starting with s3:// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-synthetics-canary.html)',
            ],
        ];
        for (const [what, change, message] of bad) {
            it(`rejects ${what}`, () =>
                assert.deepStrictEqual(
                    problems(recorded(canaryType, "c", { ...canary, ...change })),
                    [message],
                ));
        }
    });

    describe("CloudWatch dashboard", () => {
        const type = "aws:cloudwatch/dashboard:Dashboard";
        it("accepts letters, digits, - and _", () =>
            assert.deepStrictEqual(
                problems(recorded(type, "d", { dashboardName: "multi-region-failover-global" })),
                [],
            ));
        it("rejects a slash", () =>
            assert.deepStrictEqual(problems(recorded(type, "d", { dashboardName: "org/global" })), [
                'dashboardName "org/global" may contain only letters, digits, - and _, up to 255 characters (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html)',
            ]));
    });

    describe("FIS experiment template", () => {
        const type = "aws:fis/experimentTemplate:ExperimentTemplate";
        const actionsDoc =
            "https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html";
        const targetsDoc = "https://docs.aws.amazon.com/fis/latest/userguide/targets.html";
        const stopDoc = "https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html";
        const plan = planImpairment({
            region: "us-east-1",
            otherRegions: ["us-west-2"],
            accountId: "123456789012",
            clusterName: "c",
            serviceName: "s",
            appSubnetTags: { Stack: "primary" },
            dynamodbTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/t",
            s3SourceBucketArn: "arn:aws:s3:::b",
            durationMinutes: 10,
            stopAlarmArns: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:a"],
        });
        const template = { ...plan, roleArn: "arn:aws:iam::123456789012:role/fis" };
        const withAction = (i: number, change: Record<string, unknown>) => ({
            ...template,
            actions: template.actions.map((a, j) => (j === i ? { ...a, ...change } : a)),
        });
        it("accepts the planned game day", () =>
            assert.deepStrictEqual(problems(recorded(type, "t", template)), []));
        const bad: [string, Record<string, unknown>, string[]][] = [
            [
                "stop-task with the wrong target key",
                withAction(0, { target: { key: "Task", value: "app-tasks" } }),
                [
                    `action stop-app-tasks (aws:ecs:stop-task) needs target key Tasks, not "Task" (${actionsDoc})`,
                ],
            ],
            [
                "pause replication aimed at the subnets",
                withAction(1, { target: { key: "Tables", value: "app-subnets" } }),
                [
                    `action pause-dynamodb-replication (aws:dynamodb:global-table-pause-replication) must target a aws:dynamodb:global-table target; "app-subnets" is aws:ec2:subnet (${actionsDoc})`,
                ],
            ],
            [
                "S3 pause without its region",
                withAction(2, { parameters: [{ key: "duration", value: "PT10M" }] }),
                [
                    `action pause-s3-replication-to-us-west-2 (aws:s3:bucket-pause-replication) needs parameter region (${actionsDoc})`,
                ],
            ],
            [
                "a duration in minutes as a number",
                withAction(3, {
                    parameters: [
                        { key: "duration", value: "10" },
                        { key: "region", value: "us-west-2" },
                    ],
                }),
                [
                    `action cut-subnets-from-us-west-2: duration "10" must be an ISO 8601 duration such as PT10M (${actionsDoc})`,
                ],
            ],
            [
                "a selection mode of SOME",
                {
                    ...template,
                    targets: template.targets.map((t, j) =>
                        j === 0 ? { ...t, selectionMode: "SOME" } : t,
                    ),
                },
                [
                    `target app-tasks: selectionMode "SOME" must be ALL, COUNT(n) or PERCENT(n) (${targetsDoc})`,
                ],
            ],
            [
                "an ECS task target with a clusterName parameter",
                {
                    ...template,
                    targets: template.targets.map((t, j) =>
                        j === 0 ? { ...t, parameters: { clusterName: "c" } } : t,
                    ),
                },
                [
                    `target app-tasks: aws:ecs:task takes no parameter clusterName; it takes cluster, service (${targetsDoc})`,
                ],
            ],
            [
                "a target that selects nothing",
                {
                    ...template,
                    targets: template.targets.map((t, j) =>
                        j === 1 ? { ...t, resourceTags: [] } : t,
                    ),
                },
                [
                    `target app-subnets selects nothing: give resourceArns, resourceTags or parameters (${targetsDoc})`,
                ],
            ],
            [
                "no stop condition",
                { ...template, stopConditions: [] },
                [
                    `stopConditions must list at least one condition (source none, or a CloudWatch alarm) (${stopDoc})`,
                ],
            ],
            [
                "an alarm given by name",
                { ...template, stopConditions: [{ source: "aws:cloudwatch:alarm", value: "a" }] },
                [`stop condition value "a" must be a CloudWatch alarm ARN (${stopDoc})`],
            ],
        ];
        for (const [what, inputs, messages] of bad) {
            it(`rejects ${what}`, () =>
                assert.deepStrictEqual(problems(recorded(type, "t", inputs)), messages));
        }
    });
});
