/**
 * dns-health-check-required's judgement of Global Accelerator endpoint groups and target groups,
 * and how it finds a CALCULATED check's children (issue #30: survivors and untested mutants of
 * policies/rules/dns-health-check-required.ts). Exact messages; one change per test.
 */
import * as assert from "assert";
import { childChecks } from "../../../policies/rules/dns-health-check-required";
import { dnsHealthCheckRequired } from "../../../policies/policies";
import { FixtureResource, runStackPolicy, stackArgs } from "../harness";

const instanceId = "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc";
const albId = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/1";
const group = (props: Record<string, unknown>): FixtureResource => ({
    type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    name: "eg",
    props: { endpointGroupRegion: "us-east-1", ...props },
});
const violations = async (resources: FixtureResource[], config: Record<string, unknown> = {}) =>
    (await runStackPolicy(dnsHealthCheckRequired, resources, config)).violations;

describe("dns-health-check-required: endpoint groups and target groups", () => {
    it("is not applicable without records, target groups or endpoint groups", async () =>
        assert.strictEqual(
            (
                await runStackPolicy(dnsHealthCheckRequired, [
                    { type: "aws:sns/topic:Topic", name: "t", props: {} },
                ])
            ).notApplicable,
            "the stack has no Route 53 records, target groups or Global Accelerator endpoint groups",
        ));
    it("needs endpoints in an endpoint group", async () => {
        assert.deepStrictEqual(await violations([group({})]), [
            'Add endpointConfigurations to endpoint group "eg": it has no endpoints, so Global Accelerator has nothing to health-check in "us-east-1" and cannot fail over to it.',
        ]);
        assert.deepStrictEqual(await violations([group({ endpointGroupRegion: undefined })]), [
            'Add endpointConfigurations to endpoint group "eg": it has no endpoints, so Global Accelerator has nothing to health-check in unset and cannot fail over to it.',
        ]);
    });
    it("needs HTTP(S) checks for endpoints that are not load balancers, TCP by default", async () => {
        const message = `Set healthCheckProtocol to HTTP or HTTPS with a healthCheckPath on endpoint group "eg": endpoints ${instanceId} are checked by Global Accelerator with "TCP", which only proves a port is open, not that the application can serve.`;
        assert.deepStrictEqual(
            await violations([group({ endpointConfigurations: [{ endpointId: instanceId }] })]),
            [message],
        );
        assert.deepStrictEqual(
            await violations([
                group({
                    healthCheckProtocol: "TCP",
                    endpointConfigurations: [{ endpointId: albId }, { endpointId: instanceId }],
                }),
            ]),
            [message],
        );
        for (const healthCheckProtocol of ["HTTP", "HTTPS"]) {
            assert.deepStrictEqual(
                await violations([
                    group({
                        healthCheckProtocol,
                        endpointConfigurations: [{ endpointId: instanceId }],
                    }),
                ]),
                [],
            );
        }
        assert.deepStrictEqual(
            await violations([group({ endpointConfigurations: [{ endpointId: albId }] })]),
            [],
        );
        assert.deepStrictEqual(
            await violations([group({ endpointConfigurations: [{ endpointId: instanceId }] })], {
                requireHttpEndpointChecks: false,
            }),
            [],
        );
    });

    const targetGroup = (props: Record<string, unknown>): FixtureResource => ({
        type: "aws:lb/targetGroup:TargetGroup",
        name: "tg",
        props: { port: 443, ...props },
    });
    // Target health decides failover when an endpoint group fronts a load balancer.
    const decider = group({ endpointConfigurations: [{ endpointId: albId }] });
    it("needs an enabled health check on a target group when target health decides failover", async () => {
        assert.deepStrictEqual(
            await violations([decider, targetGroup({ healthCheck: { enabled: false } })]),
            [
                'Enable the health check of target group "tg" (healthCheck.enabled is false): without it the load balancer sends traffic to failed targets, and alias records with evaluateTargetHealth see the region as healthy.',
            ],
        );
        assert.deepStrictEqual(
            await violations([decider, targetGroup({ healthCheck: { enabled: true } })]),
            [],
        );
        assert.deepStrictEqual(await violations([decider, targetGroup({})]), []);
        assert.deepStrictEqual(
            await violations([
                decider,
                {
                    ...targetGroup({ healthCheck: { enabled: false } }),
                    type: "aws:alb/targetGroup:TargetGroup",
                },
            ]),
            [
                'Enable the health check of target group "tg" (healthCheck.enabled is false): without it the load balancer sends traffic to failed targets, and alias records with evaluateTargetHealth see the region as healthy.',
            ],
        );
    });
    it("needs health checks turned on explicitly for Lambda targets", async () => {
        assert.deepStrictEqual(await violations([decider, targetGroup({ targetType: "lambda" })]), [
            'Set healthCheck.enabled to true on Lambda target group "tg": health checks are off by default for Lambda targets, so a failing function still looks healthy to the load balancer and to Route 53.',
        ]);
        assert.deepStrictEqual(
            await violations([
                decider,
                targetGroup({ targetType: "lambda", healthCheck: { enabled: true } }),
            ]),
            [],
        );
    });
    it("leaves target groups alone when no target health decides failover", async () =>
        assert.deepStrictEqual(
            await violations([
                group({
                    healthCheckProtocol: "HTTPS",
                    endpointConfigurations: [{ endpointId: instanceId }],
                }),
                targetGroup({ healthCheck: { enabled: false } }),
            ]),
            [],
        ));
});

describe("dns-health-check-required: a CALCULATED check's children", () => {
    const check = (
        name: string,
        props: Record<string, unknown>,
        deps?: Record<string, string[]>,
    ): FixtureResource => ({
        type: "aws:route53/healthCheck:HealthCheck",
        name,
        props,
        ...(deps ? { propertyDependencies: deps } : {}),
    });
    const children = (parent: FixtureResource, others: FixtureResource[]) => {
        const args = stackArgs([parent, ...others]);
        return childChecks(args.resources[0], args.resources)?.map((c) => c.name);
    };
    const a = check("a", { id: "id-a", type: "HTTPS" });
    const b = check("b", { id: "id-b", type: "HTTPS" });
    it("finds every child by id", () =>
        assert.deepStrictEqual(
            children(check("calc", { type: "CALCULATED", childHealthchecks: ["id-a", "id-b"] }), [
                a,
                b,
            ]),
            ["a", "b"],
        ));
    it("falls back to the checks childHealthchecks depends on, when there are enough", () => {
        assert.deepStrictEqual(
            children(
                check(
                    "calc",
                    { type: "CALCULATED", childHealthchecks: ["id-a", "id-x"] },
                    { childHealthchecks: ["a", "b"] },
                ),
                [a, b],
            ),
            ["a", "b"],
        );
        assert.deepStrictEqual(
            children(
                check(
                    "calc",
                    { type: "CALCULATED", childHealthchecks: ["id-a", "id-x"] },
                    { childHealthchecks: ["a"] },
                ),
                [a, b],
            ),
            undefined,
        );
        assert.deepStrictEqual(
            children(
                check(
                    "calc",
                    { type: "CALCULATED", childHealthchecks: [] },
                    { childHealthchecks: ["a"] },
                ),
                [a],
            ),
            ["a"],
        );
    });
    it("counts only health checks among the dependencies, and none means unknown", () => {
        const topic: FixtureResource = {
            type: "aws:sns/topic:Topic",
            name: "t",
            props: { id: "id-t" },
        };
        assert.deepStrictEqual(
            children(
                check(
                    "calc",
                    { type: "CALCULATED", childHealthchecks: ["id-x"] },
                    { childHealthchecks: ["t"] },
                ),
                [topic],
            ),
            undefined,
        );
        assert.deepStrictEqual(
            children(check("calc", { type: "CALCULATED", childHealthchecks: ["id-t"] }), [topic]),
            undefined,
        );
        assert.deepStrictEqual(children(check("calc", { type: "CALCULATED" }), [a]), undefined);
    });
});
