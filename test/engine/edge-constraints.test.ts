import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource, ...others: RecordedResource[]): string[] {
    return checkConstraints([resource], [resource, ...others]).map((v) => v.message);
}

const albArn =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/app-us-east-1-alb/0123456789abcdef";
const alb = (internal: boolean) =>
    recorded(
        "aws:lb/loadBalancer:LoadBalancer",
        "app-us-east-1-alb",
        { loadBalancerType: "application", internal, subnets: ["subnet-a", "subnet-b"] },
        { outputs: { arn: albArn, internal } },
    );
const clientIpDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/dg/preserve-client-ip-address.html";
const vpcOriginDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html";
const vpcOriginApiDoc =
    "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_VpcOriginEndpointConfig.html";
const originDoc = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html";
const rateDoc = "https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html";
const aclDoc = "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html";
const associateDoc = "https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html";

const accessLogDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html";

describe("AWS input constraints: the edge", () => {
    describe("ALB access logs", () => {
        const bucket = (region: string) =>
            recorded(
                "aws:s3/bucket:Bucket",
                "logs",
                {},
                { region, outputs: { id: "logs-bucket", bucket: "logs-bucket" } },
            );
        const sse = (sseAlgorithm: string) =>
            recorded(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "logs",
                {
                    bucket: "logs-bucket",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm } }],
                },
            );
        const lb = (prefix: string) =>
            recorded("aws:lb/loadBalancer:LoadBalancer", "alb", {
                subnets: ["a", "b"],
                accessLogs: { bucket: "logs-bucket", prefix, enabled: true },
            });
        it("accepts an SSE-S3 bucket in the ALB's region", () =>
            assert.deepStrictEqual(problems(lb("app"), bucket("us-east-1"), sse("AES256")), []));
        it("rejects SSE-KMS, another region and an AWSLogs prefix", () =>
            assert.deepStrictEqual(
                problems(lb("app/AWSLogs"), bucket("us-west-2"), sse("aws:kms")),
                [
                    `accessLogs.prefix "app/AWSLogs" must not contain AWSLogs; Elastic Load Balancing adds it (${accessLogDoc})`,
                    `access log bucket logs is in us-west-2, the load balancer in us-east-1; the bucket must be in the load balancer's region (${accessLogDoc})`,
                    `access log bucket logs is encrypted with SSE-KMS; ALB access logs support only SSE-S3 (AES256) (${accessLogDoc})`,
                ],
            ));
    });

    describe("Global Accelerator endpoint on an internal ALB", () => {
        const group = (clientIpPreservationEnabled: boolean) =>
            recorded("aws:globalaccelerator/endpointGroup:EndpointGroup", "eg", {
                listenerArn: "arn:listener",
                endpointGroupRegion: "us-east-1",
                endpointConfigurations: [
                    { endpointId: albArn, weight: 128, clientIpPreservationEnabled },
                ],
            });
        it("accepts client IP preservation on", () =>
            assert.deepStrictEqual(problems(group(true), alb(true)), []));
        it("accepts preservation off on an internet-facing ALB", () =>
            assert.deepStrictEqual(problems(group(false), alb(false)), []));
        it("rejects preservation off on an internal ALB", () =>
            assert.deepStrictEqual(problems(group(false), alb(true)), [
                `endpoint app-us-east-1-alb is an internal Application Load Balancer, for which Global Accelerator always preserves the client IP; clientIpPreservationEnabled false is not accepted (${clientIpDoc})`,
            ]));
    });

    describe("CloudFront VPC origin", () => {
        const origin = (config: Record<string, unknown>) =>
            recorded("aws:cloudfront/vpcOrigin:VpcOrigin", "vo", {
                vpcOriginEndpointConfig: {
                    name: "vo",
                    arn: albArn,
                    httpPort: 80,
                    httpsPort: 443,
                    originProtocolPolicy: "https-only",
                    ...config,
                },
            });
        it("accepts an internal ALB over HTTPS", () =>
            assert.deepStrictEqual(problems(origin({}), alb(true)), []));
        it("rejects an internet-facing ALB", () =>
            assert.deepStrictEqual(problems(origin({}), alb(false)), [
                `load balancer app-us-east-1-alb is internet-facing; a VPC origin serves a load balancer in private subnets, so make it internal (${vpcOriginDoc})`,
            ]));
        it("rejects an ARN that is not a load balancer or instance, and an unknown protocol policy", () =>
            assert.deepStrictEqual(
                problems(origin({ arn: "arn:aws:s3:::bucket", originProtocolPolicy: "https" })),
                [
                    `vpcOriginEndpointConfig.arn "arn:aws:s3:::bucket" is not an Application or Network Load Balancer or an EC2 instance ARN (${vpcOriginApiDoc})`,
                    `vpcOriginEndpointConfig.originProtocolPolicy "https" must be http-only, match-viewer or https-only (${vpcOriginApiDoc})`,
                ],
            ));
    });

    describe("CloudFront origin kinds", () => {
        const dist = (origin: Record<string, unknown>) =>
            recorded("aws:cloudfront/distribution:Distribution", "d", {
                origins: [{ originId: "a", domainName: "a.example.com", ...origin }],
                defaultCacheBehavior: { targetOriginId: "a", allowedMethods: ["GET", "HEAD"] },
                viewerCertificate: { cloudfrontDefaultCertificate: true },
            });
        it("accepts a VPC origin alone", () =>
            assert.deepStrictEqual(
                problems(dist({ vpcOriginConfig: { vpcOriginId: "vo-1" } })),
                [],
            ));
        it("rejects a VPC origin that is also a custom origin", () =>
            assert.deepStrictEqual(
                problems(
                    dist({
                        vpcOriginConfig: { vpcOriginId: "vo-1" },
                        customOriginConfig: { originProtocolPolicy: "https-only" },
                    }),
                ),
                [
                    `origin a: customOriginConfig and vpcOriginConfig are set; an origin has one of S3OriginConfig, CustomOriginConfig or VpcOriginConfig (${originDoc})`,
                ],
            ));
    });

    describe("WAF", () => {
        const acl = (scope: string, limit: number, region = "us-east-1") =>
            recorded(
                "aws:wafv2/webAcl:WebAcl",
                "acl",
                {
                    scope,
                    rules: [
                        {
                            name: "RateLimitPerClient",
                            statement: { rateBasedStatement: { limit } },
                        },
                    ],
                },
                { region, outputs: { arn: "arn:aws:wafv2:acl" } },
            );
        const association = (region = "us-east-1") =>
            recorded(
                "aws:wafv2/webAclAssociation:WebAclAssociation",
                "assoc",
                { resourceArn: albArn, webAclArn: "arn:aws:wafv2:acl" },
                { region },
            );
        it("accepts a regional ACL with a rate limit of 10", () =>
            assert.deepStrictEqual(problems(acl("REGIONAL", 10)), []));
        it("rejects a rate limit of 9 and an unknown scope", () =>
            assert.deepStrictEqual(problems(acl("GLOBAL", 9)), [
                `scope "GLOBAL" must be REGIONAL or CLOUDFRONT (${aclDoc})`,
                `rule RateLimitPerClient: rate limit 9 is outside 10 to 2,000,000,000 requests per 5 minutes (${rateDoc})`,
            ]));
        it("rejects a CloudFront ACL outside us-east-1", () =>
            assert.deepStrictEqual(problems(acl("CLOUDFRONT", 100, "us-west-2")), [
                `a CLOUDFRONT-scoped web ACL is created in us-east-1, not us-west-2 (${aclDoc})`,
            ]));
        it("accepts associating a regional ACL of the same region", () =>
            assert.deepStrictEqual(problems(association(), acl("REGIONAL", 100)), []));
        it("rejects associating a CloudFront ACL, or an ACL of another region", () => {
            assert.deepStrictEqual(problems(association(), acl("CLOUDFRONT", 100)), [
                `web ACL acl has scope "CLOUDFRONT"; a resource association takes a REGIONAL web ACL (CloudFront names its web ACL in the distribution) (${associateDoc})`,
            ]);
            assert.deepStrictEqual(problems(association("us-west-2"), acl("REGIONAL", 100)), [
                `web ACL acl is in us-east-1, the associated resource in us-west-2; a regional web ACL protects resources of its own region (${associateDoc})`,
            ]);
        });
    });
});
