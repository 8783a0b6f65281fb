import * as assert from "assert";
import * as path from "path";
import { runStacks } from "../../check/engine/engine";
import { RecordedResource, StackRecord } from "../../check/engine/types";
import { rejection, resourceNamed, resourcesOf } from "../helpers/engine";

const projectDir = path.join(__dirname, "..", "fixtures", "routing-program");
const recordType = "aws:route53/record:Record";
const healthCheckType = "aws:route53/healthCheck:HealthCheck";
const domain = "app.example.com";
const zoneId = "Z0123456789ABCDEFGHIJ";
const alb = (region: string) => ({
    name: `app-${region}-1234567890.${region}.elb.amazonaws.com`,
    zoneId: {
        "us-east-1": "Z35SXDOTRQ7X7K",
        "us-west-2": "Z1H1FL5HABSF5",
        "eu-west-1": "Z32O12XQLNTSW2",
    }[region],
    evaluateTargetHealth: true,
});

async function run(stack: "two" | "three", ...overrides: string[]): Promise<StackRecord> {
    const [record] = await runStacks({ projectDir, stacks: [stack], overrides });
    return record;
}

/** The id Route 53 gave the health check named `name` (what records must reference). */
function checkId(record: StackRecord, name: string): string {
    return String(resourceNamed(record, healthCheckType, name).outputs.id);
}

function pick(resource: RecordedResource, ...keys: string[]): Record<string, unknown> {
    return Object.fromEntries(
        keys.filter((k) => k in resource.inputs).map((k) => [k, resource.inputs[k]]),
    );
}

const recordKeys = [
    "name",
    "type",
    "setIdentifier",
    "failoverRoutingPolicies",
    "latencyRoutingPolicies",
    "healthCheckId",
    "aliases",
    "ttl",
    "records",
];

describe("routing components (fixture program)", () => {
    it("creates one HTTPS health check per region on the ALB, with an alarm to an encrypted topic", async () => {
        const record = await run("two");
        const checks = resourcesOf(record, healthCheckType);
        assert.deepStrictEqual(
            checks.map((c) => [c.name, c.region, c.inputs]),
            ["us-east-1", "us-west-2"].map((region) => [
                `routing-health-${region}`,
                "us-east-1",
                {
                    type: "HTTPS",
                    fqdn: alb(region).name,
                    port: 443,
                    resourcePath: "/healthz",
                    enableSni: true,
                    requestInterval: 10,
                    failureThreshold: 3,
                    regions: ["us-east-1", "us-west-2", "eu-west-1"],
                    measureLatency: true,
                    tags: { Name: `routing-health-${region}`, Region: region },
                },
            ]),
        );
        const topic = resourceNamed(record, "aws:sns/topic:Topic", "routing-health-alarms");
        const key = resourceNamed(record, "aws:kms/key:Key", "routing-health-alarms");
        assert.strictEqual(topic.inputs.kmsMasterKeyId, key.outputs.arn);
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        for (const region of ["us-east-1", "us-west-2"]) {
            const alarm = resourceNamed(
                record,
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                `routing-health-${region}`,
            );
            assert.strictEqual(alarm.region, "us-east-1");
            assert.deepStrictEqual(
                pick(alarm, "namespace", "metricName", "dimensions", "alarmActions", "okActions"),
                {
                    namespace: "AWS/Route53",
                    metricName: "HealthCheckStatus",
                    dimensions: { HealthCheckId: checkId(record, `routing-health-${region}`) },
                    alarmActions: [topic.outputs.arn],
                    okActions: [topic.outputs.arn],
                },
            );
        }
        assert.deepStrictEqual(record.outputs.healthCheckIds, {
            "us-east-1": checkId(record, "routing-health-us-east-1"),
            "us-west-2": checkId(record, "routing-health-us-west-2"),
        });
    });

    it("dns-failover: PRIMARY and SECONDARY aliases to the ALBs, each with its region's health check", async () => {
        const record = await run("two");
        assert.deepStrictEqual(
            resourcesOf(record, recordType).map((r) => [r.name, pick(r, ...recordKeys)]),
            [
                [
                    "routing-failover-domain-us-east-1",
                    {
                        name: domain,
                        type: "A",
                        setIdentifier: "us-east-1",
                        failoverRoutingPolicies: [{ type: "PRIMARY" }],
                        healthCheckId: checkId(record, "routing-health-us-east-1"),
                        aliases: [alb("us-east-1")],
                    },
                ],
                [
                    "routing-failover-domain-us-west-2",
                    {
                        name: domain,
                        type: "A",
                        setIdentifier: "us-west-2",
                        failoverRoutingPolicies: [{ type: "SECONDARY" }],
                        healthCheckId: checkId(record, "routing-health-us-west-2"),
                        aliases: [alb("us-west-2")],
                    },
                ],
            ].sort(),
        );
        assert.deepStrictEqual(record.outputs.routingMode, "dns-failover");
        assert.deepStrictEqual(record.outputs.endpoint, `https://${domain}`);
    });

    it("dns-failover with three regions chains a nested failover set through the second region", async () => {
        const record = await run("three");
        const byName = (n: string) => pick(resourceNamed(record, recordType, n), ...recordKeys);
        const fallback = `fallback-us-west-2.${domain}`;
        assert.deepStrictEqual(byName("routing-failover-domain-us-west-2"), {
            name: domain,
            type: "A",
            setIdentifier: "us-west-2",
            failoverRoutingPolicies: [{ type: "SECONDARY" }],
            aliases: [{ name: fallback, zoneId, evaluateTargetHealth: true }],
        });
        assert.deepStrictEqual(byName("routing-failover-fallback-us-west-2-us-west-2"), {
            name: fallback,
            type: "A",
            setIdentifier: "us-west-2",
            failoverRoutingPolicies: [{ type: "PRIMARY" }],
            healthCheckId: checkId(record, "routing-health-us-west-2"),
            aliases: [alb("us-west-2")],
        });
        assert.deepStrictEqual(byName("routing-failover-fallback-us-west-2-eu-west-1"), {
            name: fallback,
            type: "A",
            setIdentifier: "eu-west-1",
            failoverRoutingPolicies: [{ type: "SECONDARY" }],
            healthCheckId: checkId(record, "routing-health-eu-west-1"),
            aliases: [alb("eu-west-1")],
        });
    });

    it("renames nothing when a third region is added", async () => {
        const urns = (r: StackRecord) =>
            r.resources.map((x) => x.urn.replace(/^urn:pulumi:three::/, "urn:pulumi:two::"));
        const two = urns(await run("two"));
        const three = await run("three");
        assert.deepStrictEqual(
            two.filter((u) => !urns(three).includes(u)),
            [],
        );
        assert.deepStrictEqual(
            three.resources
                .filter(
                    (r) => !two.includes(r.urn.replace(/^urn:pulumi:three::/, "urn:pulumi:two::")),
                )
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
            [
                "aws:cloudwatch/metricAlarm:MetricAlarm routing-health-eu-west-1",
                "aws:route53/healthCheck:HealthCheck routing-health-eu-west-1",
                "aws:route53/record:Record routing-failover-fallback-us-west-2-eu-west-1",
                "aws:route53/record:Record routing-failover-fallback-us-west-2-us-west-2",
            ],
        );
    });

    it("dns-latency: one latency alias per region with its health check", async () => {
        const record = await run("two", "mode=dns-latency");
        assert.deepStrictEqual(
            resourcesOf(record, recordType).map((r) => [r.name, pick(r, ...recordKeys)]),
            ["us-east-1", "us-west-2"].map((region) => [
                `routing-latency-${region}`,
                {
                    name: domain,
                    type: "A",
                    setIdentifier: region,
                    latencyRoutingPolicies: [{ region }],
                    healthCheckId: checkId(record, `routing-health-${region}`),
                    aliases: [alb(region)],
                },
            ]),
        );
    });

    it("global-accelerator: endpoint group per region with the ALB, dials by traffic, domain aliased", async () => {
        const record = await run("three", "mode=global-accelerator");
        const accelerator = resourceNamed(
            record,
            "aws:globalaccelerator/accelerator:Accelerator",
            "routing-accelerator",
        );
        const listener = resourceNamed(
            record,
            "aws:globalaccelerator/listener:Listener",
            "routing-accelerator-tcp",
        );
        assert.deepStrictEqual(pick(listener, "acceleratorArn", "protocol", "portRanges"), {
            acceleratorArn: accelerator.outputs.arn,
            protocol: "TCP",
            portRanges: [
                { fromPort: 80, toPort: 80 },
                { fromPort: 443, toPort: 443 },
            ],
        });
        const groups = resourcesOf(record, "aws:globalaccelerator/endpointGroup:EndpointGroup");
        assert.deepStrictEqual(
            groups.map((g) => g.inputs),
            [
                ["us-east-1", 100],
                ["us-west-2", 0],
                ["eu-west-1", 0],
            ].map(([region, dial]) => ({
                listenerArn: listener.outputs.arn,
                endpointGroupRegion: region,
                trafficDialPercentage: dial,
                healthCheckProtocol: "HTTPS",
                healthCheckPort: 443,
                healthCheckPath: "/healthz",
                healthCheckIntervalSeconds: 10,
                thresholdCount: 3,
                endpointConfigurations: [
                    {
                        endpointId: `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/app-${region}/0123456789abcdef`,
                        weight: 128,
                        clientIpPreservationEnabled: true,
                    },
                ],
            })),
        );
        assert.deepStrictEqual(
            pick(resourceNamed(record, recordType, "routing-accelerator-alias"), ...recordKeys),
            {
                name: domain,
                type: "A",
                aliases: [
                    {
                        name: accelerator.outputs.dnsName,
                        zoneId: "Z2BJ6XQ5FK7U4H",
                        evaluateTargetHealth: false,
                    },
                ],
            },
        );
        assert.deepStrictEqual(Object.keys(record.outputs.healthCheckIds as object), [
            "us-east-1",
            "us-west-2",
            "eu-west-1",
        ]);
    });

    it("cloudfront: an origin group failing over on 5xx from the primary ALB to the secondary", async () => {
        const record = await run("two", "mode=cloudfront");
        const distribution = resourceNamed(
            record,
            "aws:cloudfront/distribution:Distribution",
            "routing-cdn",
        );
        const certificate = resourceNamed(record, "aws:acm/certificate:Certificate", "routing-cdn");
        assert.strictEqual(certificate.region, "us-east-1");
        assert.deepStrictEqual(pick(certificate, "domainName", "validationMethod"), {
            domainName: domain,
            validationMethod: "DNS",
        });
        assert.deepStrictEqual(distribution.inputs.originGroups, [
            {
                originId: "routing-cdn-failover",
                failoverCriteria: { statusCodes: [500, 502, 503, 504] },
                members: [{ originId: "us-east-1" }, { originId: "us-west-2" }],
            },
        ]);
        assert.deepStrictEqual(
            (distribution.inputs.origins as Record<string, unknown>[]).map((o) => [
                o.originId,
                o.domainName,
                o.connectionTimeout,
                o.connectionAttempts,
                (o.customOriginConfig as Record<string, unknown>).originProtocolPolicy,
                (o.customOriginConfig as Record<string, unknown>).originSslProtocols,
            ]),
            ["us-east-1", "us-west-2"].map((r) => [
                r,
                alb(r).name,
                5,
                2,
                "https-only",
                ["TLSv1.2"],
            ]),
        );
        const behavior = distribution.inputs.defaultCacheBehavior as Record<string, unknown>;
        assert.deepStrictEqual(
            [behavior.targetOriginId, behavior.viewerProtocolPolicy, behavior.allowedMethods],
            ["routing-cdn-failover", "redirect-to-https", ["GET", "HEAD", "OPTIONS"]],
        );
        assert.deepStrictEqual(
            pick(resourceNamed(record, recordType, "routing-cdn-alias"), ...recordKeys),
            {
                name: domain,
                type: "A",
                aliases: [
                    {
                        name: distribution.outputs.domainName,
                        zoneId: "Z2FDTNDATAQYW2",
                        evaluateTargetHealth: false,
                    },
                ],
            },
        );
        const validation = resourceNamed(record, recordType, "routing-cdn-validation");
        assert.deepStrictEqual(
            [validation.inputs.ttl, validation.inputs.type, validation.inputs.allowOverwrite],
            [60, "CNAME", true],
        );
    });

    it("cloudfront rejects evaluateTargetHealth true and a third region, creating nothing", async () => {
        const message = await rejection(
            run("three", "mode=cloudfront", "evaluateTargetHealth=true"),
        );
        assert.strictEqual(
            message,
            "stack three: invalid routing (2 problems):\n" +
                '  - routing.evaluateTargetHealth: true is not allowed with routing.mode "cloudfront"; Route 53 cannot evaluate the health of a CloudFront alias target (set it to false or leave it unset)\n' +
                '  - routing.mode: "cloudfront" supports exactly 2 regions because an origin group holds one primary and one secondary origin, got 3 (us-east-1, us-west-2, eu-west-1); use dns-failover or global-accelerator',
        );
    });

    it("arc: routing controls, an ATLEAST 1 safety rule, and records guarded by endpoint AND control", async () => {
        const record = await run("two", "arc=true");
        const cluster = resourceNamed(
            record,
            "aws:route53recoverycontrol/cluster:Cluster",
            "routing-arc",
        );
        const panel = resourceNamed(
            record,
            "aws:route53recoverycontrol/controlPanel:ControlPanel",
            "routing-arc",
        );
        assert.strictEqual(panel.inputs.clusterArn, cluster.outputs.arn);
        const controls = ["us-east-1", "us-west-2"].map((region) =>
            resourceNamed(
                record,
                "aws:route53recoverycontrol/routingControl:RoutingControl",
                `routing-arc-${region}`,
            ),
        );
        const rule = resourceNamed(
            record,
            "aws:route53recoverycontrol/safetyRule:SafetyRule",
            "routing-arc-min-regions-on",
        );
        assert.deepStrictEqual(
            pick(rule, "controlPanelArn", "assertedControls", "ruleConfig", "waitPeriodMs"),
            {
                controlPanelArn: panel.outputs.arn,
                assertedControls: controls.map((c) => c.outputs.arn),
                ruleConfig: { type: "ATLEAST", threshold: 1, inverted: false },
                waitPeriodMs: 5000,
            },
        );
        for (const [i, region] of ["us-east-1", "us-west-2"].entries()) {
            const controlCheck = resourceNamed(record, healthCheckType, `routing-arc-${region}`);
            assert.deepStrictEqual(pick(controlCheck, "type", "routingControlArn"), {
                type: "RECOVERY_CONTROL",
                routingControlArn: controls[i].outputs.arn,
            });
            const combined = resourceNamed(
                record,
                healthCheckType,
                `routing-arc-${region}-combined`,
            );
            assert.deepStrictEqual(
                pick(combined, "type", "childHealthchecks", "childHealthThreshold"),
                {
                    type: "CALCULATED",
                    childHealthchecks: [
                        checkId(record, `routing-health-${region}`),
                        controlCheck.outputs.id,
                    ],
                    childHealthThreshold: 2,
                },
            );
            const failover = resourceNamed(record, recordType, `routing-failover-domain-${region}`);
            assert.strictEqual(failover.inputs.healthCheckId, combined.outputs.id);
        }
    });

    it("arc is refused with global-accelerator", async () => {
        const message = await rejection(run("two", "mode=global-accelerator", "arc=true"));
        assert.strictEqual(
            message,
            'stack two: invalid routing (1 problem):\n  - routing.arc: true needs a DNS routing mode (dns-failover or dns-latency), because ARC routing controls act through Route 53 health checks on the records; routing.mode is "global-accelerator"',
        );
    });
});
