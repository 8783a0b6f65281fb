/**
 * The RTO a design declares for the simulation (policies/simulation/simulate.ts, `designRto`):
 * the strictest of the regional stacks' `objectives` outputs and the Region switch plans'
 * `recoveryTimeObjectiveMinutes`, else an hour; a tie goes to the source that sorts first.
 */
import * as assert from "assert";
import { BudgetGraph, BudgetResource, RegionalContract } from "../../policies/budget";
import { Model, designRto } from "../../policies/simulation";

const plan = (
    name: string,
    props: Record<string, unknown>,
    where: "inputs" | "outputs" = "outputs",
): BudgetResource => ({
    urn: `urn:${name}`,
    type: "aws:arcregionswitch/plan:Plan",
    name,
    [where]: props,
});
const contract = (stack: string, rtoSeconds?: number): RegionalContract => ({
    stack,
    objectives: rtoSeconds === undefined ? {} : { rtoSeconds },
});
const noModel = {} as Model;

describe("simulation: the RTO the design declares", () => {
    const cases: [string, BudgetGraph, { seconds: number; source: string }][] = [
        [
            "nothing declared: an hour",
            { resources: [] },
            { seconds: 3600, source: "default objective (3600 s)" },
        ],
        [
            "a stack's objective beats a looser plan",
            {
                resources: [plan("p", { recoveryTimeObjectiveMinutes: 15 })],
                contracts: [contract("primary", 600)],
            },
            { seconds: 600, source: "objectives output of primary" },
        ],
        [
            "a plan's stricter RTO, in minutes",
            {
                resources: [plan("p", { recoveryTimeObjectiveMinutes: 5 })],
                contracts: [contract("primary", 600)],
            },
            { seconds: 300, source: "recoveryTimeObjectiveMinutes of plan p" },
        ],
        [
            "a plan read from its inputs when it has no outputs",
            { resources: [plan("p", { recoveryTimeObjectiveMinutes: 20 }, "inputs")] },
            { seconds: 1200, source: "recoveryTimeObjectiveMinutes of plan p" },
        ],
        [
            "a tie: the source that sorts first",
            {
                resources: [plan("p", { recoveryTimeObjectiveMinutes: 10 })],
                contracts: [contract("primary", 600)],
            },
            { seconds: 600, source: "objectives output of primary" },
        ],
        [
            "the strictest of two stacks",
            {
                resources: [],
                contracts: [
                    contract("secondary", 900),
                    contract("primary", 300),
                    contract("global"),
                ],
            },
            { seconds: 300, source: "objectives output of primary" },
        ],
        [
            "plans without a usable RTO are left out",
            {
                resources: [
                    plan("none", {}),
                    plan("zero", { recoveryTimeObjectiveMinutes: 0 }),
                    plan("negative", { recoveryTimeObjectiveMinutes: -5 }),
                    plan("text", { recoveryTimeObjectiveMinutes: "soon" }),
                ],
            },
            { seconds: 3600, source: "default objective (3600 s)" },
        ],
    ];
    for (const [name, graph, expected] of cases) {
        it(name, () => assert.deepStrictEqual(designRto(graph, noModel), expected));
    }
});
