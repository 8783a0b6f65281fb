/**
 * The policies' threshold comparisons on their boundary: a value exactly at the threshold passes,
 * one step over fails with the exact message (health-check detection time; the DNS TTL's
 * boundary, 60 at a maximum of 60, is the compliant fixture of dns-ttl-max.test.ts).
 */
import * as assert from "assert";
import { dnsTtlMax, healthCheckDetectionTime } from "../../../policies/policies";
import { FixtureResource, runResourcePolicy, runStackPolicy, withChange } from "../harness";

const healthCheck: FixtureResource = {
    type: "aws:route53/healthCheck:HealthCheck",
    name: "api-use1",
    props: {
        arn: "arn:aws:route53:::healthcheck/abc-123",
        type: "HTTPS",
        fqdn: "a-1.us-east-1.elb.amazonaws.com",
        requestInterval: 30,
        failureThreshold: 3,
    },
};
const guarded: FixtureResource = {
    type: "aws:route53/record:Record",
    name: "api-primary",
    props: {
        name: "app.example.com",
        healthCheckId: "abc-123",
        failoverRoutingPolicies: [{ type: "PRIMARY" }],
    },
};

describe("threshold boundaries", () => {
    it("health-check-detection-time: 30 s x 3 = 90 s at a maximum of 90 s passes", async () => {
        const outcome = await runStackPolicy(healthCheckDetectionTime, [healthCheck, guarded], {
            maxDetectionSeconds: 90,
        });
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("health-check-detection-time: 90 s at a maximum of 89 s fails", async () => {
        const outcome = await runStackPolicy(healthCheckDetectionTime, [healthCheck, guarded], {
            maxDetectionSeconds: 89,
        });
        assert.deepStrictEqual(outcome.violations, [
            'Shorten detection on health check "api-use1" to 89 s or less: requestInterval 30 x failureThreshold 3 = 90 s before Route 53 declares the endpoint unhealthy. Use requestInterval 10 or a lower failureThreshold.',
        ]);
    });

    const record: FixtureResource = {
        type: "aws:route53/record:Record",
        name: "api-primary",
        props: {
            zoneId: "Z0000000000000000000",
            name: "app.example.com",
            type: "A",
            ttl: 30,
            records: ["192.0.2.10"],
            setIdentifier: "us-east-1",
            failoverRoutingPolicies: [{ type: "PRIMARY" }],
            healthCheckId: "hc-1",
        },
    };

    it("dns-ttl-max: a TTL equal to maxTtlSeconds passes", async () => {
        const outcome = await runResourcePolicy(dnsTtlMax, record, { maxTtlSeconds: 30 });
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("dns-ttl-max: one second over maxTtlSeconds fails", async () => {
        const outcome = await runResourcePolicy(dnsTtlMax, withChange(record, "props.ttl", 31), {
            maxTtlSeconds: 30,
        });
        assert.deepStrictEqual(outcome.violations, [
            'Lower ttl on record "api-primary" (app.example.com) from 31 to 30 or less: a failover record with a 31 s TTL keeps resolvers sending users to a failed endpoint for up to 31 s after failover.',
        ]);
    });
});
