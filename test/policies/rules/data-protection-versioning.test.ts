/**
 * data-protection's bucket versioning and rds-replica-final-snapshot's applicability (issue #30:
 * mutation testing left how versioning is found, and what the replica rule applies to, without
 * a test that fails): versioning inline or by a BucketVersioning naming the bucket by name, id
 * or ARN, or depending on it, with status Enabled; exact messages.
 */
import * as assert from "assert";
import { dataProtection, rdsReplicaFinalSnapshot } from "../../../policies/policies";
import { FixtureResource, runStackPolicy, unknownString } from "../harness";

const east = { region: "us-east-1" };

const bucket = (extra: Record<string, unknown> = {}): FixtureResource => ({
    type: "aws:s3/bucket:Bucket",
    name: "assets",
    props: { bucket: "assets-name", id: "assets-id", arn: "arn:aws:s3:::assets-arn", ...extra },
    providerProps: east,
});
const versioning = (
    target: string,
    status = "Enabled",
    type = "aws:s3/bucketVersioning:BucketVersioning",
): FixtureResource => ({
    type,
    name: "v",
    props: { bucket: target, versioningConfiguration: { status } },
    providerProps: east,
});
const unversioned =
    'Enable versioning on S3 bucket "assets" with an aws.s3.BucketVersioning whose status is Enabled: without it an overwrite or delete destroys the only copy, and S3 replication requires it.';

const run = (resources: FixtureResource[]) => runStackPolicy(dataProtection, resources);

describe("data-protection: how a bucket's versioning is found", () => {
    it("a BucketVersioning naming the bucket by name, id or ARN, either type", async () => {
        for (const name of ["assets-name", "assets-id", "arn:aws:s3:::assets-arn"]) {
            assert.deepStrictEqual((await run([bucket(), versioning(name)])).violations, [], name);
        }
        assert.deepStrictEqual(
            (
                await run([
                    bucket(),
                    versioning(
                        "assets-name",
                        "Enabled",
                        "aws:s3/bucketVersioningV2:BucketVersioningV2",
                    ),
                ])
            ).violations,
            [],
        );
    });

    it("another bucket's, a suspended one, or another type naming the bucket: not versioned", async () => {
        for (const other of [
            versioning("other"),
            versioning("assets-name", "Suspended"),
            { ...versioning("assets-name"), type: "aws:s3/bucketPolicy:BucketPolicy" },
        ]) {
            assert.deepStrictEqual(
                (await run([bucket(), other])).violations,
                [unversioned],
                JSON.stringify(other),
            );
        }
    });

    it("a BucketVersioning that depends on the bucket, whatever its bucket value", async () => {
        const dependent = {
            ...versioning("computed"),
            propertyDependencies: { bucket: ["assets"] },
        };
        assert.deepStrictEqual((await run([bucket(), dependent])).violations, []);
        const onOther = { ...versioning("computed"), propertyDependencies: { bucket: ["other"] } };
        const other: FixtureResource = {
            ...bucket(),
            name: "other",
            props: { bucket: "o", versioning: { enabled: true } },
        };
        assert.deepStrictEqual((await run([bucket(), onOther, other])).violations, [unversioned]);
    });

    it("inline versioning enabled or not", async () => {
        assert.deepStrictEqual(
            (await run([bucket({ versioning: { enabled: true } })])).violations,
            [],
        );
        assert.deepStrictEqual(
            (await run([bucket({ versioning: { enabled: false } })])).violations,
            [unversioned],
        );
    });

    it("a bucket without a name, id or ARN is not matched by a versioning of an empty name", async () =>
        assert.deepStrictEqual(
            (await run([{ ...bucket(), props: {} }, versioning("")])).violations,
            [unversioned],
        ));
});

describe("rds-replica-final-snapshot: what it applies to", () => {
    const instance = (
        props: Record<string, unknown>,
        type = "aws:rds/instance:Instance",
    ): FixtureResource => ({
        type,
        name: "db",
        props,
        providerProps: east,
    });
    it("no RDS instance: not applicable, said so", async () => {
        const outcome = await runStackPolicy(rdsReplicaFinalSnapshot, [
            instance(
                { replicateSourceDb: "src", skipFinalSnapshot: false },
                "aws:rds/cluster:Cluster",
            ),
        ]);
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.notApplicable, "the stack has no RDS instances");
    });
    it("an RDS instance: applicable", async () =>
        assert.strictEqual(
            (
                await runStackPolicy(rdsReplicaFinalSnapshot, [
                    instance({ skipFinalSnapshot: false }),
                ])
            ).notApplicable,
            undefined,
        ));
    it("a replica whose snapshot setting is unknown raises the SDK's unknown error", async () =>
        assert.rejects(
            runStackPolicy(rdsReplicaFinalSnapshot, [
                instance({ replicateSourceDb: "src", skipFinalSnapshot: unknownString }),
            ]),
            /can't be known during preview/,
        ));
});
