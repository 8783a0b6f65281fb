/**
 * Two budget cases from issues 26 and 27: a SECONDARY failover record without a health check
 * (Route 53 treats it as healthy; no operator, no redeploy), and Global Accelerator endpoint
 * groups all in one region (no failover to estimate).
 */
import * as assert from "assert";
import { estimateRto, hasRoutingLayer } from "../../policies/budget";
import { resource } from "./fixtures";

const record = (name: string, type: "PRIMARY" | "SECONDARY", healthCheckId?: string) =>
    resource("global", "us-east-1", "aws:route53/record:Record", name, {
        name: "app.example.com",
        type: "A",
        ttl: 60,
        records: [type === "PRIMARY" ? "192.0.2.10" : "198.51.100.10"],
        setIdentifier: name,
        failoverRoutingPolicies: [{ type }],
        ...(healthCheckId ? { healthCheckId } : {}),
    });
const check = resource("global", "us-east-1", "aws:route53/healthCheck:HealthCheck", "primary", {
    id: "hc-primary",
    type: "HTTPS",
    ipAddress: "192.0.2.10",
    requestInterval: 10,
    failureThreshold: 3,
});

describe("budget: routing cases", () => {
    it("a SECONDARY without a health check needs no operator: the PRIMARY's check times it", () => {
        const rto = estimateRto({
            resources: [
                check,
                record("primary", "PRIMARY", "hc-primary"),
                record("secondary", "SECONDARY"),
            ],
        });
        // The simulated outage (policies/simulation): the check turns unhealthy after 10 s × 3
        // plus the 6 s probe timeout, Route 53 answers with the SECONDARY, resolvers follow after
        // the record's 60 s TTL. What serves behind the two addresses is not recorded, so both
        // are assumed to serve (docs/simulation.md).
        assert.deepStrictEqual(
            rto.breakdown.map((s) => [s.step, s.seconds]),
            [
                ["detection", 36],
                ["traffic-shift", 60],
            ],
        );
        assert.strictEqual(rto.rtoSeconds, 96);
    });

    it("a PRIMARY without a health check is never left: the simulated outage never serves", () => {
        const rto = estimateRto({
            resources: [record("primary", "PRIMARY"), record("secondary", "SECONDARY")],
        });
        // Route 53 counts a record without a health check healthy, so it keeps answering with
        // the PRIMARY; nothing in the program moves users (dns-health-check-required reports it).
        assert.strictEqual(rto.rtoSeconds, null);
        assert.deepStrictEqual(rto.breakdown, []);
        assert.deepStrictEqual(rto.notes, [
            "the simulated outage of primary never serves users again (run `simulate` for its timeline)",
        ]);
    });

    const group = (name: string, region: string) =>
        resource("global", "us-west-2", "aws:globalaccelerator/endpointGroup:EndpointGroup", name, {
            listenerArn: "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/l",
            endpointGroupRegion: region,
            endpointConfigurations: [{ endpointId: `arn:aws:ec2:${region}:123456789012:eip/x` }],
        });

    it("endpoint groups in one region are no routing layer: RTO not estimated", () => {
        const resources = [group("use1", "us-east-1")];
        assert.strictEqual(hasRoutingLayer(resources), false);
        assert.strictEqual(estimateRto({ resources }).rtoSeconds, null);
    });

    it("endpoint groups in two regions are Global Accelerator routing", () => {
        const resources = [group("use1", "us-east-1"), group("usw2", "us-west-2")];
        assert.strictEqual(estimateRto({ resources }).routing, "global-accelerator");
    });
});
