import * as assert from "assert";
import { PackEvaluation } from "../../check/analyzer/evaluate";
import { runBudget } from "../../check/budget";

/** An evaluation whose failover-objectives config carries `usage`. */
const withUsage = (usage: unknown) =>
    ({
        config: { "failover-objectives": { enforcementLevel: "mandatory", properties: { usage } } },
    }) as unknown as PackEvaluation;

describe("budget: usage from the failover-objectives policy config", () => {
    it("prices with the configured usage over the defaults", () => {
        const budget = runBudget([], withUsage({ requestsPerMonth: 5, store: { gbStored: 7 } }));
        assert.strictEqual(budget.cost.usage.requestsPerMonth, 5);
        assert.deepStrictEqual(budget.cost.usage.store, {
            gbWrittenPerMonth: 10,
            gbStored: 7,
            objectsReplicatedPerMonth: 100_000,
        });
    });

    it("stops on a bad value with one line naming the policy, the key and what is allowed", () => {
        assert.throws(() => runBudget([], withUsage({ requestsPerMonth: -1 })), {
            name: "UsageError",
            message: '"failover-objectives".usage.requestsPerMonth: -1 must be a number ≥ 0',
        });
    });
});
