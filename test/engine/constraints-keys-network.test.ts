/**
 * KMS keys and replica keys, security group rules, VPC endpoints, awsx VPCs, ECS task
 * definitions and services, and S3 Multi-Region Access Points on their boundaries (issue #30:
 * mutants of these constraint files had no test or survived). Exact messages.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

describe("AWS input constraints: KMS", () => {
    const replicateDoc =
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html";
    const deletionDoc =
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html";
    const rotationDoc =
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html";
    const key = (inputs: Record<string, unknown>, more: Partial<RecordedResource> = {}) =>
        recorded("aws:kms/key:Key", "key", inputs, more);

    it("accepts deletion windows of 7 and 30 days and rotation periods of 90 and 2560", () => {
        for (const inputs of [
            { deletionWindowInDays: 7, rotationPeriodInDays: 90 },
            { deletionWindowInDays: 30, rotationPeriodInDays: 2560 },
            {},
        ]) {
            assert.deepStrictEqual(problems(key(inputs)), [], JSON.stringify(inputs));
        }
    });
    for (const days of [6, 31, 7.5]) {
        it(`rejects a deletion window of ${days} days`, () =>
            assert.deepStrictEqual(problems(key({ deletionWindowInDays: days })), [
                `deletionWindowInDays ${days} must be an integer from 7 to 30 (${deletionDoc})`,
            ]));
    }
    for (const days of [89, 2561, 90.5]) {
        it(`rejects a rotation period of ${days} days`, () =>
            assert.deepStrictEqual(problems(key({ rotationPeriodInDays: days })), [
                `rotationPeriodInDays ${days} must be an integer from 90 to 2560 (${rotationDoc})`,
            ]));
    }

    const primaryArn = "arn:aws:kms:us-east-1:123456789012:key/mrk-1";
    const primary = key(
        { multiRegion: true },
        { outputs: { arn: primaryArn, multiRegion: true }, name: "primary" },
    );
    const replica = (inputs: Record<string, unknown>, region = "us-west-2") =>
        recorded(
            "aws:kms/replicaKey:ReplicaKey",
            "replica",
            { primaryKeyArn: primaryArn, ...inputs },
            { region },
        );

    it("accepts a replica of a multi-Region key in another region", () =>
        assert.deepStrictEqual(problems(replica({}), [primary]), []));
    it("checks a replica's deletion window too", () =>
        assert.deepStrictEqual(problems(replica({ deletionWindowInDays: 31 }), [primary]), [
            `deletionWindowInDays 31 must be an integer from 7 to 30 (${deletionDoc})`,
        ]));
    it("requires primaryKeyArn", () =>
        assert.deepStrictEqual(
            problems(replica({ primaryKeyArn: undefined, deletionWindowInDays: 6 }), [primary]),
            [
                `deletionWindowInDays 6 must be an integer from 7 to 30 (${deletionDoc})`,
                `primaryKeyArn is required (${replicateDoc})`,
            ],
        ));
    it("rejects a primary no stack created, and a resource of another type with that ARN", () => {
        const message = `primaryKeyArn "${primaryArn}" names no KMS key created by the stacks run so far (${replicateDoc})`;
        assert.deepStrictEqual(problems(replica({})), [message]);
        const notAKey = recorded(
            "aws:kms/alias:Alias",
            "alias",
            {},
            { outputs: { arn: primaryArn } },
        );
        assert.deepStrictEqual(problems(replica({}), [notAKey]), [message]);
    });
    it("rejects a single-Region primary", () =>
        assert.deepStrictEqual(
            problems(replica({}), [key({}, { outputs: { arn: primaryArn }, name: "primary" })]),
            [
                `primary key "primary" is not a multi-Region key (multiRegion true); only multi-Region primary keys can be replicated (${replicateDoc})`,
            ],
        ));
    it("rejects a replica in the primary's region", () =>
        assert.deepStrictEqual(problems(replica({}, "us-east-1"), [primary]), [
            `replica is in us-east-1, the primary key's own region; a replica must be in another region (${replicateDoc})`,
        ]));
});

describe("AWS input constraints: security group rules and VPC endpoints", () => {
    const ruleDoc =
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRuleRequest.html";
    const gatewayDoc = "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html";
    const peers = "cidrIpv4, cidrIpv6, prefixListId, referencedSecurityGroupId";
    const rule = (change: Record<string, unknown>, type = "Ingress") =>
        recorded(`aws:vpc/securityGroup${type}Rule:SecurityGroup${type}Rule`, "r", {
            securityGroupId: "sg-1",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "10.0.0.0/16",
            ...change,
        });

    it("accepts each peer alone, on ingress and egress", () => {
        for (const peer of ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"]) {
            for (const type of ["Ingress", "Egress"]) {
                assert.deepStrictEqual(
                    problems(rule({ cidrIpv4: undefined, [peer]: "x" }, type)),
                    [],
                    `${type} ${peer}`,
                );
            }
        }
    });
    it("rejects no peer and two peers", () => {
        assert.deepStrictEqual(problems(rule({ cidrIpv4: undefined })), [
            `a rule needs exactly one of ${peers}, got none (${ruleDoc})`,
        ]);
        assert.deepStrictEqual(problems(rule({ prefixListId: "pl-1" })), [
            `a rule needs exactly one of ${peers}, got cidrIpv4 and prefixListId (${ruleDoc})`,
        ]);
    });
    it("accepts ports 0 to 65535 and fromPort equal to toPort", () =>
        assert.deepStrictEqual(problems(rule({ fromPort: 0, toPort: 65535 })), []));
    for (const protocol of ["tcp", "udp", "6", "17"]) {
        for (const [from, to] of [
            [-1, 443],
            [443, 65536],
            [undefined, 443],
            [443, 1.5],
        ]) {
            it(`rejects ${protocol} ports ${from} to ${to}`, () =>
                assert.deepStrictEqual(
                    problems(rule({ ipProtocol: protocol, fromPort: from, toPort: to })),
                    [
                        `${protocol} rules need fromPort and toPort from 0 to 65535, got ${JSON.stringify(from ?? null)} to ${JSON.stringify(to ?? null)} (${ruleDoc})`,
                    ],
                ));
        }
    }
    it("rejects fromPort one above toPort", () =>
        assert.deepStrictEqual(problems(rule({ fromPort: 444, toPort: 443 })), [
            `fromPort 444 is above toPort 443 (${ruleDoc})`,
        ]));
    it("takes no ports for other protocols, and requires a protocol", () => {
        assert.deepStrictEqual(
            problems(rule({ ipProtocol: "-1", fromPort: undefined, toPort: undefined })),
            [],
        );
        assert.deepStrictEqual(
            problems(rule({ ipProtocol: "icmp", fromPort: -1, toPort: -1 })),
            [],
        );
        assert.deepStrictEqual(problems(rule({ ipProtocol: undefined })), [
            `ipProtocol is required (${ruleDoc})`,
        ]);
    });

    const endpoint = (change: Record<string, unknown>) =>
        recorded("aws:ec2/vpcEndpoint:VpcEndpoint", "e", {
            vpcId: "vpc-1",
            serviceName: "com.amazonaws.us-east-1.s3",
            routeTableIds: ["rtb-1"],
            ...change,
        });
    it("accepts S3 and DynamoDB gateway endpoints, typed or by default", () => {
        assert.deepStrictEqual(problems(endpoint({})), []);
        assert.deepStrictEqual(
            problems(
                endpoint({
                    vpcEndpointType: "Gateway",
                    serviceName: "com.amazonaws.us-east-1.dynamodb",
                }),
            ),
            [],
        );
    });
    it("rejects a gateway endpoint for another service", () => {
        for (const serviceName of ["com.amazonaws.us-east-1.sqs", "com.amazonaws.us-east-1.s3.x"]) {
            assert.deepStrictEqual(problems(endpoint({ serviceName })), [
                `gateway endpoints exist only for s3 and dynamodb, not ${JSON.stringify(serviceName)} (${gatewayDoc})`,
            ]);
        }
    });
    it("rejects subnets and security groups on a gateway endpoint, not on an interface one", () => {
        const message = `a gateway endpoint takes route tables, not subnetIds or securityGroupIds (${gatewayDoc})`;
        assert.deepStrictEqual(problems(endpoint({ subnetIds: ["s-1"] })), [message]);
        assert.deepStrictEqual(problems(endpoint({ securityGroupIds: ["sg-1"] })), [message]);
        assert.deepStrictEqual(
            problems(
                endpoint({
                    vpcEndpointType: "Interface",
                    serviceName: "com.amazonaws.us-east-1.sqs",
                    subnetIds: ["s-1"],
                }),
            ),
            [],
        );
    });
});

describe("AWS input constraints: awsx VPC", () => {
    const natDoc = "https://github.com/pulumi/pulumi-awsx/issues/884";
    const vpcDoc = "https://www.pulumi.com/registry/packages/awsx/api-docs/ec2/vpc/";
    const vpc = (inputs: Record<string, unknown>) =>
        recorded("awsx:ec2:Vpc", "vpc", inputs, { custom: false });
    const specs = (...types: string[]) => types.map((type) => ({ type }));

    it("accepts the defaults (public and private subnets, a NAT per AZ)", () =>
        assert.deepStrictEqual(problems(vpc({})), []));
    it("accepts isolated subnets without NAT", () =>
        assert.deepStrictEqual(
            problems(vpc({ subnetSpecs: specs("Isolated"), natGateways: { strategy: "None" } })),
            [],
        ));
    it("rejects private subnets without NAT, also by default", () => {
        const message = `private subnets need NAT gateways, but natGateways.strategy is "None"; use Isolated subnets without NAT (${natDoc})`;
        assert.deepStrictEqual(
            problems(
                vpc({ subnetSpecs: specs("Public", "Private"), natGateways: { strategy: "None" } }),
            ),
            [message],
        );
        assert.deepStrictEqual(problems(vpc({ natGateways: { strategy: "None" } })), [message]);
    });
    it("rejects NAT gateways without public subnets to hold them", () => {
        assert.deepStrictEqual(problems(vpc({ subnetSpecs: specs("Private") })), [
            `natGateways.strategy "OnePerAz" needs Public subnets to host the NAT gateways (${vpcDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(vpc({ subnetSpecs: specs("Private"), natGateways: { strategy: "Single" } })),
            [
                `natGateways.strategy "Single" needs Public subnets to host the NAT gateways (${vpcDoc})`,
            ],
        );
    });
});

describe("AWS input constraints: ECS", () => {
    const fargateDoc =
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size";
    const serviceDoc =
        "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html";
    const scalingDoc =
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-auto-scaling.html";
    const task = (change: Record<string, unknown>) =>
        recorded("aws:ecs/taskDefinition:TaskDefinition", "task", {
            requiresCompatibilities: ["FARGATE"],
            cpu: "256",
            memory: "512",
            networkMode: "awsvpc",
            ...change,
        });
    it("requires awsvpc for Fargate only", () => {
        assert.deepStrictEqual(problems(task({})), []);
        assert.deepStrictEqual(problems(task({ networkMode: "bridge" })), [
            `Fargate tasks need networkMode "awsvpc", got "bridge" (${fargateDoc})`,
        ]);
        assert.deepStrictEqual(problems(task({ networkMode: undefined })), [
            `Fargate tasks need networkMode "awsvpc", got null (${fargateDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(task({ requiresCompatibilities: ["EC2"], networkMode: "bridge", cpu: "3" })),
            [],
        );
    });

    const service = (change: Record<string, unknown>, name = "api") =>
        recorded(
            "aws:ecs/service:Service",
            "svc",
            { cluster: "arn:aws:ecs:us-east-1:1:cluster/app", desiredCount: 2, ...change },
            { outputs: { name } },
        );
    const target = (min: number, max: number, more: Partial<RecordedResource> = {}) =>
        recorded(
            "aws:appautoscaling/target:Target",
            "scaling",
            {
                minCapacity: min,
                maxCapacity: max,
                serviceNamespace: "ecs",
                resourceId: "service/app/api",
            },
            more,
        );
    it("requires subnets for a Fargate service", () => {
        assert.deepStrictEqual(problems(service({ launchType: "FARGATE" })), [
            `a Fargate service needs networkConfiguration.subnets (awsvpc tasks) (${serviceDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(
                service({ launchType: "FARGATE", networkConfiguration: { subnets: ["s-1"] } }),
            ),
            [],
        );
        assert.deepStrictEqual(problems(service({ launchType: "EC2" })), []);
    });
    it("accepts a desiredCount at either bound of its scalable target", () => {
        assert.deepStrictEqual(problems(service({ desiredCount: 2 }), [target(2, 4)]), []);
        assert.deepStrictEqual(problems(service({ desiredCount: 4 }), [target(2, 4)]), []);
    });
    it("rejects a desiredCount one outside either bound", () => {
        assert.deepStrictEqual(problems(service({ desiredCount: 1 }), [target(2, 4)]), [
            `desiredCount 1 is outside its scalable target's 2 to 4 (scaling) (${scalingDoc})`,
        ]);
        assert.deepStrictEqual(problems(service({ desiredCount: 5 }), [target(2, 4)]), [
            `desiredCount 5 is outside its scalable target's 2 to 4 (scaling) (${scalingDoc})`,
        ]);
    });
    it("matches the target by cluster, service name and stack only", () => {
        assert.deepStrictEqual(problems(service({ desiredCount: 9 }, "web"), [target(2, 4)]), []);
        assert.deepStrictEqual(
            problems(service({ desiredCount: 9, cluster: "other" }), [target(2, 4)]),
            [],
        );
        assert.deepStrictEqual(
            problems(service({ desiredCount: 9 }), [target(2, 4, { stack: "other" })]),
            [],
        );
        assert.deepStrictEqual(problems(service({ desiredCount: undefined }), [target(2, 4)]), []);
    });
});

describe("AWS input constraints: S3 Multi-Region Access Point", () => {
    const restrictionsDoc =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html";
    const bucketsDoc =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/multi-region-access-point-buckets.html";
    const failoverDoc =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/mrap-failover-errors.html";
    const bucket = (name: string, region: string) =>
        recorded("aws:s3/bucket:Bucket", name, {}, { outputs: { bucket: name }, region });
    const buckets = [
        bucket("a-east", "us-east-1"),
        bucket("a-west", "us-west-2"),
        bucket("b-west", "us-west-2"),
    ];
    const mrap = (name: unknown, names: string[]) =>
        recorded("aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint", "mrap", {
            details: { name, regions: names.map((bucket) => ({ bucket })) },
        });

    it("accepts one bucket in each of two regions, and names of 3 and 50 characters", () => {
        for (const name of ["app", "abc", "a".repeat(50), "a-1"]) {
            assert.deepStrictEqual(problems(mrap(name, ["a-east", "a-west"]), buckets), [], name);
        }
    });
    for (const name of ["ab", "a".repeat(51), "-ab", "ab-", "Abc", "a_b", undefined]) {
        it(`rejects the name ${JSON.stringify(name)}`, () =>
            assert.deepStrictEqual(problems(mrap(name, ["a-east", "a-west"]), buckets), [
                `rule mrap-buckets: name ${JSON.stringify(name ?? null)} must be 3 to 50 lowercase letters, digits or hyphens, starting and ending with a letter or digit (${restrictionsDoc})`,
            ]));
    }
    it("rejects two buckets in one region", () =>
        assert.deepStrictEqual(problems(mrap("app", ["a-east", "a-west", "b-west"]), buckets), [
            `rule mrap-buckets: buckets "a-west", "b-west" are both in us-west-2; a Multi-Region Access Point has exactly one bucket per region (${bucketsDoc})`,
        ]));
    it("rejects a single region, naming a bucket no stack created by its own region", () => {
        assert.deepStrictEqual(problems(mrap("app", ["a-east"]), buckets), [
            `rule mrap-buckets: 1 region(s); failover controls need buckets in at least 2 regions (${failoverDoc})`,
        ]);
        assert.deepStrictEqual(problems(mrap("app", ["a-east", "elsewhere"]), buckets), []);
        assert.deepStrictEqual(problems(mrap("app", []), buckets), [
            `rule mrap-buckets: 0 region(s); failover controls need buckets in at least 2 regions (${failoverDoc})`,
        ]);
    });
});
