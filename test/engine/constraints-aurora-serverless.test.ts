import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

const requirementsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html";
const scalingDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html";

function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

/** A cluster that passes every other rule (no global cluster, final snapshot named). */
function cluster(name: string, id: string, scaling?: Record<string, unknown>) {
    return recorded(
        "aws:rds/cluster:Cluster",
        name,
        {
            engine: "aurora-postgresql",
            engineVersion: "16.6",
            backupRetentionPeriod: 7,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: `${name}-final`,
            ...(scaling ? { serverlessv2ScalingConfiguration: scaling } : {}),
        },
        { outputs: { id } },
    );
}

function instance(clusterId: string, instanceClass: string) {
    return recorded("aws:rds/clusterInstance:ClusterInstance", `${clusterId}-1`, {
        clusterIdentifier: clusterId,
        engine: "aurora-postgresql",
        instanceClass,
    });
}

describe("AWS input constraints for Aurora Serverless v2", () => {
    const withRange = cluster("aurora-us-east-1", "c-1", { minCapacity: 0.5, maxCapacity: 16 });
    const without = cluster("aurora-us-west-2", "c-2");

    it("accepts a db.serverless instance in a cluster with a capacity range", () =>
        assert.deepStrictEqual(problems(instance("c-1", "db.serverless"), [withRange]), []));
    it("accepts a provisioned instance in a cluster without one", () =>
        assert.deepStrictEqual(problems(instance("c-2", "db.r6g.large"), [without]), []));
    it("rejects a db.serverless instance in a cluster without a capacity range", () =>
        assert.deepStrictEqual(problems(instance("c-2", "db.serverless"), [without]), [
            `rule aurora-serverless-capacity: instanceClass "db.serverless" needs its cluster "aurora-us-west-2" to have serverlessv2ScalingConfiguration (a capacity range); it has none (${requirementsDoc})`,
        ]));
    it("accepts the documented extremes: 0 to 256 ACUs, and a maximum of 1", () => {
        assert.deepStrictEqual(
            problems(cluster("a", "a", { minCapacity: 0, maxCapacity: 256 })),
            [],
        );
        assert.deepStrictEqual(problems(cluster("b", "b", { minCapacity: 1, maxCapacity: 1 })), []);
    });

    const rejected: [Record<string, unknown>, string[]][] = [
        [
            { minCapacity: -0.5, maxCapacity: 16 },
            [`minCapacity -0.5 must be 0 to 256 ACUs in steps of 0.5 (${scalingDoc})`],
        ],
        [
            { minCapacity: 0.75, maxCapacity: 16 },
            [`minCapacity 0.75 must be 0 to 256 ACUs in steps of 0.5 (${scalingDoc})`],
        ],
        [
            { minCapacity: 0.5, maxCapacity: 0.5 },
            [`maxCapacity 0.5 must be 1 to 256 ACUs in steps of 0.5 (${scalingDoc})`],
        ],
        [
            { minCapacity: 0.5, maxCapacity: 256.5 },
            [`maxCapacity 256.5 must be 1 to 256 ACUs in steps of 0.5 (${scalingDoc})`],
        ],
        [
            { maxCapacity: 16 },
            [`minCapacity null must be 0 to 256 ACUs in steps of 0.5 (${scalingDoc})`],
        ],
        [
            { minCapacity: 32, maxCapacity: 16 },
            [`minCapacity 32 is above maxCapacity 16 (${scalingDoc})`],
        ],
    ];
    for (const [scaling, expected] of rejected) {
        it(`rejects the capacity range ${JSON.stringify(scaling)}`, () =>
            assert.deepStrictEqual(
                problems(cluster("c", "c", scaling)),
                expected.map(
                    (p) => `rule aurora-serverless-capacity: serverlessv2ScalingConfiguration.${p}`,
                ),
            ));
    }
});
