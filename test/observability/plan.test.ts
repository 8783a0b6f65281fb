import * as assert from "assert";
import {
    ImpairmentInput,
    impairmentPolicy,
    isoMinutes,
    planImpairment,
} from "../../components/observability/impairmentPlan";
import {
    WatchedRegion,
    albDimension,
    dashboardBody,
    planCanaries,
    regionCode,
    replicationMetrics,
} from "../../components/observability/plan";
import { canaryRolePolicy } from "../../components/observability/regionalCanaries";

const two = [
    { region: "us-east-1", albDnsName: "a.us-east-1.elb.amazonaws.com" },
    { region: "us-west-2", albDnsName: "b.us-west-2.elb.amazonaws.com" },
];

describe("observability plan", () => {
    const codes: [string, string][] = [
        ["us-east-1", "use1"],
        ["us-west-2", "usw2"],
        ["eu-central-1", "euc1"],
        ["ap-southeast-2", "apse2"],
        ["ap-northeast-1", "apne1"],
        ["sa-east-1", "sae1"],
    ];
    for (const [region, code] of codes) {
        it(`region code ${region} -> ${code}`, () => assert.strictEqual(regionCode(region), code));
    }
    it("rejects a name that is not a region", () =>
        assert.throws(() => regionCode("useast1"), {
            message: 'region "useast1" is not an AWS region name like us-east-1',
        }));

    it("plans a public canary per region and each regional endpoint from the next region", () => {
        assert.deepStrictEqual(
            planCanaries({
                namePrefix: "mrf",
                domain: "app.example.com",
                healthPath: "/health",
                regions: two,
            }),
            [
                {
                    name: "mrf-pub-use1",
                    runIn: "us-east-1",
                    checks: "public",
                    url: "https://app.example.com/health",
                    verifyTls: true,
                },
                {
                    name: "mrf-pub-usw2",
                    runIn: "us-west-2",
                    checks: "public",
                    url: "https://app.example.com/health",
                    verifyTls: true,
                },
                {
                    name: "mrf-alb-use1",
                    runIn: "us-west-2",
                    checks: "us-east-1",
                    url: "https://a.us-east-1.elb.amazonaws.com/health",
                    verifyTls: false,
                },
                {
                    name: "mrf-alb-usw2",
                    runIn: "us-east-1",
                    checks: "us-west-2",
                    url: "https://b.us-west-2.elb.amazonaws.com/health",
                    verifyTls: false,
                },
            ],
        );
    });

    it("never probes a regional endpoint from its own region when another exists (three regions)", () => {
        const plans = planCanaries({
            namePrefix: "x",
            domain: "d.example.com",
            healthPath: "/",
            regions: [...two, { region: "eu-west-1", albDnsName: "c" }],
        }).filter((p) => p.checks !== "public");
        assert.deepStrictEqual(
            plans.map((p) => [p.checks, p.runIn]),
            [
                ["us-east-1", "us-west-2"],
                ["us-west-2", "eu-west-1"],
                ["eu-west-1", "us-east-1"],
            ],
        );
    });

    it("probes from inside only with a single region", () => {
        const [, alb] = planCanaries({
            namePrefix: "x",
            domain: "d",
            healthPath: "/",
            regions: [two[0]],
        });
        assert.deepStrictEqual([alb.checks, alb.runIn], ["us-east-1", "us-east-1"]);
    });

    it("rejects a prefix that makes names longer than 21 characters, naming it", () =>
        assert.throws(
            () =>
                planCanaries({
                    namePrefix: "multi-region-fo",
                    domain: "d",
                    healthPath: "/",
                    regions: two,
                }),
            {
                message:
                    'canary name "multi-region-fo-pub-use1" is not 1-21 characters of a-z, 0-9, - and _; shorten namePrefix "multi-region-fo"',
            },
        ));
    it("rejects a health path without a leading slash", () =>
        assert.throws(
            () =>
                planCanaries({ namePrefix: "x", domain: "d", healthPath: "health", regions: two }),
            {
                message: 'healthPath "health" must start with "/" (the canaries request it)',
            },
        ));

    it("takes the LoadBalancer dimension from an ALB ARN", () => {
        assert.strictEqual(
            albDimension(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
            ),
            "app/web/50dc6c495c0c9188",
        );
        assert.throws(() => albDimension("arn:aws:s3:::b"), {
            message: "arn:aws:s3:::b is not a load balancer ARN",
        });
    });

    const watched: WatchedRegion[] = [
        {
            region: "us-east-1",
            albDnsName: "a",
            albArn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1",
            clusterName: "c1",
            serviceName: "s1",
            healthCheckId: "hc1",
            dataStores: [
                {
                    kind: "dynamodb",
                    identifier: "orders",
                    arn: "arn:t1",
                    region: "us-east-1",
                    replication: "dynamodb-global-table",
                },
                {
                    kind: "s3",
                    identifier: "src",
                    arn: "arn:b1",
                    region: "us-east-1",
                    replication: "s3-crr-rtc",
                },
                {
                    kind: "aurora",
                    identifier: "db1",
                    arn: "arn:c1",
                    region: "us-east-1",
                    replication: "aurora-global-database",
                },
            ],
        },
        {
            region: "us-west-2",
            albDnsName: "b",
            albArn: "arn:aws:elasticloadbalancing:us-west-2:1:loadbalancer/app/b/2",
            clusterName: "c2",
            serviceName: "s2",
            healthCheckId: "hc2",
            dataStores: [
                {
                    kind: "dynamodb",
                    identifier: "orders",
                    arn: "arn:t2",
                    region: "us-west-2",
                    replication: "dynamodb-global-table",
                    sourceArn: "arn:t1",
                },
                {
                    kind: "s3",
                    identifier: "dst",
                    arn: "arn:b2",
                    region: "us-west-2",
                    replication: "s3-crr-rtc",
                    sourceArn: "arn:b1",
                },
                {
                    kind: "aurora",
                    identifier: "db2",
                    arn: "arn:c2",
                    region: "us-west-2",
                    replication: "aurora-global-database",
                    sourceArn: "arn:c1",
                },
            ],
        },
    ];

    it("measures replication lag of every replica where AWS reports it", () =>
        assert.deepStrictEqual(replicationMetrics(watched), [
            [
                "AWS/DynamoDB",
                "ReplicationLatency",
                "TableName",
                "orders",
                "ReceivingRegion",
                "us-west-2",
                { region: "us-east-1", label: "dynamodb us-east-1 → us-west-2" },
            ],
            [
                "AWS/S3",
                "ReplicationLatency",
                "SourceBucket",
                "src",
                "DestinationBucket",
                "dst",
                "RuleId",
                "replicate-to-us-west-2",
                {
                    region: "us-east-1",
                    label: "s3 us-east-1 → us-west-2",
                    stat: "Maximum",
                    period: 300,
                },
            ],
            [
                "AWS/RDS",
                "AuroraGlobalDBReplicationLag",
                "DBClusterIdentifier",
                "db2",
                { region: "us-west-2", label: "aurora us-east-1 → us-west-2" },
            ],
        ]));

    it("builds one dashboard across regions: health, canaries, latency, 5xx, replication, capacity", () => {
        const canaries = planCanaries({
            namePrefix: "mrf",
            domain: "d",
            healthPath: "/",
            regions: two,
        });
        const body = dashboardBody({ homeRegion: "us-east-1", regions: watched, canaries });
        assert.deepStrictEqual(
            body.widgets.map((w) => [
                w.properties.title,
                w.properties.stat,
                w.properties.metrics.length,
            ]),
            [
                ["Route 53 health check status (1 healthy, 0 unhealthy)", "Minimum", 2],
                ["Canary success % (the way users reach it)", "Average", 4],
                ["Canary duration (ms)", "p90", 4],
                ["Load balancer target response time (s)", "p99", 2],
                ["5xx per minute", "Sum", 4],
                ["Replication lag (ms)", "Maximum", 3],
                ["Capacity: running tasks per region", "Average", 2],
            ],
        );
        assert.deepStrictEqual(body.widgets[0].properties.metrics[1], [
            "AWS/Route53",
            "HealthCheckStatus",
            "HealthCheckId",
            "hc2",
            { region: "us-east-1", label: "us-west-2" },
        ]);
        assert.deepStrictEqual(body.widgets[1].properties.metrics[2], [
            "CloudWatchSynthetics",
            "SuccessPercent",
            "CanaryName",
            "mrf-alb-use1",
            { region: "us-west-2", label: "us-east-1 from us-west-2" },
        ]);
        assert.deepStrictEqual(body.widgets[6].properties.metrics[1], [
            "ECS/ContainerInsights",
            "RunningTaskCount",
            "ClusterName",
            "c2",
            "ServiceName",
            "s2",
            { region: "us-west-2", label: "us-west-2 running tasks" },
        ]);
    });
});

const input: ImpairmentInput = {
    region: "us-east-1",
    otherRegions: ["us-west-2"],
    accountId: "123456789012",
    clusterName: "app-cluster",
    serviceName: "app-service",
    appSubnetTags: { Stack: "primary", SubnetType: "Private" },
    dynamodbTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
    s3SourceBucketArn: "arn:aws:s3:::src",
    durationMinutes: 10,
    stopAlarmArns: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:mrf-pub-use1"],
};

describe("regional impairment plan", () => {
    it("stops the tasks, pauses DynamoDB and S3 replication, cuts the subnets; stops on the alarms", () => {
        const plan = planImpairment(input);
        assert.deepStrictEqual(
            plan.actions.map((a) => [a.name, a.actionId, a.parameters, a.target]),
            [
                ["stop-app-tasks", "aws:ecs:stop-task", [], { key: "Tasks", value: "app-tasks" }],
                [
                    "pause-dynamodb-replication",
                    "aws:dynamodb:global-table-pause-replication",
                    [{ key: "duration", value: "PT10M" }],
                    { key: "Tables", value: "global-table" },
                ],
                [
                    "pause-s3-replication-to-us-west-2",
                    "aws:s3:bucket-pause-replication",
                    [
                        { key: "duration", value: "PT10M" },
                        { key: "region", value: "us-west-2" },
                    ],
                    { key: "Buckets", value: "replicated-bucket" },
                ],
                [
                    "cut-subnets-from-us-west-2",
                    "aws:network:route-table-disrupt-cross-region-connectivity",
                    [
                        { key: "duration", value: "PT10M" },
                        { key: "region", value: "us-west-2" },
                    ],
                    { key: "Subnets", value: "app-subnets" },
                ],
            ],
        );
        assert.deepStrictEqual(plan.targets, [
            {
                name: "app-tasks",
                resourceType: "aws:ecs:task",
                selectionMode: "ALL",
                parameters: { cluster: "app-cluster", service: "app-service" },
            },
            {
                name: "app-subnets",
                resourceType: "aws:ec2:subnet",
                selectionMode: "ALL",
                resourceTags: [
                    { key: "Stack", value: "primary" },
                    { key: "SubnetType", value: "Private" },
                ],
            },
            {
                name: "global-table",
                resourceType: "aws:dynamodb:global-table",
                selectionMode: "ALL",
                resourceArns: [input.dynamodbTableArn],
            },
            {
                name: "replicated-bucket",
                resourceType: "aws:s3:bucket",
                selectionMode: "ALL",
                resourceArns: ["arn:aws:s3:::src"],
            },
        ]);
        assert.deepStrictEqual(plan.stopConditions, [
            {
                source: "aws:cloudwatch:alarm",
                value: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:mrf-pub-use1",
            },
        ]);
    });
    it("leaves out replication actions for stores the region does not hold", () => {
        const plan = planImpairment({
            ...input,
            dynamodbTableArn: undefined,
            s3SourceBucketArn: "",
        });
        assert.deepStrictEqual(
            plan.actions.map((a) => a.name),
            ["stop-app-tasks", "cut-subnets-from-us-west-2"],
        );
    });
    it("refuses a game day without a stop condition", () =>
        assert.throws(() => planImpairment({ ...input, stopAlarmArns: [] }), {
            message:
                "the us-east-1 game day has no stop condition: give it at least one alarm (the canaries' alarms)",
        }));
    it("takes durations of 1 to 720 whole minutes", () => {
        assert.strictEqual(isoMinutes(720), "PT720M");
        for (const bad of [0, 721, 1.5]) {
            assert.throws(() => isoMinutes(bad), {
                message: `durationMinutes ${bad} must be a whole number of minutes from 1 to 720 (FIS durations run from one minute to 12 hours)`,
            });
        }
    });
    it("scopes every mutating permission to this deployment's resources", () => {
        const policy = impairmentPolicy(input);
        const wide = policy.filter((s) => s.Resource === "*" && !s.Condition).map((s) => s.Sid);
        assert.deepStrictEqual(wide, ["ReadOnlyResolution", "ListBucketsToResolveTheTarget"]);
        for (const s of policy.filter((x) => x.Resource === "*" && !x.Condition)) {
            for (const action of s.Action) {
                assert.match(
                    action,
                    /^(ec2:(Describe|Get)|tag:GetResources|cloudwatch:DescribeAlarms|s3:ListAllMyBuckets)/,
                );
            }
        }
        const byId = Object.fromEntries(policy.map((s) => [s.Sid, s]));
        assert.strictEqual(
            byId.StopThisServicesTasks.Resource,
            "arn:aws:ecs:us-east-1:123456789012:task/app-cluster/*",
        );
        assert.strictEqual(byId.PauseThisTablesReplication.Resource, input.dynamodbTableArn);
        assert.strictEqual(byId.PauseThisBucketsReplication.Resource, "arn:aws:s3:::src");
        assert.deepStrictEqual(byId.CleanUpOnlyWhatFisCreated.Condition, {
            StringEquals: { "aws:ResourceTag/managedByFIS": "true" },
        });
        // What FIS creates must carry its tag; what it changes must already carry it.
        assert.deepStrictEqual(byId.CreateOnlyFisTagged.Condition, {
            StringEquals: { "aws:RequestTag/managedByFIS": "true" },
        });
        assert.deepStrictEqual(byId.ChangeOnlyFisTagged.Condition, {
            StringEquals: { "aws:ResourceTag/managedByFIS": "true" },
        });
        assert.deepStrictEqual(
            (byId.TagOnlyWhileCreating.Condition as Record<string, Record<string, unknown>>)
                .StringEquals["ec2:CreateAction"],
            ["CreateRouteTable", "CreateManagedPrefixList", "CreateNetworkInterface"],
        );
        // Only the application subnets (the experiment target's tags) can be re-associated.
        assert.strictEqual(
            byId.ReassociateOnlyTheAppSubnets.Resource,
            "arn:aws:ec2:us-east-1:123456789012:subnet/*",
        );
        assert.deepStrictEqual(byId.ReassociateOnlyTheAppSubnets.Condition, {
            StringEquals: Object.fromEntries(
                Object.entries(input.appSubnetTags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]),
            ),
        });
        // Every EC2 change is in this account and region, and every one but the route table
        // swap carries a tag condition.
        const ec2Changes = policy.filter((x) =>
            x.Action.some((action) =>
                /^ec2:(Create|Modify|Associate|Disassociate|Replace|Delete)/.test(action),
            ),
        );
        for (const statement of ec2Changes) {
            for (const r of [statement.Resource].flat()) {
                assert.match(r, /^arn:aws:ec2:us-east-1:123456789012:/);
            }
        }
        assert.deepStrictEqual(
            ec2Changes.filter((x) => !x.Condition).map((x) => x.Sid),
            input.appSubnetTags.Stack
                ? ["SwapRouteTablesOfThoseSubnets"]
                : ["SwapRouteTablesOfThoseSubnets", "CreateInTheAppVpc"],
        );
    });
});

describe("canary role", () => {
    it("writes only its run artifacts, reads only the script, puts only Synthetics metrics", () => {
        const policy = canaryRolePolicy(
            "arn:aws:s3:::art",
            "arn:aws:kms:us-east-1:1:key/k",
            "1",
            "us-east-1",
        ) as {
            Statement: { Sid: string; Action: string[]; Resource: string; Condition?: unknown }[];
        };
        assert.deepStrictEqual(
            policy.Statement.map((s) => [s.Sid, s.Action.join(","), s.Resource]),
            [
                ["WriteRunArtifacts", "s3:PutObject", "arn:aws:s3:::art/runs/*"],
                ["ReadScript", "s3:GetObject", "arn:aws:s3:::art/script/*"],
                ["LocateBucket", "s3:GetBucketLocation", "arn:aws:s3:::art"],
                ["FindBucket", "s3:ListAllMyBuckets", "*"],
                ["SyntheticsMetricsOnly", "cloudwatch:PutMetricData", "*"],
                [
                    "OwnLogs",
                    "logs:CreateLogGroup,logs:CreateLogStream,logs:PutLogEvents",
                    "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/cwsyn-*",
                ],
                [
                    "ArtifactsKey",
                    "kms:GenerateDataKey,kms:Decrypt",
                    "arn:aws:kms:us-east-1:1:key/k",
                ],
            ],
        );
        assert.deepStrictEqual(policy.Statement[4].Condition, {
            StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" },
        });
    });
});
