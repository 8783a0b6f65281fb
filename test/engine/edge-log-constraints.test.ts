import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import {
    acceleratorAttributesDoc,
    acceleratorFlowLogsDoc,
    cloudfrontLegacyLogsDoc,
    cloudfrontStandardLogsDoc,
} from "../../check/engine/constraints/edgelogs";
import { RecordedResource } from "../../check/engine/types";
import { edgeLogBucketPolicy, edgeLogKeyPolicy } from "../../components/observability/edgeLogs";
import { recorded } from "../helpers/recorded";

const account = "123456789012";
const bucketArn = "arn:aws:s3:::edge-logs";
const keyArn = "arn:aws:kms:us-east-1:123456789012:key/k-1";

/** The edge log bucket as components/observability/edgeLogs.ts builds it, with one field changed. */
function bucketResources(
    change: {
        region?: string;
        ownership?: string;
        bucketPolicy?: Record<string, unknown>;
        keyPolicy?: Record<string, unknown>;
    } = {},
): RecordedResource[] {
    return [
        recorded(
            "aws:s3/bucket:Bucket",
            "edge-logs",
            { bucket: "edge-logs" },
            {
                region: change.region ?? "us-east-1",
                outputs: { bucket: "edge-logs", id: "edge-logs", arn: bucketArn },
            },
        ),
        recorded(
            "aws:kms/key:Key",
            "edge-logs",
            { policy: JSON.stringify(change.keyPolicy ?? edgeLogKeyPolicy(account)) },
            { outputs: { arn: keyArn, id: "k-1" } },
        ),
        recorded(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "edge-logs",
            {
                bucket: "edge-logs",
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: keyArn,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            },
        ),
        recorded("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "edge-logs", {
            bucket: "edge-logs",
            rule: { objectOwnership: change.ownership ?? "BucketOwnerEnforced" },
        }),
        recorded("aws:s3/bucketPolicy:BucketPolicy", "edge-logs", {
            bucket: "edge-logs",
            policy: JSON.stringify(
                change.bucketPolicy ??
                    edgeLogBucketPolicy(bucketArn, account, ["global-accelerator", "cloudfront"]),
            ),
        }),
    ];
}

function problemsOf(resource: RecordedResource, others: RecordedResource[]): string[] {
    const all = [...others, resource];
    return checkConstraints([resource], all).map((v) => v.message);
}

const accelerator = (attributes: Record<string, unknown>) =>
    recorded("aws:globalaccelerator/accelerator:Accelerator", "routing-accelerator", {
        enabled: true,
        ipAddressType: "IPV4",
        attributes,
    });
const flowLogs = {
    flowLogsEnabled: true,
    flowLogsS3Bucket: "edge-logs",
    flowLogsS3Prefix: "global-accelerator",
};

describe("AWS input constraints of the edge's logs", () => {
    describe("Global Accelerator flow logs", () => {
        it("accepts the project's accelerator and edge log bucket", () =>
            assert.deepStrictEqual(problemsOf(accelerator(flowLogs), bucketResources()), []));

        it("accepts flow logs off without a bucket", () =>
            assert.deepStrictEqual(problemsOf(accelerator({ flowLogsEnabled: false }), []), []));

        it("rejects flow logs on without a bucket or prefix", () => {
            assert.deepStrictEqual(problemsOf(accelerator({ flowLogsEnabled: true }), []), [
                `attributes.flowLogsS3Bucket is required when attributes.flowLogsEnabled is true (${acceleratorAttributesDoc})`,
                `attributes.flowLogsS3Prefix is required when attributes.flowLogsEnabled is true (${acceleratorAttributesDoc})`,
            ]);
        });

        it("rejects a managed bucket policy that does not let log delivery write the prefix", () => {
            const onlyCloudFront = edgeLogBucketPolicy(bucketArn, account, ["cloudfront"]);
            assert.deepStrictEqual(
                problemsOf(
                    accelerator(flowLogs),
                    bucketResources({ bucketPolicy: onlyCloudFront }),
                ),
                [
                    `flow log bucket edge-logs's policy edge-logs does not allow delivery.logs.amazonaws.com s3:PutObject under global-accelerator/AWSLogs/<account>/; a bucket policy the program manages replaces the one Global Accelerator would attach, so it must grant it (${acceleratorFlowLogsDoc})`,
                ],
            );
            assert.deepStrictEqual(
                problemsOf(
                    accelerator({ ...flowLogs, flowLogsS3Prefix: "other" }),
                    bucketResources(),
                ).length,
                1,
            );
        });

        it("rejects an SSE-KMS key the log delivery service cannot use", () => {
            const adminOnly = {
                Version: "2012-10-17",
                Statement: [(edgeLogKeyPolicy(account).Statement as unknown[])[0]],
            };
            assert.deepStrictEqual(
                problemsOf(accelerator(flowLogs), bucketResources({ keyPolicy: adminOnly })),
                [
                    `flow log bucket edge-logs is encrypted with KMS key edge-logs, whose key policy does not allow delivery.logs.amazonaws.com kms:GenerateDataKey*, so no log file can be written (${acceleratorFlowLogsDoc})`,
                ],
            );
        });
    });

    describe("CloudFront standard logging (legacy)", () => {
        const distribution = (loggingConfig: Record<string, unknown>) =>
            recorded("aws:cloudfront/distribution:Distribution", "cdn", { loggingConfig });
        const legacy = { bucket: "edge-logs.s3.amazonaws.com", prefix: "cf/" };
        const legacyProblems = (others: RecordedResource[]) =>
            problemsOf(distribution(legacy), others).filter((m) =>
                m.includes("loggingConfig.bucket"),
            );

        it("accepts a bucket with ACLs enabled in a supported region", () =>
            assert.deepStrictEqual(
                legacyProblems(bucketResources({ ownership: "BucketOwnerPreferred" })),
                [],
            ));

        it("rejects a bucket whose Object Ownership disables ACLs", () =>
            assert.deepStrictEqual(legacyProblems(bucketResources()), [
                `loggingConfig.bucket edge-logs has S3 Object Ownership BucketOwnerEnforced, which disables the ACLs standard logging (legacy) needs; use standard logging (v2, aws.cloudwatch.LogDelivery) or ObjectWriter/BucketOwnerPreferred (${cloudfrontLegacyLogsDoc})`,
            ]));

        for (const region of ["af-south-1", "ap-east-1", "eu-south-1", "me-south-1"]) {
            it(`rejects a bucket in ${region}`, () =>
                assert.deepStrictEqual(
                    legacyProblems(bucketResources({ ownership: "ObjectWriter", region })),
                    [
                        `loggingConfig.bucket edge-logs is in ${region}, where CloudFront does not deliver standard logs (legacy); use a bucket in another Region or standard logging (v2) (${cloudfrontLegacyLogsDoc})`,
                    ],
                ));
        }
    });

    describe("CloudFront standard logging (v2)", () => {
        const source = (logType: string) =>
            recorded("aws:cloudwatch/logDeliverySource:LogDeliverySource", "cdn-access-logs", {
                name: "cf-E1",
                logType,
                resourceArn: "arn:aws:cloudfront::123456789012:distribution/E1",
            });
        it("accepts ACCESS_LOGS from a distribution", () =>
            assert.deepStrictEqual(problemsOf(source("ACCESS_LOGS"), []), []));
        it("rejects another log type from a distribution", () =>
            assert.deepStrictEqual(problemsOf(source("APPLICATION_LOGS"), []), [
                `logType "APPLICATION_LOGS" is not a CloudFront log type; a distribution sends ACCESS_LOGS (${cloudfrontStandardLogsDoc})`,
            ]));
    });
});
