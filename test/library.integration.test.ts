import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.join(__dirname, "..");
const packageJson = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

/** Every component class under components/, found from the sources so a new one cannot be missed. */
function componentClasses(): string[] {
    const names: string[] = [];
    for (const area of ["region", "data", "routing"]) {
        const dir = path.join(root, "components", area);
        for (const file of fs.readdirSync(dir)) {
            const text = fs.readFileSync(path.join(dir, file), "utf8");
            for (const m of text.matchAll(
                /^export class (\w+) extends pulumi\.ComponentResource/gm,
            )) {
                names.push(m[1]);
            }
        }
    }
    return names.sort();
}

describe("components as a library", function () {
    // A full tsc build of components/.
    this.timeout(180_000);

    let outDir: string;
    let declarations: string;
    before(() => {
        outDir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-library-"));
        execFileSync(
            process.execPath,
            [
                path.join(root, "node_modules", "typescript", "bin", "tsc"),
                "-p",
                path.join(root, "tsconfig.build.json"),
                "--outDir",
                outDir,
            ],
            { cwd: root, stdio: "pipe" },
        );
        declarations = path.join(outDir, "components", "index.d.ts");
    });
    after(() => fs.rmSync(outDir, { recursive: true, force: true }));

    it("exports ./components as the built JS and its declarations, and keeps main on the program", () => {
        assert.deepStrictEqual(packageJson.exports["./components"], {
            types: "./dist/components/index.d.ts",
            default: "./dist/components/index.js",
        });
        assert.deepStrictEqual(packageJson.exports["./policies"], {
            types: "./dist/policies/index.d.ts",
            default: "./dist/policies/index.js",
        });
        assert.deepStrictEqual(packageJson.typesVersions, {
            "*": {
                components: ["./dist/components/index.d.ts"],
                policies: ["./dist/policies/index.d.ts"],
            },
        });
        // The Pulumi nodejs runtime reads `main` when Pulumi.yaml has none.
        assert.strictEqual(packageJson.main, "stacks/index.ts");
        // tsc emits no JSON: the price table the built policies read is copied beside them.
        assert.strictEqual(
            packageJson.scripts.build,
            "tsc -p tsconfig.build.json && node scripts/build-assets.js",
        );
        assert.strictEqual(packageJson.scripts.prepack, "npm run build");
    });

    it("finds the twenty-one components it is meant to export", () => {
        assert.deepStrictEqual(componentClasses(), [
            "ArcRoutingControls",
            "AuroraGlobalDatabase",
            "CloudFrontRouting",
            "DatabaseCredentials",
            "DatabaseNetwork",
            "DnsFailoverRecords",
            "DnsLatencyRecords",
            "DynamoGlobalTable",
            "DynamoTableReplica",
            "EdgeGate",
            "GlobalAcceleratorRouting",
            "GlobalRouting",
            "MultiRegionKey",
            "RdsCrossRegionReplica",
            "RdsWriterRecords",
            "RegionHealthChecks",
            "RegionSwitchPlan",
            "RegionalApplication",
            "S3ReplicatedBucket",
            "S3Replication",
            "SecretsEndpoint",
        ]);
    });

    it("emits JS and declarations for the entry and every module it re-exports", () => {
        const entry = fs.readFileSync(declarations, "utf8");
        const modules = [...entry.matchAll(/export \* from "(\.\/[\w/]+)";/g)].map((m) => m[1]);
        assert.strictEqual(modules.length, 27);
        for (const mod of modules) {
            for (const ext of [".js", ".d.ts"]) {
                const file = path.join(outDir, "components", mod + ext);
                assert.ok(fs.existsSync(file), `missing ${file}`);
            }
        }
        // The routing and MRSC rules read AWS facts from the pack's shared library.
        assert.ok(fs.existsSync(path.join(outDir, "policies", "lib", "aws-limits.d.ts")));
    });

    it("declares every component class and its Args type, and the capacity function", () => {
        const entry = fs.readFileSync(declarations, "utf8");
        const declared = new Set<string>();
        for (const mod of [...entry.matchAll(/export \* from "(\.\/[\w/]+)";/g)].map((m) => m[1])) {
            const text = fs.readFileSync(path.join(outDir, "components", mod + ".d.ts"), "utf8");
            for (const m of text.matchAll(
                /^export (?:declare )?(?:class|interface|type|function|const) (\w+)/gm,
            )) {
                declared.add(m[1]);
            }
        }
        for (const component of componentClasses()) {
            assert.ok(declared.has(component), `${component} is not exported`);
            assert.ok(declared.has(`${component}Args`), `${component}Args is not exported`);
        }
        for (const name of ["capacityFor", "Capacity", "CapacityInputs", "networkPlan"]) {
            assert.ok(declared.has(name), `${name} is not exported`);
        }
    });

    it("loads from the built JS with the component classes as constructors", () => {
        // The built files resolve @pulumi/* the way an installed package would: from node_modules.
        fs.symlinkSync(path.join(root, "node_modules"), path.join(outDir, "node_modules"), "dir");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const lib = require(path.join(outDir, "components", "index.js"));
        for (const component of componentClasses()) {
            assert.strictEqual(typeof lib[component], "function", component);
        }
        assert.deepStrictEqual(
            lib.capacityFor("active-active", "secondary", {
                desiredCount: 4,
                maxCount: 8,
                standbyPercent: 50,
                pilotLightCount: 1,
                azCount: 2,
            }),
            {
                desiredCount: 4,
                minCount: 4,
                maxCount: 8,
                fullCapacity: 4,
                servesTraffic: true,
                readyForTraffic: true,
            },
        );
    });
});
