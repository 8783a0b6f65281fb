import * as assert from "assert";
import * as path from "path";
import { runStacks } from "../check/engine/engine";
import { RecordedResource, StackRecord } from "../check/engine/types";
import { alertProblems, alertSubscriptions } from "../components/region/alarms";
import { EdgePlan, edgeModeFor, edgePlan } from "../components/region/plan";
import { managedRuleGroups, wafRules } from "../components/region/waf";
import {
    onlyResource,
    rejection,
    resourceNamed,
    resourcesOf,
    runProject,
    stackOf,
} from "./helpers/engine";

const projectDir = path.join(__dirname, "fixtures", "region-program");
const ingress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const sgType = "aws:ec2/securityGroup:SecurityGroup";
const albType = "aws:lb/loadBalancer:LoadBalancer";
const subscriptionType = "aws:sns/topicSubscription:TopicSubscription";

async function fixture(...overrides: string[]): Promise<StackRecord> {
    const [record] = await runStacks({ projectDir, stacks: ["app"], overrides });
    return record;
}

/** Ingress rules on the ALB security group of `region`, in any stack of the run. */
function albIngress(records: StackRecord[], region: string): RecordedResource[] {
    const sg = resourceNamed(
        stackOf(records, region === "us-east-1" ? "primary" : "secondary"),
        sgType,
        `app-${region}-alb`,
    );
    return records.flatMap((r) =>
        resourcesOf(r, ingress).filter((rule) => rule.inputs.securityGroupId === sg.outputs.id),
    );
}

describe("edge plan by routing mode", () => {
    const table: [string, Pick<EdgePlan, "mode" | "internal" | "subnets" | "ports" | "source">][] =
        [
            [
                "dns-failover",
                {
                    mode: "dns",
                    internal: false,
                    subnets: "public",
                    ports: [80, 443],
                    source: "internet",
                },
            ],
            [
                "dns-latency",
                {
                    mode: "dns",
                    internal: false,
                    subnets: "public",
                    ports: [80, 443],
                    source: "internet",
                },
            ],
            [
                "global-accelerator",
                {
                    mode: "global-accelerator",
                    internal: true,
                    subnets: "app",
                    ports: [80, 443],
                    source: "global-accelerator",
                },
            ],
            [
                "cloudfront",
                {
                    mode: "cloudfront",
                    internal: true,
                    subnets: "app",
                    ports: [443],
                    source: "cloudfront-origin-facing",
                },
            ],
        ];
    for (const [routingMode, expected] of table) {
        it(`${routingMode}: ${expected.internal ? "internal" : "internet-facing"} ALB admitting ${expected.source}`, () => {
            const { mode, internal, subnets, ports, source } = edgePlan(edgeModeFor(routingMode));
            assert.deepStrictEqual({ mode, internal, subnets, ports, source }, expected);
        });
    }
});

describe("alert subscriptions", () => {
    it("one per endpoint, keyed by a hash of the endpoint, deduplicated and sorted", () => {
        const subs = alertSubscriptions({
            email: ["oncall@example.com", "ops@example.com", "oncall@example.com"],
            httpsEndpoints: ["https://hooks.example.com/alarm"],
        });
        assert.deepStrictEqual(
            subs.map((s) => [
                s.protocol,
                s.endpoint,
                s.key.split("-")[0],
                s.key.split("-")[1].length,
            ]),
            [
                ["email", "oncall@example.com", "email", 8],
                ["email", "ops@example.com", "email", 8],
                ["https", "https://hooks.example.com/alarm", "https", 8],
            ],
        );
        const reordered = alertSubscriptions({ email: ["ops@example.com", "oncall@example.com"] });
        assert.deepStrictEqual(
            reordered.map((s) => s.key),
            subs.slice(0, 2).map((s) => s.key),
        );
        assert.deepStrictEqual(alertSubscriptions({}), []);
    });

    it("refuses what SNS would not deliver to, naming the key and the value", () => {
        assert.deepStrictEqual(
            alertProblems({
                email: ["oncall"],
                httpsEndpoints: ["http://hooks.example.com"],
                topicArn: "arn:aws:sns:us-east-1:123:x",
            }),
            [
                'alerts.email: "oncall" is not an email address',
                'alerts.httpsEndpoints: "http://hooks.example.com" is not an https:// URL',
                'alerts.topicArn: "arn:aws:sns:us-east-1:123:x" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
                "alerts.topicArn: set either topicArn (an existing topic) or email/httpsEndpoints (subscriptions of a new topic), not both",
            ],
        );
        assert.deepStrictEqual(
            alertProblems({ topicArn: "arn:aws:sns:us-east-1:123456789012:oncall" }),
            [],
        );
    });
});

describe("web ACL rules", () => {
    it("managed groups in order, then a per-client rate limit on the source IP", () => {
        const rules = wafRules({ rateLimit: 2000, behindCloudFront: false });
        assert.deepStrictEqual(
            rules.map((r) => [r.name, r.priority]),
            [...managedRuleGroups.map((g, i) => [g, i]), ["RateLimitPerClient", 3]],
        );
        assert.deepStrictEqual(rules[3].statement, {
            rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" },
        });
        assert.deepStrictEqual(rules[0].overrideAction, { none: {} });
    });

    it("behind CloudFront, no rate rule on a header the client can forge: the managed groups only (the distribution's web ACL limits per viewer IP)", () => {
        const rules = wafRules({ rateLimit: 500, behindCloudFront: true });
        assert.deepStrictEqual(
            rules.map((r) => r.name),
            [...managedRuleGroups],
        );
        assert.ok(!JSON.stringify(rules).includes("FORWARDED_IP"));
    });
});

describe("an edge that cannot be bypassed (project stacks)", () => {
    it("cloudfront: internal ALBs admit only CloudFront's origin-facing list, reached through VPC origins", async () => {
        const records = await runProject({ overrides: ["routing.mode=cloudfront"] });
        const global = stackOf(records, "global");
        for (const region of ["us-east-1", "us-west-2"]) {
            const stack = stackOf(records, region === "us-east-1" ? "primary" : "secondary");
            const alb = onlyResource(stack, albType);
            const vpc = onlyResource(stack, "awsx:ec2:Vpc");
            assert.strictEqual(alb.inputs.internal, true);
            assert.deepStrictEqual(alb.inputs.subnets, vpc.outputs.isolatedSubnetIds);
            const rules = albIngress(records, region);
            assert.deepStrictEqual(
                rules.map((r) => [
                    r.name,
                    r.inputs.fromPort,
                    r.inputs.cidrIpv4,
                    typeof r.inputs.prefixListId,
                ]),
                [[`app-${region}-alb-in-443-cloudfront`, 443, undefined, "string"]],
            );
            assert.deepStrictEqual(stack.outputs.edge, {
                mode: "cloudfront",
                albScheme: "internal",
                admits: "cloudfront-origin-facing",
                path: "CloudFront VPC origin (HTTPS) -> internal ALB; ingress only from com.amazonaws.global.cloudfront.origin-facing",
                albSecurityGroupId: resourceNamed(stack, sgType, `app-${region}-alb`).outputs.id,
                vpcId: vpc.outputs.vpcId,
                waf: false,
                // What the global stack's health check watches (test/routing/health-checks.integration.test.ts).
                servingAlarm: {
                    name: resourceNamed(
                        stack,
                        "aws:cloudwatch/metricAlarm:MetricAlarm",
                        `app-${region}-serving`,
                    ).outputs.name,
                    region,
                },
            });
            const origin = resourceNamed(
                global,
                "aws:cloudfront/vpcOrigin:VpcOrigin",
                `routing-cdn-${region}`,
            );
            assert.deepStrictEqual(origin.inputs.vpcOriginEndpointConfig, {
                name: `routing-cdn-${region}`,
                arn: alb.outputs.arn,
                httpPort: 80,
                httpsPort: 443,
                originProtocolPolicy: "https-only",
                originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
            });
            const distribution = onlyResource(global, "aws:cloudfront/distribution:Distribution");
            const used = (distribution.inputs.origins as Record<string, unknown>[]).find(
                (o) => o.originId === region,
            )!;
            assert.deepStrictEqual(used.vpcOriginConfig, {
                vpcOriginId: origin.outputs.id,
                originReadTimeout: 30,
                originKeepaliveTimeout: 5,
            });
            assert.strictEqual(used.customOriginConfig, undefined);
        }
        assertNoOpenAlbIngress(records);
    });

    it("global-accelerator: internal ALBs admit only the accelerator's security group, added by the global stack", async () => {
        const records = await runProject({ overrides: ["routing.mode=global-accelerator"] });
        const global = stackOf(records, "global");
        for (const region of ["us-east-1", "us-west-2"]) {
            const stack = stackOf(records, region === "us-east-1" ? "primary" : "secondary");
            assert.strictEqual(onlyResource(stack, albType).inputs.internal, true);
            const group = resourceNamed(
                global,
                "aws:globalaccelerator/endpointGroup:EndpointGroup",
                `routing-accelerator-${region}`,
            );
            const rules = albIngress(records, region);
            assert.deepStrictEqual(
                rules.map((r) => [r.stack, r.name, r.region, r.inputs.fromPort, r.inputs.cidrIpv4]),
                [80, 443].map((port) => [
                    "global",
                    `routing-accelerator-${region}-alb-in-${port}`,
                    region,
                    port,
                    undefined,
                ]),
            );
            for (const rule of rules) {
                assert.match(String(rule.inputs.referencedSecurityGroupId), /^sg-[0-9a-f]{17}$/);
                assert.ok(rule.dependencies.length > 0);
            }
            assert.deepStrictEqual(
                (group.inputs.endpointConfigurations as Record<string, unknown>[]).map(
                    (e) => e.clientIpPreservationEnabled,
                ),
                [true],
            );
            assert.strictEqual(
                (stack.outputs.edge as { admits: string }).admits,
                "global-accelerator",
            );
        }
        assertNoOpenAlbIngress(records);
    });
});

describe("alerts, WAF and retention from config (project stacks)", () => {
    it("subscribes every regional alarm topic, guards each ALB with a web ACL, keeps audit logs as configured", async () => {
        const records = await runProject({
            stacks: ["primary", "secondary"],
            overrides: [
                'alerts.email=["oncall@example.com"]',
                "edge.waf=true",
                "edge.wafRateLimit=800",
                "logs.auditRetentionDays=731",
                "logs.retentionDays=90",
            ],
        });
        for (const record of records) {
            const topics = resourcesOf(record, "aws:sns/topic:Topic");
            assert.ok(topics.length > 0, record.stack);
            for (const topic of topics) {
                assert.deepStrictEqual(
                    resourcesOf(record, subscriptionType)
                        .filter((s) => s.inputs.topic === topic.outputs.arn)
                        .map((s) => [s.inputs.protocol, s.inputs.endpoint]),
                    [["email", "oncall@example.com"]],
                    `${record.stack} ${topic.name}`,
                );
            }
            const acl = onlyResource(record, "aws:wafv2/webAcl:WebAcl");
            assert.strictEqual(
                (acl.inputs.rules as { statement: { rateBasedStatement?: { limit: number } } }[])[3]
                    .statement.rateBasedStatement?.limit,
                800,
            );
            const retention = (suffix: string) =>
                resourceNamed(
                    record,
                    "aws:cloudwatch/logGroup:LogGroup",
                    `app-${record.region}-${suffix}`,
                ).inputs.retentionInDays;
            assert.deepStrictEqual([retention("logs"), retention("flow-logs")], [90, 731]);
        }
    });
});

/** No rule on any ALB security group admits 0.0.0.0/0 (or ::/0). */
function assertNoOpenAlbIngress(records: StackRecord[]): void {
    const albGroups = new Set(
        records.flatMap((r) =>
            resourcesOf(r, sgType)
                .filter((g) => g.name.endsWith("-alb"))
                .map((g) => g.outputs.id),
        ),
    );
    const open = records.flatMap((r) =>
        resourcesOf(r, ingress).filter(
            (rule) =>
                albGroups.has(rule.inputs.securityGroupId) &&
                (rule.inputs.cidrIpv4 === "0.0.0.0/0" || rule.inputs.cidrIpv6 === "::/0"),
        ),
    );
    assert.deepStrictEqual(
        open.map((r) => r.name),
        [],
    );
}

describe("regional evidence, alerts and WAF (fixture program)", () => {
    it("by default: deletion protection, flow logs kept a year, an unsubscribed topic", async () => {
        const record = await fixture();
        assert.strictEqual(onlyResource(record, albType).inputs.enableDeletionProtection, true);
        const group = resourceNamed(record, "aws:cloudwatch/logGroup:LogGroup", "app-flow-logs");
        const key = resourceNamed(record, "aws:kms/key:Key", "app-key");
        assert.deepStrictEqual(
            [
                group.inputs.name,
                group.inputs.retentionInDays,
                group.inputs.kmsKeyId,
                group.retainOnDelete,
            ],
            ["/vpc/app/flow-logs", 365, key.outputs.arn, true],
        );
        const flowLog = onlyResource(record, "aws:ec2/flowLog:FlowLog");
        assert.deepStrictEqual(
            [flowLog.inputs.vpcId, flowLog.inputs.trafficType, flowLog.inputs.logDestination],
            [onlyResource(record, "awsx:ec2:Vpc").outputs.vpcId, "ALL", group.outputs.arn],
        );
        const policy = JSON.parse(
            String(
                resourceNamed(record, "aws:iam/rolePolicy:RolePolicy", "app-flow-logs").inputs
                    .policy,
            ),
        );
        assert.deepStrictEqual(policy.Statement[0].Resource, [
            group.outputs.arn,
            `${group.outputs.arn}:log-stream:*`,
        ]);
        const keyPolicy = JSON.parse(String(key.inputs.policy));
        assert.deepStrictEqual(
            keyPolicy.Statement[1].Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"],
            [
                "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app",
                "arn:aws:logs:us-east-1:123456789012:log-group:/vpc/app/flow-logs",
            ],
        );
        assert.deepStrictEqual(resourcesOf(record, subscriptionType), []);
        assert.deepStrictEqual(resourcesOf(record, "aws:wafv2/webAcl:WebAcl"), []);
    });

    it("ALB access logs to a regional, SSE-S3, versioned, expiring bucket only ELB may write to", async () => {
        const record = await fixture();
        const bucket = resourceNamed(record, "aws:s3/bucket:Bucket", "app-access-logs");
        const of = (type: string) => resourceNamed(record, type, "app-access-logs").inputs;
        assert.deepStrictEqual(bucket.inputs.tags, {
            "multi-region-failover:replication": "none-regional-evidence",
        });
        assert.strictEqual(bucket.region, "us-east-1");
        assert.deepStrictEqual(
            of(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            ).rules,
            [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        );
        assert.deepStrictEqual(
            of("aws:s3/bucketVersioning:BucketVersioning").versioningConfiguration,
            {
                status: "Enabled",
            },
        );
        assert.deepStrictEqual(
            (
                of("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
                    .rules as Record<string, unknown>[]
            )[0].expiration,
            { days: 365 },
        );
        const policy = JSON.parse(String(of("aws:s3/bucketPolicy:BucketPolicy").policy));
        assert.deepStrictEqual(policy.Statement[0], {
            Sid: "ElbDeliversAccessLogs",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::127311923021:root" },
            Action: "s3:PutObject",
            Resource: `${bucket.outputs.arn}/app/AWSLogs/123456789012/*`,
        });
        const alb = onlyResource(record, albType);
        assert.deepStrictEqual(alb.inputs.accessLogs, {
            bucket: bucket.outputs.bucket,
            prefix: "app",
            enabled: true,
        });
        assert.ok(
            alb.dependencies.includes(
                resourceNamed(record, "aws:s3/bucketPolicy:BucketPolicy", "app-access-logs").urn,
            ),
        );
        const off = await fixture("accessLogs=false");
        assert.deepStrictEqual(resourcesOf(off, "aws:s3/bucket:Bucket"), []);
        assert.strictEqual(onlyResource(off, albType).inputs.accessLogs, undefined);
    });

    it("flow logs off and a shorter audit retention are honoured", async () => {
        const off = await fixture("flowLogs=false");
        assert.deepStrictEqual(resourcesOf(off, "aws:ec2/flowLog:FlowLog"), []);
        const short = await fixture("auditLogRetentionDays=90");
        assert.strictEqual(
            resourceNamed(short, "aws:cloudwatch/logGroup:LogGroup", "app-flow-logs").inputs
                .retentionInDays,
            90,
        );
    });

    it("subscribes every alerts endpoint to the alarm topic", async () => {
        const record = await fixture(
            'alerts={"email":["oncall@example.com"],"httpsEndpoints":["https://hooks.example.com/alarm"]}',
        );
        const topic = onlyResource(record, "aws:sns/topic:Topic");
        assert.deepStrictEqual(
            resourcesOf(record, subscriptionType)
                .map((s) => [s.inputs.topic, s.inputs.protocol, s.inputs.endpoint])
                .sort(),
            [
                [topic.outputs.arn, "email", "oncall@example.com"],
                [topic.outputs.arn, "https", "https://hooks.example.com/alarm"],
            ],
        );
    });

    it("notifies an existing topic instead of creating one", async () => {
        const arn = "arn:aws:sns:us-east-1:123456789012:oncall";
        const record = await fixture(`alerts={"topicArn":"${arn}"}`);
        assert.deepStrictEqual(resourcesOf(record, "aws:sns/topic:Topic"), []);
        for (const alarm of resourcesOf(record, "aws:cloudwatch/metricAlarm:MetricAlarm")) {
            assert.deepStrictEqual(
                [alarm.inputs.alarmActions, alarm.inputs.okActions],
                [[arn], [arn]],
            );
        }
        assert.strictEqual(record.outputs.alarmTopicArn, arn);
    });

    it("refuses bad alerts before creating anything", async () => {
        assert.strictEqual(
            await rejection(fixture('alerts={"email":["oncall"]}')),
            'stack app: app: alerts.email: "oncall" is not an email address',
        );
    });

    it("puts a regional web ACL on the ALB when waf is set", async () => {
        const record = await fixture('waf={"rateLimit":1000}');
        const acl = onlyResource(record, "aws:wafv2/webAcl:WebAcl");
        assert.strictEqual(acl.inputs.scope, "REGIONAL");
        assert.deepStrictEqual(
            acl.inputs.rules,
            JSON.parse(JSON.stringify(wafRules({ rateLimit: 1000, behindCloudFront: false }))),
        );
        const association = onlyResource(record, "aws:wafv2/webAclAssociation:WebAclAssociation");
        assert.deepStrictEqual(
            [association.inputs.resourceArn, association.inputs.webAclArn],
            [onlyResource(record, albType).outputs.arn, acl.outputs.arn],
        );
        assert.strictEqual((record.outputs.edge as { waf: boolean }).waf, true);
    });
});
