import * as assert from "assert";
import { ProgramError } from "../check/engine/engine";
import { StackRecord } from "../check/engine/types";
import { onlyResource, resourceNamed, resourcesOf, runProject, stackOf } from "./helpers/engine";

const component = "multi-region-failover:region:RegionalApplication";
const ingress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const egress = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

function capacityOf(record: StackRecord) {
    return record.outputs.capacity;
}

describe("regional application", () => {
    let records: StackRecord[];
    before(async () => {
        records = await runProject({ stacks: ["primary", "secondary"] });
    });

    it("places every child of the component in the stack's region through its provider", () => {
        for (const [stack, region] of [
            ["primary", "us-east-1"],
            ["secondary", "us-west-2"],
        ]) {
            const record = stackOf(records, stack);
            const app = onlyResource(record, component);
            assert.strictEqual(app.name, `app-${region}`);
            const children = record.resources.filter((r) => r.parent === app.urn);
            assert.ok(children.length >= 30, `${stack}: only ${children.length} children`);
            const provider = resourceNamed(record, "pulumi:providers:aws", `aws-${region}`);
            for (const child of children) {
                assert.strictEqual(child.region, region, `${child.type} ${child.name}`);
                if (child.custom) {
                    assert.strictEqual(
                        child.provider?.split("::").slice(0, -1).join("::"),
                        provider.urn,
                        child.name,
                    );
                }
            }
            // awsx's provider is invisible under mocks; its region input is what places it.
            assert.strictEqual(onlyResource(record, "awsx:ec2:Vpc").inputs.region, region);
        }
    });

    it("health-checks the configured path on ip targets with timeout below interval", () => {
        const tg = onlyResource(stackOf(records, "primary"), "aws:lb/targetGroup:TargetGroup");
        assert.strictEqual(tg.inputs.targetType, "ip");
        assert.strictEqual(tg.inputs.port, 80);
        assert.deepStrictEqual(tg.inputs.healthCheck, {
            enabled: true,
            protocol: "HTTP",
            path: "/",
            port: "traffic-port",
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 2,
            matcher: "200-399",
        });
    });

    it("uses the configured health path in the target group and the contract's URL", async () => {
        const [primary] = await runProject({
            stacks: ["primary"],
            overrides: ["app.healthPath=/healthz"],
        });
        const tg = onlyResource(primary, "aws:lb/targetGroup:TargetGroup");
        assert.strictEqual((tg.inputs.healthCheck as { path: string }).path, "/healthz");
        const alb = onlyResource(primary, "aws:lb/loadBalancer:LoadBalancer");
        assert.strictEqual(primary.outputs.healthCheckPath, "/healthz");
        assert.strictEqual(
            primary.outputs.healthCheckUrl,
            `https://${alb.outputs.dnsName}/healthz`,
        );
    });

    it("admits task traffic only from the ALB's security group, on the app port", () => {
        const record = stackOf(records, "primary");
        const albSg = resourceNamed(
            record,
            "aws:ec2/securityGroup:SecurityGroup",
            "app-us-east-1-alb",
        );
        const taskSg = resourceNamed(
            record,
            "aws:ec2/securityGroup:SecurityGroup",
            "app-us-east-1-tasks",
        );
        const taskIngress = resourcesOf(record, ingress).filter(
            (r) => r.inputs.securityGroupId === taskSg.outputs.id,
        );
        assert.deepStrictEqual(
            taskIngress.map((r) => r.inputs),
            [
                {
                    securityGroupId: taskSg.outputs.id,
                    description: "From the ALB on the app port",
                    ipProtocol: "tcp",
                    fromPort: 80,
                    toPort: 80,
                    referencedSecurityGroupId: albSg.outputs.id,
                },
            ],
        );
        assert.deepStrictEqual(taskSg.inputs.ingress, undefined);
    });

    it("opens 0.0.0.0/0 only for the ALB's 80/443 ingress by default", () => {
        const record = stackOf(records, "primary");
        const open = [...resourcesOf(record, ingress), ...resourcesOf(record, egress)]
            .filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0")
            .map((r) => [r.type, r.name, r.inputs.fromPort])
            .sort();
        assert.deepStrictEqual(open, [
            [ingress, "app-us-east-1-alb-in-443", 443],
            [ingress, "app-us-east-1-alb-in-80", 80],
        ]);
        const taskEgress = resourcesOf(record, egress)
            .filter((r) => r.name.startsWith("app-us-east-1-tasks-out-"))
            .map((r) => [r.name, r.inputs.fromPort, r.inputs.toPort])
            .sort();
        assert.deepStrictEqual(taskEgress, [
            ["app-us-east-1-tasks-out-dynamodb", 443, 443],
            ["app-us-east-1-tasks-out-endpoints", 443, 443],
            ["app-us-east-1-tasks-out-s3", 443, 443],
        ]);
    });

    it("builds a NAT-less VPC with isolated app subnets and endpoints, and runs tasks there", () => {
        const record = stackOf(records, "primary");
        const vpc = onlyResource(record, "awsx:ec2:Vpc");
        assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "None" });
        assert.deepStrictEqual(vpc.inputs.subnetSpecs, [{ type: "Public" }, { type: "Isolated" }]);
        assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, 3);
        const service = onlyResource(record, "aws:ecs/service:Service");
        assert.deepStrictEqual(service.inputs.networkConfiguration, {
            subnets: vpc.outputs.isolatedSubnetIds,
            securityGroups: [
                resourceNamed(record, "aws:ec2/securityGroup:SecurityGroup", "app-us-east-1-tasks")
                    .outputs.id,
            ],
            assignPublicIp: false,
        });
        assert.deepStrictEqual(service.inputs.deploymentCircuitBreaker, {
            enable: true,
            rollback: true,
        });
        assert.deepStrictEqual(
            resourcesOf(record, "aws:ec2/vpcEndpoint:VpcEndpoint")
                .map((e) => [e.inputs.serviceName, e.inputs.vpcEndpointType])
                .sort(),
            [
                ["com.amazonaws.us-east-1.dynamodb", "Gateway"],
                ["com.amazonaws.us-east-1.ecr.api", "Interface"],
                ["com.amazonaws.us-east-1.ecr.dkr", "Interface"],
                ["com.amazonaws.us-east-1.logs", "Interface"],
                ["com.amazonaws.us-east-1.s3", "Gateway"],
            ],
        );
        const task = onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition");
        const [container] = JSON.parse(String(task.inputs.containerDefinitions));
        assert.strictEqual(
            container.image,
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-public/nginx/nginx:1.27",
        );
        assert.strictEqual(container.readonlyRootFilesystem, true);
        assert.strictEqual(
            onlyResource(record, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule").inputs
                .upstreamRegistryUrl,
            "public.ecr.aws",
        );
    });

    it("terminates TLS 1.3/1.2 with a DNS-validated certificate and redirects HTTP; every ALB refuses deletion", () => {
        const record = stackOf(records, "secondary");
        const listeners = resourcesOf(record, "aws:lb/listener:Listener");
        const https = listeners.find((l) => l.inputs.protocol === "HTTPS")!;
        const validation = onlyResource(
            record,
            "aws:acm/certificateValidation:CertificateValidation",
        );
        assert.strictEqual(https.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
        assert.strictEqual(https.inputs.certificateArn, validation.outputs.certificateArn);
        const http = listeners.find((l) => l.inputs.protocol === "HTTP")!;
        assert.deepStrictEqual(http.inputs.defaultActions, [
            {
                type: "redirect",
                redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
            },
        ]);
        const record53 = onlyResource(record, "aws:route53/record:Record");
        assert.strictEqual(record53.inputs.zoneId, "Z0000000000000000000");
        assert.strictEqual(record53.inputs.allowOverwrite, true);
        assert.strictEqual(
            onlyResource(record, "aws:acm/certificate:Certificate").inputs.domainName,
            "app.example.com",
        );
        const alb = onlyResource(record, "aws:lb/loadBalancer:LoadBalancer");
        assert.strictEqual(alb.inputs.internal, false);
        assert.strictEqual(alb.inputs.dropInvalidHeaderFields, true);
        assert.strictEqual(alb.inputs.enableDeletionProtection, true);
        assert.strictEqual(
            onlyResource(stackOf(records, "primary"), "aws:lb/loadBalancer:LoadBalancer").inputs
                .enableDeletionProtection,
            true,
        );
    });

    it("alarms on unhealthy hosts, ELB 5xx and target 5xx to a KMS-encrypted topic", () => {
        const record = stackOf(records, "primary");
        const topic = onlyResource(record, "aws:sns/topic:Topic");
        const key = resourceNamed(record, "aws:kms/key:Key", "app-us-east-1-key");
        assert.strictEqual(topic.inputs.kmsMasterKeyId, key.outputs.arn);
        assert.deepStrictEqual(
            resourcesOf(record, "aws:cloudwatch/metricAlarm:MetricAlarm")
                .map((a) => [a.inputs.metricName, a.inputs.alarmActions])
                .sort(),
            [
                ["HTTPCode_ELB_5XX_Count", [topic.outputs.arn]],
                ["HTTPCode_Target_5XX_Count", [topic.outputs.arn]],
                ["UnHealthyHostCount", [topic.outputs.arn]],
            ],
        );
        const logs = resourceNamed(
            record,
            "aws:cloudwatch/logGroup:LogGroup",
            "app-us-east-1-logs",
        );
        assert.deepStrictEqual(
            [logs.inputs.name, logs.inputs.retentionInDays, logs.inputs.kmsKeyId],
            ["/ecs/app-us-east-1", 30, key.outputs.arn],
        );
    });

    it("exports the contract outputs, ALB details included", () => {
        const record = stackOf(records, "secondary");
        const alb = onlyResource(record, "aws:lb/loadBalancer:LoadBalancer");
        assert.strictEqual(record.outputs.albDnsName, alb.outputs.dnsName);
        assert.strictEqual(record.outputs.albZoneId, "Z1H1FL5HABSF5");
        assert.strictEqual(record.outputs.albArn, alb.outputs.arn);
        assert.strictEqual(
            record.outputs.clusterName,
            onlyResource(record, "aws:ecs/cluster:Cluster").outputs.name,
        );
        assert.strictEqual(
            record.outputs.serviceName,
            onlyResource(record, "aws:ecs/service:Service").outputs.name,
        );
    });
});

describe("capacity through the real stacks", () => {
    // The defaults: 6 tasks at full capacity across 3 AZs, autoscaling to 12, a 50% warm standby.
    const full = {
        desiredCount: 6,
        minCount: 6,
        maxCount: 12,
        fullCapacity: 6,
        servesTraffic: true,
        readyForTraffic: true,
    };
    const standby = {
        "active-passive": {
            desiredCount: 0,
            minCount: 0,
            maxCount: 0,
            fullCapacity: 6,
            servesTraffic: false,
            readyForTraffic: false,
        },
        "pilot-light": {
            desiredCount: 1,
            minCount: 1,
            maxCount: 12,
            fullCapacity: 6,
            servesTraffic: false,
            readyForTraffic: false,
        },
        "warm-standby": {
            desiredCount: 3,
            minCount: 3,
            maxCount: 12,
            fullCapacity: 6,
            servesTraffic: false,
            readyForTraffic: true,
        },
        "active-active": full,
    };
    for (const [strategy, expected] of Object.entries(standby)) {
        it(`${strategy}: primary full, secondary ${expected.desiredCount} tasks, in the service and scaling target`, async () => {
            const records = await runProject({
                stacks: ["primary", "secondary"],
                overrides: [
                    `strategy=${strategy}`,
                    ...(strategy === "active-active" ? ["routing.mode=dns-latency"] : []),
                ],
            });
            for (const [stack, capacity] of [
                ["primary", full],
                ["secondary", expected],
            ] as const) {
                const record = stackOf(records, stack);
                assert.deepStrictEqual(capacityOf(record), capacity, stack);
                assert.strictEqual(
                    onlyResource(record, "aws:ecs/service:Service").inputs.desiredCount,
                    capacity.desiredCount,
                );
                const scaling = onlyResource(record, "aws:appautoscaling/target:Target");
                assert.deepStrictEqual(
                    [scaling.inputs.minCapacity, scaling.inputs.maxCapacity],
                    [capacity.minCount, capacity.maxCount],
                );
            }
        });
    }

    it("does not notify on ELB 5xx from a standby with no tasks, and does once it is activated", async () => {
        const elb5xx = (record: StackRecord) =>
            resourcesOf(record, "aws:cloudwatch/metricAlarm:MetricAlarm").find(
                (a) => a.inputs.metricName === "HTTPCode_ELB_5XX_Count",
            )!.inputs.actionsEnabled;
        const idle = await runProject({
            stacks: ["primary", "secondary"],
            overrides: ["strategy=active-passive"],
        });
        assert.deepStrictEqual(idle.map(elb5xx), [true, false]);
        const active = await runProject({
            stacks: ["primary", "secondary"],
            overrides: ["strategy=active-passive"],
            stackOverrides: { secondary: ["failover.activate=true"] },
        });
        assert.deepStrictEqual(active.map(elb5xx), [true, true]);
        assert.deepStrictEqual(capacityOf(stackOf(active, "secondary")), full);
    });

    it("applies stackOverrides to the named stack only", async () => {
        const records = await runProject({
            stacks: ["primary", "secondary"],
            stackOverrides: { secondary: ["app.azCount=2"] },
        });
        assert.deepStrictEqual(
            records.map((r) => onlyResource(r, "awsx:ec2:Vpc").inputs.numberOfAvailabilityZones),
            [3, 2],
        );
    });

    it("failover.activate=true raises a pilot-light standby to full capacity", async () => {
        const records = await runProject({
            stacks: ["primary", "secondary"],
            overrides: ["strategy=pilot-light"],
            stackOverrides: { secondary: ["failover.activate=true"] },
        });
        const secondary = stackOf(records, "secondary");
        assert.deepStrictEqual(capacityOf(secondary), full);
        assert.strictEqual(
            onlyResource(secondary, "aws:ecs/service:Service").inputs.desiredCount,
            6,
        );
    });

    it("with app.outboundInternet, NAT follows role and strategy and tasks get HTTPS egress", async () => {
        const records = await runProject({
            stacks: ["primary", "secondary"],
            overrides: ["strategy=pilot-light", "app.outboundInternet=true"],
        });
        for (const [stack, nat] of [
            ["primary", "OnePerAz"],
            ["secondary", "Single"],
        ]) {
            const record = stackOf(records, stack);
            const vpc = onlyResource(record, "awsx:ec2:Vpc");
            assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: nat });
            assert.deepStrictEqual(vpc.inputs.subnetSpecs, [
                { type: "Public" },
                { type: "Private" },
            ]);
            assert.deepStrictEqual(
                onlyResource(record, "aws:ecs/service:Service").inputs.networkConfiguration,
                {
                    subnets: vpc.outputs.privateSubnetIds,
                    securityGroups: [
                        resourcesOf(record, "aws:ec2/securityGroup:SecurityGroup").find((s) =>
                            s.name.endsWith("-tasks"),
                        )!.outputs.id,
                    ],
                    assignPublicIp: false,
                },
            );
            assert.strictEqual(
                vpc.outputs.natGateways instanceof Array ? vpc.outputs.natGateways.length : -1,
                nat === "Single" ? 1 : 3,
            );
            const internet = resourcesOf(record, egress).filter(
                (r) => r.inputs.cidrIpv4 === "0.0.0.0/0",
            );
            assert.deepStrictEqual(
                internet.map((r) => [r.inputs.fromPort, r.inputs.toPort]),
                [[443, 443]],
            );
        }
    });

    it("refuses a pilot light as large as full capacity before creating anything", async () => {
        const err = await runProject({
            stacks: ["primary"],
            overrides: ["strategy=pilot-light", "app.pilotLightCount=6"],
        }).catch((e) => e);
        assert.ok(err instanceof ProgramError);
        assert.strictEqual(
            err.message,
            'stack primary: invalid configuration (1 problem):\n  - app.pilotLightCount: 6 is not below app.desiredCount 6; a pilot light is a minimal core, use strategy "warm-standby" or "active-active" for a standby at full size',
        );
    });

    it("refuses an image tasks cannot reach without internet egress", async () => {
        const err = await runProject({
            stacks: ["primary"],
            overrides: ["app.image=docker.io/library/nginx:1.27"],
        }).catch((e) => e);
        assert.ok(err instanceof ProgramError);
        assert.strictEqual(
            err.message,
            'stack primary: invalid configuration (1 problem):\n  - app.image: "docker.io/library/nginx:1.27" is not in ECR, and tasks have no internet egress; use a public.ecr.aws image (pulled through the ECR cache), a private ECR image, or set app.outboundInternet to true',
        );
    });
});
