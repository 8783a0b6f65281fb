/**
 * Issue 25, proven on the project itself: the simulation (`npm start -- simulate`) plays our own
 * stacks under config overrides. Each block failed before its fix, with the result its comment
 * gives.
 */
import * as assert from "assert";
import { graphOfRecords } from "../../check/simulate";
import { explore, simulate, SimulationReport } from "../../policies/simulation";
import { runProject } from "../helpers/engine";

const everyStore = 'data.stores=["aurora","rds","dynamodb","s3"]';

async function report(overrides: string[]): Promise<SimulationReport> {
    return simulate(graphOfRecords(await runProject({ overrides })));
}

/** "scenario invariant" for every invariant that breaks. */
function broken(r: SimulationReport): string[] {
    return r.scenarios.flatMap((s) =>
        s.invariants.filter((i) => !i.holds).map((i) => `${s.name} ${i.name}`),
    );
}

describe("issue 25 on the project: the simulation of our own design", function () {
    this.timeout(300_000);

    for (const strategy of ["active-passive", "pilot-light"]) {
        it(`${strategy} with RDS: the failback leaves a replica in us-west-2, so a second outage is served`, async () => {
            // Before: outage-after-failback:us-east-1 serves-within-rto broke; at 8436 s the
            // promote step failed on rds-us-west-2, standalone since the failback.
            const r = await report([`strategy=${strategy}`, everyStore]);
            assert.deepStrictEqual(broken(r), []);
            const second = r.scenarios.find((s) => s.name === "outage-after-failback:us-east-1")!;
            const events = second.timeline.map((l) => `${l.atSeconds} ${l.event}`);
            assert.ok(
                events.some((e) =>
                    e.includes(
                        "Step recreate-standby-replica: rds-us-west-2 is recreated as a read replica of rds-us-east-1, with its data",
                    ),
                ),
                events.join("\n"),
            );
            assert.ok(
                events.some((e) =>
                    e.includes(
                        "Step promote-rds: rds-us-west-2 is promoted: the read replica becomes a standalone writer",
                    ),
                ),
            );
            assert.strictEqual(
                second.servedAfterSeconds,
                r.scenarios.find((s) => s.name === "outage:us-east-1")!.servedAfterSeconds,
            );
        });
    }

    it("active-active dns-latency: no sequence of up to 3 events fails open", async () => {
        // Before: deactivate us-east-1, approve, us-west-2 goes down: at 30 s every record was
        // unhealthy (us-west-2's by target health, us-east-1's by its closed gate, its inverted
        // check of us-west-2 turning only at 36 s), and Route 53 answered with us-west-2.
        const records = await runProject({
            overrides: [
                "strategy=active-active",
                "routing.mode=dns-latency",
                'data.stores=["aurora","dynamodb","s3"]',
            ],
        });
        const e = explore(graphOfRecords(records), 3);
        assert.deepStrictEqual(
            e.counterexamples.map((c) => `${c.invariant.name}: ${c.events.join(" / ")}`),
            [],
        );
    });

    const objectives: [string, string, number][] = [
        // Before: 900 s, served after 1296 s (a person at 636 s, then the 600 s RDS promotion).
        ["warm-standby", everyStore, 1800],
        // Before: 300 s, served after 696 s (a person at 636 s, then the Aurora failover).
        ["active-active", 'data.stores=["aurora","dynamodb","s3"]', 900],
    ];
    for (const [strategy, stores, rto] of objectives) {
        it(`${strategy} with ${stores}: the default objective is ${rto} s and every scenario meets it`, async () => {
            const r = await report([`strategy=${strategy}`, stores]);
            assert.strictEqual(r.rtoSeconds, rto);
            assert.deepStrictEqual(broken(r), []);
        });
    }
});
