/**
 * failover-simulation's rule (issue #30: mutation testing left its grouping of findings, their
 * text and their attribution to stacks without a test that fails): findings grouped per
 * invariant and resource across scenarios, the "also in" list, the preview case, and which
 * stack of a deployment reports a finding.
 */
import * as assert from "assert";
import {
    failoverSimulation,
    findingText,
    findingsOf,
} from "../../../policies/rules/failover-simulation";
import { SimulationReport } from "../../../policies/simulation";
import { BudgetResource } from "../../../policies/budget";
import { deploymentFacts } from "../../../policies/lib/deployment";
import { appGraph, resource, withProps } from "../../budget/fixtures";
import { FixtureResource, runStackPolicy, unknownString, urnOf } from "../harness";

const broken = (name: string, message: string, urn?: string) => ({
    name: name as never,
    holds: false,
    message,
    ...(urn ? { resource: { urn } as never } : {}),
});
const held = (name: string, urn?: string) => ({ ...broken(name, "fine", urn), holds: true });

const report = (scenarios: [string, ReturnType<typeof broken>[]][]): SimulationReport => ({
    rtoSeconds: 600,
    rtoSource: "test",
    notes: [],
    scenarios: scenarios.map(([name, invariants]) => ({
        name,
        region: "us-east-1",
        servedAfterSeconds: null,
        timeline: [],
        invariants,
    })),
});

describe("failover-simulation: findings, their text and who reports them", () => {
    it("one finding per invariant and resource, scenarios in play order, the first message kept", () =>
        assert.deepStrictEqual(
            findingsOf(
                report([
                    ["outage", [broken("a", "m1", "u1"), held("a", "u2"), broken("b", "m2")]],
                    [
                        "drill",
                        [broken("a", "m3", "u1"), broken("a", "m4", "u2"), broken("b", "m5")],
                    ],
                    ["rotation", [held("a", "u1"), broken("b", "m6")]],
                ]),
            ),
            [
                { invariant: "a", urn: "u1", scenarios: ["outage", "drill"], message: "m1" },
                { invariant: "b", scenarios: ["outage", "drill", "rotation"], message: "m2" },
                { invariant: "a", urn: "u2", scenarios: ["drill"], message: "m4" },
            ],
        ));

    it("a report where everything holds: no finding", () =>
        assert.deepStrictEqual(findingsOf(report([["outage", [held("a", "u1"), held("b")]]])), []));

    it("the text names the other scenarios only when there are some", () => {
        const tail = "Play it with `multi-region-failover simulate` for the whole timeline.";
        assert.strictEqual(
            findingText({ invariant: "a", scenarios: ["outage"], message: "it broke" }),
            `Invariant a breaks in scenario outage: it broke. ${tail}`,
        );
        assert.strictEqual(
            findingText({
                invariant: "a",
                scenarios: ["outage", "drill", "rotation"],
                message: "it broke",
            }),
            `Invariant a breaks in scenario outage (also in drill, rotation): it broke. ${tail}`,
        );
    });

    it("a value not known yet (preview): not applicable, said so", async () => {
        const outcome = await runStackPolicy(failoverSimulation, [
            { type: "aws:s3/bucket:Bucket", name: "b", props: { bucket: unknownString } },
        ]);
        assert.strictEqual(
            outcome.notApplicable,
            "some values are not known yet (preview); the simulation needs every resource's outputs",
        );
    });

    describe("in a deployment of several stacks", () => {
        /** Both records' checks also need a routing control, off for the standby. */
        function gatedBoth(): BudgetResource[] {
            let resources = appGraph("warm-standby");
            for (const region of ["us-east-1", "us-west-2"]) {
                resources = [
                    ...resources,
                    resource(
                        "global",
                        "us-east-1",
                        "aws:route53/healthCheck:HealthCheck",
                        `rc-${region}`,
                        {
                            id: `rc-${region}`,
                            type: "RECOVERY_CONTROL",
                            routingControlArn: `arn:aws:route53-recovery-control::1:controlpanel/p/routingcontrol/${region}`,
                        },
                    ),
                    resource(
                        "global",
                        "us-east-1",
                        "aws:route53/healthCheck:HealthCheck",
                        `gated-${region}`,
                        {
                            id: `gated-${region}`,
                            type: "CALCULATED",
                            childHealthchecks: [`hc-${region}`, `rc-${region}`],
                            childHealthThreshold: 2,
                        },
                    ),
                ];
                resources = withProps(resources, `app-${region}`, {
                    healthCheckId: `gated-${region}`,
                });
            }
            return resources;
        }
        const stacks = ["primary", "secondary", "global"];
        /** `self`'s resources as fixtures, the other stacks as deployment facts. */
        const split = (resources: BudgetResource[], self: string) => {
            const own: FixtureResource[] = resources
                .filter((r) => r.stack === self)
                .map((r) => ({
                    type: r.type,
                    name: r.name,
                    props: { ...(r.outputs ?? {}) },
                    providerProps: { region: r.region },
                }));
            const deployment = deploymentFacts(
                stacks.map((stack) => ({
                    stack,
                    fullName: `o/p/${stack}`,
                    resources: resources
                        .filter((r) => r.stack === stack)
                        .map((r) => ({
                            urn: r.urn,
                            type: r.type,
                            name: r.name,
                            region: r.region ?? "us-east-1",
                            outputs: r.outputs ?? {},
                            propertyDependencies: {},
                        })),
                })),
                self,
            );
            return { own, deployment };
        };
        const run = async (self: string) => {
            const { own, deployment } = split(gatedBoth(), self);
            return runStackPolicy(failoverSimulation, own, { deployment });
        };

        it("the stack that owns the causing resource reports it, at that resource", async () => {
            const global = await run("global");
            assert.deepStrictEqual(
                global.violations.map((v, i) => [v.split(":")[0], global.urns[i]]),
                [
                    [
                        "Invariant serves-within-rto breaks in scenario outage",
                        urnOf("aws:route53/record:Record", "app-us-east-1"),
                    ],
                    [
                        "Invariant no-fail-open breaks in scenario outage",
                        urnOf("aws:route53/healthCheck:HealthCheck", "gated-us-west-2"),
                    ],
                ],
            );
        });

        it("the regional stacks, which own neither the records nor the checks, report nothing", async () => {
            for (const self of ["primary", "secondary"]) {
                const outcome = await run(self);
                assert.deepStrictEqual(outcome.violations, [], self);
                assert.strictEqual(outcome.notApplicable, undefined, self);
            }
        });
    });
});
