import * as assert from "assert";
import { StackRecord } from "../check/engine/types";
import { resourceNamed, resourcesOf, runProject, stackOf } from "./helpers/engine";

const cluster = "aws:rds/cluster:Cluster";
const clusterInstance = "aws:rds/clusterInstance:ClusterInstance";

describe("Aurora Serverless v2 in the project (data.auroraInstanceClass db.serverless)", () => {
    let records: StackRecord[];
    before(async () => {
        // The engine refuses a db.serverless instance whose cluster has no capacity range, so
        // this run passing is itself the check that both regions' clusters have one.
        records = await runProject({
            stacks: ["primary", "secondary"],
            overrides: [
                'data.stores=["aurora"]',
                "data.auroraInstanceClass=db.serverless",
                "data.auroraMinCapacity=2",
                "data.auroraMaxCapacity=32",
            ],
        });
    });

    for (const [stack, region] of [
        ["primary", "us-east-1"],
        ["secondary", "us-west-2"],
    ]) {
        it(`${stack}: the cluster has the configured capacity range, every instance is db.serverless`, () => {
            const record = stackOf(records, stack);
            assert.deepStrictEqual(
                resourceNamed(record, cluster, `aurora-${region}`).inputs
                    .serverlessv2ScalingConfiguration,
                { minCapacity: 2, maxCapacity: 32 },
            );
            assert.deepStrictEqual(
                resourcesOf(record, clusterInstance).map((i) => [i.name, i.inputs.instanceClass]),
                [
                    [`aurora-${region}-1`, "db.serverless"],
                    [`aurora-${region}-2`, "db.serverless"],
                ],
            );
        });
    }
});
