import * as assert from "assert";
import { dnsHealthCheckRequired } from "../../policies/policies";
import {
    FixtureResource,
    runResourcePolicy,
    runStackPolicy,
    unknownString,
    withChange,
} from "./harness";

const secondary: FixtureResource = {
    type: "aws:route53/record:Record",
    name: "api-secondary",
    props: {
        zoneId: "Z0000000000000000000",
        name: "app.example.com",
        type: "A",
        setIdentifier: "us-west-2",
        failoverRoutingPolicies: [{ type: "SECONDARY" }],
        aliases: [
            {
                name: "app-usw2-1.us-west-2.elb.amazonaws.com",
                zoneId: "Z1H1FL5HABSF5",
                evaluateTargetHealth: true,
            },
        ],
    },
};

const targetGroup: FixtureResource = {
    type: "aws:lb/targetGroup:TargetGroup",
    name: "app-tg",
    props: { port: 80, protocol: "HTTP", targetType: "ip", healthCheck: { path: "/health" } },
};

const endpointGroup: FixtureResource = {
    type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    name: "app-use1",
    props: {
        endpointGroupRegion: "us-east-1",
        endpointConfigurations: [
            {
                endpointId:
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1",
            },
        ],
    },
};

describe("dns-health-check-required", () => {
    it("passes compliant records, target groups and endpoint groups", async () => {
        for (const fixture of [secondary, targetGroup, endpointGroup]) {
            assert.deepStrictEqual(
                (await runResourcePolicy(dnsHealthCheckRequired, fixture)).violations,
                [],
            );
        }
    });

    it("reports a PRIMARY alias that does not evaluate target health, and allows a SECONDARY one", async () => {
        const primary = withChange(secondary, "props.failoverRoutingPolicies.0.type", "PRIMARY");
        const outcome = await runResourcePolicy(
            dnsHealthCheckRequired,
            withChange(primary, "props.aliases.0.evaluateTargetHealth", false),
        );
        assert.deepStrictEqual(
            (
                await runResourcePolicy(
                    dnsHealthCheckRequired,
                    withChange(secondary, "props.aliases.0.evaluateTargetHealth", false),
                )
            ).violations,
            [],
        );
        assert.deepStrictEqual(outcome.violations, [
            'Tie PRIMARY failover record "api-secondary" (app.example.com) to a health check (set evaluateTargetHealth: true on its alias or attach a healthCheckId): Route 53 treats a record without one as always healthy, so it never routes away from a failed endpoint.',
        ]);
        const withCheck = withChange(
            withChange(secondary, "props.aliases.0.evaluateTargetHealth", false),
            "props.healthCheckId",
            unknownString,
        );
        assert.deepStrictEqual(
            (await runResourcePolicy(dnsHealthCheckRequired, withCheck)).violations,
            [],
        );
    });

    it("reports a non-alias weighted record without healthCheckId", async () => {
        const props: Record<string, unknown> = {
            ...secondary.props,
            ttl: 60,
            records: ["192.0.2.1"],
            weightedRoutingPolicies: [{ weight: 50 }],
        };
        delete props.aliases;
        delete props.failoverRoutingPolicies;
        const outcome = await runResourcePolicy(dnsHealthCheckRequired, { ...secondary, props });
        assert.deepStrictEqual(outcome.violations, [
            'Tie weighted record "api-secondary" (app.example.com) to a health check (attach a healthCheckId): Route 53 treats a record without one as always healthy, so it never routes away from a failed endpoint.',
        ]);
    });

    it("requires a healthCheckId for CloudFront aliases, which cannot evaluate target health", async () => {
        const primary = withChange(secondary, "props.failoverRoutingPolicies.0.type", "PRIMARY");
        const cloudfront = withChange(primary, "props.aliases.0", {
            name: "d111111abcdef8.cloudfront.net",
            zoneId: "Z2FDTNDATAQYW2",
            evaluateTargetHealth: true,
        });
        assert.deepStrictEqual(
            (await runResourcePolicy(dnsHealthCheckRequired, cloudfront)).violations,
            [
                'Attach a healthCheckId to PRIMARY failover record "api-secondary" (app.example.com): it aliases CloudFront distribution d111111abcdef8.cloudfront.net, and Route 53 cannot evaluate target health for CloudFront, so without a health check it keeps answering while the origin is down.',
            ],
        );
    });

    it("reports disabled target group health checks and Lambda target groups without one, when an alias evaluates target health", async () => {
        // The SECONDARY's alias evaluates the load balancer's target health: it decides failover.
        assert.deepStrictEqual(
            (
                await runStackPolicy(dnsHealthCheckRequired, [
                    secondary,
                    withChange(targetGroup, "props.healthCheck.enabled", false),
                ])
            ).violations,
            [
                'Enable the health check of target group "app-tg" (healthCheck.enabled is false): without it the load balancer sends traffic to failed targets, and alias records with evaluateTargetHealth see the region as healthy.',
            ],
        );
        // With nothing that evaluates target health, a target group's check moves no user.
        assert.deepStrictEqual(
            (
                await runResourcePolicy(
                    dnsHealthCheckRequired,
                    withChange(targetGroup, "props.healthCheck.enabled", false),
                )
            ).violations,
            [],
        );
        assert.deepStrictEqual(
            (
                await runStackPolicy(dnsHealthCheckRequired, [
                    endpointGroup,
                    withChange(targetGroup, "props.healthCheck.enabled", false),
                ])
            ).violations,
            [
                'Enable the health check of target group "app-tg" (healthCheck.enabled is false): without it the load balancer sends traffic to failed targets, and alias records with evaluateTargetHealth see the region as healthy.',
            ],
        );
        assert.deepStrictEqual(
            (
                await runStackPolicy(dnsHealthCheckRequired, [
                    secondary,
                    withChange(targetGroup, "props.targetType", "lambda"),
                ])
            ).violations,
            [
                'Set healthCheck.enabled to true on Lambda target group "app-tg": health checks are off by default for Lambda targets, so a failing function still looks healthy to the load balancer and to Route 53.',
            ],
        );
    });

    it("reports endpoint groups without endpoints or with TCP checks of EC2 endpoints", async () => {
        assert.deepStrictEqual(
            (
                await runResourcePolicy(
                    dnsHealthCheckRequired,
                    withChange(endpointGroup, "props.endpointConfigurations", []),
                )
            ).violations,
            [
                'Add endpointConfigurations to endpoint group "app-use1": it has no endpoints, so Global Accelerator has nothing to health-check in "us-east-1" and cannot fail over to it.',
            ],
        );
        const ec2 = withChange(
            endpointGroup,
            "props.endpointConfigurations.0.endpointId",
            "i-0abc",
        );
        assert.deepStrictEqual((await runResourcePolicy(dnsHealthCheckRequired, ec2)).violations, [
            'Set healthCheckProtocol to HTTP or HTTPS with a healthCheckPath on endpoint group "app-use1": endpoints i-0abc are checked by Global Accelerator with "TCP", which only proves a port is open, not that the application can serve.',
        ]);
        assert.deepStrictEqual(
            (
                await runResourcePolicy(dnsHealthCheckRequired, ec2, {
                    requireHttpEndpointChecks: false,
                })
            ).violations,
            [],
        );
    });

    it("is not applicable to simple records and other types", async () => {
        const simple = withChange(secondary, "props.failoverRoutingPolicies", undefined);
        assert.deepStrictEqual(
            (await runResourcePolicy(dnsHealthCheckRequired, simple)).violations,
            [],
        );
        assert.strictEqual(
            (
                await runResourcePolicy(dnsHealthCheckRequired, {
                    ...targetGroup,
                    type: "aws:sqs/queue:Queue",
                })
            ).notApplicable,
            "the stack has no Route 53 records, target groups or Global Accelerator endpoint groups",
        );
    });

    it("accepts an alias whose target is unknown during preview when it evaluates target health", async () => {
        const unknownTarget = withChange(secondary, "props.aliases.0.name", unknownString);
        assert.deepStrictEqual(
            (await runResourcePolicy(dnsHealthCheckRequired, unknownTarget)).violations,
            [],
        );
    });
});
