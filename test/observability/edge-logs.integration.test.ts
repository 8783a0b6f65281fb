import * as assert from "assert";
import { edgeLogSourceOf } from "../../components/routing/globalRouting";
import { edgeLogBucketPolicy, edgeLogPaths } from "../../components/observability/edgeLogs";
import { resourcesOf, runProject, stackOf } from "../helpers/engine";

const bucketType = "aws:s3/bucket:Bucket";

describe("edge logs: CloudFront access logs and Global Accelerator flow logs", function () {
    this.timeout(300_000);

    it("logs the edge only in the modes that have one", () => {
        assert.deepStrictEqual(
            ["dns-failover", "dns-latency", "global-accelerator", "cloudfront"].map(
                edgeLogSourceOf,
            ),
            [undefined, undefined, "global-accelerator", "cloudfront"],
        );
    });

    it("lets log delivery write only each source's path, over TLS only", () => {
        const policy = edgeLogBucketPolicy("arn:aws:s3:::logs", "123456789012", [
            "global-accelerator",
        ]) as { Statement: { Sid: string; Resource: unknown }[] };
        assert.deepStrictEqual(
            policy.Statement.map((s) => [s.Sid, s.Resource]),
            [
                ["DenyInsecureTransport", ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]],
                [
                    "AcceleratorFlowLogsWrite",
                    "arn:aws:s3:::logs/global-accelerator/AWSLogs/123456789012/*",
                ],
                ["AcceleratorFlowLogsAclCheck", "arn:aws:s3:::logs"],
            ],
        );
        assert.deepStrictEqual(edgeLogPaths("logs", "123456789012"), {
            "global-accelerator":
                "s3://logs/global-accelerator/AWSLogs/123456789012/globalaccelerator/",
            cloudfront: "s3://logs/AWSLogs/123456789012/CloudFront/",
        });
    });

    it("global-accelerator: flow logs to the encrypted edge log bucket, kept logs.auditRetentionDays", async () => {
        const global = stackOf(
            await runProject({
                overrides: ["routing.mode=global-accelerator", "logs.auditRetentionDays=400"],
            }),
            "global",
        );
        const [bucket] = resourcesOf(global, bucketType).filter(
            (b) => b.name === "routing-edge-logs",
        );
        const name = String(bucket.outputs.bucket);
        const [accelerator] = resourcesOf(global, "aws:globalaccelerator/accelerator:Accelerator");
        assert.deepStrictEqual(accelerator.inputs.attributes, {
            flowLogsEnabled: true,
            flowLogsS3Bucket: name,
            flowLogsS3Prefix: "global-accelerator",
        });
        const of = (type: string) =>
            resourcesOf(global, type).find((r) => r.name === "routing-edge-logs")!.inputs;
        assert.deepStrictEqual(
            (
                of("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules as {
                    expiration: unknown;
                }[]
            )[0].expiration,
            { days: 400 },
        );
        assert.strictEqual(
            (
                of(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                ).rules as { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[]
            )[0].applyServerSideEncryptionByDefault.sseAlgorithm,
            "aws:kms",
        );
        assert.deepStrictEqual(global.outputs.edgeLogs, {
            "global-accelerator": `s3://${name}/global-accelerator/AWSLogs/123456789012/globalaccelerator/`,
        });
        assert.deepStrictEqual(
            resourcesOf(global, "aws:cloudwatch/logDelivery:LogDelivery").length,
            0,
        );
    });

    it("cloudfront: standard logging (v2) from the distribution to the edge log bucket", async () => {
        const global = stackOf(
            await runProject({ overrides: ["routing.mode=cloudfront"] }),
            "global",
        );
        const name = String(
            resourcesOf(global, bucketType).find((b) => b.name === "routing-edge-logs")!.outputs
                .bucket,
        );
        const [distribution] = resourcesOf(global, "aws:cloudfront/distribution:Distribution");
        const [source] = resourcesOf(global, "aws:cloudwatch/logDeliverySource:LogDeliverySource");
        const [destination] = resourcesOf(
            global,
            "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
        );
        const [delivery] = resourcesOf(global, "aws:cloudwatch/logDelivery:LogDelivery");
        assert.deepStrictEqual(
            [source.region, source.inputs.logType, source.inputs.resourceArn, source.inputs.name],
            ["us-east-1", "ACCESS_LOGS", distribution.outputs.arn, `cf-${distribution.outputs.id}`],
        );
        assert.deepStrictEqual(destination.inputs.deliveryDestinationConfiguration, {
            destinationResourceArn: `arn:aws:s3:::${name}`,
        });
        assert.deepStrictEqual(
            [delivery.inputs.deliverySourceName, delivery.inputs.deliveryDestinationArn],
            [source.inputs.name, destination.outputs.arn],
        );
        assert.deepStrictEqual(global.outputs.edgeLogs, {
            cloudfront: `s3://${name}/AWSLogs/123456789012/CloudFront/`,
        });
    });

    it("dns-failover: no edge log bucket (each region's ALB keeps its access logs)", async () => {
        const global = stackOf(await runProject(), "global");
        assert.deepStrictEqual(
            resourcesOf(global, bucketType).filter((b) => b.name === "routing-edge-logs"),
            [],
        );
        assert.deepStrictEqual(global.outputs.edgeLogs, {});
    });
});
