import * as assert from "assert";
import { rdsReplicaFinalSnapshot } from "../../policies/policies";
import { FixtureResource, runStackPolicy, withChange } from "./harness";

const doc = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html";

/** A compliant cross-region replica, as the project builds it. */
const replica: FixtureResource = {
    type: "aws:rds/instance:Instance",
    name: "rds-us-west-2",
    props: {
        replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:rds-us-east-1",
        instanceClass: "db.m6g.large",
        skipFinalSnapshot: true,
    },
    providerProps: { region: "us-west-2" },
};

describe("rds-replica-final-snapshot (issue 25, item 9: a finding at delete time, not a refusal)", () => {
    it("is advisory", () =>
        assert.strictEqual(rdsReplicaFinalSnapshot.enforcementLevel, "advisory"));

    it("passes a replica that skips the final snapshot", async () =>
        assert.deepStrictEqual(
            (await runStackPolicy(rdsReplicaFinalSnapshot, [replica])).violations,
            [],
        ));

    const changes: [string, string, unknown, string][] = [
        ["skipFinalSnapshot false", "props.skipFinalSnapshot", false, "skipFinalSnapshot is false"],
        [
            "skipFinalSnapshot unset",
            "props.skipFinalSnapshot",
            undefined,
            "skipFinalSnapshot is false",
        ],
        [
            "a finalSnapshotIdentifier",
            "props.finalSnapshotIdentifier",
            "replica-final",
            'skipFinalSnapshot is true and finalSnapshotIdentifier is "replica-final"',
        ],
    ];
    for (const [label, path, value, trap] of changes) {
        it(`reports ${label}, saying what happens at delete`, async () => {
            const outcome = await runStackPolicy(rdsReplicaFinalSnapshot, [
                withChange(replica, path, value),
            ]);
            assert.deepStrictEqual(outcome.violations, [
                `Set skipFinalSnapshot true and no finalSnapshotIdentifier on read replica "rds-us-west-2": it deploys and runs, but ${trap}, and AWS takes no final snapshot of a read replica, so deleting it (destroy, replacement, retiring its Region) will fail until both are changed (${doc}).`,
            ]);
        });
    }

    it("does not judge a source instance's final snapshot", async () =>
        assert.deepStrictEqual(
            (
                await runStackPolicy(rdsReplicaFinalSnapshot, [
                    withChange(
                        withChange(replica, "props.replicateSourceDb", undefined),
                        "props.skipFinalSnapshot",
                        false,
                    ),
                ])
            ).violations,
            [],
        ));
});
