import * as assert from "assert";
import { isRegionalEvidence } from "../../policies/lib/evidence";
import { GraphResource, replicationGraph } from "../../policies/lib/replication";

const bucket = (name: string, tags?: Record<string, string>): GraphResource => ({
    type: "aws:s3/bucket:Bucket",
    name,
    urn: `urn:pulumi:test::proj::aws:s3/bucket:Bucket::${name}`,
    props: { bucket: name, region: "us-east-1", ...(tags ? { tags } : {}) },
});

describe("regional evidence buckets", () => {
    it("are recognised by their tag only", () => {
        assert.strictEqual(
            isRegionalEvidence({ "multi-region-failover:replication": "none-regional-evidence" }),
            true,
        );
        assert.strictEqual(
            isRegionalEvidence({ "multi-region-failover:replication": "none" }),
            false,
        );
        assert.strictEqual(isRegionalEvidence(undefined), false);
    });

    it("are not data stores the pack asks to replicate", () => {
        const graph = replicationGraph([
            bucket("orders"),
            bucket("app-us-east-1-access-logs", {
                "multi-region-failover:replication": "none-regional-evidence",
            }),
        ]);
        assert.deepStrictEqual(
            graph.groups.map((g) => g.source.name),
            ["orders"],
        );
    });
});
