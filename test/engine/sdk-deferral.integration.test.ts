/**
 * The worker loads the SDK without the modules it needs only to serialize closures or to run the
 * Automation API (check/engine/sdk.ts `deferredSdkRequests`); a program that uses them gets them.
 * Closure serialization itself is run by corpus.integration.test.ts ("serializes Lambda callbacks").
 */
import * as assert from "assert";
import * as fs from "fs";
import { collectStacks } from "../../check/engine/engine";
import { writeJsProgram } from "../helpers/engine";

const program = [
    'const pulumi = require("@pulumi/pulumi");',
    "const loaded = (ending) => Object.keys(require.cache).some((f) => f.endsWith(ending));",
    'const workspace = ["automation", "localWorkspace.js"].join(require("path").sep);',
    'const packageData = ["normalize-package-data", "lib", "normalize.js"].join(require("path").sep);',
    "module.exports = {",
    "    before: { automation: loaded(workspace), packageData: loaded(packageData) },",
    "    automation: {",
    "        localWorkspace: typeof pulumi.automation.LocalWorkspace,",
    '        has: "LocalWorkspace" in pulumi.automation,',
    '        listed: Object.keys(pulumi.automation).includes("LocalWorkspace"),',
    "    },",
    "    after: { automation: loaded(workspace) },",
    "};",
    "",
].join("\n");

describe("offline engine: the SDK's rarely used modules load when a program uses them", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = writeJsProgram("deferral", program);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("has not loaded them before, and gives the program the real automation namespace", async () => {
        const { records, problems } = await collectStacks({ projectDir: dir });
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(records[0].outputs, {
            before: { automation: false, packageData: false },
            automation: { localWorkspace: "function", has: true, listed: true },
            after: { automation: true },
        });
    });
});
