/**
 * The failover-simulation policy over a stack's resources: silent on the compliant warm standby,
 * a violation per broken invariant (each on the resource that causes it) when both failover
 * records are gated, and not
 * applicable when the stack shows one region only (the rest of the deployment is elsewhere).
 */
import * as assert from "assert";
import { failoverSimulation } from "../../policies/rules/failover-simulation";
import { BudgetResource } from "../../policies/budget";
import { appGraph, resource, withProps } from "../budget/fixtures";
import { FixtureResource, runStackPolicy, urnOf } from "./harness";

const fixture = (resources: readonly BudgetResource[]): FixtureResource[] =>
    resources.map((r) => ({
        type: r.type,
        name: r.name,
        props: { ...(r.outputs ?? {}) },
        providerProps: { region: r.region },
    }));

/** Both records' checks also need a routing control, off for the standby (its created state). */
function gatedBoth(): BudgetResource[] {
    let resources = appGraph("warm-standby");
    for (const region of ["us-east-1", "us-west-2"]) {
        resources = [
            ...resources,
            resource("global", "us-east-1", "aws:route53/healthCheck:HealthCheck", `rc-${region}`, {
                id: `rc-${region}`,
                type: "RECOVERY_CONTROL",
                routingControlArn: `arn:aws:route53-recovery-control::1:controlpanel/p/routingcontrol/${region}`,
            }),
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
        resources = withProps(resources, `app-${region}`, { healthCheckId: `gated-${region}` });
    }
    return resources;
}

describe("failover-simulation policy", () => {
    it("the warm standby: no violation", async () => {
        const outcome = await runStackPolicy(failoverSimulation, fixture(appGraph("warm-standby")));
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.notApplicable, undefined);
    });

    it("both records gated: users are never served again, and Route 53 fails open to the dead region", async () => {
        const outcome = await runStackPolicy(failoverSimulation, fixture(gatedBoth()));
        assert.deepStrictEqual(
            outcome.violations.map((v, i) => [v.split(":")[0], outcome.urns[i]]),
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
        assert.match(
            outcome.violations[1],
            /^Invariant no-fail-open breaks in scenario outage:us-east-1 \(also in .*\): at 20 s every record of app\.example\.com is unhealthy, so Route 53 answers with us-east-1, which is down, while us-west-2 could serve: its record app-us-west-2 is kept unhealthy by rc-us-west-2 /,
        );
    });

    it("one region in sight (the other half in another stack): not applicable", async () => {
        const east = appGraph("warm-standby").filter(
            (r) => r.region === "us-east-1" && !r.name.includes("us-west-2"),
        );
        const outcome = await runStackPolicy(failoverSimulation, fixture(east));
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(
            outcome.notApplicable,
            "this stack shows one region users can be sent to; the rest of the deployment is in other stacks (the offline check plays them together)",
        );
    });
});
