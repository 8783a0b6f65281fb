/**
 * The pack's size as the docs state it: every "N policies" in README.md, docs/ and
 * policies/README.md is the number of policies the pack exports, derived from the pack itself,
 * so a policy added or removed without the docs (or the reverse) fails here.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policies/policies";

const root = path.join(__dirname, "..", "..");
const words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    .concat(["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"])
    .concat(["seventeen", "eighteen", "nineteen", "twenty"]);

function markdownFiles(): string[] {
    const docs = fs
        .readdirSync(path.join(root, "docs"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join("docs", f));
    return ["README.md", path.join("policies", "README.md"), ...docs].sort();
}

describe("the policy count in the docs", () => {
    it("the pack has policies, each named once", () => {
        const names = policies.map((p) => p.name);
        assert.ok(names.length > 0);
        assert.strictEqual(new Set(names).size, names.length);
    });

    it('every "N policies" states the pack\'s count', () => {
        const stated: string[] = [];
        const wrong: string[] = [];
        for (const file of markdownFiles()) {
            const text = fs.readFileSync(path.join(root, file), "utf8");
            for (const m of text.matchAll(/\b([a-z]+|\d+) policies\b/gi)) {
                const n = /^\d+$/.test(m[1]) ? Number(m[1]) : words.indexOf(m[1].toLowerCase());
                if (n < 0) {
                    continue; // "the policies", "mandatory policies": not a count.
                }
                stated.push(`${file}: ${m[0]}`);
                if (n !== policies.length) {
                    wrong.push(`${file}: "${m[0]}", the pack has ${policies.length}`);
                }
            }
        }
        assert.deepStrictEqual(wrong, []);
        assert.ok(stated.length > 0, "no count found: the test would check nothing");
    });
});
