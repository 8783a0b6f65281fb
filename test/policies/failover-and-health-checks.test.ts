import * as assert from "assert";
import { dnsFailoverPair, healthCheckDetectionTime } from "../../policies/policies";
import { FixtureResource, runStackPolicy, unknownString, withChange } from "./harness";

function failoverRecord(name: string, type: string, target: string, zone: string): FixtureResource {
    return {
        type: "aws:route53/record:Record",
        name,
        props: {
            zoneId: "Z0000000000000000000",
            name: "app.example.com",
            type: "A",
            setIdentifier: name,
            failoverRoutingPolicies: [{ type }],
            aliases: [{ name: target, zoneId: zone, evaluateTargetHealth: true }],
        },
    };
}

const pair = [
    failoverRecord("api-primary", "PRIMARY", "a-1.us-east-1.elb.amazonaws.com", "Z35SXDOTRQ7X7K"),
    failoverRecord(
        "api-secondary",
        "SECONDARY",
        "b-2.us-west-2.elb.amazonaws.com",
        "Z1H1FL5HABSF5",
    ),
];

describe("dns-failover-pair", () => {
    it("passes one PRIMARY and one SECONDARY in different regions", async () => {
        assert.deepStrictEqual((await runStackPolicy(dnsFailoverPair, pair)).violations, []);
    });

    it("reports a set without a SECONDARY", async () => {
        assert.deepStrictEqual(
            (await runStackPolicy(dnsFailoverPair, pair.slice(0, 1))).violations,
            [
                "Add a SECONDARY failover record for app.example.com A in zone Z0000000000000000000: the set has 1 record (\"api-primary\" PRIMARY) and no SECONDARY, so Route 53 has nowhere to fail over to. This analysis saw only this stack: if the record is in another stack of the project, give the pack that stack's facts through this policy's `deployment` config (the offline check does so when it runs every stack of the project).",
            ],
        );
    });

    it("reports two PRIMARY records", async () => {
        const twoPrimaries = [
            pair[0],
            withChange(pair[1], "props.failoverRoutingPolicies.0.type", "PRIMARY"),
        ];
        assert.deepStrictEqual((await runStackPolicy(dnsFailoverPair, twoPrimaries)).violations, [
            'Keep one PRIMARY failover record for app.example.com A in zone Z0000000000000000000: records "api-primary", "api-secondary" are all PRIMARY, and Route 53 accepts only one per set.',
            'Add a SECONDARY failover record for app.example.com A in zone Z0000000000000000000: the set has 2 records ("api-primary" PRIMARY, "api-secondary" PRIMARY) and no SECONDARY, so Route 53 has nowhere to fail over to. This analysis saw only this stack: if the record is in another stack of the project, give the pack that stack\'s facts through this policy\'s `deployment` config (the offline check does so when it runs every stack of the project).',
        ]);
    });

    it("reports a SECONDARY in the PRIMARY's region", async () => {
        const sameRegion = [
            pair[0],
            withChange(pair[1], "props.aliases.0.name", "b-2.us-east-1.elb.amazonaws.com"),
        ];
        assert.deepStrictEqual((await runStackPolicy(dnsFailoverPair, sameRegion)).violations, [
            'Point SECONDARY record "api-secondary" for app.example.com A in zone Z0000000000000000000 at another region: it and PRIMARY record "api-primary" both send users to us-east-1, so a regional failure takes both down.',
        ]);
    });

    it("groups by name, type and zone, ignoring case and the trailing dot", async () => {
        const other = withChange(pair[1], "props.name", "APP.example.com.");
        assert.deepStrictEqual(
            (await runStackPolicy(dnsFailoverPair, [pair[0], other])).violations,
            [],
        );
        const aaaa = withChange(pair[1], "props.type", "AAAA");
        assert.strictEqual(
            (await runStackPolicy(dnsFailoverPair, [pair[0], aaaa])).violations.length,
            2,
        );
    });

    it("is not applicable without failover records, and skips unknown targets", async () => {
        assert.strictEqual(
            (await runStackPolicy(dnsFailoverPair, [])).notApplicable,
            "the stack has no failover or geolocation records, Global Accelerator endpoint groups or CloudFront origin groups",
        );
        const unknownTarget = [pair[0], withChange(pair[1], "props.aliases.0.name", unknownString)];
        assert.deepStrictEqual(
            (await runStackPolicy(dnsFailoverPair, unknownTarget)).violations,
            [],
        );
    });
});

const healthCheck: FixtureResource = {
    type: "aws:route53/healthCheck:HealthCheck",
    name: "api-use1",
    props: {
        arn: "arn:aws:route53:::healthcheck/abc-123",
        type: "HTTPS",
        fqdn: "a-1.us-east-1.elb.amazonaws.com",
        requestInterval: 10,
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

describe("health-check-detection-time", () => {
    it("passes a fast, enabled, referenced health check", async () => {
        assert.deepStrictEqual(
            (await runStackPolicy(healthCheckDetectionTime, [healthCheck, guarded])).violations,
            [],
        );
    });

    it("reports detection slower than the budget, using Route 53's defaults for unset inputs", async () => {
        const slow = withChange(healthCheck, "props.requestInterval", undefined);
        assert.deepStrictEqual(
            (
                await runStackPolicy(healthCheckDetectionTime, [slow, guarded], {
                    maxDetectionSeconds: 60,
                })
            ).violations,
            [
                'Shorten detection on health check "api-use1" to 60 s or less: requestInterval 30 x failureThreshold 3 = 90 s before Route 53 declares the endpoint unhealthy. Use requestInterval 10 or a lower failureThreshold.',
            ],
        );
        const threshold = withChange(healthCheck, "props.failureThreshold", 10);
        assert.deepStrictEqual(
            (await runStackPolicy(healthCheckDetectionTime, [threshold, guarded])).violations
                .length,
            1,
        );
    });

    it("reports a disabled health check", async () => {
        const disabled = withChange(healthCheck, "props.disabled", true);
        assert.deepStrictEqual(
            (await runStackPolicy(healthCheckDetectionTime, [disabled, guarded])).violations,
            [
                'Enable health check "api-use1" (disabled is true): Route 53 treats a disabled health check as healthy, so the records it guards never fail over. To force a failover, run a drill (it inverts the check for the duration of the drill and restores it) or use an ARC routing control; never declare a disabled or inverted check.',
            ],
        );
    });

    it("reports a health check nothing references, unless allowed", async () => {
        assert.deepStrictEqual(
            (await runStackPolicy(healthCheckDetectionTime, [healthCheck])).violations,
            [
                'Attach health check "api-use1" to the records it protects (healthCheckId) or a calculated health check, or remove it: nothing in this stack references it, so it triggers no failover.',
            ],
        );
        assert.deepStrictEqual(
            (
                await runStackPolicy(healthCheckDetectionTime, [healthCheck], {
                    allowUnreferenced: true,
                })
            ).violations,
            [],
        );
        const viaDependency = {
            ...guarded,
            props: { healthCheckId: unknownString },
            propertyDependencies: { healthCheckId: ["api-use1"] },
        };
        assert.deepStrictEqual(
            (await runStackPolicy(healthCheckDetectionTime, [healthCheck, viaDependency]))
                .violations,
            [],
        );
        const calculated: FixtureResource = {
            type: "aws:route53/healthCheck:HealthCheck",
            name: "both",
            props: {
                arn: "arn:aws:route53:::healthcheck/both",
                type: "CALCULATED",
                childHealthchecks: ["abc-123"],
            },
        };
        assert.deepStrictEqual(
            (
                await runStackPolicy(healthCheckDetectionTime, [
                    healthCheck,
                    calculated,
                    { ...guarded, props: { healthCheckId: "both" } },
                ])
            ).violations,
            [],
        );
    });

    it("is not applicable without health checks", async () => {
        assert.strictEqual(
            (await runStackPolicy(healthCheckDetectionTime, [guarded])).notApplicable,
            "the stack has no Route 53 health checks",
        );
    });
});
