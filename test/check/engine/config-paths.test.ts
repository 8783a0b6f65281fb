/**
 * README: "`--config` paths cannot reach `__proto__`, `constructor` or `prototype` (exit 2)".
 * Each name, as the key and at each depth of a path, is refused with one line naming the
 * override and the part (a ProjectError: exit 2), and nothing reaches Object.prototype.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig, ProjectError, ProjectFile } from "../../../project/project";

describe("--config paths", () => {
    let project: ProjectFile;
    before(() => {
        // A folder without Pulumi.<stack>.yaml: one stack on the project's own config.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mrf-config-paths-"));
        project = {
            dir,
            name: "shop",
            main: dir,
            config: [{ key: "shop:app", value: { port: 80 } }],
        };
    });
    after(() => fs.rmSync(project.dir, { recursive: true, force: true }));

    const overrides: [string, string][] = [];
    for (const part of ["__proto__", "constructor", "prototype"]) {
        overrides.push(
            [`${part}=1`, part],
            [`shop:${part}=1`, part],
            [`app.${part}=1`, part],
            [`app.${part}.polluted=yes`, part],
            [`app.port.${part}=1`, part],
            [`aws:region.${part}.x=1`, part],
        );
    }
    for (const [override, part] of overrides) {
        it(`refuses ${override}`, () => {
            assert.throws(
                () => loadStackConfig(project, "dev", [override]),
                (err: unknown) =>
                    err instanceof ProjectError &&
                    err.message ===
                        `--config ${JSON.stringify(override)}: ${JSON.stringify(part)} is not allowed in a config key or path (it would reach the object prototype); use plain key names`,
            );
            assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
        });
    }

    it("accepts plain names that merely contain a refused one", () => {
        const config = loadStackConfig(project, "dev", [
            "app.prototypeCount=2",
            "app.constructorName=x",
        ]);
        assert.deepStrictEqual(JSON.parse(config.values["shop:app"]), {
            port: 80,
            prototypeCount: 2,
            constructorName: "x",
        });
    });
});
