/**
 * dns-ttl-max through alias chains and across stacks (issue #30: the chain wording of the fixed
 * TTL message and the own-records filter had no test that fails): a routed record that reaches a
 * load balancer through another record names the chain; another stack's record is judged there.
 */
import * as assert from "assert";
import { dnsTtlMax } from "../../../policies/policies";
import { FixtureResource, runStackPolicy } from "../harness";

const routed: FixtureResource = {
    type: "aws:route53/record:Record",
    name: "api-primary",
    props: {
        zoneId: "Z1",
        name: "app.example.com",
        type: "A",
        setIdentifier: "primary",
        failoverRoutingPolicies: [{ type: "PRIMARY" }],
        aliases: [{ name: "origin.example.com", zoneId: "Z1", evaluateTargetHealth: true }],
    },
};
const origin: FixtureResource = {
    type: "aws:route53/record:Record",
    name: "origin",
    props: {
        zoneId: "Z1",
        name: "origin.example.com",
        type: "A",
        aliases: [
            {
                name: "app-use1-123.us-east-1.elb.amazonaws.com",
                zoneId: "Z35SXDOTRQ7X7K",
                evaluateTargetHealth: true,
            },
        ],
    },
};

describe("dns-ttl-max: chains and stacks", () => {
    it("a routed record reaching a load balancer through another record names the chain", async () =>
        assert.deepStrictEqual(
            (await runStackPolicy(dnsTtlMax, [routed, origin], { maxTtlSeconds: 30 })).violations,
            [
                'Raise maxTtlSeconds to 60 or route record "api-primary" (app.example.com) without an alias: it reaches through "api-primary" -> "origin" aliases a load balancer (app-use1-123.us-east-1.elb.amazonaws.com), whose TTL is fixed at 60 s, above the 30 s allowed for a failover record.',
            ],
        ));

    it("another stack's routed record is judged in its own stack, not here", async () => {
        const deployment = {
            self: "dns",
            stacks: [
                {
                    stack: "other",
                    fullName: "o/p/other",
                    resources: [
                        {
                            urn: "urn:pulumi:other::p::aws:route53/record:Record::far",
                            type: "aws:route53/record:Record",
                            name: "far",
                            region: "us-east-1",
                            props: {
                                ...routed.props,
                                aliases: undefined,
                                ttl: 300,
                                records: ["192.0.2.1"],
                            },
                        },
                    ],
                },
                { stack: "dns", fullName: "o/p/dns", resources: [] },
            ],
        };
        assert.deepStrictEqual(
            (
                await runStackPolicy(
                    dnsTtlMax,
                    [
                        origin,
                        {
                            ...routed,
                            props: {
                                ...routed.props,
                                aliases: undefined,
                                ttl: 60,
                                records: ["192.0.2.1"],
                            },
                        },
                    ],
                    { deployment },
                )
            ).violations,
            [],
        );
    });
});
