import * as assert from "assert";
import * as path from "path";
import { RecordedResource, StackRecord } from "../../check/engine/types";
import { rejection, resourceNamed, resourcesOf, runProject, stackOf } from "../helpers/engine";

const recordType = "aws:route53/record:Record";
const healthCheckType = "aws:route53/healthCheck:HealthCheck";
const domain = "app.example.com";

interface Run {
    global: StackRecord;
    /** Contract outputs of the regional stack in `region`. */
    contract(region: string): Record<string, unknown>;
    /** ID of the endpoint health check of `region`. */
    checkId(region: string): string;
    /** ID of the check on `region`'s records: endpoint AND the Region switch plan's gate. */
    gatedId(region: string): string;
}

async function run(...overrides: string[]): Promise<Run> {
    const records = await runProject({ overrides });
    const global = stackOf(records, "global");
    return {
        global,
        contract: (region) =>
            records.find((r) => r.role !== "global" && r.region === region)!.outputs,
        checkId: (region) =>
            String(resourceNamed(global, healthCheckType, `routing-health-${region}`).outputs.id),
        gatedId: (region) => {
            const gated = resourceNamed(global, healthCheckType, `routing-gated-${region}`);
            const endpoint = resourceNamed(global, healthCheckType, `routing-health-${region}`);
            assert.strictEqual(
                (gated.inputs.childHealthchecks as string[])[0],
                endpoint.outputs.id,
            );
            return String(gated.outputs.id);
        },
    };
}

function routingInputs(r: RecordedResource): Record<string, unknown> {
    const keys = [
        "name",
        "type",
        "setIdentifier",
        "failoverRoutingPolicies",
        "latencyRoutingPolicies",
        "healthCheckId",
        "aliases",
        "ttl",
    ];
    return Object.fromEntries(keys.filter((k) => k in r.inputs).map((k) => [k, r.inputs[k]]));
}

const regions = ["us-east-1", "us-west-2"];

describe("global stack (real regional contracts)", () => {
    it("reads one StackReference per regional stack, named by the stack, and builds the routing layer in us-east-1", async () => {
        const { global } = await run();
        assert.deepStrictEqual(
            resourcesOf(global, "pulumi:pulumi:StackReference").map((r) => r.name),
            [
                "organization/multi-region-failover/primary",
                "organization/multi-region-failover/secondary",
            ],
        );
        const provider = resourceNamed(global, "pulumi:providers:aws", "aws-us-east-1");
        // Canaries and game-day templates run in each region on purpose (components/observability),
        // and S3 replication back from the secondary's bucket is configured on that bucket, in its
        // region (issue 25, item 5).
        const custom = global.resources.filter(
            (r) =>
                r.custom &&
                !r.type.startsWith("pulumi:") &&
                !r.urn.includes("multi-region-failover:observability:"),
        );
        assert.deepStrictEqual(
            custom.filter((r) => r.region !== "us-east-1").map((r) => [r.name, r.region, r.type]),
            [
                ["s3-replication-us-west-2", "us-west-2", "aws:iam/role:Role"],
                ["s3-replication-us-west-2", "us-west-2", "aws:iam/rolePolicy:RolePolicy"],
                [
                    "s3-replication-us-west-2",
                    "us-west-2",
                    "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                ],
            ],
        );
        assert.strictEqual(provider.inputs.region, "us-east-1");
    });

    it("health checks probe each region's ALB on its contract's health path", async () => {
        const { global, contract } = await run();
        for (const region of regions) {
            const check = resourceNamed(global, healthCheckType, `routing-health-${region}`);
            assert.deepStrictEqual(
                [
                    check.inputs.type,
                    check.inputs.fqdn,
                    check.inputs.resourcePath,
                    check.inputs.port,
                    check.inputs.enableSni,
                ],
                ["HTTPS", contract(region).albDnsName, contract(region).healthCheckPath, 443, true],
            );
        }
    });

    it("dns-failover (default for warm-standby): the PRIMARY alias carries its gated check, the SECONDARY its endpoint check", async () => {
        const { global, contract, checkId, gatedId } = await run();
        assert.deepStrictEqual(
            resourcesOf(global, recordType).map(routingInputs),
            regions.map((region, i) => ({
                name: domain,
                type: "A",
                setIdentifier: region,
                failoverRoutingPolicies: [{ type: i === 0 ? "PRIMARY" : "SECONDARY" }],
                // Only the primary is gated: a gated SECONDARY failed open after a failback.
                healthCheckId: i === 0 ? gatedId(region) : checkId(region),
                aliases: [
                    {
                        name: contract(region).albDnsName,
                        zoneId: contract(region).albZoneId,
                        evaluateTargetHealth: true,
                    },
                ],
            })),
        );
        assert.deepStrictEqual(global.outputs.healthCheckIds, {
            "us-east-1": checkId("us-east-1"),
            "us-west-2": checkId("us-west-2"),
        });
        assert.deepStrictEqual(
            [global.outputs.endpoint, global.outputs.routingMode, global.outputs.regions],
            [`https://${domain}`, "dns-failover", regions],
        );
    });

    it("dns-latency (default for active-active): one latency alias per region with its gated health check", async () => {
        const { global, contract, gatedId } = await run("strategy=active-active");
        assert.deepStrictEqual(
            resourcesOf(global, recordType).map(routingInputs),
            regions.map((region) => ({
                name: domain,
                type: "A",
                setIdentifier: region,
                latencyRoutingPolicies: [{ region }],
                healthCheckId: gatedId(region),
                aliases: [
                    {
                        name: contract(region).albDnsName,
                        zoneId: contract(region).albZoneId,
                        evaluateTargetHealth: true,
                    },
                ],
            })),
        );
        // Third child: the other Region's endpoint check, inverted, so a closed gate cannot leave
        // every record unhealthy while one Region serves (issue 25, item 1).
        for (const [region, other] of [
            ["us-east-1", "us-west-2"],
            ["us-west-2", "us-east-1"],
        ]) {
            const gated = resourceNamed(global, healthCheckType, `routing-gated-${region}`);
            const down = resourceNamed(global, healthCheckType, `routing-down-${other}`);
            const endpoint = resourceNamed(global, healthCheckType, `routing-health-${other}`);
            assert.deepStrictEqual(
                [
                    (gated.inputs.childHealthchecks as string[])[2],
                    gated.inputs.childHealthThreshold,
                    down.inputs.invertHealthcheck,
                    down.inputs.fqdn,
                    down.inputs.resourcePath,
                ],
                [down.outputs.id, 2, true, endpoint.inputs.fqdn, endpoint.inputs.resourcePath],
            );
            // It flips ahead of the dead Region's record (16 s, against 30 s target health and
            // 36 s for the endpoint check), else every record is unhealthy meanwhile.
            assert.deepStrictEqual(
                [
                    down.inputs.requestInterval,
                    down.inputs.failureThreshold,
                    endpoint.inputs.requestInterval,
                    endpoint.inputs.failureThreshold,
                ],
                [10, 1, 10, 3],
            );
        }
    });

    it("global-accelerator: endpoint groups per region with the contract's ALB and dials from servesTraffic", async () => {
        const { global, contract } = await run("routing.mode=global-accelerator");
        assert.deepStrictEqual(
            regions.map((r) => (contract(r).capacity as { servesTraffic: boolean }).servesTraffic),
            [true, false],
        );
        assert.deepStrictEqual(
            resourcesOf(global, "aws:globalaccelerator/endpointGroup:EndpointGroup").map((g) => [
                g.inputs.endpointGroupRegion,
                g.inputs.trafficDialPercentage,
                g.inputs.healthCheckPath,
                g.inputs.endpointConfigurations,
            ]),
            regions.map((region, i) => [
                region,
                i === 0 ? 100 : 0,
                contract(region).healthCheckPath,
                [
                    {
                        endpointId: contract(region).albArn,
                        weight: 128,
                        clientIpPreservationEnabled: true,
                    },
                ],
            ]),
        );
        const accelerator = resourceNamed(
            global,
            "aws:globalaccelerator/accelerator:Accelerator",
            "routing-accelerator",
        );
        assert.deepStrictEqual(
            routingInputs(resourceNamed(global, recordType, "routing-accelerator-alias")),
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
    });

    it("cloudfront: primary ALB then secondary ALB in an origin group failing over on 5xx", async () => {
        const { global, contract } = await run("routing.mode=cloudfront");
        const distribution = resourceNamed(
            global,
            "aws:cloudfront/distribution:Distribution",
            "routing-cdn",
        );
        assert.deepStrictEqual(distribution.inputs.originGroups, [
            {
                originId: "routing-cdn-failover",
                failoverCriteria: { statusCodes: [500, 502, 503, 504] },
                members: [{ originId: "us-east-1" }, { originId: "us-west-2" }],
            },
        ]);
        assert.deepStrictEqual(
            (distribution.inputs.origins as { originId: string; domainName: string }[]).map((o) => [
                o.originId,
                o.domainName,
            ]),
            regions.map((r) => [r, contract(r).albDnsName]),
        );
        assert.deepStrictEqual(
            routingInputs(resourceNamed(global, recordType, "routing-cdn-validation")).ttl,
            60,
        );
    });

    it("cloudfront with edge.waf: a CLOUDFRONT-scope web ACL on the distribution limits per viewer IP (issue 29 item 8), and the gate function knows the distribution", async () => {
        const { global } = await run(
            "routing.mode=cloudfront",
            "edge.waf=true",
            "edge.wafRateLimit=500",
        );
        const acl = resourceNamed(global, "aws:wafv2/webAcl:WebAcl", "routing-cdn-waf");
        assert.strictEqual(acl.inputs.scope, "CLOUDFRONT");
        assert.strictEqual(acl.region, "us-east-1");
        const rules = acl.inputs.rules as { name: string; statement: unknown }[];
        assert.deepStrictEqual(rules[rules.length - 1].statement, {
            rateBasedStatement: { limit: 500, aggregateKeyType: "IP" },
        });
        assert.ok(!JSON.stringify(rules).includes("FORWARDED_IP"));
        const distribution = resourceNamed(
            global,
            "aws:cloudfront/distribution:Distribution",
            "routing-cdn",
        );
        assert.strictEqual(distribution.inputs.webAclId, acl.outputs.arn);
        const gate = resourceNamed(global, "aws:lambda/function:Function", "edge-gate-us-west-2");
        const env = (gate.inputs.environment as { variables: Record<string, string> }).variables;
        assert.deepStrictEqual(
            [env.EDGE_MODE, env.CONTROL_PLANE_REGION, env.DISTRIBUTION_ID, env.ORIGIN_GROUP_ID],
            ["cloudfront", "us-east-1", distribution.outputs.id, "routing-cdn-failover"],
        );
    });

    it("cloudfront with routing.evaluateTargetHealth=true fails with a clear error", async () => {
        const message = await rejection(
            runProject({
                overrides: ["routing.mode=cloudfront", "routing.evaluateTargetHealth=true"],
            }),
        );
        assert.strictEqual(
            message,
            'stack global: invalid routing (1 problem):\n  - routing.evaluateTargetHealth: true is not allowed with routing.mode "cloudfront"; Route 53 cannot evaluate the health of a CloudFront alias target (set it to false or leave it unset)',
        );
    });

    it("a single regional stack fails with a clear error", async () => {
        const message = await rejection(
            runProject({
                overrides: ['regionalStacks=["organization/multi-region-failover/primary"]'],
            }),
        );
        assert.strictEqual(
            message,
            "stack global: invalid configuration (1 problem):\n  - regionalStacks: has 1 stack; failover needs at least 2 regional stacks",
        );
    });

    it("routing.arc=true: records carry the CALCULATED check of endpoint and routing control", async () => {
        const { global, checkId } = await run("routing.arc=true");
        const arns = global.outputs.routingControlArns as Record<string, string>;
        assert.deepStrictEqual(Object.keys(arns), regions);
        for (const region of regions) {
            const control = resourceNamed(global, healthCheckType, `routing-arc-${region}`);
            assert.strictEqual(control.inputs.routingControlArn, arns[region]);
            const combined = resourceNamed(
                global,
                healthCheckType,
                `routing-arc-${region}-combined`,
            );
            assert.deepStrictEqual(combined.inputs.childHealthchecks, [
                checkId(region),
                control.outputs.id,
            ]);
            const record = resourceNamed(global, recordType, `routing-failover-domain-${region}`);
            assert.strictEqual(record.inputs.healthCheckId, combined.outputs.id);
        }
        assert.strictEqual((global.outputs.arcClusterEndpoints as unknown[]).length, 5);
    });

    it("adding a third regional stack renames nothing in the global stack", async () => {
        const two = stackOf(await runProject(), "global");
        const three = stackOf(
            await runProject({
                projectDir: path.join(__dirname, "..", "fixtures", "three-regions"),
            }),
            "global",
        );
        const threeUrns = three.resources.map((r) => r.urn);
        // The one deliberate exception: a Region switch plan's Route 53 health check block covers
        // one record name, so over three Regions the plans no longer gate the records (routing
        // follows health; routing.arc=true gives plan-controlled routing at any size).
        const gated = (region: string) =>
            `urn:pulumi:global::multi-region-failover::multi-region-failover:routing:GlobalRouting$aws:route53/healthCheck:HealthCheck::routing-gated-${region}`;
        assert.deepStrictEqual(
            two.resources.map((r) => r.urn).filter((u) => !threeUrns.includes(u)),
            [gated("us-east-1")],
        );
        assert.deepStrictEqual(three.outputs.regions, ["us-east-1", "us-west-2", "eu-west-1"]);
    });
});
