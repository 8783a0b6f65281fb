/**
 * A config rule that only the whole project can judge, end to end through `npm start` as an
 * operator runs it (issue 29, item 6): the primary replicates its database credentials to a
 * region no listed secondary stack runs in. The global stack refuses it, exit 2, one line naming
 * the key and the region, and the report still says so.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.join(__dirname, "..");

describe("npm start with credential replicas in a region without a stack", function () {
    this.timeout(300_000);

    it("exits 2 with one error line naming data.replicaRegions and the region", () => {
        const run = spawnSync(
            "npm",
            [
                "start",
                "-s",
                "--",
                "--config",
                'data.stores=["aurora","s3"]',
                "--config",
                'data.replicaRegions=["us-west-2","eu-west-1"]',
            ],
            { cwd: root, encoding: "utf8", timeout: 280_000 },
        );
        assert.strictEqual(run.status, 2, run.stderr);
        assert.strictEqual(
            run.stderr,
            'error: stack global: data.replicaRegions: the primary replicates its database credentials to "eu-west-1", where no listed secondary stack runs (secondaries: "us-west-2"); remove it from data.replicaRegions on the primary, or list the stack in regionalStacks\n',
        );
        assert.match(run.stdout, /^ERROR: 1 problem the deployment would fail on;/);
        assert.match(
            run.stdout,
            /^ {2}- global: the program: data\.replicaRegions: the primary replicates its database credentials to$/m,
        );
    });
});
