import * as assert from "assert";
import { ChildProcess, execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "../../check/analyzer/client";
import { PolicyInfo, resolvePolicyConfig } from "../../check/analyzer/policy-config";
import { dnsTtlMax, policies } from "../../policies/index";

const packDir = path.resolve(__dirname, "../../policies");
const names = policies.map((p) => p.name);

/** Copy the pack's own files (never its node_modules) into `to`. */
function copyPack(from: string, to: string) {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        if (entry.name === "node_modules") {
            continue;
        }
        const source = path.join(from, entry.name);
        const target = path.join(to, entry.name);
        if (entry.isDirectory()) {
            fs.mkdirSync(target);
            copyPack(source, target);
        } else {
            fs.copyFileSync(source, target);
        }
    }
}

function run(file: string, args: string[], cwd: string, timeout: number): Promise<string> {
    return new Promise((resolve, reject) =>
        execFile(file, args, { cwd, timeout }, (err, stdout, stderr) =>
            err
                ? reject(new Error(`${file} ${args.join(" ")}: ${err.message}\n${stderr}`))
                : resolve(stdout),
        ),
    );
}

/** The first line the process prints: a pack prints its gRPC port there. */
function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
        let out = "";
        let err = "";
        const timer = setTimeout(
            () => reject(new Error(`no port within ${timeoutMs} ms: ${err}`)),
            timeoutMs,
        );
        child.stdout!.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes("\n")) {
                clearTimeout(timer);
                resolve(out.split("\n")[0].trim());
            }
        });
        child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`exited ${code} before printing a port: ${err}`));
        });
    });
}

describe("the policy pack on its own", function () {
    // npm ci of the pack from the registry, then two starts of the pack (one type-checks it).
    this.timeout(900_000);
    let dir: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-pack-"));
        copyPack(packDir, dir);
        const npm = process.platform === "win32" ? "npm.cmd" : "npm";
        await run(npm, ["ci", "--no-audit", "--no-fund"], dir, 600_000);
    });

    it("installs from its own lockfile, with the TypeScript it runs on", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
        const lock = JSON.parse(fs.readFileSync(path.join(packDir, "package-lock.json"), "utf8"));
        assert.strictEqual(lock.packages[""].name, pkg.name);
        assert.deepStrictEqual(lock.packages[""].dependencies, pkg.dependencies);
        for (const dep of ["typescript", "ts-node", "@pulumi/policy", "@pulumi/pulumi"]) {
            const installed = JSON.parse(
                fs.readFileSync(path.join(dir, "node_modules", dep, "package.json"), "utf8"),
            );
            // @pulumi/policy's own package.json writes its version with a leading v.
            assert.strictEqual(installed.version.replace(/^v/, ""), pkg.dependencies[dep], dep);
        }
    });

    it("starts the way the check does and loads every policy", async () => {
        const client = await AnalyzerClient.start(dir);
        try {
            const info = await client.info();
            assert.strictEqual(info.name, "multi-region-failover");
            assert.deepStrictEqual(
                info.policies.map((p) => p.name),
                names,
            );
        } finally {
            await client.close();
        }
    });

    it("starts under the SDK's policy host, type-checked by its own TypeScript, and loads every policy", async () => {
        // What `pulumi preview --policy-pack` runs: the pack's @pulumi/pulumi run-policy-pack,
        // which registers ts-node from the pack's node_modules (the SDK's own fallback is
        // TypeScript 3.8, which cannot parse the pack).
        const host = path.join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
        const child = spawn(process.execPath, [host, "127.0.0.1:0", dir], {
            cwd: dir,
            stdio: ["ignore", "pipe", "pipe"],
        });
        try {
            const port = Number(await firstLine(child, 300_000));
            assert.ok(Number.isInteger(port) && port > 0, String(port));
            const client = new analyzerGrpc.AnalyzerClient(
                `127.0.0.1:${port}`,
                grpc.credentials.createInsecure(),
            );
            const info = await new Promise<analyzerPb.AnalyzerInfo>((resolve, reject) =>
                client.getAnalyzerInfo(new Empty(), (err, res) =>
                    err ? reject(err) : resolve(res),
                ),
            );
            client.close();
            assert.deepStrictEqual(
                info.getPoliciesList().map((p) => p.getName()),
                names,
            );
        } finally {
            child.kill();
        }
    });

    it("exports the policies for reuse from index.ts, which starts no server", () => {
        const index = fs.readFileSync(path.join(packDir, "index.ts"), "utf8");
        assert.doesNotMatch(index.replace(/\/\*[\s\S]*?\*\//g, ""), /new PolicyPack/);
        assert.strictEqual(dnsTtlMax.name, "dns-ttl-max");
        const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
        assert.strictEqual(pkg.main, "pack.ts");
        assert.strictEqual(pkg.exports["."], "./index.ts");
    });
});

describe("policy config schemas are closed", () => {
    it("every policy's schema has additionalProperties: false", () => {
        for (const policy of policies) {
            assert.strictEqual(
                (policy.configSchema as { additionalProperties?: boolean } | undefined)
                    ?.additionalProperties,
                false,
                policy.name,
            );
        }
    });

    it("the check refuses an unknown key of any policy, as the schema says", () => {
        const infos: PolicyInfo[] = policies.map((p) => ({
            name: p.name,
            description: p.description,
            enforcementLevel: p.enforcementLevel ?? "advisory",
            configSchema: p.configSchema as PolicyInfo["configSchema"],
            kind: "validateStack" in p ? "stack" : "resource",
        }));
        for (const policy of policies) {
            assert.throws(
                () => resolvePolicyConfig(infos, { [policy.name]: { notAKey: 1 } }, {}),
                (err: Error) =>
                    err.message.includes(`"${policy.name}".notAKey: not a setting of this policy`),
                policy.name,
            );
        }
    });
});
