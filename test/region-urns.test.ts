import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { defaultStackUrns } from "./helpers/urns";

const baselineFile = path.join(__dirname, "fixtures", "urns", "before.json");

describe("URNs of the default stacks", () => {
    // Recorded from main before RegionalApplication was split into parts (test/helpers/urns.ts).
    const before: string[] = JSON.parse(fs.readFileSync(baselineFile, "utf8"));

    it("the baseline covers the regional application's resources in both regions", () => {
        for (const stack of ["primary", "secondary"]) {
            const children = before.filter((urn) =>
                urn.startsWith(
                    `urn:pulumi:${stack}::multi-region-failover::multi-region-failover:region:RegionalApplication$`,
                ),
            );
            assert.strictEqual(children.length, 39, stack);
        }
    });

    // The regional application's URNs, the ones the split could have changed. Other resources
    // may move on purpose (S3 replication moved from the secondary to the global stack on main).
    const application = before.filter((urn) =>
        urn.includes("::multi-region-failover::multi-region-failover:region:RegionalApplication"),
    );

    it("keeps every URN of the regional application: new resources may appear, none is renamed or re-parented", async () => {
        const after = new Set(await defaultStackUrns());
        assert.strictEqual(application.length, 80);
        assert.deepStrictEqual(
            application.filter((urn) => !after.has(urn)),
            [],
        );
    });
});
