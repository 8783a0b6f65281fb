import * as assert from "assert";
import { createHash } from "crypto";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource, StackRecord } from "../../check/engine/types";
import { RoutingRegion, servingAlarmOf } from "../../components/routing/globalRouting";
import { alarmCheck } from "../../components/routing/regionHealthChecks";
import { recorded } from "../helpers/recorded";
import { resourceNamed, resourcesOf, runProject, stackOf } from "../helpers/engine";

const healthCheckType = "aws:route53/healthCheck:HealthCheck";
const alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";
const subscriptionType = "aws:sns/topicSubscription:TopicSubscription";
const hcDoc = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html";
const alarmDoc = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html";
const regions = ["us-east-1", "us-west-2"];

function problems(resource: RecordedResource): string[] {
    return checkConstraints([resource], [resource]).map((v) => v.message);
}

function pick(resource: RecordedResource, keys: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(
        keys.filter((k) => k in resource.inputs).map((k) => [k, resource.inputs[k]]),
    );
}

async function run(...overrides: string[]): Promise<StackRecord[]> {
    return runProject({ overrides });
}

/** The serving alarm of the regional stack in `region`. */
function servingAlarm(records: readonly StackRecord[], region: string): RecordedResource {
    const stack = records.find((r) => r.role !== "global" && r.region === region)!;
    return resourceNamed(stack, alarmType, `app-${region}-serving`);
}

const servingKeys = [
    "namespace",
    "metricName",
    "statistic",
    "dimensions",
    "period",
    "evaluationPeriods",
    "threshold",
    "comparisonOperator",
    "treatMissingData",
    "alarmActions",
    "okActions",
    "extendedStatistic",
];

describe("region health checks behind an internal ALB", () => {
    it("watches each region's serving alarm in cloudfront mode, and subscribes the alerts to the global topic", async () => {
        const records = await run(
            "routing.mode=cloudfront",
            'alerts.email=["oncall@example.com"]',
            'alerts.httpsEndpoints=["https://hooks.example.com/alarm"]',
        );
        const global = stackOf(records, "global");
        for (const region of regions) {
            const alarm = servingAlarm(records, region);
            const contract = records.find((r) => r.role !== "global" && r.region === region)!
                .outputs as { edge: { albScheme: string; servingAlarm: unknown } };
            assert.strictEqual(contract.edge.albScheme, "internal");
            assert.deepStrictEqual(contract.edge.servingAlarm, {
                name: alarm.outputs.name,
                region,
            });
            assert.strictEqual(alarm.region, region);
            const stack = records.find((r) => r.role !== "global" && r.region === region)!;
            const tg = resourcesOf(stack, "aws:lb/targetGroup:TargetGroup")[0];
            const lb = resourcesOf(stack, "aws:lb/loadBalancer:LoadBalancer")[0];
            assert.deepStrictEqual(pick(alarm, servingKeys), {
                namespace: "AWS/ApplicationELB",
                metricName: "HealthyHostCount",
                statistic: "Minimum",
                dimensions: {
                    LoadBalancer: lb.outputs.arnSuffix,
                    TargetGroup: tg.outputs.arnSuffix,
                },
                period: 60,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "LessThanThreshold",
                treatMissingData: "breaching",
            });
            const check = resourceNamed(global, healthCheckType, `routing-health-${region}`);
            assert.strictEqual(check.region, "us-east-1");
            assert.deepStrictEqual(check.inputs, {
                type: "CLOUDWATCH_METRIC",
                cloudwatchAlarmName: alarm.outputs.name,
                cloudwatchAlarmRegion: region,
                insufficientDataHealthStatus: "Unhealthy",
                tags: { Name: `routing-health-${region}`, Region: region },
            });
        }
        const topic = resourceNamed(global, "aws:sns/topic:Topic", "routing-health-alarms");
        const key = (protocol: string, endpoint: string) =>
            `routing-health-alarms-${protocol}-${createHash("sha256").update(endpoint).digest("hex").slice(0, 8)}`;
        // The canary alarm topics have the same subscriptions (test/observability/standby-paging.integration.test.ts).
        const healthSubscriptions = resourcesOf(global, subscriptionType).filter(
            (s) => !s.name.startsWith("canaries-"),
        );
        assert.deepStrictEqual(
            healthSubscriptions.map((s) => [s.name, s.region, s.inputs]),
            [
                [
                    key("email", "oncall@example.com"),
                    "us-east-1",
                    { topic: topic.outputs.arn, protocol: "email", endpoint: "oncall@example.com" },
                ],
                [
                    key("https", "https://hooks.example.com/alarm"),
                    "us-east-1",
                    {
                        topic: topic.outputs.arn,
                        protocol: "https",
                        endpoint: "https://hooks.example.com/alarm",
                    },
                ],
            ],
        );
        assert.ok(
            healthSubscriptions.every((s) =>
                s.urn.includes("multi-region-failover:routing:RegionHealthChecks$"),
            ),
        );
    });

    it("watches the serving alarms in global-accelerator mode and notifies an existing alerts topic instead of its own", async () => {
        const topicArn = "arn:aws:sns:us-east-1:123456789012:oncall";
        const records = await run("routing.mode=global-accelerator", `alerts.topicArn=${topicArn}`);
        const global = stackOf(records, "global");
        assert.deepStrictEqual(
            regions.map((region) => {
                const check = resourceNamed(global, healthCheckType, `routing-health-${region}`);
                return [check.inputs.type, check.inputs.cloudwatchAlarmName];
            }),
            regions.map((region) => [
                "CLOUDWATCH_METRIC",
                servingAlarm(records, region).outputs.name,
            ]),
        );
        const inRouting = (type: string) =>
            resourcesOf(global, type).filter((r) =>
                r.urn.includes("multi-region-failover:routing:RegionHealthChecks$"),
            );
        assert.deepStrictEqual(inRouting("aws:sns/topic:Topic"), []);
        assert.deepStrictEqual(inRouting("aws:kms/key:Key"), []);
        assert.deepStrictEqual(inRouting(subscriptionType), []);
        assert.deepStrictEqual(
            inRouting(alarmType).map((a) => [a.name, a.inputs.alarmActions, a.inputs.okActions]),
            regions.map((region) => [`routing-health-${region}`, [topicArn], [topicArn]]),
        );
        assert.strictEqual(global.outputs.alarmTopicArn, topicArn);
    });

    it("keeps the HTTPS probe of the public ALB in DNS modes, with no serving alarm and unchanged URNs", async () => {
        const records = await run();
        const global = stackOf(records, "global");
        for (const region of regions) {
            const stack = records.find((r) => r.role !== "global" && r.region === region)!;
            assert.deepStrictEqual(
                resourcesOf(stack, alarmType).filter((a) => a.name.endsWith("-serving")),
                [],
            );
            assert.strictEqual(
                (stack.outputs.edge as Record<string, unknown>).servingAlarm,
                undefined,
            );
            const check = resourceNamed(global, healthCheckType, `routing-health-${region}`);
            assert.deepStrictEqual(pick(check, ["type", "fqdn", "port", "resourcePath"]), {
                type: "HTTPS",
                fqdn: stack.outputs.albDnsName,
                port: 443,
                resourcePath: "/",
            });
        }
        const prefix =
            "urn:pulumi:global::multi-region-failover::multi-region-failover:routing:GlobalRouting$multi-region-failover:routing:RegionHealthChecks$";
        assert.deepStrictEqual(
            global.resources
                .filter((r) => r.urn.startsWith(prefix))
                .map((r) => r.urn.slice(prefix.length))
                .sort(),
            [
                "aws:cloudwatch/metricAlarm:MetricAlarm::routing-health-us-east-1",
                "aws:cloudwatch/metricAlarm:MetricAlarm::routing-health-us-west-2",
                "aws:kms/key:Key::routing-health-alarms",
                "aws:route53/healthCheck:HealthCheck::routing-health-us-east-1",
                "aws:route53/healthCheck:HealthCheck::routing-health-us-west-2",
                "aws:sns/topic:Topic::routing-health-alarms",
                "aws:sns/topicPolicy:TopicPolicy::routing-health-alarms",
            ],
        );
    });

    it("builds the check inputs from the alarm and refuses an internal ALB without one", () => {
        assert.deepStrictEqual(alarmCheck({ name: "app-serving", region: "eu-west-1" }), {
            type: "CLOUDWATCH_METRIC",
            cloudwatchAlarmName: "app-serving",
            cloudwatchAlarmRegion: "eu-west-1",
            insufficientDataHealthStatus: "Unhealthy",
        });
        const region: RoutingRegion = {
            region: "us-west-2",
            servesTraffic: false,
            albDnsName: "internal-app.us-west-2.elb.amazonaws.com",
            albZoneId: "Z1H1FL5HABSF5",
            albArn: "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/a/1",
            healthCheckPath: "/",
            internalAlb: true,
        };
        assert.throws(() => servingAlarmOf(region), {
            message:
                "regions: us-west-2 has an internal ALB, which Route 53 health checkers cannot reach, but no servingAlarm for its health check to watch; update the regional stack (its edge.servingAlarm output) first",
        });
        assert.deepStrictEqual(
            servingAlarmOf({ ...region, servingAlarm: { name: "a", region: "us-west-2" } }),
            { name: "a", region: "us-west-2" },
        );
    });
});

describe("AWS input constraints: CLOUDWATCH_METRIC health checks", () => {
    const good = {
        type: "CLOUDWATCH_METRIC",
        cloudwatchAlarmName: "app-us-west-2-serving",
        cloudwatchAlarmRegion: "us-west-2",
        insufficientDataHealthStatus: "Unhealthy",
    };
    const check = (change: Record<string, unknown>) =>
        recorded(healthCheckType, "c", { ...good, ...change });

    it("accepts a check that names its alarm and the alarm's region", () =>
        assert.deepStrictEqual(problems(check({})), []));
    it("rejects a check without the alarm's name or region", () => {
        const expected = [
            `a CLOUDWATCH_METRIC health check needs cloudwatchAlarmName and cloudwatchAlarmRegion (${alarmDoc})`,
        ];
        assert.deepStrictEqual(problems(check({ cloudwatchAlarmName: undefined })), expected);
        assert.deepStrictEqual(problems(check({ cloudwatchAlarmRegion: "" })), expected);
    });
    it("rejects an alarm name over 256 characters", () =>
        assert.deepStrictEqual(problems(check({ cloudwatchAlarmName: "a".repeat(257) })), [
            `cloudwatchAlarmName is 257 characters; the maximum is 256 (${alarmDoc})`,
        ]));
    it("rejects an alarm region Route 53 does not read alarms from", () => {
        const [message] = problems(check({ cloudwatchAlarmRegion: "us-iso-east-1" }));
        assert.ok(
            message.startsWith(
                'cloudwatchAlarmRegion "us-iso-east-1" is not a region Route 53 reads alarms from; allowed: us-east-1, us-east-2, ',
            ),
            message,
        );
        assert.ok(message.endsWith(`, us-gov-east-1 (${alarmDoc})`), message);
    });
    it("rejects an address or a port on the check", () =>
        assert.deepStrictEqual(problems(check({ ipAddress: "192.0.2.10", port: 443 })), [
            `a CLOUDWATCH_METRIC health check takes no ipAddress, got "192.0.2.10" (${hcDoc})`,
            `a CLOUDWATCH_METRIC health check takes no port, got 443 (${hcDoc})`,
        ]));
    it("rejects an unknown insufficient-data status", () =>
        assert.deepStrictEqual(problems(check({ insufficientDataHealthStatus: "Unknown" })), [
            `insufficientDataHealthStatus "Unknown" must be Healthy, Unhealthy or LastKnownStatus (${hcDoc})`,
        ]));
});
