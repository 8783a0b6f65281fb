/**
 * One model: for every strategy × routing mode the project accepts (with every data store the
 * config allows), the failover budget's RTO, which compare prints, is the simulated outage's
 * servedAfterSeconds, and the breakdown's steps add up to it.
 */
import * as assert from "assert";
import { runBudget } from "../../check/budget";
import { graphOfRecords } from "../../check/simulate";
import { routingModes, strategies } from "../../stacks/config";
import { simulate } from "../../policies/simulation";
import { runProject } from "../helpers/engine";

describe("simulation: compare's RTO is the simulated outage's", function () {
    this.timeout(600_000);
    for (const strategy of strategies) {
        for (const mode of routingModes) {
            const stores =
                strategy === "active-active"
                    ? '["aurora","dynamodb","s3"]'
                    : '["aurora","rds","dynamodb","s3"]';
            it(`${strategy} × ${mode}`, async function () {
                let records;
                try {
                    records = await runProject({
                        overrides: [
                            `data.stores=${stores}`,
                            `strategy=${strategy}`,
                            `routing.mode=${mode}`,
                        ],
                    });
                } catch (err) {
                    // A combination the config refuses is not in compare's table either.
                    assert.match(String((err as Error).message), /invalid configuration/);
                    this.skip();
                }
                const budget = runBudget(records).failover;
                const graph = graphOfRecords(records);
                const primary = records.find((r) => r.role === "primary")!.region;
                const outage = simulate(graph).scenarios.find(
                    (s) => s.name === `outage:${primary}`,
                )!;
                assert.strictEqual(budget.rtoSeconds, outage.servedAfterSeconds);
                if (budget.rtoSeconds !== null) {
                    assert.strictEqual(
                        budget.breakdown.reduce((n, s) => n + s.seconds, 0),
                        budget.rtoSeconds,
                    );
                }
            });
        }
    }
});
