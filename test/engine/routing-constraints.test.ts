import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource): string[] {
    return checkConstraints([resource], [resource]).map((v) => v.message);
}

const gaDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateEndpointGroup.html";
const weightDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/api/API_EndpointConfiguration.html";
const listenerDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateListener.html";
const portRangeDoc = "https://docs.aws.amazon.com/global-accelerator/latest/api/API_PortRange.html";
const failoverDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html";
const originDoc = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html";
const certDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html";
const ruleDoc =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-route53recoverycontrol-safetyrule-assertionrule.html";
const ruleConfigDoc =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-route53recoverycontrol-safetyrule-ruleconfig.html";
const hcDoc = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html";
const aliasDoc =
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-alias.html#rrsets-values-alias-evaluate-target-health";

describe("AWS input constraints: routing types", () => {
    describe("Global Accelerator endpoint group", () => {
        const good = {
            listenerArn: "arn:listener",
            endpointGroupRegion: "us-west-2",
            trafficDialPercentage: 0,
            healthCheckIntervalSeconds: 10,
            thresholdCount: 3,
            healthCheckProtocol: "HTTPS",
            healthCheckPort: 443,
            endpointConfigurations: [{ endpointId: "arn:alb", weight: 128 }],
        };
        const group = (change: Record<string, unknown>) =>
            recorded("aws:globalaccelerator/endpointGroup:EndpointGroup", "eg", {
                ...good,
                ...change,
            });

        it("accepts a valid group", () => assert.deepStrictEqual(problems(group({})), []));
        it("rejects a traffic dial of 101", () =>
            assert.deepStrictEqual(problems(group({ trafficDialPercentage: 101 })), [
                `trafficDialPercentage 101 is outside 0 to 100 (${gaDoc})`,
            ]));
        it("rejects an interval of 20 and a threshold of 11", () =>
            assert.deepStrictEqual(
                problems(group({ healthCheckIntervalSeconds: 20, thresholdCount: 11 })),
                [
                    `healthCheckIntervalSeconds 20 is invalid; it must be 10 or 30 (${gaDoc})`,
                    `thresholdCount 11 is outside 1 to 10 (${gaDoc})`,
                ],
            ));
        it("rejects a missing region, a bad protocol, port and weight", () =>
            assert.deepStrictEqual(
                problems(
                    group({
                        endpointGroupRegion: undefined,
                        healthCheckProtocol: "UDP",
                        healthCheckPort: 0,
                        endpointConfigurations: [{ endpointId: "x", weight: 256 }],
                    }),
                ),
                [
                    `endpointGroupRegion is required (${gaDoc})`,
                    `healthCheckProtocol "UDP" must be TCP, HTTP or HTTPS (${gaDoc})`,
                    `healthCheckPort 0 is outside 1 to 65535 (${gaDoc})`,
                    `endpoint weight 256 is outside 0 to 255 (${weightDoc})`,
                ],
            ));
    });

    describe("Global Accelerator listener", () => {
        const listener = (change: Record<string, unknown>) =>
            recorded("aws:globalaccelerator/listener:Listener", "l", {
                acceleratorArn: "arn:acc",
                protocol: "TCP",
                clientAffinity: "NONE",
                portRanges: [{ fromPort: 443, toPort: 443 }],
                ...change,
            });
        it("accepts a valid listener", () => assert.deepStrictEqual(problems(listener({})), []));
        it("rejects a bad protocol, affinity and port ranges", () =>
            assert.deepStrictEqual(
                problems(
                    listener({
                        protocol: "HTTP",
                        clientAffinity: "STICKY",
                        portRanges: [
                            { fromPort: 0, toPort: 80 },
                            { fromPort: 443, toPort: 80 },
                        ],
                    }),
                ),
                [
                    `protocol "HTTP" must be TCP or UDP (${listenerDoc})`,
                    `clientAffinity "STICKY" must be NONE or SOURCE_IP (${listenerDoc})`,
                    `port range 0-80 must have fromPort and toPort from 1 to 65535 (${portRangeDoc})`,
                    `port range 443-80 has fromPort above toPort (${portRangeDoc})`,
                ],
            ));
        it("rejects a listener without port ranges", () =>
            assert.deepStrictEqual(problems(listener({ portRanges: [] })), [
                `a listener needs 1 to 10 port ranges, got 0 (${listenerDoc})`,
            ]));
    });

    describe("CloudFront distribution", () => {
        const origin = (id: string) => ({
            originId: id,
            domainName: `${id}.example.com`,
            connectionTimeout: 5,
            connectionAttempts: 2,
        });
        const good = {
            origins: [origin("a"), origin("b")],
            originGroups: [
                {
                    originId: "g",
                    failoverCriteria: { statusCodes: [500, 502, 503, 504] },
                    members: [{ originId: "a" }, { originId: "b" }],
                },
            ],
            defaultCacheBehavior: {
                targetOriginId: "g",
                allowedMethods: ["GET", "HEAD", "OPTIONS"],
            },
            viewerCertificate: {
                acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x",
            },
        };
        const dist = (change: Record<string, unknown>) =>
            recorded("aws:cloudfront/distribution:Distribution", "d", { ...good, ...change });

        it("accepts a valid distribution", () => assert.deepStrictEqual(problems(dist({})), []));
        it("rejects an origin group of three with a status code outside the allowed set", () =>
            assert.deepStrictEqual(
                problems(
                    dist({
                        origins: [origin("a"), origin("b"), origin("c")],
                        originGroups: [
                            {
                                originId: "g",
                                failoverCriteria: { statusCodes: [500, 501] },
                                members: [{ originId: "a" }, { originId: "b" }, { originId: "c" }],
                            },
                        ],
                    }),
                ),
                [
                    `origin group g has 3 members; it must have exactly 2, a primary and a secondary (${failoverDoc})`,
                    `origin group g fails over on 501; allowed status codes: 400, 403, 404, 416, 500, 502, 503, 504 (${failoverDoc})`,
                ],
            ));
        it("rejects an origin group naming a missing origin and without status codes", () =>
            assert.deepStrictEqual(
                problems(
                    dist({
                        originGroups: [
                            {
                                originId: "g",
                                failoverCriteria: { statusCodes: [] },
                                members: [{ originId: "a" }, { originId: "z" }],
                            },
                        ],
                    }),
                ),
                [
                    `origin group g names origins that do not exist: z (${failoverDoc})`,
                    `origin group g needs at least one failover status code (${failoverDoc})`,
                ],
            ));
        it("rejects connection timeout 11 and attempts 4", () =>
            assert.deepStrictEqual(
                problems(
                    dist({
                        origins: [
                            { ...origin("a"), connectionTimeout: 11, connectionAttempts: 4 },
                            origin("b"),
                        ],
                    }),
                ),
                [
                    `origin a: connectionTimeout 11 is outside 1 to 10 seconds (${originDoc})`,
                    `origin a: connectionAttempts 4 is outside 1 to 3 (${originDoc})`,
                ],
            ));
        it("rejects POST on a behavior that targets an origin group", () =>
            assert.deepStrictEqual(
                problems(
                    dist({
                        defaultCacheBehavior: {
                            targetOriginId: "g",
                            allowedMethods: [
                                "GET",
                                "HEAD",
                                "OPTIONS",
                                "PUT",
                                "POST",
                                "PATCH",
                                "DELETE",
                            ],
                        },
                    }),
                ),
                [
                    `cache behavior default targets origin group g but allows PUT, POST, PATCH, DELETE; behaviors on an origin group may allow only GET, HEAD and OPTIONS (${failoverDoc})`,
                ],
            ));
        it("rejects a viewer certificate outside us-east-1", () =>
            assert.deepStrictEqual(
                problems(
                    dist({
                        viewerCertificate: {
                            acmCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
                        },
                    }),
                ),
                [
                    `viewerCertificate.acmCertificateArn arn:aws:acm:eu-west-1:123456789012:certificate/x is not in us-east-1; CloudFront only uses ACM certificates from us-east-1 (${certDoc})`,
                ],
            ));
    });

    describe("ARC safety rule", () => {
        const rule = (change: Record<string, unknown>) =>
            recorded("aws:route53recoverycontrol/safetyRule:SafetyRule", "r", {
                controlPanelArn: "arn:panel",
                assertedControls: ["arn:a", "arn:b"],
                ruleConfig: { type: "ATLEAST", threshold: 1, inverted: false },
                waitPeriodMs: 5000,
                ...change,
            });
        it("accepts an ATLEAST 1 assertion rule", () =>
            assert.deepStrictEqual(problems(rule({})), []));
        it("rejects a threshold above the number of controls, a bad type and a negative wait", () => {
            assert.deepStrictEqual(
                problems(rule({ ruleConfig: { type: "ATLEAST", threshold: 3, inverted: false } })),
                [
                    `ruleConfig.threshold 3 must be from 1 to the 2 controls the rule checks (${ruleConfigDoc})`,
                ],
            );
            assert.deepStrictEqual(
                problems(
                    rule({
                        ruleConfig: { type: "SOME", threshold: 1, inverted: false },
                        waitPeriodMs: -1,
                    }),
                ),
                [
                    `ruleConfig.type "SOME" must be ATLEAST, AND or OR (${ruleConfigDoc})`,
                    `waitPeriodMs -1 must be a non-negative integer (${ruleDoc})`,
                ],
            );
        });
        it("rejects a rule that is both an assertion and a gating rule", () =>
            assert.deepStrictEqual(
                problems(rule({ gatingControls: ["arn:g"], targetControls: ["arn:t"] })),
                [
                    `a safety rule is either an assertion rule (assertedControls) or a gating rule (gatingControls and targetControls), not both (${ruleDoc})`,
                ],
            ));
    });

    describe("Route 53 additions", () => {
        it("rejects a CALCULATED check whose threshold exceeds its children", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:route53/healthCheck:HealthCheck", "c", {
                        type: "CALCULATED",
                        childHealthchecks: ["a", "b"],
                        childHealthThreshold: 3,
                    }),
                ),
                [
                    `childHealthThreshold 3 exceeds the 2 child health checks, so the check can never be healthy (${hcDoc})`,
                ],
            ));
        it("rejects evaluateTargetHealth on an alias to CloudFront", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:route53/record:Record", "r", {
                        zoneId: "Z1",
                        name: "app.example.com",
                        type: "A",
                        aliases: [
                            {
                                name: "d111.cloudfront.net",
                                zoneId: "Z2FDTNDATAQYW2",
                                evaluateTargetHealth: true,
                            },
                        ],
                    }),
                ),
                [
                    `evaluateTargetHealth must be false for an alias to a CloudFront distribution (d111.cloudfront.net) (${aliasDoc})`,
                ],
            ));
    });
});
