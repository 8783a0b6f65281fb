/**
 * A stack's worker starts with room in its old generation (check/engine/worker-heap.ts), so a
 * program whose objects all stay live while it runs costs no full collection of its heap.
 */
import * as assert from "assert";
import * as fs from "fs";
import { collectStacks } from "../../check/engine/engine";
import { writeJsProgram } from "../helpers/engine";

// About 150 MB kept live, in small objects, as a program's pending resources are; the program
// counts the full (major) collections of its own thread while it builds them.
const program = [
    'const { PerformanceObserver, constants } = require("perf_hooks");',
    "let major = 0;",
    "const observer = new PerformanceObserver((list) => {",
    "    for (const entry of list.getEntries()) {",
    "        if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;",
    "    }",
    "});",
    'observer.observe({ entryTypes: ["gc"] });',
    "const kept = [];",
    "for (let i = 0; i < 1_500_000; i++) kept.push({ index: i, name: `resource-${i}`, tags: [i] });",
    "module.exports = new Promise((resolve) =>",
    "    setTimeout(() => {",
    "        observer.disconnect();",
    "        resolve({ kept: kept.length, major });",
    "    }, 100),",
    ");",
    "",
].join("\n");

describe("offline engine: a stack worker's heap", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = writeJsProgram("heap", program);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("runs a program that keeps 150 MB live without a full collection", async () => {
        const { records, problems } = await collectStacks({ projectDir: dir });
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(records[0].outputs, { kept: 1_500_000, major: 0 });
    });
});
