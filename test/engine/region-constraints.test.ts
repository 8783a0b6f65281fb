import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

describe("AWS input constraints of the regional types", () => {
    describe("listener", () => {
        const doc =
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html";
        const forward = [{ type: "forward", targetGroupArn: "arn:tg" }];
        it("accepts HTTPS with a certificate", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:lb/listener:Listener", "l", {
                        port: 443,
                        protocol: "HTTPS",
                        certificateArn: "arn:cert",
                        defaultActions: forward,
                    }),
                ),
                [],
            ));
        it("rejects HTTPS without a certificate", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:lb/listener:Listener", "l", {
                        port: 443,
                        protocol: "HTTPS",
                        defaultActions: forward,
                    }),
                ),
                [`protocol HTTPS needs certificateArn (${doc})`],
            ));
        it("rejects a redirect with status 307", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:lb/listener:Listener", "l", {
                        port: 80,
                        protocol: "HTTP",
                        defaultActions: [
                            {
                                type: "redirect",
                                redirect: { protocol: "HTTPS", statusCode: "HTTP_307" },
                            },
                        ],
                    }),
                ),
                [
                    'redirect statusCode "HTTP_307" must be HTTP_301 or HTTP_302 (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RedirectActionConfig.html)',
                ],
            ));
    });

    describe("security group rules", () => {
        const doc =
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRuleRequest.html";
        const type = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
        it("accepts a TCP rule from one security group", () =>
            assert.deepStrictEqual(
                problems(
                    recorded(type, "r", {
                        ipProtocol: "tcp",
                        fromPort: 80,
                        toPort: 80,
                        referencedSecurityGroupId: "sg-1",
                    }),
                ),
                [],
            ));
        it("rejects a rule with two peers", () =>
            assert.deepStrictEqual(
                problems(
                    recorded(type, "r", {
                        ipProtocol: "tcp",
                        fromPort: 80,
                        toPort: 80,
                        cidrIpv4: "0.0.0.0/0",
                        referencedSecurityGroupId: "sg-1",
                    }),
                ),
                [
                    `a rule needs exactly one of cidrIpv4, cidrIpv6, prefixListId, referencedSecurityGroupId, got cidrIpv4 and referencedSecurityGroupId (${doc})`,
                ],
            ));
        it("rejects an inverted port range", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "r", {
                        ipProtocol: "tcp",
                        fromPort: 443,
                        toPort: 80,
                        cidrIpv4: "10.0.0.0/16",
                    }),
                ),
                [`fromPort 443 is above toPort 80 (${doc})`],
            ));
    });

    describe("awsx VPC", () => {
        const vpc = (natGateways: unknown, subnetSpecs?: unknown) =>
            recorded("awsx:ec2:Vpc", "vpc", { natGateways, subnetSpecs }, { custom: false });
        it("accepts isolated subnets without NAT", () =>
            assert.deepStrictEqual(
                problems(vpc({ strategy: "None" }, [{ type: "Public" }, { type: "Isolated" }])),
                [],
            ));
        it("rejects private subnets without NAT, as awsx does", () =>
            assert.deepStrictEqual(
                problems(vpc({ strategy: "None" }, [{ type: "Public" }, { type: "Private" }])),
                [
                    'private subnets need NAT gateways, but natGateways.strategy is "None"; use Isolated subnets without NAT (https://github.com/pulumi/pulumi-awsx/issues/884)',
                ],
            ));
        it("rejects NAT without public subnets", () =>
            assert.deepStrictEqual(problems(vpc({ strategy: "Single" }, [{ type: "Private" }])), [
                'natGateways.strategy "Single" needs Public subnets to host the NAT gateways (https://www.pulumi.com/registry/packages/awsx/api-docs/ec2/vpc/)',
            ]));
    });

    describe("VPC endpoint", () => {
        it("rejects a gateway endpoint for a service that has none", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:ec2/vpcEndpoint:VpcEndpoint", "e", {
                        vpcEndpointType: "Gateway",
                        serviceName: "com.amazonaws.us-east-1.logs",
                    }),
                ),
                [
                    'gateway endpoints exist only for s3 and dynamodb, not "com.amazonaws.us-east-1.logs" (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html)',
                ],
            ));
    });

    describe("Application Auto Scaling", () => {
        const doc =
            "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html";
        const target = (min: number, max: number) =>
            recorded("aws:appautoscaling/target:Target", "scaling", {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: "service/cluster-1/svc-1",
                minCapacity: min,
                maxCapacity: max,
            });
        it("accepts 0 to 0 (an active-passive standby)", () =>
            assert.deepStrictEqual(problems(target(0, 0)), []));
        it("rejects min above max", () =>
            assert.deepStrictEqual(problems(target(4, 2)), [
                `minCapacity 4 is above maxCapacity 2 (${doc})`,
            ]));
        it("rejects a target tracking policy without a target value", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:appautoscaling/policy:Policy", "p", {
                        policyType: "TargetTrackingScaling",
                        serviceNamespace: "ecs",
                        targetTrackingScalingPolicyConfiguration: {
                            predefinedMetricSpecification: {
                                predefinedMetricType: "ECSServiceAverageCPUUtilization",
                            },
                        },
                    }),
                ),
                [
                    "targetValue null must be a number above 0 (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html)",
                ],
            ));
        it("rejects a service whose desiredCount is outside its scaling bounds", () =>
            assert.deepStrictEqual(
                problems(
                    recorded(
                        "aws:ecs/service:Service",
                        "svc",
                        {
                            cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/cluster-1",
                            desiredCount: 1,
                            launchType: "FARGATE",
                            networkConfiguration: { subnets: ["subnet-1"] },
                        },
                        { outputs: { name: "svc-1" } },
                    ),
                    [target(3, 6)],
                ),
                [
                    "desiredCount 1 is outside its scalable target's 3 to 6 (scaling) (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-auto-scaling.html)",
                ],
            ));
    });

    describe("CloudWatch", () => {
        it("rejects a log retention CloudWatch Logs does not offer", () =>
            assert.match(
                problems(
                    recorded("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 45 }),
                )[0],
                /^retentionInDays 45 is not allowed; use one of 0, 1, 3, 5, 7, 14, 30, 60, 90, /,
            ));
        it("rejects an alarm period of 45 seconds and M above N", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:cloudwatch/metricAlarm:MetricAlarm", "a", {
                        period: 45,
                        evaluationPeriods: 2,
                        datapointsToAlarm: 3,
                    }),
                ),
                [
                    "period 45 must be 10, 20, 30 or a multiple of 60 seconds (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html)",
                    "datapointsToAlarm 3 is above evaluationPeriods 2 (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html)",
                ],
            ));
    });

    describe("ECR pull-through cache", () => {
        it("rejects Docker Hub without credentials", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "c", {
                        ecrRepositoryPrefix: "docker-hub",
                        upstreamRegistryUrl: "registry-1.docker.io",
                    }),
                ),
                [
                    "upstream registry-1.docker.io needs credentialArn (a Secrets Manager secret prefixed ecr-pullthroughcache/) (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html)",
                ],
            ));
        it("accepts public.ecr.aws without credentials", () =>
            assert.deepStrictEqual(
                problems(
                    recorded("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "c", {
                        ecrRepositoryPrefix: "ecr-public",
                        upstreamRegistryUrl: "public.ecr.aws",
                    }),
                ),
                [],
            ));
    });
});
