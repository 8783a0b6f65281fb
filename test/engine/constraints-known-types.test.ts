/**
 * check/engine/constraints/known-types.ts (issue #30: its mutants had no fast test): a custom
 * resource's type is known when the installed provider SDK defines it, declared in the
 * program's package.json, or the engine's own; otherwise the message says which and how to
 * declare it. The program folders are temporary folders with a package.json (no process starts).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkConstraints } from "../../check/engine/constraints";
import { declaredTypes, unknownTypeProblems } from "../../check/engine/constraints/known-types";
import { recorded } from "../helpers/recorded";

const awsVersion = (
    JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8")) as {
        version: string;
    }
).version;

describe("AWS input constraints: known resource types", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "known-types-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const declare = (type: string) =>
        `if the type is right, declare it in ${path.join(dir, "package.json")} as "multi-region-failover": {"resourceTypes": [${JSON.stringify(type)}]}`;
    const problems = (type: string, declared: string[] = [], custom = true) =>
        unknownTypeProblems(recorded(type, "r", {}, { custom }), dir, declared);

    it("knows a type the installed provider SDK defines", () => {
        assert.deepStrictEqual(problems("aws:s3/bucket:Bucket"), []);
        assert.deepStrictEqual(problems("aws:route53/record:Record"), []);
    });
    it("knows an index type by its camel-cased file (docker-build:index:Image)", () =>
        assert.deepStrictEqual(problems("docker-build:index:Image"), []));
    it("refuses a misspelt type of an installed SDK, naming its version", () =>
        assert.deepStrictEqual(problems("aws:s3/bucket:Buckets"), [
            `unknown resource type: @pulumi/aws ${awsVersion} has no such resource, so pulumi up would fail; check the token, or ${declare("aws:s3/bucket:Buckets")}`,
        ]));
    it("refuses a type whose module file does not exist", () =>
        assert.deepStrictEqual(problems("aws:nosuch/widget:Widget"), [
            `unknown resource type: @pulumi/aws ${awsVersion} has no such resource, so pulumi up would fail; check the token, or ${declare("aws:nosuch/widget:Widget")}`,
        ]));
    it("refuses a token without a module", () =>
        assert.deepStrictEqual(problems("aws"), [
            `unknown resource type: @pulumi/aws ${awsVersion} has no such resource, so pulumi up would fail; check the token, or ${declare("aws")}`,
        ]));
    it("refuses a type of a provider whose SDK is not installed", () =>
        assert.deepStrictEqual(problems("mycloud:index/widget:Widget"), [
            `unknown resource type: no @pulumi/mycloud is installed for the program, so the check cannot tell whether pulumi up would accept it; ${declare("mycloud:index/widget:Widget")}`,
        ]));
    it("accepts a declared type, and only the declared one", () => {
        assert.deepStrictEqual(
            problems("mycloud:index/widget:Widget", ["mycloud:index/widget:Widget"]),
            [],
        );
        assert.strictEqual(
            problems("mycloud:index/gadget:Gadget", ["mycloud:index/widget:Widget"]).length,
            1,
        );
    });
    it("never checks components, the engine's types or dynamic providers", () => {
        assert.deepStrictEqual(problems("mycloud:index/widget:Widget", [], false), []);
        assert.deepStrictEqual(problems("pulumi:providers:mycloud"), []);
        assert.deepStrictEqual(problems("pulumi-nodejs:dynamic:Resource"), []);
    });

    describe("a provider SDK installed for the program itself", () => {
        /**
         * A fresh program folder per test with its own @pulumi/mycloud 1.2.3: the lookups are
         * cached per folder and file, so each test reads the files again.
         */
        function program(files: Record<string, string>): string {
            const root = fs.mkdtempSync(path.join(os.tmpdir(), "known-types-sdk-"));
            const sdk = path.join(root, "node_modules", "@pulumi", "mycloud");
            for (const [file, text] of Object.entries({
                "package.json": JSON.stringify({ name: "@pulumi/mycloud", version: "1.2.3" }),
                ...files,
            })) {
                fs.mkdirSync(path.dirname(path.join(sdk, file)), { recursive: true });
                fs.writeFileSync(path.join(sdk, file), text);
            }
            return root;
        }
        const roots: string[] = [];
        afterEach(() => {
            for (const root of roots.splice(0)) {
                fs.rmSync(root, { recursive: true, force: true });
            }
        });
        const check = (type: string, files: Record<string, string>) => {
            const root = program(files);
            roots.push(root);
            return {
                found: unknownTypeProblems(recorded(type, "r", {}), root, []),
                declare: `if the type is right, declare it in ${path.join(root, "package.json")} as "multi-region-failover": {"resourceTypes": [${JSON.stringify(type)}]}`,
            };
        };

        it("knows a type its module file names in single quotes", () =>
            assert.deepStrictEqual(
                check("mycloud:index/widget:Widget", {
                    "widget.js": "Widget.__pulumiType = 'mycloud:index/widget:Widget';",
                }).found,
                [],
            ));
        it("knows a type its module file names in double quotes", () =>
            assert.deepStrictEqual(
                check("mycloud:storage/bucket:Bucket", {
                    "storage/bucket.js": 'Bucket.__pulumiType = "mycloud:storage/bucket:Bucket";',
                }).found,
                [],
            ));
        it("knows an index type by its camel-cased file", () =>
            assert.deepStrictEqual(
                check("mycloud:index:Gadget", {
                    "gadget.js": "Gadget.__pulumiType = 'mycloud:index:Gadget';",
                }).found,
                [],
            ));
        it("refuses a type its module file does not name, with the SDK's version", () => {
            const { found, declare } = check("mycloud:storage/bucket:Bucket", {
                "storage/bucket.js": "Other.__pulumiType = 'mycloud:storage/bucket:Other';",
            });
            assert.deepStrictEqual(found, [
                `unknown resource type: @pulumi/mycloud 1.2.3 has no such resource, so pulumi up would fail; check the token, or ${declare}`,
            ]);
        });
        it("refuses a type whose module file is missing", () => {
            const { found, declare } = check("mycloud:storage/queue:Queue", {});
            assert.deepStrictEqual(found, [
                `unknown resource type: @pulumi/mycloud 1.2.3 has no such resource, so pulumi up would fail; check the token, or ${declare}`,
            ]);
        });
    });

    describe("declaredTypes", () => {
        const write = (content: string) =>
            fs.writeFileSync(path.join(dir, "package.json"), content);
        afterEach(() => fs.rmSync(path.join(dir, "package.json"), { force: true }));

        it("reads the string entries of multi-region-failover.resourceTypes", () => {
            write(
                JSON.stringify({
                    "multi-region-failover": { resourceTypes: ["a:b:C", 5, "d:e:F"] },
                }),
            );
            assert.deepStrictEqual(declaredTypes(dir), ["a:b:C", "d:e:F"]);
        });
        it("is empty without a package.json, without the key, with a non-list or bad JSON", () => {
            assert.deepStrictEqual(declaredTypes(dir), []);
            write(JSON.stringify({ name: "p" }));
            assert.deepStrictEqual(declaredTypes(dir), []);
            write(JSON.stringify({ "multi-region-failover": { resourceTypes: "a:b:C" } }));
            assert.deepStrictEqual(declaredTypes(dir), []);
            write("{");
            assert.deepStrictEqual(declaredTypes(dir), []);
        });
        it("lets the check accept what the program declares", () => {
            const widget = recorded("mycloud:index/widget:Widget", "w", {});
            assert.deepStrictEqual(
                checkConstraints([widget], [widget], dir).map((v) => v.message),
                [
                    `unknown resource type: no @pulumi/mycloud is installed for the program, so the check cannot tell whether pulumi up would accept it; ${declare("mycloud:index/widget:Widget")}`,
                ],
            );
            write(
                JSON.stringify({
                    "multi-region-failover": { resourceTypes: ["mycloud:index/widget:Widget"] },
                }),
            );
            assert.deepStrictEqual(checkConstraints([widget], [widget], dir), []);
        });
    });
});
