import * as assert from "assert";
import { dnsTtlMax } from "../../policies/policies";
import { FixtureResource, runResourcePolicy, unknownString, withChange } from "./harness";

const record = "aws:route53/record:Record";

/** A compliant failover record: health-checked, TTL 60. */
const baseline: FixtureResource = {
    type: record,
    name: "api-primary",
    props: {
        zoneId: "Z0000000000000000000",
        name: "app.example.com",
        type: "A",
        ttl: 60,
        records: ["192.0.2.10"],
        setIdentifier: "us-east-1",
        failoverRoutingPolicies: [{ type: "PRIMARY" }],
        healthCheckId: "hc-1",
    },
};

const albAlias = {
    name: "app-use1-123.us-east-1.elb.amazonaws.com",
    zoneId: "Z35SXDOTRQ7X7K",
    evaluateTargetHealth: true,
};

function withAlias(alias: Record<string, unknown>): FixtureResource {
    const props = { ...baseline.props, aliases: [alias] };
    delete (props as Record<string, unknown>).ttl;
    delete (props as Record<string, unknown>).records;
    return { ...baseline, props };
}

describe("dns-ttl-max", () => {
    it("passes the compliant baseline", async () => {
        assert.deepStrictEqual(await runResourcePolicy(dnsTtlMax, baseline), {
            violations: [],
            urns: [],
        });
    });

    it("reports a TTL of 300 on a failover record", async () => {
        const outcome = await runResourcePolicy(dnsTtlMax, withChange(baseline, "props.ttl", 300));
        assert.deepStrictEqual(outcome.violations, [
            'Lower ttl on record "api-primary" (app.example.com) from 300 to 60 or less: a failover record with a 300 s TTL keeps resolvers sending users to a failed endpoint for up to 300 s after failover.',
        ]);
    });

    it("checks latency, weighted and geolocation records, and health-checked simple records", async () => {
        const cases: [string, unknown, string][] = [
            ["latencyRoutingPolicies", [{ region: "us-east-1" }], "a latency record"],
            ["weightedRoutingPolicies", [{ weight: 10 }], "a weighted record"],
            ["geolocationRoutingPolicies", [{ continent: "EU" }], "a geolocation record"],
        ];
        for (const [key, value, why] of cases) {
            const props: Record<string, unknown> = { ...baseline.props, ttl: 120, [key]: value };
            delete props.failoverRoutingPolicies;
            const outcome = await runResourcePolicy(dnsTtlMax, { ...baseline, props });
            assert.deepStrictEqual(outcome.violations, [
                `Lower ttl on record "api-primary" (app.example.com) from 120 to 60 or less: ${why} with a 120 s TTL keeps resolvers sending users to a failed endpoint for up to 120 s after failover.`,
            ]);
        }
        const simple: Record<string, unknown> = { ...baseline.props, ttl: 120 };
        delete simple.failoverRoutingPolicies;
        const outcome = await runResourcePolicy(dnsTtlMax, { ...baseline, props: simple });
        assert.match(outcome.violations[0], /: a health-checked record with a 120 s TTL/);
    });

    it("reads maxTtlSeconds from config and defaults it to 60", async () => {
        const at30 = withChange(baseline, "props.ttl", 30);
        assert.deepStrictEqual(
            (await runResourcePolicy(dnsTtlMax, at30, { maxTtlSeconds: 20 })).violations,
            [
                'Lower ttl on record "api-primary" (app.example.com) from 30 to 20 or less: a failover record with a 30 s TTL keeps resolvers sending users to a failed endpoint for up to 30 s after failover.',
            ],
        );
        assert.deepStrictEqual(
            (await runResourcePolicy(dnsTtlMax, at30, { maxTtlSeconds: "wrong type" })).violations,
            [],
        );
    });

    it("uses the fixed 60 s TTL of ELB, CloudFront, S3 website and Global Accelerator alias targets", async () => {
        const targets = [
            albAlias,
            { name: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" },
            { name: "b.s3-website-us-east-1.amazonaws.com", zoneId: "Z3AQBSTGFYJSTF" },
            { name: "a1234.awsglobalaccelerator.com", zoneId: "Z2BJ6XQ5FK7U4H" },
        ];
        for (const target of targets) {
            const alias = withAlias(target);
            assert.deepStrictEqual((await runResourcePolicy(dnsTtlMax, alias)).violations, []);
        }
        const tight = await runResourcePolicy(dnsTtlMax, withAlias(albAlias), {
            maxTtlSeconds: 30,
        });
        assert.deepStrictEqual(tight.violations, [
            'Raise maxTtlSeconds to 60 or route record "api-primary" (app.example.com) without an alias: it aliases a load balancer (app-use1-123.us-east-1.elb.amazonaws.com), whose TTL is fixed at 60 s, above the 30 s allowed for a failover record.',
        ]);
    });

    it("passes an alias to a record it cannot see (another stack's), whose TTL it cannot know", async () => {
        const outcome = await runResourcePolicy(
            dnsTtlMax,
            withAlias({ name: "other.example.com", zoneId: "Z0000000000000000000" }),
        );
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("reports a routed record with no ttl", async () => {
        const outcome = await runResourcePolicy(
            dnsTtlMax,
            withChange(baseline, "props.ttl", undefined),
        );
        assert.deepStrictEqual(outcome.violations, [
            'Set ttl on record "api-primary" (app.example.com): a failover record needs a TTL of 60 s or less, but ttl is unset.',
        ]);
    });

    it("is not applicable to simple records and other types", async () => {
        const simple: Record<string, unknown> = { ...baseline.props, ttl: 3600 };
        delete simple.failoverRoutingPolicies;
        delete simple.healthCheckId;
        assert.strictEqual(
            (await runResourcePolicy(dnsTtlMax, { ...baseline, props: simple })).notApplicable,
            "the stack has no health-checked or routed records",
        );
        assert.strictEqual(
            (await runResourcePolicy(dnsTtlMax, { ...baseline, type: "aws:s3/bucket:Bucket" }))
                .notApplicable,
            "the stack has no health-checked or routed records",
        );
    });

    it("treats an unknown healthCheckId as set and raises the SDK's unknown error for an unknown TTL", async () => {
        const unknownHealthCheck = withChange(baseline, "props.healthCheckId", unknownString);
        assert.deepStrictEqual(
            (await runResourcePolicy(dnsTtlMax, withChange(unknownHealthCheck, "props.ttl", 300)))
                .violations.length,
            1,
        );
        await assert.rejects(
            runResourcePolicy(dnsTtlMax, withChange(baseline, "props.ttl", unknownString)),
            { message: "string value at .ttl can't be known during preview" },
        );
        await assert.rejects(
            runResourcePolicy(dnsTtlMax, withAlias({ ...albAlias, name: unknownString })),
            { message: "string value at .aliases.0.name can't be known during preview" },
        );
    });
});
