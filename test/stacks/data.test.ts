import * as assert from "assert";
import { parseStackConfig } from "../../stacks/config";
import { dataStoreKinds } from "../../stacks/config/schema";
import { dataStoreTable, primaryMismatches, secretReplicaProblems } from "../../stacks/data";
import { enabledStores, needsCredentials } from "../../stacks/data/stores";

/** The data store table (stacks/data/stores.ts): one row per store kind, in creation order. */
describe("stacks/data: the store table", () => {
    it("has a row for every kind `data.stores` accepts, in the config's order", () => {
        assert.deepStrictEqual(Object.keys(dataStoreTable), [...dataStoreKinds]);
    });

    it("runs the enabled stores in the table's order, whatever the config's order", () => {
        assert.deepStrictEqual(enabledStores(["s3", "aurora", "dynamodb"]), [
            "aurora",
            "dynamodb",
            "s3",
        ]);
        assert.deepStrictEqual(enabledStores([]), []);
    });

    it("keeps database credentials for Aurora and RDS only", () => {
        assert.deepStrictEqual(
            dataStoreKinds.filter((kind) => dataStoreTable[kind].credentials),
            ["aurora", "rds"],
        );
        assert.strictEqual(needsCredentials(["dynamodb", "s3"]), false);
        assert.strictEqual(needsCredentials(["s3", "rds"]), true);
    });

    const secondary = (data: Record<string, unknown>) =>
        parseStackConfig({
            "aws:region": "us-west-2",
            "multi-region-failover:role": "secondary",
            "multi-region-failover:data": JSON.stringify(data),
        });

    it("asks only the enabled stores for mismatches: RDS's engine is compared when RDS is on", () => {
        const source = {
            region: "us-east-1",
            kmsKeyArn: "k",
            rds: { sourceArn: "s", engine: "mysql", engineVersion: "8.0.40" },
        };
        assert.deepStrictEqual(primaryMismatches(secondary({ stores: ["s3"] }), source), []);
        assert.deepStrictEqual(primaryMismatches(secondary({ stores: ["rds"] }), source), [
            'data.rdsEngine: "postgres" differs from the primary\'s "mysql"; a replica must use the primary\'s rdsEngine',
        ]);
    });

    it("requires the credentials' replica in this region only when a store keeps credentials", () => {
        const source = { region: "us-east-1", kmsKeyArn: "k", secretReplicaRegions: ["eu-west-1"] };
        assert.deepStrictEqual(
            secretReplicaProblems(secondary({ stores: ["dynamodb"] }), source),
            [],
        );
        assert.deepStrictEqual(secretReplicaProblems(secondary({ stores: ["aurora"] }), source), [
            'data.replicaRegions: the primary organization/multi-region-failover/primary replicates its database credentials to ["eu-west-1"], not to this stack\'s region us-west-2; add us-west-2 to data.replicaRegions on the primary and run `pulumi up` there first',
        ]);
    });
});
