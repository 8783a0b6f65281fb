/**
 * The pack's one table of stateful and compute types (policies/lib/catalog.ts): every row
 * drives the replication, protection and coverage policies alike, and docs show it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { bucketUseTable } from "../../policies/lib/app-data";
import {
    computeTable,
    computeTypes,
    isUnjudgedCompute,
    isUnjudgedStore,
    metadataTypes,
    storeTable,
} from "../../policies/lib/catalog";
import { storeKindOf } from "../../policies/lib/replication";
import { replicaHints } from "../../policies/rules/compute-requires-data-replication";

const docs = fs.readFileSync(path.resolve(__dirname, "../../docs/policy-pack.md"), "utf8");

describe("catalog: one table per kind of type", () => {
    for (const row of storeTable) {
        it(`${row.type}: replication, protection and coverage agree`, () => {
            assert.strictEqual(storeKindOf(row.type), row.kind);
            if (row.kind) {
                assert.ok(replicaHints[row.kind].length > 0);
                assert.strictEqual(isUnjudgedStore(row.type), false);
            } else {
                assert.strictEqual(isUnjudgedStore(row.type), true);
            }
            const rule = row.protection;
            assert.ok("none" in rule ? rule.none.length > 0 : Object.keys(rule).length > 0);
            assert.ok(
                docs.includes(`\`${row.type}\``),
                `docs/policy-pack.md does not list ${row.type}`,
            );
        });
    }

    it("compute rows that serve count as compute; the others reach analysis-coverage", () => {
        for (const row of computeTable) {
            assert.strictEqual(computeTypes.includes(row.type), row.serves === true, row.type);
            assert.strictEqual(isUnjudgedCompute(row.type), row.serves !== true, row.type);
            assert.ok(
                docs.includes(`\`${row.type}\``),
                `docs/policy-pack.md does not list ${row.type}`,
            );
        }
        assert.ok(computeTypes.includes("aws:sfn/stateMachine:StateMachine"));
    });

    it("metadata types and a type the table does not list", () => {
        for (const { type } of metadataTypes) {
            assert.strictEqual(isUnjudgedStore(type), false, type);
        }
        assert.strictEqual(isUnjudgedStore("aws:fsx/lustreFileSystem:LustreFileSystem"), true);
        assert.strictEqual(isUnjudgedStore("aws:route53/record:Record"), false);
        assert.strictEqual(isUnjudgedCompute("aws:sfn/activity:Activity"), false);
    });

    it("docs show every row of the bucket-use table", () => {
        for (const use of bucketUseTable) {
            assert.ok(
                docs.includes(`\`${use.type}\``) && docs.includes(`\`${use.via}\``),
                `docs/policy-pack.md does not show ${use.type} ${use.via}`,
            );
        }
    });
});
