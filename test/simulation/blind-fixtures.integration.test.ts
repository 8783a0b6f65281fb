/**
 * The defect fixtures another engineer wrote from AWS's documented behaviour, without reading the
 * model (test/fixtures/simulation/<case>/expected.json): each broken program must break the
 * named invariant in the named scenario, and each fixed or good program must hold every
 * invariant in every scenario but the `alsoBreaks` its expected file lists with their AWS reason.
 * The programs are never edited to fit the model.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runStacks } from "../../check/engine/engine";
import { graphOfRecords } from "../../check/simulate";
import { explore, simulate } from "../../policies/simulation";

const root = path.resolve(__dirname, "../fixtures/simulation");

interface Expected {
    expect: "pass" | "fail";
    invariant?: string;
    scenario?: string;
    /**
     * Breaks beyond the case's named defect that AWS's documentation confirms, added after the
     * case was written, each with its reason (`why`) in the expected file and in the commit.
     */
    alsoBreaks?: { scenario: string; invariant: string; why: string }[];
}

const cases = fs
    .readdirSync(root)
    .filter((d) => fs.existsSync(path.join(root, d, "expected.json")))
    .sort();

describe("simulation: blind defect fixtures", function () {
    this.timeout(240_000);
    it("finds every fixture", () => {
        assert.ok(cases.length >= 16, `${cases.length} fixtures`);
    });
    for (const name of cases) {
        const expected = JSON.parse(
            fs.readFileSync(path.join(root, name, "expected.json"), "utf8"),
        ) as Expected;
        const also = (expected.alsoBreaks ?? []).map((b) => `${b.scenario} ${b.invariant}`);
        const title =
            expected.expect === "fail"
                ? `${expected.scenario} breaks ${expected.invariant}`
                : also.length > 0
                  ? `every invariant holds but ${also.join(", ")} (AWS's reason in expected.json)`
                  : "every invariant holds";
        it(`${name}: ${title}`, async () => {
            const records = await runStacks({ projectDir: path.join(root, name) });
            const graph = graphOfRecords(records);
            const broken = simulate(graph).scenarios.flatMap((s) =>
                s.invariants.filter((i) => !i.holds).map((i) => `${s.name} ${i.name}`),
            );
            if (expected.expect === "pass") {
                assert.deepStrictEqual(
                    broken,
                    (expected.alsoBreaks ?? []).map((b) => `${b.scenario} ${b.invariant}`),
                );
                return;
            }
            assert.ok(
                broken.includes(`${expected.scenario} ${expected.invariant}`),
                `${name}: expected ${expected.scenario} ${expected.invariant}; broken: ${broken.join(", ") || "none"}`,
            );
            // Exploration finds a break of the same invariant, in at most as many events as
            // the named scenario plays (outage 1, failover and failback 2-3, after failback 4).
            const found = explore(graph, 4).counterexamples.find(
                (c) => c.invariant.name === expected.invariant,
            );
            if (
                expected.invariant !== "steady-state-green" &&
                expected.invariant !== "serves-within-rto"
            ) {
                assert.ok(found, `${name}: exploration finds no ${expected.invariant}`);
                assert.ok(found.events.length <= 4, `${name}: ${found.events.join(" → ")}`);
            }
        });
    }
});
