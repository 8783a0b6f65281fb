/**
 * Any program, any SDK (issue 16, item 1): a program outside this repository, with no
 * node_modules or with its own `@pulumi/pulumi` (the newest release, 3.276.0, and the oldest the
 * engine drives, 3.200.0), TypeScript with its own tsconfig or JavaScript with `main:`, gets the
 * same verdict as the same program inside the repository.
 *
 * The SDK versions are devDependency aliases (`pulumi-sdk-newest`, `pulumi-sdk-oldest`) that
 * `npm ci` installs, linked into the temporary programs' node_modules: installing from the
 * registry inside a test would take a minute per version and fail offline. `@pulumi/aws` 7.48.0,
 * this project's, is also the newest release.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../bin/main";
import { runStacks } from "../check/engine/engine";
import { sdkSupported } from "../check/engine/sdk";

const projectRoot = path.resolve(__dirname, "..");
const fixture = path.join(__dirname, "fixtures", "broken-ttl");
const pack = path.join(__dirname, "fixtures", "..", "..", "policies");

async function verdict(program: string) {
    let stdout = "";
    let stderr = "";
    const code = await main(["--program", program, "--policy-pack", pack, "--format", "json"], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
    });
    if (code === 2) {
        return { code, stderr };
    }
    const doc = JSON.parse(stdout);
    return {
        code,
        summary: doc.summary,
        // Where each resource is built differs between a program's JS and TS copies; not the verdict.
        violations: doc.stacks.map((s: { violations: Record<string, unknown>[] }) =>
            s.violations.map(({ source: _source, ...v }) => v),
        ),
        resources: doc.stacks.map((s: { resources: { urn: string }[] }) =>
            s.resources.map((r) => r.urn),
        ),
    };
}

/** A copy of the fixture in a fresh temporary folder, with `modules` linked into node_modules. */
function outside(name: string, modules: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mrf-${name}-`));
    for (const file of fs.readdirSync(fixture)) {
        fs.copyFileSync(path.join(fixture, file), path.join(dir, file));
    }
    for (const [pkg, target] of Object.entries(modules)) {
        fs.mkdirSync(path.dirname(path.join(dir, "node_modules", pkg)), { recursive: true });
        fs.symlinkSync(target, path.join(dir, "node_modules", pkg), "dir");
    }
    return dir;
}

const sdk = (alias: string) => path.join(projectRoot, "node_modules", alias);
const aws = path.join(projectRoot, "node_modules", "@pulumi", "aws");

describe("a program outside the repository", function () {
    this.timeout(240_000);
    const made: string[] = [];
    let inside: Awaited<ReturnType<typeof verdict>>;

    before(async () => {
        inside = await verdict(fixture);
        assert.strictEqual(inside.code, 1);
    });
    after(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

    const cases: [string, Record<string, string>, string][] = [
        ["no node_modules", {}, "3.248.0"],
        [
            "the newest @pulumi/pulumi and @pulumi/aws",
            { "@pulumi/pulumi": sdk("pulumi-sdk-newest"), "@pulumi/aws": aws },
            "3.276.0",
        ],
        [
            "the oldest @pulumi/pulumi driven",
            { "@pulumi/pulumi": sdk("pulumi-sdk-oldest") },
            "3.200.0",
        ],
    ];
    for (const [name, modules, version] of cases) {
        it(`same verdict as inside the repository: ${name} (SDK ${version})`, async () => {
            const dir = outside(name.replace(/\W+/g, "-"), modules);
            made.push(dir);
            assert.deepStrictEqual(await verdict(dir), inside);
            const [record] = await runStacks({ projectDir: dir });
            assert.strictEqual(record.sdkVersion, version);
            assert.deepStrictEqual(record.resources[1].source, { file: "index.ts", line: 13 });
        });
    }

    it("same verdict for JavaScript with main: and for TypeScript with its own tsconfig", async () => {
        const js = outside("js");
        made.push(js);
        fs.mkdirSync(path.join(js, "app"));
        const source = fs.readFileSync(path.join(fixture, "index.ts"), "utf8");
        fs.writeFileSync(
            path.join(js, "app", "index.js"),
            source
                .replace(
                    'import * as aws from "@pulumi/aws";',
                    'const aws = require("@pulumi/aws");',
                )
                .replace("export = async", "module.exports = async"),
        );
        fs.rmSync(path.join(js, "index.ts"));
        fs.appendFileSync(path.join(js, "Pulumi.yaml"), "main: app/\n");
        const ts = outside("tsconfig");
        made.push(ts);
        fs.writeFileSync(
            path.join(ts, "tsconfig.json"),
            // An ES module target: the engine still loads it as CommonJS, as ts-node would.
            '{ "compilerOptions": { "target": "ES2017", "module": "ESNext", "strict": true } }\n',
        );
        assert.deepStrictEqual(await verdict(js), inside);
        assert.deepStrictEqual(await verdict(ts), inside);
    });

    it("a component class in a folder without tsconfig.json or node_modules constructs", async () => {
        // TypeScript's default target (ES5) would compile the class to a function, which cannot
        // call the SDK's ES2015 ComponentResource constructor.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-bare-class-"));
        made.push(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bare\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n    aws:region: us-east-1\n");
        fs.writeFileSync(
            path.join(dir, "index.ts"),
            [
                'import * as pulumi from "@pulumi/pulumi";',
                'import * as aws from "@pulumi/aws";',
                "class Widget extends pulumi.ComponentResource {",
                "    constructor(name: string) {",
                '        super("acme:index:Widget", name);',
                "        new aws.sqs.Queue(`${name}-q`, { sqsManagedSseEnabled: true }, { parent: this });",
                "        this.registerOutputs();",
                "    }",
                "}",
                'new Widget("w");',
                "",
            ].join("\n"),
        );
        const [record] = await runStacks({ projectDir: dir });
        assert.deepStrictEqual(
            record.resources.map((r) => r.urn),
            [
                "urn:pulumi:dev::bare::acme:index:Widget::w",
                "urn:pulumi:dev::bare::acme:index:Widget$aws:sqs/queue:Queue::w-q",
            ],
        );
    });

    it("exit 2 naming an SDK the engine cannot drive", async () => {
        const dir = outside("old-sdk");
        made.push(dir);
        const fake = path.join(dir, "node_modules", "@pulumi", "pulumi");
        fs.mkdirSync(fake, { recursive: true });
        fs.writeFileSync(
            path.join(fake, "package.json"),
            '{ "name": "@pulumi/pulumi", "version": "2.25.2" }\n',
        );
        assert.deepStrictEqual(await verdict(dir), {
            code: 2,
            stderr: `error: stack dev: @pulumi/pulumi 2.25.2 at ${fs.realpathSync(fake)} cannot be driven by the offline engine; it drives >=3.200.0 <4. Upgrade it: npm install --save-dev "@pulumi/pulumi@>=3.200.0 <4"\n`,
        });
    });
});

describe("sdkSupported", () => {
    const cases: [string, boolean][] = [
        ["3.200.0", true],
        ["3.248.0", true],
        ["3.276.0", true],
        ["3.199.9", false],
        ["2.25.2", false],
        ["4.0.0", false],
        ["not-a-version", false],
    ];
    for (const [version, supported] of cases) {
        it(`${version}: ${supported ? "driven" : "refused"}`, () => {
            assert.strictEqual(sdkSupported(version), supported);
        });
    }
});
