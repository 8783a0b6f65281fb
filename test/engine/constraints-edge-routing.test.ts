/**
 * CloudFront distributions and VPC origins, Global Accelerator endpoint groups and listeners, and
 * Aurora Serverless capacity on their boundaries (issue #30: survivors of cloudfront.ts,
 * globalaccelerator.ts and auroraServerless.ts). Exact messages, one change per test.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { serverlessCapacityProblems } from "../../check/engine/constraints/auroraServerless";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

const originDoc = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html";
const failoverDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html";
const vpcOriginDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html";
const vpcOriginApiDoc =
    "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_VpcOriginEndpointConfig.html";

describe("AWS input constraints: CloudFront on their boundaries", () => {
    const origin = (originId: string, change: Record<string, unknown> = {}) => ({
        originId,
        domainName: `${originId}.example.com`,
        customOriginConfig: { originProtocolPolicy: "https-only" },
        ...change,
    });
    const group = (change: Record<string, unknown> = {}) => ({
        originId: "group",
        members: [{ originId: "primary" }, { originId: "secondary" }],
        failoverCriteria: { statusCodes: [500, 502, 503, 504] },
        ...change,
    });
    const distribution = (change: Record<string, unknown>) =>
        recorded("aws:cloudfront/distribution:Distribution", "cdn", {
            origins: [origin("primary"), origin("secondary")],
            originGroups: [group()],
            defaultCacheBehavior: { targetOriginId: "group", allowedMethods: ["GET", "HEAD"] },
            ...change,
        });

    it("accepts an origin group of two origins", () =>
        assert.deepStrictEqual(problems(distribution({})), []));
    it("accepts connection timeouts of 1 and 10 s and attempts of 1 and 3", () =>
        assert.deepStrictEqual(
            problems(
                distribution({
                    origins: [
                        origin("primary", { connectionTimeout: 1, connectionAttempts: 1 }),
                        origin("secondary", { connectionTimeout: 10, connectionAttempts: 3 }),
                    ],
                }),
            ),
            [],
        ));
    for (const timeout of [0, 11, 2.5]) {
        it(`rejects a connection timeout of ${timeout} s`, () =>
            assert.deepStrictEqual(
                problems(
                    distribution({
                        origins: [
                            origin("primary", { connectionTimeout: timeout }),
                            origin("secondary"),
                        ],
                    }),
                ),
                [
                    `origin primary: connectionTimeout ${timeout} is outside 1 to 10 seconds (${originDoc})`,
                ],
            ));
    }
    for (const attempts of [0, 4, 1.5]) {
        it(`rejects ${attempts} connection attempts`, () =>
            assert.deepStrictEqual(
                problems(
                    distribution({
                        origins: [
                            origin("primary"),
                            origin("secondary", { connectionAttempts: attempts }),
                        ],
                    }),
                ),
                [
                    `origin secondary: connectionAttempts ${attempts} is outside 1 to 3 (${originDoc})`,
                ],
            ));
    }
    it("rejects a group member that is not an origin, naming it", () =>
        assert.deepStrictEqual(
            problems(
                distribution({
                    originGroups: [
                        group({ members: [{ originId: "primary" }, { originId: "tertiary" }] }),
                    ],
                }),
            ),
            [`origin group group names origins that do not exist: tertiary (${failoverDoc})`],
        ));
    it("rejects failover status codes CloudFront does not allow, listing the allowed", () =>
        assert.deepStrictEqual(
            problems(
                distribution({
                    originGroups: [group({ failoverCriteria: { statusCodes: [500, 501, 429] } })],
                }),
            ),
            [
                `origin group group fails over on 501, 429; allowed status codes: 400, 403, 404, 416, 500, 502, 503, 504 (${failoverDoc})`,
            ],
        ));
    it("holds only behaviors that target an origin group to safe methods", () => {
        const unsafe = { allowedMethods: ["GET", "HEAD", "POST"] };
        assert.deepStrictEqual(
            problems(
                distribution({ defaultCacheBehavior: { targetOriginId: "primary", ...unsafe } }),
            ),
            [],
        );
        assert.deepStrictEqual(
            problems(
                distribution({
                    orderedCacheBehaviors: [
                        { pathPattern: "/api/*", targetOriginId: "group", ...unsafe },
                    ],
                }),
            ),
            [
                `cache behavior /api/* targets origin group group but allows POST; behaviors on an origin group may allow only GET, HEAD and OPTIONS (${failoverDoc})`,
            ],
        );
    });
    it("rejects an origin with two kinds of configuration", () =>
        assert.deepStrictEqual(
            problems(
                distribution({
                    origins: [
                        origin("primary", {
                            s3OriginConfig: {},
                            vpcOriginConfig: { vpcOriginId: "v" },
                        }),
                        origin("secondary"),
                    ],
                }),
            ),
            [
                `origin primary: s3OriginConfig and customOriginConfig and vpcOriginConfig are set; an origin has one of S3OriginConfig, CustomOriginConfig or VpcOriginConfig (${originDoc})`,
            ],
        ));

    describe("VPC origins", () => {
        const albArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/1";
        const vpcOrigin = (config: Record<string, unknown>) =>
            recorded("aws:cloudfront/vpcOrigin:VpcOrigin", "vo", {
                vpcOriginEndpointConfig: {
                    name: "vo",
                    arn: albArn,
                    httpPort: 80,
                    httpsPort: 443,
                    ...config,
                },
            });
        const alb = (internal: boolean, type = "aws:lb/loadBalancer:LoadBalancer") =>
            recorded(type, "api", { internal, subnets: ["a", "b"] }, { outputs: { arn: albArn } });

        it("accepts an internal load balancer and each protocol policy", () => {
            for (const originProtocolPolicy of [
                "http-only",
                "match-viewer",
                "https-only",
                undefined,
            ]) {
                assert.deepStrictEqual(
                    problems(vpcOrigin({ originProtocolPolicy }), [alb(true)]),
                    [],
                    String(originProtocolPolicy),
                );
            }
        });
        it("rejects another protocol policy", () =>
            assert.deepStrictEqual(
                problems(vpcOrigin({ originProtocolPolicy: "https-first" }), [alb(true)]),
                [
                    `vpcOriginEndpointConfig.originProtocolPolicy "https-first" must be http-only, match-viewer or https-only (${vpcOriginApiDoc})`,
                ],
            ));
        it("rejects an internet-facing load balancer, found by type and ARN", () => {
            assert.deepStrictEqual(problems(vpcOrigin({}), [alb(false)]), [
                `load balancer api is internet-facing; a VPC origin serves a load balancer in private subnets, so make it internal (${vpcOriginDoc})`,
            ]);
            assert.deepStrictEqual(
                problems(vpcOrigin({}), [alb(false, "aws:lb/targetGroup:TargetGroup")]),
                [],
            );
            assert.deepStrictEqual(
                problems(vpcOrigin({}), [
                    recorded(
                        "aws:lb/loadBalancer:LoadBalancer",
                        "other",
                        { internal: false },
                        { outputs: { arn: "arn:other" } },
                    ),
                ]),
                [],
            );
        });
    });
});

describe("AWS input constraints: Global Accelerator on their boundaries", () => {
    const gaDoc =
        "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateEndpointGroup.html";
    const listenerDoc =
        "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateListener.html";
    const portRangeDoc =
        "https://docs.aws.amazon.com/global-accelerator/latest/api/API_PortRange.html";
    const clientIpDoc =
        "https://docs.aws.amazon.com/global-accelerator/latest/dg/preserve-client-ip-address.html";
    const group = (change: Record<string, unknown>) =>
        recorded("aws:globalaccelerator/endpointGroup:EndpointGroup", "eg", {
            listenerArn: "arn:listener",
            endpointGroupRegion: "us-west-2",
            ...change,
        });
    it("requires the endpoint group's region", () => {
        for (const endpointGroupRegion of [undefined, ""]) {
            assert.deepStrictEqual(problems(group({ endpointGroupRegion })), [
                `endpointGroupRegion is required (${gaDoc})`,
            ]);
        }
    });
    it("accepts each health check protocol, and a dial and threshold at their ends", () => {
        for (const healthCheckProtocol of ["TCP", "HTTP", "HTTPS"]) {
            assert.deepStrictEqual(
                problems(
                    group({ healthCheckProtocol, trafficDialPercentage: 100, thresholdCount: 10 }),
                ),
                [],
            );
        }
        assert.deepStrictEqual(problems(group({ healthCheckProtocol: "UDP" })), [
            `healthCheckProtocol "UDP" must be TCP, HTTP or HTTPS (${gaDoc})`,
        ]);
    });

    const listener = (change: Record<string, unknown>) =>
        recorded("aws:globalaccelerator/listener:Listener", "l", {
            acceleratorArn: "arn:acc",
            protocol: "TCP",
            portRanges: [{ fromPort: 443, toPort: 443 }],
            ...change,
        });
    it("accepts TCP and UDP, and each client affinity", () => {
        for (const protocol of ["TCP", "UDP"]) {
            for (const clientAffinity of ["NONE", "SOURCE_IP", undefined]) {
                assert.deepStrictEqual(
                    problems(listener({ protocol, clientAffinity })),
                    [],
                    `${protocol} ${clientAffinity}`,
                );
            }
        }
        assert.deepStrictEqual(problems(listener({ clientAffinity: "COOKIE" })), [
            `clientAffinity "COOKIE" must be NONE or SOURCE_IP (${listenerDoc})`,
        ]);
    });
    it("takes 1 to 10 port ranges", () => {
        const ranges = (n: number) =>
            Array.from({ length: n }, (_, k) => ({ fromPort: 1000 + k, toPort: 1000 + k }));
        assert.deepStrictEqual(problems(listener({ portRanges: ranges(10) })), []);
        assert.deepStrictEqual(problems(listener({ portRanges: ranges(11) })), [
            `a listener needs 1 to 10 port ranges, got 11 (${listenerDoc})`,
        ]);
        assert.deepStrictEqual(problems(listener({ portRanges: [] })), [
            `a listener needs 1 to 10 port ranges, got 0 (${listenerDoc})`,
        ]);
    });
    it("needs both ends of a port range, within 1 to 65535", () => {
        assert.deepStrictEqual(
            problems(listener({ portRanges: [{ fromPort: 1, toPort: 65535 }] })),
            [],
        );
        for (const range of [
            { fromPort: 443 },
            { toPort: 443 },
            { fromPort: 0, toPort: 443 },
            { fromPort: 443, toPort: 65536 },
        ]) {
            assert.deepStrictEqual(problems(listener({ portRanges: [range] })), [
                `port range ${JSON.stringify(range.fromPort)}-${JSON.stringify(range.toPort)} must have fromPort and toPort from 1 to 65535 (${portRangeDoc})`,
            ]);
        }
    });

    it("refuses to turn client IP preservation off for an internal ALB only", () => {
        const albArn = "arn:aws:elasticloadbalancing:us-west-2:1:loadbalancer/app/api/1";
        const alb = (internal: boolean, type = "aws:lb/loadBalancer:LoadBalancer") =>
            recorded(type, "api", { internal, subnets: ["a", "b"] }, { outputs: { arn: albArn } });
        const off = group({
            endpointConfigurations: [{ endpointId: albArn, clientIpPreservationEnabled: false }],
        });
        assert.deepStrictEqual(problems(off, [alb(true)]), [
            `endpoint api is an internal Application Load Balancer, for which Global Accelerator always preserves the client IP; clientIpPreservationEnabled false is not accepted (${clientIpDoc})`,
        ]);
        assert.deepStrictEqual(problems(off, [alb(false)]), []);
        assert.deepStrictEqual(problems(off, [alb(true, "aws:lb/targetGroup:TargetGroup")]), []);
        assert.deepStrictEqual(
            problems(off, [
                recorded(
                    "aws:lb/loadBalancer:LoadBalancer",
                    "x",
                    { internal: true },
                    { outputs: { arn: "arn:other" } },
                ),
            ]),
            [],
        );
    });
});

describe("Aurora Serverless v2 capacity on its boundaries", () => {
    const scalingDoc =
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html";
    it("accepts 0 to 256 ACUs for the minimum and 1 to 256 for the maximum", () => {
        assert.deepStrictEqual(serverlessCapacityProblems(0, 1), []);
        assert.deepStrictEqual(serverlessCapacityProblems(256, 256), []);
    });
    it("finds a db.serverless instance's cluster by type and id only", () => {
        const requirementsDoc =
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html";
        const instanceDoc =
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.CreateInstance.html";
        const member = recorded("aws:rds/clusterInstance:ClusterInstance", "i1", {
            clusterIdentifier: "db-id",
            engine: "aurora-postgresql",
            instanceClass: "db.serverless",
        });
        const cluster = (id: string, type = "aws:rds/cluster:Cluster") =>
            recorded(type, "db", { engine: "aurora-postgresql" }, { outputs: { id } });
        assert.deepStrictEqual(problems(member, [cluster("db-id")]), [
            `rule aurora-serverless-capacity: instanceClass "db.serverless" needs its cluster "db" to have serverlessv2ScalingConfiguration (a capacity range); it has none (${requirementsDoc})`,
        ]);
        const unknown = `clusterIdentifier "db-id" names no cluster created by the stacks run so far (${instanceDoc})`;
        assert.deepStrictEqual(problems(member, [cluster("other-id")]), [unknown]);
        assert.deepStrictEqual(problems(member, [cluster("db-id", "aws:rds/instance:Instance")]), [
            unknown,
        ]);
    });
    it("rejects a minimum above 256 and one off the half steps", () => {
        for (const min of [256.5, 1.25, -0.5]) {
            assert.deepStrictEqual(
                serverlessCapacityProblems(min, 256)[0],
                `minCapacity ${min} must be 0 to 256 ACUs in steps of 0.5 (${scalingDoc})`,
            );
        }
    });
});
