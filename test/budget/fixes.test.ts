/**
 * Every fix the failover budget prints must improve the estimate for that design: each one is
 * applied here (by this test's own code, from the change it names) and the design re-estimated.
 */
import * as assert from "assert";
import {
    BudgetGraph,
    Fix,
    RegionalContract,
    contractsOf,
    estimateRpo,
    estimateRto,
    failoverBudget,
} from "../../policies/budget";
import { fixLines, rtoViolation } from "../../policies/rules/failover-objectives";
import { Strategy, appGraph, strategies, withProps } from "./fixtures";

/** Apply a fix's changes as it states them: props set on named resources, capacity on a contract. */
function applied(graph: BudgetGraph, fix: Fix): BudgetGraph {
    let resources = [...graph.resources];
    let contracts: RegionalContract[] | undefined = graph.contracts
        ? [...graph.contracts]
        : undefined;
    for (const change of fix.changes) {
        if ("resource" in change) {
            assert.ok(
                resources.some((r) => r.name === change.resource),
                `the fix names ${change.resource}, which is not in the graph`,
            );
            resources = withProps(resources, change.resource, change.set);
        } else if ("dataStore" in change) {
            contracts = (contracts ?? contractsOf(graph)).map((c) =>
                c.stack === change.contract
                    ? {
                          ...c,
                          dataStores: c.dataStores!.map((d) =>
                              d.identifier === change.dataStore
                                  ? {
                                        ...d,
                                        replication: change.replication as typeof d.replication,
                                    }
                                  : d,
                          ),
                      }
                    : c,
            );
        } else {
            contracts = (contracts ?? contractsOf(graph)).map((c) =>
                c.stack === change.contract
                    ? { ...c, capacity: { ...c.capacity!, ...change.capacity } }
                    : c,
            );
        }
    }
    return { resources, contracts };
}

function assertEveryFixImproves(graph: BudgetGraph): Fix[] {
    const budget = failoverBudget(graph, { rtoSeconds: 1, rpoSeconds: 0 });
    assert.strictEqual(budget.meetsObjectives, false);
    for (const fix of budget.fixes) {
        const after = applied(graph, fix);
        const rto = estimateRto(after).rtoSeconds;
        const rpo = estimateRpo(after).rpoSeconds;
        const better =
            (rto !== null && (budget.rtoSeconds === null || rto < budget.rtoSeconds)) ||
            (rpo !== null && (budget.rpoSeconds === null || rpo < budget.rpoSeconds));
        assert.ok(
            better,
            `${fix.text}: RTO ${budget.rtoSeconds} → ${rto}, RPO ${budget.rpoSeconds} → ${rpo}`,
        );
        assert.strictEqual(fix.rtoSeconds, rto, fix.text);
        assert.strictEqual(fix.rpoSeconds, rpo, fix.text);
    }
    return budget.fixes;
}

describe("budget: fixes that improve the estimate", () => {
    for (const strategy of strategies) {
        it(`every fix offered for ${strategy} improves its estimate`, () => {
            const fixes = assertEveryFixImproves({ resources: appGraph(strategy) });
            assert.ok(fixes.length > 0, "a design that misses 1 s gets at least one fix");
        });
    }

    const texts = (strategy: Strategy) =>
        assertEveryFixImproves({ resources: appGraph(strategy) }).map((f) => f.text);

    it("offers a pilot light both full capacity and autoscaling within reach", () => {
        assert.deepStrictEqual(texts("pilot-light"), [
            "Run standby us-west-2 at full capacity, 3 tasks instead of 1 (its ECS service's desiredCount; an active-active standby, or a warm standby at 100%): no scale-up after the failover.",
            "Let autoscaling raise standby us-west-2 to full capacity: set its maximum to 3 or more (now 1); target tracking then scales it without a deployment or a person.",
            "Set requestInterval 10 and failureThreshold 1 on the Route 53 health checks (now health-us-east-1 (global) 10 s × 3, health-us-west-2 (global) 10 s × 3); one failed probe then fails over, so a single blip can too.",
        ]);
    });

    it("saves what the model says: a pilot light at full capacity drops operator, deployment and task start", () => {
        const graph = { resources: appGraph("pilot-light") };
        const before = estimateRto(graph).rtoSeconds!;
        const [full] = failoverBudget(graph, { rtoSeconds: 1, rpoSeconds: 0 }).fixes;
        // The simulated outage: 996 s with the operator's deployment, 80 s (detection and the
        // alias TTL) once the standby already runs full capacity.
        assert.strictEqual(before, 996);
        assert.strictEqual(full!.savesRtoSeconds, 916);
        assert.strictEqual(full!.rtoSeconds, 80);
    });

    it("offers S3 Replication Time Control where replication has no bound", () => {
        const graph = {
            resources: withProps(appGraph("active-active"), "assets-replication", {
                rules: [
                    { status: "Enabled", destination: { bucket: "arn:aws:s3:::assets-secondary" } },
                ],
            }),
        };
        const fixes = assertEveryFixImproves(graph);
        const rtc = fixes.find((f) => f.text.startsWith("Enable S3 Replication Time Control"))!;
        assert.strictEqual(rtc.rpoSeconds, 900);
        assert.strictEqual(rtc.savesRpoSeconds, Number.POSITIVE_INFINITY);
    });

    it("offers a TTL of 60 s for a routed record that is not an alias", () => {
        const graph = {
            resources: withProps(appGraph("warm-standby"), "app-us-east-1", {
                aliases: [],
                ttl: 300,
            }),
        };
        const fixes = assertEveryFixImproves(graph);
        assert.ok(
            fixes.some((f) =>
                f.text.startsWith("Set ttl 60 on record app-us-east-1 (global) (now 300)"),
            ),
        );
    });

    it("never suggests Aurora Global to an Aurora global database, and says when nothing helps", () => {
        // The README's Aurora example: a warm standby from the contracts, Aurora global from the
        // manifest, 10 s × 1 health checks: only full capacity shortens it.
        const contract = (
            stack: string,
            region: string,
            desired: number,
            dataStores: unknown[],
        ) => ({
            stack,
            region,
            strategy: "warm-standby",
            capacity: {
                desiredCount: desired,
                minCount: desired,
                maxCount: 12,
                fullCapacity: 6,
                servesTraffic: desired === 6,
            },
            dataStores: dataStores as RegionalContract["dataStores"],
        });
        const graph: BudgetGraph = {
            resources: withProps(
                withProps(
                    appGraph("warm-standby").filter((r) => r.stack === "global"),
                    "health-us-east-1",
                    {
                        failureThreshold: 1,
                    },
                ),
                "health-us-west-2",
                { failureThreshold: 1 },
            ),
            contracts: [
                contract("primary", "us-east-1", 6, [
                    {
                        kind: "aurora",
                        identifier: "db",
                        arn: "arn:aws:rds::1:global-cluster:db",
                        region: "us-east-1",
                        replication: "aurora-global-database",
                    },
                ]),
                contract("secondary", "us-west-2", 3, []),
            ],
        };
        const fixes = assertEveryFixImproves(graph);
        assert.deepStrictEqual(
            fixes.map((f) => f.text),
            [
                "Run standby us-west-2 (secondary) at full capacity, 6 tasks instead of 3 (its ECS service's desiredCount; an active-active standby, or a warm standby at 100%): no scale-up after the failover.",
            ],
        );
        const activeActive = {
            ...graph,
            contracts: [graph.contracts![0]!, contract("secondary", "us-west-2", 6, [])],
        };
        const budget = failoverBudget(activeActive, { rtoSeconds: 1, rpoSeconds: 3600 });
        assert.deepStrictEqual(budget.fixes, []);
        assert.strictEqual(
            fixLines(budget, "rto"),
            "\nNo change the model can re-estimate (health checks, TTLs, standby capacity, S3 RTC) shortens it: change the design (routing mode, strategy, data stores) or agree a larger objective.",
        );
        const message = rtoViolation(budget, { seconds: 1, from: "policy config" })!;
        assert.ok(!/Aurora Global|Aurora global or/.test(message), message);
    });

    it("offers graph-only programs (no contracts) the ECS service and scalable target changes", () => {
        const fixes = assertEveryFixImproves({ resources: appGraph("active-passive") });
        const autoscaling = fixes.find((f) => f.text.startsWith("Let autoscaling"))!;
        assert.deepStrictEqual(autoscaling.changes, [
            { resource: "app-us-west-2-service", stack: "secondary", set: { desiredCount: 1 } },
            {
                resource: "app-us-west-2-scaling",
                stack: "secondary",
                set: { minCapacity: 1, maxCapacity: 3 },
            },
        ]);
    });
});
