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
        assert.deepStrictEqual(
            rto.breakdown.map((s) => [s.step, s.seconds]),
            [
                ["detection", 36],
                ["data-promotion", 0],
                ["standby-scale-up", 0],
                ["traffic-shift", 120],
            ],
        );
    });

    it("a PRIMARY without a health check still needs an operator and a DNS change", () => {
        const rto = estimateRto({
            resources: [record("primary", "PRIMARY"), record("secondary", "SECONDARY")],
        });
        assert.deepStrictEqual(
            rto.breakdown.map((s) => s.step),
            [
                "detection",
                "operator",
                "deployment",
                "data-promotion",
                "standby-scale-up",
                "traffic-shift",
            ],
        );
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
