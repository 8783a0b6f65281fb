/**
 * One model: for every strategy × routing mode the project accepts (compare's rows, with the
 * default stores, and again with every data store the config allows), the failover budget's RTO,
 * which compare prints, is the simulated outage's servedAfterSeconds, and the breakdown's steps
 * add up to it.
 */
import * as assert from "assert";
import * as path from "path";
import { runBudget } from "../../check/budget";
import { ownProgramRefusal } from "../../check/compare";
import { graphOfRecords } from "../../check/simulate";
import { routingModes, strategies } from "../../stacks/config";
import { simulate } from "../../policies/simulation";
import { runProject } from "../helpers/engine";

const refusal = ownProgramRefusal(path.resolve(__dirname, "..", ".."))!;

describe("simulation: compare's RTO is the simulated outage's", function () {
    this.timeout(600_000);
    for (const storesSet of ["default", "every store"] as const) {
        for (const strategy of strategies) {
            for (const mode of routingModes) {
                // compare's own rows (the project's default stores), then every store the config
                // allows with the strategy (RDS promotion is refused in active/active plans).
                const stores =
                    storesSet === "default"
                        ? []
                        : [
                              `data.stores=${
                                  strategy === "active-active"
                                      ? '["aurora","dynamodb","s3"]'
                                      : '["aurora","rds","dynamodb","s3"]'
                              }`,
                          ];
                const overrides = [...stores, `strategy=${strategy}`, `routing.mode=${mode}`];
                const refused = refusal(overrides);
                if (refused) {
                    // A combination the config refuses is not in compare's table either: the
                    // program refuses it with the same problems compare names.
                    it(`${strategy} × ${mode}, ${storesSet}: refused by the config, as compare refuses it`, async () => {
                        await assert.rejects(runProject({ overrides }), (err: Error) => {
                            assert.match(err.message, /invalid configuration/);
                            assert.ok(
                                err.message.includes(refused[0]),
                                `${err.message} names ${refused[0]}`,
                            );
                            return true;
                        });
                    });
                    continue;
                }
                it(`${strategy} × ${mode}, ${storesSet}`, async function () {
                    const records = await runProject({ overrides });
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
    }
});
