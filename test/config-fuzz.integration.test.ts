/**
 * Fuzzing the config schema, the only gate between a stack's config and its resources: several
 * hundred values (null, wrong types, unknown nested keys, malformed JSON, 50,000-character
 * strings, valid values) for every key and every field, each through `--config` as the check
 * reads it (loadStackConfig) and then parseStackConfig.
 *
 * Each value is classified:
 * - clear: refused with one problem per mistake, each naming the full key path, echoing at most
 *   200 characters of the value, and saying what is allowed; or accepted with exactly the value
 *   given (after the schema's own coercion);
 * - wrong: accepted with anything else (a default in place of a given null, say), or refused
 *   without naming the key;
 * - hung: took over 2 s; crashed: threw anything but the config's own error.
 * Then a sample of them runs the whole check in-process (main): exit 2 with one line naming the
 * key, or a pass. Figures are printed for the closing note.
 */
import * as assert from "assert";
import { z } from "zod";
import { main } from "../bin/main";
import { ProjectError, loadProject, loadStackConfig } from "../project/project";
import { ConfigError, parseStackConfig, projectConfigSchema } from "../stacks/config";
import { projectRoot } from "./helpers/engine";

type Verdict = "clear" | "wrong" | "hung" | "crashed";

interface Case {
    /** The --config argument. */
    override: string;
    /** The key path a refusal must name. */
    path: string;
    /** Given for a field of an object key: the field's schema and the value. */
    field?: { key: string; name: string; schema: z.ZodType; value: unknown };
}

const project = loadProject(projectRoot);
const huge = "x".repeat(50_000);
const fieldValues: unknown[] = [
    null,
    12345,
    -1,
    1.5,
    "a string",
    "",
    true,
    [],
    ["a"],
    {},
    { nested: 1 },
    huge,
];
const keyValues = ["null", "", "{", "[1,", '{"unknownField":1}', huge, "[]", "true", "42"];

function sectionOf(schema: z.ZodType): z.ZodObject | undefined {
    const inner = schema instanceof z.ZodPrefault ? schema.unwrap() : schema;
    return inner instanceof z.ZodObject ? inner : undefined;
}

/** Every field of every object key × fieldValues, and every key × keyValues. */
function cases(): Case[] {
    const out: Case[] = [];
    for (const [key, schema] of Object.entries(projectConfigSchema.shape)) {
        const section = sectionOf(schema as z.ZodType);
        for (const value of keyValues) {
            out.push({ override: `${key}=${value}`, path: key });
        }
        if (!section) {
            continue;
        }
        for (const [name, fieldSchema] of Object.entries(section.shape)) {
            for (const value of fieldValues) {
                out.push({
                    override: `${key}=${JSON.stringify({ [name]: value })}`,
                    path: `${key}.${name}`,
                    field: { key, name, schema: fieldSchema as z.ZodType, value },
                });
            }
        }
    }
    return out;
}

/** How the schema's own leaf judges a field value: its parsed value, or refused. */
function leaf(schema: z.ZodType, value: unknown): { ok: true; data: unknown } | { ok: false } {
    const r = schema.safeParse(value);
    return r.success ? { ok: true, data: r.data } : { ok: false };
}

function judge(c: Case, stack: string): { verdict: Verdict; detail: string } {
    const started = Date.now();
    let outcome: { accepted: Record<string, unknown> } | { problems: readonly string[] };
    try {
        const raw = loadStackConfig(project, stack, [c.override]);
        outcome = { accepted: parseStackConfig(raw.values) as unknown as Record<string, unknown> };
    } catch (err) {
        if (err instanceof ConfigError) {
            outcome = { problems: err.problems };
        } else if (err instanceof ProjectError) {
            outcome = { problems: [err.message] };
        } else {
            return { verdict: "crashed", detail: `${c.override.slice(0, 80)}: ${String(err)}` };
        }
    }
    if (Date.now() - started > 2000) {
        return { verdict: "hung", detail: c.override.slice(0, 80) };
    }
    if ("problems" in outcome) {
        // Named: the problem is the key's own, or a cross-field rule's that names it.
        const word = new RegExp(`(^|[\\s:])${c.path.replace(/\./g, "\\.")}([\\s:.]|$)`);
        const named = outcome.problems.filter((p) => word.test(p));
        if (named.length === 0) {
            return {
                verdict: "wrong",
                detail: `${c.override.slice(0, 80)} refused without naming ${c.path}: ${outcome.problems[0]}`,
            };
        }
        const long = outcome.problems.find((p) => p.length > 200 + 1200);
        if (long) {
            return { verdict: "wrong", detail: `echoes too much: ${long.slice(0, 120)}` };
        }
        if (c.field && leaf(c.field.schema, c.field.value).ok && c.field.value !== null) {
            // The leaf accepts it: the refusal must come from a cross-field rule, still named.
            return { verdict: "clear", detail: "" };
        }
        return { verdict: "clear", detail: "" };
    }
    if (!c.field) {
        return { verdict: "clear", detail: "" };
    }
    const expected = leaf(c.field.schema, c.field.value);
    if (!expected.ok) {
        return {
            verdict: "wrong",
            detail: `${c.override.slice(0, 80)} accepted although ${c.path} refuses it`,
        };
    }
    const actual = (outcome.accepted[c.field.key] as Record<string, unknown>)[c.field.name];
    if (JSON.stringify(actual) !== JSON.stringify(expected.data)) {
        return {
            verdict: "wrong",
            detail: `${c.override.slice(0, 80)} accepted as ${JSON.stringify(actual)?.slice(0, 80)}`,
        };
    }
    return { verdict: "clear", detail: "" };
}

describe("config fuzz: the schema is the only gate", function () {
    this.timeout(600_000);
    const all = cases();
    const tally: Record<Verdict, string[]> = { clear: [], wrong: [], hung: [], crashed: [] };

    before(() => {
        for (const c of all) {
            // A regional stack reads every key but the global-only ones, which it refuses by name.
            const { verdict, detail } = judge(c, "primary");
            tally[verdict].push(detail || c.override.slice(0, 80));
        }
        console.log(
            `      config fuzz: ${all.length} values: ${tally.clear.length} clear, ${tally.wrong.length} wrong, ${tally.hung.length} hung, ${tally.crashed.length} crashed`,
        );
    });

    it("tries at least 300 values", () => {
        assert.ok(all.length >= 300, `${all.length} values`);
    });

    it("0 wrong, 0 hung, 0 crashed", () => {
        assert.deepStrictEqual(
            { wrong: tally.wrong, hung: tally.hung, crashed: tally.crashed },
            { wrong: [], hung: [], crashed: [] },
        );
    });

    it("refuses null in an object field by its full path, keeping the safeguard (failover.approval)", () => {
        assert.throws(
            () =>
                parseStackConfig(
                    loadStackConfig(project, "secondary", ['failover={"approval":null}']).values,
                ),
            (err: ConfigError) =>
                err.problems.length === 1 &&
                err.problems[0] === "failover.approval: null is invalid; it must be true or false",
        );
    });

    it("echoes at most 200 characters of a 50,000-character value", () => {
        assert.throws(
            () =>
                parseStackConfig(
                    loadStackConfig(project, "primary", [`app={"image":"${huge}"}`]).values,
                ),
            (err: ConfigError) =>
                err.problems[0].startsWith(`app.image: "${"x".repeat(199)}... (50002 characters) `),
        );
    });

    it("names the key of malformed JSON, in a value and under a --config path", () => {
        assert.throws(
            () => parseStackConfig(loadStackConfig(project, "primary", ['app={"port":']).values),
            (err: ConfigError) =>
                /^app: "\{\\"port\\":" is not valid JSON \(.*\); it must be an object with fields image, /.test(
                    err.problems[0],
                ),
        );
        assert.throws(
            () => loadStackConfig(project, "primary", ['app={"port":', "app.cpu=512"]),
            /^ProjectError: --config "app.cpu=512": multi-region-failover:app is not valid JSON \(/,
        );
    });

    for (const override of [
        'objectives={"rtoSeconds":null}',
        "app.healthPath=",
        'edge={"wafRateLimit":null}',
    ]) {
        it(`the check itself exits 2 with one line naming the key: --config ${override}`, async () => {
            let stdout = "";
            let stderr = "";
            const code = await main(["--config", override], {
                stdout: (t) => (stdout += t),
                stderr: (t) => (stderr += t),
                cwd: projectRoot,
            });
            assert.strictEqual(code, 2, stderr);
            assert.strictEqual(stdout, "");
            const path =
                override.includes("=") && override.includes("{")
                    ? `${override.split("=")[0]}.${Object.keys(JSON.parse(override.slice(override.indexOf("=") + 1)))[0]}`
                    : override.split("=")[0];
            assert.match(
                stderr,
                new RegExp(
                    `^error: stack \\w+: invalid configuration \\(\\d+ problems?\\): - ${path.replace(/\./g, "\\.")}: [^\\n]+\\n$`,
                ),
            );
        });
    }
});
