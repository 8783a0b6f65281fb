/**
 * How the edge-log rules read policies and find buckets (issue #30: survivors of
 * check/engine/constraints/edgelogs.ts). Hand-built bucket and key policies probe each part of
 * the match: effect, principal, action and resource wildcards (`*`, `?`), single statements,
 * policies as objects or text, buckets and keys named by id; one change per test.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import {
    acceleratorFlowLogsDoc,
    cloudfrontLegacyLogsDoc,
    cloudfrontStandardLogsDoc,
} from "../../check/engine/constraints/edgelogs";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

const bucketArn = "arn:aws:s3:::logs-b";
const delivery = "delivery.logs.amazonaws.com";

function problems(resource: RecordedResource, others: RecordedResource[]): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

const bucket = (region = "us-east-1", type = "aws:s3/bucket:Bucket") =>
    recorded(
        type,
        "logs-b",
        {},
        { region, outputs: { bucket: "logs-b", id: "logs-b-id", arn: bucketArn } },
    );
const statement = (change: Record<string, unknown> = {}) => ({
    Effect: "Allow",
    Principal: { Service: delivery },
    Action: "s3:PutObject",
    Resource: `${bucketArn}/ga/AWSLogs/111122223333/*`,
    ...change,
});
const bucketPolicy = (policy: unknown, ref = "logs-b", type = "aws:s3/bucketPolicy:BucketPolicy") =>
    recorded(type, "logs-policy", { bucket: ref, policy });
const accelerator = (bucketRef = "logs-b") =>
    recorded("aws:globalaccelerator/accelerator:Accelerator", "ga", {
        enabled: true,
        attributes: { flowLogsEnabled: true, flowLogsS3Bucket: bucketRef, flowLogsS3Prefix: "ga" },
    });
const denied = `flow log bucket logs-b's policy logs-policy does not allow ${delivery} s3:PutObject under ga/AWSLogs/<account>/; a bucket policy the program manages replaces the one Global Accelerator would attach, so it must grant it (${acceleratorFlowLogsDoc})`;
const flowLogProblems = (policy: unknown, others: RecordedResource[] = []) =>
    problems(accelerator(), [bucket(), bucketPolicy(policy), ...others]);

describe("edge log rules: reading bucket policies", () => {
    it("accepts a grant under the account the policy names", () =>
        assert.deepStrictEqual(flowLogProblems(JSON.stringify({ Statement: [statement()] })), []));
    it("accepts a policy given as an object and a single statement", () =>
        assert.deepStrictEqual(flowLogProblems({ Statement: statement() }), []));
    it("refuses a policy that is not JSON, or has no statements", () => {
        assert.deepStrictEqual(flowLogProblems("{not json"), [denied]);
        assert.deepStrictEqual(flowLogProblems(JSON.stringify({ Version: "2012-10-17" })), [
            denied,
        ]);
    });
    it("refuses a Deny, another principal, another action", () => {
        for (const change of [
            { Effect: "Deny" },
            { Principal: { Service: "cloudfront.amazonaws.com" } },
            { Principal: { AWS: delivery } },
            { Action: "s3:GetObject" },
        ]) {
            assert.deepStrictEqual(
                flowLogProblems({ Statement: [statement(change)] }),
                [denied],
                JSON.stringify(change),
            );
        }
    });
    it("accepts action wildcards, lists of actions and lists of principals", () => {
        for (const change of [
            { Action: "s3:*" },
            { Action: "s3:Put*" },
            { Action: "s3:PutObjec?" },
            { Action: ["s3:GetObject", "s3:PutObject"] },
            { Principal: { Service: ["cloudfront.amazonaws.com", delivery] } },
        ]) {
            assert.deepStrictEqual(
                flowLogProblems({ Statement: [statement(change)] }),
                [],
                JSON.stringify(change),
            );
        }
    });
    it("accepts any of several resources, and ? as one character", () => {
        assert.deepStrictEqual(
            flowLogProblems({
                Statement: [
                    statement({ Resource: [`${bucketArn}/other/*`, `${bucketArn}/ga/AWSLogs/*`] }),
                ],
            }),
            [],
        );
        assert.deepStrictEqual(
            flowLogProblems({
                Statement: [
                    statement({ Resource: `${bucketArn}/ga/AWSLogs/111122223333/flow.log.g?` }),
                ],
            }),
            [],
        );
        assert.deepStrictEqual(
            flowLogProblems({
                Statement: [
                    statement({ Resource: `${bucketArn}/ga/AWSLogs/111122223333/flow.log.g` }),
                ],
            }),
            [denied],
        );
    });
    it("reads . in a resource as itself, not as any character", () =>
        assert.deepStrictEqual(
            flowLogProblems({
                Statement: [
                    statement({ Resource: `${bucketArn}/ga/AWSLogs/111122223333/flowXlog.gz` }),
                ],
            }),
            [denied],
        ));
    it("with no account in the policy, tries an account-shaped path", () => {
        const twelve = "?".repeat(12);
        assert.deepStrictEqual(
            flowLogProblems({
                Statement: [statement({ Resource: `${bucketArn}/ga/AWSLogs/${twelve}/*` })],
            }),
            [],
        );
        assert.deepStrictEqual(
            flowLogProblems({
                Statement: [statement({ Resource: `${bucketArn}/ga/AWSLogs/${twelve}x/*` })],
            }),
            [denied],
        );
    });
    it("a grant under one of the accounts the policy names is enough", () =>
        assert.deepStrictEqual(
            flowLogProblems({
                Statement: [
                    statement({ Resource: `${bucketArn}/ga/AWSLogs/111122223333/*` }),
                    statement({
                        Action: "s3:GetObject",
                        Resource: `${bucketArn}/ga/AWSLogs/444455556666/*`,
                    }),
                ],
            }),
            [],
        ));
    it("finds the bucket by id and its policy by either name", () => {
        assert.deepStrictEqual(
            problems(accelerator("logs-b-id"), [
                bucket(),
                bucketPolicy({ Statement: [statement({ Effect: "Deny" })] }, "logs-b-id"),
            ]),
            [denied],
        );
        assert.deepStrictEqual(
            problems(accelerator(), [
                bucket(),
                bucketPolicy({ Statement: [statement({ Effect: "Deny" })] }, "logs-b-id"),
            ]),
            [denied],
        );
        assert.deepStrictEqual(
            problems(accelerator(), [
                bucket(),
                bucketPolicy({ Statement: [statement({ Effect: "Deny" })] }, "other"),
            ]),
            [],
        );
        assert.deepStrictEqual(
            problems(accelerator(), [
                bucket(),
                bucketPolicy(
                    { Statement: [statement({ Effect: "Deny" })] },
                    "logs-b",
                    "aws:s3/bucketAcl:BucketAcl",
                ),
            ]),
            [],
        );
    });
    it("judges only buckets the program creates", () =>
        assert.deepStrictEqual(
            problems(accelerator(), [
                recorded(
                    "aws:s3/bucketPolicy:BucketPolicy",
                    "p",
                    {},
                    { outputs: { bucket: "logs-b", id: "logs-b" } },
                ),
                bucketPolicy({ Statement: [statement({ Effect: "Deny" })] }),
            ]),
            [],
        ));
});

describe("edge log rules: the bucket's KMS key", () => {
    const keyArn = "arn:aws:kms:us-east-1:123456789012:key/k-1";
    const key = (policy: unknown, type = "aws:kms/key:Key") =>
        recorded(
            type,
            "logs-key",
            { policy: JSON.stringify(policy) },
            { outputs: { arn: keyArn, id: "k-1" } },
        );
    const keyStatement = (action: unknown) => ({
        Effect: "Allow",
        Principal: { Service: delivery },
        Action: action,
        Resource: "*",
    });
    const sse = (rules: { sseAlgorithm: string; kmsMasterKeyId?: string }[]) =>
        recorded(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "sse",
            {
                bucket: "logs-b",
                rules: rules.map((r) => ({ applyServerSideEncryptionByDefault: r })),
            },
        );
    const grant = bucketPolicy({ Statement: [statement()] });
    const noKeyUse = (what: string, doc: string) =>
        `${what} bucket logs-b is encrypted with KMS key logs-key, whose key policy does not allow ${delivery} kms:GenerateDataKey*, so no log file can be written (${doc})`;

    it("accepts a key that lets log delivery generate data keys", () =>
        assert.deepStrictEqual(
            problems(accelerator(), [
                bucket(),
                grant,
                key({ Statement: [keyStatement("kms:GenerateDataKey*")] }),
                sse([{ sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }]),
            ]),
            [],
        ));
    it("refuses a key that does not, named by ARN or by id, under aws:kms or aws:kms:dsse", () => {
        for (const [sseAlgorithm, kmsMasterKeyId] of [
            ["aws:kms", keyArn],
            ["aws:kms:dsse", "k-1"],
        ]) {
            assert.deepStrictEqual(
                problems(accelerator(), [
                    bucket(),
                    grant,
                    key({ Statement: [keyStatement("kms:Decrypt")] }),
                    sse([{ sseAlgorithm: "AES256" }, { sseAlgorithm, kmsMasterKeyId }]),
                ]),
                [noKeyUse("flow log", acceleratorFlowLogsDoc)],
            );
        }
    });
    it("does not read a key for SSE-S3, or a resource of another type with the key's ARN", () => {
        assert.deepStrictEqual(
            problems(accelerator(), [
                bucket(),
                grant,
                key({ Statement: [] }),
                sse([{ sseAlgorithm: "AES256", kmsMasterKeyId: keyArn }]),
            ]),
            [],
        );
        assert.deepStrictEqual(
            problems(accelerator(), [
                bucket(),
                grant,
                key({ Statement: [] }, "aws:kms/alias:Alias"),
                sse([{ sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }]),
            ]),
            [],
        );
    });

    describe("CloudFront standard logging (legacy)", () => {
        const distribution = (address: unknown) =>
            recorded("aws:cloudfront/distribution:Distribution", "cdn", {
                loggingConfig: { bucket: address },
            });
        const ownership = (objectOwnership: string, ref = "logs-b") =>
            recorded(
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                `own-${objectOwnership}`,
                {
                    bucket: ref,
                    rule: { objectOwnership },
                },
            );
        const enforced = `loggingConfig.bucket logs-b has S3 Object Ownership BucketOwnerEnforced, which disables the ACLs standard logging (legacy) needs; use standard logging (v2, aws.cloudwatch.LogDelivery) or ObjectWriter/BucketOwnerPreferred (${cloudfrontLegacyLogsDoc})`;

        it("finds the bucket from its global or regional S3 address", () => {
            for (const address of [
                "logs-b.s3.amazonaws.com",
                "logs-b.s3.us-east-1.amazonaws.com",
                "logs-b",
            ]) {
                assert.deepStrictEqual(
                    problems(distribution(address), [bucket(), ownership("BucketOwnerEnforced")]),
                    [enforced],
                    address,
                );
            }
            assert.deepStrictEqual(
                problems(distribution("logs-b.s3.amazonaws.com.example"), [
                    bucket(),
                    ownership("BucketOwnerEnforced"),
                ]),
                [],
            );
            assert.deepStrictEqual(
                problems(distribution(""), [bucket(), ownership("BucketOwnerEnforced")]),
                [],
            );
            assert.deepStrictEqual(
                problems(distribution(undefined), [bucket(), ownership("BucketOwnerEnforced")]),
                [],
            );
        });
        it("any of the bucket's ownership controls may enforce, and only the bucket's own count", () => {
            assert.deepStrictEqual(
                problems(distribution("logs-b.s3.amazonaws.com"), [
                    bucket(),
                    ownership("BucketOwnerPreferred"),
                    ownership("BucketOwnerEnforced", "logs-b-id"),
                ]),
                [enforced],
            );
            assert.deepStrictEqual(
                problems(distribution("logs-b.s3.amazonaws.com"), [
                    bucket(),
                    ownership("BucketOwnerPreferred"),
                    ownership("BucketOwnerEnforced", "other"),
                ]),
                [],
            );
        });
        it("checks the bucket's key for access logs too", () =>
            assert.deepStrictEqual(
                problems(distribution("logs-b.s3.amazonaws.com"), [
                    bucket(),
                    key({ Statement: [] }),
                    sse([{ sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }]),
                ]),
                [noKeyUse("access log", cloudfrontLegacyLogsDoc)],
            ));
    });
});

describe("edge log rules: CloudFront as a log delivery source", () => {
    const source = (resourceArn: unknown, logType: unknown) =>
        recorded("aws:cloudwatch/logDeliverySource:LogDeliverySource", "src", {
            resourceArn,
            logType,
            name: "cdn",
        });
    const wrongType = (logType: unknown) =>
        `logType ${JSON.stringify(logType)} is not a CloudFront log type; a distribution sends ACCESS_LOGS (${cloudfrontStandardLogsDoc})`;

    it("holds distributions of every partition to ACCESS_LOGS", () => {
        for (const arn of [
            "arn:aws:cloudfront::123456789012:distribution/E1",
            "arn:aws-cn:cloudfront::123456789012:distribution/E1",
        ]) {
            assert.deepStrictEqual(problems(source(arn, "ACCESS_LOGS"), []), [], arn);
            assert.deepStrictEqual(
                problems(source(arn, "ERROR_LOGS"), []),
                [wrongType("ERROR_LOGS")],
                arn,
            );
        }
        assert.deepStrictEqual(
            problems(source("arn:aws:cloudfront::123456789012:distribution/E1", undefined), []),
            [wrongType(null)],
        );
    });
    it("leaves other sources alone", () => {
        for (const arn of [
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "x-arn:aws:cloudfront::123456789012:distribution/E1",
            undefined,
        ]) {
            assert.deepStrictEqual(problems(source(arn, "APPLICATION_LOGS"), []), [], String(arn));
        }
    });
});
