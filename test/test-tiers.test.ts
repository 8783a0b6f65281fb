/**
 * The two tiers (docs/testing.md): `npm test` runs only tests that stay in this process on the
 * project's default configuration; anything that starts a process, talks to the policy pack's
 * process or runs the project under overrides is an `*.integration.test.ts`. This test keeps a
 * slow test from slipping into the fast tier by accident.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const testDir = __dirname;

function testFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            return entry.name === "fixtures" ? [] : testFiles(full);
        }
        return entry.name.endsWith(".test.ts") ? [full] : [];
    });
}

/** What makes a test file integration, by the import or call that does it. */
const integrationMarks: [RegExp, string][] = [
    [/from "child_process"/, "starts processes (child_process)"],
    [
        /from "(\.\.\/)+(check\/cli|bin\/main)"/,
        "runs the whole check with its policy pack process (bin/main, check/cli)",
    ],
    [/from "(\.\.\/)+check\/analyzer\/client"/, "starts the policy pack (check/analyzer/client)"],
    [/\bevaluateRecords\(|new StreamingEvaluation\(/, "evaluates through the pack's process"],
    [/runProject\(\s*\{[^}]*overrides/, "runs the project under config overrides"],
];

/** Why `source` belongs in the integration tier, or undefined when it does not. */
export function integrationReason(source: string): string | undefined {
    return integrationMarks.find(([pattern]) => pattern.test(source))?.[1];
}

describe("test tiers", () => {
    it("recognises each mark of an integration test, and none in a unit test", () => {
        const cases: [string, string | undefined][] = [
            ['import { spawn } from "child_process";', "starts processes (child_process)"],
            [
                'import { main } from "../bin/main";',
                "runs the whole check with its policy pack process (bin/main, check/cli)",
            ],
            [
                'import { checkMain } from "../../check/cli";',
                "runs the whole check with its policy pack process (bin/main, check/cli)",
            ],
            [
                'import { AnalyzerClient } from "../../check/analyzer/client";',
                "starts the policy pack (check/analyzer/client)",
            ],
            [
                "const found = await evaluateRecords(records);",
                "evaluates through the pack's process",
            ],
            ['import { Slots } from "../../check/analyzer/evaluate";', undefined],
            [
                'await runProject({\n    overrides: ["strategy=pilot-light"],\n});',
                "runs the project under config overrides",
            ],
            ["await runProject();", undefined],
            ['await runProject({ stacks: ["primary"] });', undefined],
            ['import { checkCommand } from "../check/args";', undefined],
        ];
        for (const [source, reason] of cases) {
            assert.strictEqual(integrationReason(source), reason, source);
        }
    });

    it("keeps every fast test free of processes, the pack and config overrides", () => {
        const misplaced = testFiles(testDir)
            .filter((file) => !file.endsWith(".integration.test.ts") && file !== __filename)
            .map((file) => [
                path.relative(testDir, file),
                integrationReason(fs.readFileSync(file, "utf8")),
            ])
            .filter(([, reason]) => reason !== undefined)
            .map(([file, reason]) => `${file}: ${reason}; name it *.integration.test.ts`);
        assert.deepStrictEqual(misplaced, []);
    });
});
