/**
 * The config schema's leaf types (stacks/config/fields.ts) on their own, table by table: each
 * accepts its boundary values in both the typed and the string form Pulumi hands a program, and
 * refuses one step outside with its one message; `quote` cuts echoed values at exactly 200
 * characters.
 */
import * as assert from "assert";
import type { z } from "zod";
import {
    choice,
    flag,
    integer,
    maxEchoed,
    numberIn,
    quote,
    stepped,
    text,
    textList,
} from "../../../stacks/config/fields";

/** The parsed value, or the messages of the issues. */
function parse(schema: z.ZodType, value: unknown): { value: unknown } | { messages: string[] } {
    const result = schema.safeParse(value);
    return result.success
        ? { value: result.data }
        : { messages: result.error.issues.map((i) => i.message) };
}

describe("config fields: leaf types", () => {
    const int = integer(2, 6);
    const intError = { messages: ["is invalid; it must be an integer from 2 to 6"] };
    const intCases: [unknown, unknown][] = [
        [2, { value: 2 }],
        [6, { value: 6 }],
        ["2", { value: 2 }],
        [" 6 ", { value: 6 }],
        [1, intError],
        [7, intError],
        ["7", intError],
        [2.5, intError],
        ["", intError],
        ["   ", intError],
        ["two", intError],
        [null, intError],
        [true, intError],
    ];
    for (const [value, expected] of intCases) {
        it(`integer(2, 6) on ${JSON.stringify(value)}`, () => {
            assert.deepStrictEqual(parse(int, value), expected);
        });
    }

    const half = stepped(0.5, 2, 0.5);
    const halfError = {
        messages: ["is invalid; it must be a number from 0.5 to 2 in steps of 0.5"],
    };
    const steppedCases: [unknown, unknown][] = [
        [0.5, { value: 0.5 }],
        [2, { value: 2 }],
        ["1.5", { value: 1.5 }],
        [0, halfError],
        [2.5, halfError],
        [0.75, halfError],
        ["x", halfError],
    ];
    for (const [value, expected] of steppedCases) {
        it(`stepped(0.5, 2, 0.5) on ${JSON.stringify(value)}`, () => {
            assert.deepStrictEqual(parse(half, value), expected);
        });
    }

    it("numberIn: the listed numbers only, naming whose set", () => {
        const retention = numberIn([1, 3, 5], "retention days");
        assert.deepStrictEqual(parse(retention, 3), { value: 3 });
        assert.deepStrictEqual(parse(retention, "5"), { value: 5 });
        for (const bad of [2, 0, "4", "x"]) {
            assert.deepStrictEqual(parse(retention, bad), {
                messages: ["is invalid; allowed: 1 or 3 or 5 (retention days)"],
            });
        }
    });

    it("choice: one of the strings, exactly", () => {
        const mode = choice(["dns-failover", "dns-latency"] as const);
        assert.deepStrictEqual(parse(mode, "dns-latency"), { value: "dns-latency" });
        for (const bad of ["DNS-LATENCY", "", 1]) {
            assert.deepStrictEqual(parse(mode, bad), {
                messages: ["is not allowed; use one of dns-failover, dns-latency"],
            });
        }
    });

    it("flag: booleans and the strings true and false only", () => {
        const f = flag();
        assert.deepStrictEqual(
            [true, false, "true", "false"].map((v) => parse(f, v)),
            [{ value: true }, { value: false }, { value: true }, { value: false }],
        );
        for (const bad of ["TRUE", "yes", 1, 0, null]) {
            assert.deepStrictEqual(parse(f, bad), {
                messages: ["is invalid; it must be true or false"],
            });
        }
    });

    it("text: a string; its check's message is the one issue", () => {
        const plain = text();
        assert.deepStrictEqual(parse(plain, ""), { value: "" });
        assert.deepStrictEqual(parse(plain, 5), { messages: ["is invalid; it must be a string"] });
        const checked = text((v) => (v.startsWith("arn:") ? undefined : "must be an ARN"));
        assert.deepStrictEqual(parse(checked, "arn:x"), { value: "arn:x" });
        assert.deepStrictEqual(parse(checked, "x"), { messages: ["must be an ARN"] });
    });

    it("textList: a list of strings; its check sees the whole list", () => {
        const plain = textList();
        assert.deepStrictEqual(parse(plain, []), { value: [] });
        assert.deepStrictEqual(parse(plain, ["a"]), { value: ["a"] });
        for (const bad of ["a", [1], null]) {
            assert.deepStrictEqual(parse(plain, bad), {
                messages: ["is invalid; it must be a list of strings"],
            });
        }
        const two = textList((v) =>
            v.length === 2 ? undefined : `has ${v.length} entries; two needed`,
        );
        assert.deepStrictEqual(parse(two, ["a", "b"]), { value: ["a", "b"] });
        assert.deepStrictEqual(parse(two, ["a"]), { messages: ["has 1 entries; two needed"] });
    });
});

describe("config fields: quote", () => {
    it("quotes as JSON, and what JSON cannot show as text", () => {
        assert.strictEqual(quote("a"), '"a"');
        assert.strictEqual(quote(3), "3");
        assert.strictEqual(quote([1, "x"]), '[1,"x"]');
        assert.strictEqual(quote(undefined), "undefined");
    });

    it(`echoes up to ${maxEchoed} characters whole, and cuts one more`, () => {
        assert.strictEqual(maxEchoed, 200);
        const exact = "x".repeat(198); // 200 with its quotes
        assert.strictEqual(quote(exact), `"${exact}"`);
        const over = "x".repeat(199); // 201 with its quotes
        assert.strictEqual(quote(over), `"${"x".repeat(199)}... (201 characters)`);
    });
});
