/**
 * What a check's own process loads: its gRPC client is check/analyzer/unary.ts, with the methods
 * of check/analyzer/methods.ts, so neither `@grpc/grpc-js` nor the generated service definition
 * is loaded (the pack's process loads them, through `@pulumi/policy`).
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.join(__dirname, "..", "..");

describe("the check's process", function () {
    this.timeout(120_000);

    it("runs a check without loading @grpc/grpc-js or analyzer_grpc_pb", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-client-load-"));
        const probe = path.join(dir, "probe.js");
        fs.writeFileSync(
            probe,
            [
                'process.on("exit", () => {',
                "    const files = Object.keys(require.cache);",
                "    const grpc = files.filter((f) => f.includes(`${require('path').sep}@grpc${require('path').sep}grpc-js${require('path').sep}`));",
                '    const service = files.filter((f) => f.endsWith("analyzer_grpc_pb.js"));',
                '    require("fs").writeFileSync(process.env.MRF_PROBE_OUT, JSON.stringify({ grpc: grpc.length, service: service.length, unary: files.some((f) => f.endsWith("unary.ts")) }));',
                "});",
                "",
            ].join("\n"),
        );
        const out = path.join(dir, "loaded.json");
        try {
            let code = 0;
            try {
                execFileSync(
                    process.execPath,
                    [
                        "-r",
                        probe,
                        path.join(root, "bin", "multi-region-failover"),
                        "check",
                        "--program",
                        path.join(root, "test", "fixtures", "two-topics"),
                    ],
                    { env: { ...process.env, MRF_PROBE_OUT: out }, stdio: "ignore" },
                );
            } catch (err) {
                code = (err as { status: number }).status;
            }
            assert.ok(code === 0 || code === 1, `the check ran (exit ${code})`);
            assert.deepStrictEqual(JSON.parse(fs.readFileSync(out, "utf8")), {
                grpc: 0,
                service: 0,
                unary: true,
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
