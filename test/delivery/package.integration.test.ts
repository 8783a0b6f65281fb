import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { supportedSdk } from "../../check/engine/sdk";

const root = path.resolve(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function run(
    file: string,
    args: string[],
    cwd: string,
    timeout: number,
    env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) =>
        execFile(
            file,
            args,
            { cwd, timeout, env, maxBuffer: 64 * 1024 * 1024 },
            (err, stdout, stderr) =>
                resolve({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
        ),
    );
}

describe("the package a team depends on", function () {
    this.timeout(900_000);

    it("declares @pulumi/* as peers with ranges, is public and Apache-2.0 with its LICENSE", () => {
        assert.deepStrictEqual(pkg.peerDependencies, {
            "@pulumi/aws": "^7.0.0",
            "@pulumi/awsx": "^3.0.0",
            // The oldest SDK the engine drives (check/engine/sdk.ts supportedSdk) is the floor.
            "@pulumi/pulumi": `>=${supportedSdk.min.join(".")} <${supportedSdk.max[0] + 1}`,
            // The check compiles TypeScript programs; ts-node takes the consumer's TypeScript.
            typescript: ">=5.0.0 <7",
        });
        // awsx (and the docker provider and second @pulumi/aws it brings) only for programs using it.
        assert.deepStrictEqual(pkg.peerDependenciesMeta, { "@pulumi/awsx": { optional: true } });
        // Not dev-only: the action's `npm ci --omit=dev` must install what the check loads.
        const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
        for (const name of ["@pulumi/pulumi", "@pulumi/aws", "typescript"]) {
            assert.strictEqual(lock.packages[`node_modules/${name}`].dev, undefined, name);
        }
        assert.strictEqual(lock.packages["node_modules/@pulumi/awsx"].dev, true);
        for (const name of Object.keys(pkg.peerDependencies)) {
            assert.strictEqual(pkg.dependencies[name], undefined, name);
        }
        assert.strictEqual(pkg.private, undefined);
        assert.strictEqual(pkg.license, "Apache-2.0");
        const license = fs.readFileSync(path.join(root, "LICENSE"), "utf8");
        assert.match(license, /^\s*Apache License\s+Version 2\.0, January 2004/);
        assert.match(license, /END OF TERMS AND CONDITIONS\s*$/);
        assert.deepStrictEqual(pkg.bin, { "multi-region-failover": "bin/multi-region-failover" });
    });

    it("npm pack carries the check, its bin and the pack, and no tests, fixtures or lockfiles", async () => {
        const { code, stdout, stderr } = await run(
            npm,
            ["pack", "--dry-run", "--json", "--ignore-scripts"],
            root,
            120_000,
        );
        assert.strictEqual(code, 0, stderr);
        const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
        for (const needed of [
            "LICENSE",
            "README.md",
            "package.json",
            "bin/multi-region-failover",
            "bin/main.ts",
            "check/cli.ts",
            "check/args.ts",
            "cli/args.ts",
            "cli/io.ts",
            "project/project.ts",
            "check/engine/engine.ts",
            "check/analyzer/client.ts",
            "deploy/cli.ts",
            "drill/cli.ts",
            "stacks/config/index.ts",
            // compare reads the strategies from the config schema, which plans capacity.
            "components/capacity.ts",
            "policies/package.json",
            "policies/pack.ts",
            "policies/index.ts",
            "policies/PulumiPolicy.yaml",
            "policies/budget/prices.json",
        ]) {
            assert.ok(files.includes(needed), `${needed} is missing from the package`);
        }
        const unwanted = files.filter((f) =>
            /^(test|examples|bench|docs|\.github|\.ci)\/|package-lock\.json$|node_modules|^Pulumi\./.test(
                f,
            ),
        );
        assert.deepStrictEqual(unwanted, []);
    });

    it("npx of the packed tarball in an empty folder checks the program there", async () => {
        const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "mrf-npx-")));
        const packed = await run(
            npm,
            ["pack", "--json", "--pack-destination", work],
            root,
            600_000,
        );
        assert.strictEqual(packed.code, 0, packed.stderr);
        const tarball = path.join(work, JSON.parse(packed.stdout)[0].filename);
        const program = path.join(work, "program");
        fs.mkdirSync(program);
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: topics\nruntime: nodejs\n");
        fs.writeFileSync(
            path.join(program, "index.ts"),
            'import * as aws from "@pulumi/aws";\nnew aws.sns.Topic("plain");\n',
        );
        // No INIT_CWD or npm_* from the test runner: npx is started as from a shell.
        const env = Object.fromEntries(
            Object.entries(process.env).filter(([k]) => !/^npm_|^INIT_CWD$/i.test(k)),
        );
        const result = await run(
            npx,
            [
                "--yes",
                "--package",
                tarball,
                "multi-region-failover",
                "check",
                "--policy-pack",
                path.join(root, "test", "fixtures", "pack-fixture"),
                "--format",
                "json",
            ],
            program,
            600_000,
            env,
        );
        assert.strictEqual(result.code, 1, result.stderr);
        const doc = JSON.parse(result.stdout);
        assert.deepStrictEqual(
            doc.stacks.map((s: { stack: string }) => s.stack),
            ["dev"],
        );
        assert.deepStrictEqual(
            doc.stacks[0].violations.map((v: { policy: string }) => v.policy),
            ["topic-encrypted"],
        );
        assert.match(
            result.stderr,
            /has no Pulumi\.<stack>\.yaml; checking it as one stack, "dev"/,
        );
    });
});
