/**
 * The blind corpus (test/fixtures/blind/): programs written from the docs alone by someone who
 * had not read the pack, each with the verdict its author expected (`expected.json`: `verdict`
 * "fail" or "pass", optionally the `policies` expected to fail it, and `why`). This runs each
 * through the real check and scores it:
 *
 * - TP: expected fail, the check exits 1; FN: expected fail, exit 0;
 * - FP (false alarm): expected pass, exit 1; TN: expected pass, exit 0;
 * - error: exit 2 (the check could not reach a verdict).
 *
 * A TP whose mandatory violations include none of the expected `policies` is counted as a TP
 * and listed as "other policy", so a right verdict for a wrong reason stays visible.
 *
 * `npm run blind` prints the table and the figures; test/blind.integration.test.ts holds the
 * targets (recall at least 95%, at most one false alarm, no errors).
 */
import * as fs from "fs";
import * as path from "path";
import { main } from "../../bin/main";

export const blindDir = path.resolve(__dirname, "../fixtures/blind");

export interface BlindExpectation {
    verdict: "fail" | "pass";
    policies?: string[];
    why: string;
}

export type Outcome = "TP" | "FN" | "FP" | "TN" | "error";

export interface BlindResult {
    name: string;
    expected: BlindExpectation;
    code: number;
    outcome: Outcome;
    /** Mandatory policies that failed the program. */
    mandatory: string[];
    /** A TP none of whose mandatory violations is an expected policy. */
    otherPolicy: boolean;
    /** stderr's first line on exit 2. */
    error?: string;
}

export interface BlindFigures {
    results: BlindResult[];
    tp: number;
    fn: number;
    fp: number;
    tn: number;
    errors: number;
    /** TP / (TP + FN + errors among expected fails). */
    recall: number;
}

/** The cases: every folder with an expected.json, by name. */
export function blindCases(dir = blindDir): { name: string; expected: BlindExpectation }[] {
    return fs
        .readdirSync(dir)
        .filter((name) => fs.existsSync(path.join(dir, name, "expected.json")))
        .sort()
        .map((name) => {
            const expected = JSON.parse(
                fs.readFileSync(path.join(dir, name, "expected.json"), "utf8"),
            ) as BlindExpectation;
            if (expected.verdict !== "fail" && expected.verdict !== "pass") {
                throw new Error(
                    `${name}/expected.json: verdict ${JSON.stringify(expected.verdict)} is not "fail" or "pass"`,
                );
            }
            return { name, expected };
        });
}

/** The outcome of one case from its expectation and the check's exit code. */
export function outcomeOf(verdict: "fail" | "pass", code: number): Outcome {
    if (code !== 0 && code !== 1) {
        return "error";
    }
    if (verdict === "fail") {
        return code === 1 ? "TP" : "FN";
    }
    return code === 1 ? "FP" : "TN";
}

/** Figures over a set of results. */
export function score(results: BlindResult[]): BlindFigures {
    const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
    const tp = count("TP");
    const fn = count("FN");
    const failErrors = results.filter(
        (r) => r.outcome === "error" && r.expected.verdict === "fail",
    ).length;
    const denominator = tp + fn + failErrors;
    return {
        results,
        tp,
        fn,
        fp: count("FP"),
        tn: count("TN"),
        errors: count("error"),
        recall: denominator === 0 ? 1 : tp / denominator,
    };
}

/** Run one case through the check (in this process, as `npm start` would). */
export async function runCase(
    name: string,
    expected: BlindExpectation,
    dir = blindDir,
): Promise<BlindResult> {
    let stdout = "";
    let stderr = "";
    const code = await main(["--program", path.join(dir, name), "--format", "json"], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
    });
    let mandatory: string[] = [];
    if (code === 0 || code === 1) {
        const doc = JSON.parse(stdout) as {
            stacks: { violations: { policy: string; enforcementLevel: string }[] }[];
        };
        mandatory = [
            ...new Set(
                doc.stacks
                    .flatMap((s) => s.violations)
                    .filter((v) => v.enforcementLevel === "mandatory")
                    .map((v) => v.policy),
            ),
        ].sort();
    }
    const outcome = outcomeOf(expected.verdict, code);
    return {
        name,
        expected,
        code,
        outcome,
        mandatory,
        otherPolicy:
            outcome === "TP" &&
            (expected.policies ?? []).length > 0 &&
            !mandatory.some((p) => expected.policies!.includes(p)),
        error: code === 0 || code === 1 ? undefined : stderr.trim().split("\n").pop(),
    };
}

/** Run every case, one after another (each run already uses the machine's cores). */
export async function runBlind(dir = blindDir): Promise<BlindFigures> {
    const results: BlindResult[] = [];
    for (const { name, expected } of blindCases(dir)) {
        results.push(await runCase(name, expected, dir));
    }
    return score(results);
}

/** The report `npm run blind` prints. */
export function formatFigures(figures: BlindFigures): string {
    const lines = figures.results.map((r) => {
        const detail =
            r.outcome === "error"
                ? r.error
                : r.mandatory.length > 0
                  ? r.mandatory.join(", ")
                  : "no mandatory violation";
        const other = r.otherPolicy ? ` (expected ${r.expected.policies!.join(" or ")})` : "";
        return `${r.outcome.padEnd(5)} ${r.name} (expected ${r.expected.verdict}, exit ${r.code}): ${detail}${other}`;
    });
    const fails = figures.tp + figures.fn;
    const passes = figures.fp + figures.tn;
    lines.push(
        "",
        `TP ${figures.tp}, FN ${figures.fn}, FP ${figures.fp}, TN ${figures.tn}, errors ${figures.errors} (${figures.results.length} programs)`,
        `recall ${(figures.recall * 100).toFixed(1)}% (${figures.tp} of ${fails + figures.results.filter((r) => r.outcome === "error" && r.expected.verdict === "fail").length} expected failures caught), false alarms ${figures.fp} of ${passes + figures.results.filter((r) => r.outcome === "error" && r.expected.verdict === "pass").length} expected passes`,
    );
    return lines.join("\n");
}

if (require.main === module) {
    runBlind().then(
        (figures) => {
            console.log(formatFigures(figures));
        },
        (err: unknown) => {
            console.error(err instanceof Error ? err.message : String(err));
            process.exit(2);
        },
    );
}
