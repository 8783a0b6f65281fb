/**
 * Issue 25: the default RTO says honestly where a person is in the loop. A store whose writer a
 * person must promote (Aurora global failover, RDS replica promotion, both through the Region
 * switch plan a person starts) raises the strategy's default to the next band that fits the
 * operator's response plus the promotion. Before: 300 s active-active with Aurora (simulated
 * 696 s) and 900 s warm-standby with RDS (simulated 1296 s).
 */
import * as assert from "assert";
import {
    defaultObjectives,
    parseStackConfig,
    personInLoopSeconds,
    projectName,
} from "../../stacks/config";

const ns = (key: string) => `${projectName}:${key}`;

describe("issue 25: default objectives follow the stores a person promotes", () => {
    it("personInLoopSeconds: operator response 600 s plus the slowest promotion", () => {
        assert.deepStrictEqual(
            [[], ["dynamodb", "s3"], ["aurora"], ["rds"], ["aurora", "rds", "dynamodb", "s3"]].map(
                (stores) => personInLoopSeconds(stores as never),
            ),
            [0, 0, 660, 1200, 1200],
        );
    });

    const table: [string, string[], number][] = [
        ["active-active", ["dynamodb", "s3"], 300],
        ["active-active", ["aurora", "dynamodb", "s3"], 900],
        ["warm-standby", ["dynamodb", "s3"], 900],
        ["warm-standby", ["aurora", "dynamodb", "s3"], 900],
        ["warm-standby", ["rds"], 1800],
        ["warm-standby", ["aurora", "rds", "dynamodb", "s3"], 1800],
        ["pilot-light", ["aurora", "rds", "dynamodb", "s3"], 1800],
        ["active-passive", ["aurora", "rds", "dynamodb", "s3"], 3600],
    ];
    for (const [strategy, stores, rtoSeconds] of table) {
        it(`${strategy} with ${stores.join(",")}: RTO ${rtoSeconds} s by default`, () => {
            assert.deepStrictEqual(defaultObjectives(strategy as never, stores as never), {
                rtoSeconds,
                rpoSeconds: 900,
            });
            const config = parseStackConfig({
                "aws:region": "us-east-1",
                [ns("role")]: "primary",
                [ns("strategy")]: strategy,
                [ns("data")]: JSON.stringify({ stores, replicaRegions: ["us-west-2"] }),
            });
            assert.deepStrictEqual(config.objectives, { rtoSeconds, rpoSeconds: 900 });
        });
    }

    it("a declared objective still wins (the check then reports it unmet)", () => {
        const config = parseStackConfig({
            "aws:region": "us-east-1",
            [ns("role")]: "primary",
            [ns("strategy")]: "warm-standby",
            [ns("data")]: JSON.stringify({ stores: ["rds"], replicaRegions: ["us-west-2"] }),
            [ns("objectives")]: JSON.stringify({ rtoSeconds: 900 }),
        });
        assert.deepStrictEqual(config.objectives, { rtoSeconds: 900, rpoSeconds: 900 });
    });
});
