import { ShapeFn, arn, hex, mockAccountId, physicalName, uuid } from "./shapes-common";
import { albHostedZoneIds } from "../../policies/lib/aws-limits";

/** AWS-shaped outputs for the region types. */
export const regionShapes: Record<string, ShapeFn> = {
    // awsx creates one subnet per AZ for each subnetSpecs type (Public and Private when no specs
    // are given), a route table per subnet, and NAT gateways per natGateways.strategy
    // (default OnePerAz; awsx refuses Private subnets with strategy None).
    "awsx:ec2:Vpc": (ctx) => {
        const azCount = Number(ctx.inputs.numberOfAvailabilityZones ?? 3);
        const azs = ["a", "b", "c", "d", "e", "f"]
            .slice(0, azCount)
            .map((s) => `${ctx.region}${s}`);
        const vpcId = `vpc-${hex(ctx, 17)}`;
        const specs = Array.isArray(ctx.inputs.subnetSpecs)
            ? (ctx.inputs.subnetSpecs as { type?: string }[]).map((s) => String(s.type))
            : ["Public", "Private"];
        const subnets = (type: string) =>
            specs.includes(type) ? azs.map((az) => `subnet-${hex(ctx, 17, `${type}-${az}`)}`) : [];
        const strategy =
            (ctx.inputs.natGateways as { strategy?: string } | undefined)?.strategy ?? "OnePerAz";
        const natCount = strategy === "None" ? 0 : strategy === "Single" ? 1 : azCount;
        const routeTables = specs.flatMap((type) =>
            azs.map((az) => ({ id: `rtb-${hex(ctx, 17, `rtb-${type}-${az}`)}` })),
        );
        return {
            id: vpcId,
            outputs: {
                vpcId,
                vpc: {
                    id: vpcId,
                    arn: arn(ctx, "ec2", `vpc/${vpcId}`),
                    cidrBlock: ctx.inputs.cidrBlock ?? "10.0.0.0/16",
                },
                publicSubnetIds: subnets("Public"),
                privateSubnetIds: subnets("Private"),
                isolatedSubnetIds: subnets("Isolated"),
                availabilityZones: azs,
                routeTables,
                natGateways: azs
                    .slice(0, natCount)
                    .map((az) => ({ id: `nat-${hex(ctx, 17, az)}` })),
            },
        };
    },

    "aws:ec2/securityGroup:SecurityGroup": (ctx) => {
        const id = `sg-${hex(ctx, 17)}`;
        return { id, outputs: { arn: arn(ctx, "ec2", `security-group/${id}`) } };
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (ctx) => {
        const id = `sgr-${hex(ctx, 17)}`;
        return { id, outputs: { securityGroupRuleId: id } };
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (ctx) => {
        const id = `sgr-${hex(ctx, 17)}`;
        return { id, outputs: { securityGroupRuleId: id } };
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": (ctx) => {
        const id = `vpce-${hex(ctx, 17)}`;
        const gateway = ctx.inputs.vpcEndpointType === "Gateway";
        return {
            id,
            outputs: {
                arn: arn(ctx, "ec2", `vpc-endpoint/${id}`),
                // Gateway endpoints publish the service's managed prefix list.
                ...(gateway ? { prefixListId: `pl-${hex(ctx, 8, "pl")}` } : {}),
            },
        };
    },
    "aws:acm/certificateValidation:CertificateValidation": (ctx) => ({
        id: String(ctx.inputs.certificateArn),
        outputs: { certificateArn: ctx.inputs.certificateArn },
    }),
    "aws:appautoscaling/target:Target": (ctx) => ({
        id: String(ctx.inputs.resourceId),
        outputs: { arn: arn(ctx, "application-autoscaling", `scalable-target/${hex(ctx, 24)}`) },
    }),
    "aws:appautoscaling/policy:Policy": (ctx) => {
        const value = arn(
            ctx,
            "autoscaling",
            `scalingPolicy:${uuid(ctx)}:resource/${String(ctx.inputs.resourceId)}:policyName/${ctx.name}`,
        );
        return { id: ctx.name, outputs: { arn: value, name: ctx.name } };
    },
    // A repository's URI is `<registry id>.dkr.ecr.<region>.amazonaws.com/<name>`, names lower case
    // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Repositories.html).
    "aws:ecr/repository:Repository": (ctx) => {
        const name = physicalName(ctx, "name", true);
        return {
            id: name,
            outputs: {
                name,
                arn: arn(ctx, "ecr", `repository/${name}`),
                registryId: mockAccountId,
                repositoryUrl: `${mockAccountId}.dkr.ecr.${ctx.region}.amazonaws.com/${name}`,
            },
        };
    },
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": (ctx) => ({
        id: String(ctx.inputs.ecrRepositoryPrefix),
        outputs: { registryId: mockAccountId },
    }),

    "aws:acm/certificate:Certificate": (ctx) => {
        const id = arn(ctx, "acm", `certificate/${uuid(ctx)}`);
        const domains = [
            ctx.inputs.domainName,
            ...((ctx.inputs.subjectAlternativeNames as string[]) ?? []),
        ];
        return {
            id,
            outputs: {
                arn: id,
                status: "ISSUED",
                domainValidationOptions: domains.map((domain) => ({
                    domainName: domain,
                    resourceRecordName: `_${hex(ctx, 32, `${domain}-name`)}.${domain}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_${hex(ctx, 32, `${domain}-value`)}.xlfgrmvvlj.acm-validations.aws.`,
                })),
            },
        };
    },

    "aws:lb/loadBalancer:LoadBalancer": (ctx) => {
        const name = physicalName(ctx).slice(0, 32);
        const suffix = hex(ctx, 16);
        const arnSuffix = `app/${name}/${suffix}`;
        return {
            id: arn(ctx, "elasticloadbalancing", `loadbalancer/${arnSuffix}`),
            outputs: {
                arn: arn(ctx, "elasticloadbalancing", `loadbalancer/${arnSuffix}`),
                arnSuffix,
                dnsName: `${name}-${parseInt(hex(ctx, 8, "dns"), 16)}.${ctx.region}.elb.amazonaws.com`,
                zoneId: albHostedZoneIds[ctx.region] ?? "Z35SXDOTRQ7X7K",
            },
        };
    },
    "aws:lb/targetGroup:TargetGroup": (ctx) => {
        const arnSuffix = `targetgroup/${physicalName(ctx).slice(0, 32)}/${hex(ctx, 16)}`;
        const value = arn(ctx, "elasticloadbalancing", arnSuffix);
        return { id: value, outputs: { arn: value, arnSuffix } };
    },
    "aws:lb/listener:Listener": (ctx) => {
        const value = arn(
            ctx,
            "elasticloadbalancing",
            `listener/app/${ctx.name}/${hex(ctx, 16)}/${hex(ctx, 16, "l")}`,
        );
        return { id: value, outputs: { arn: value } };
    },

    "aws:ecs/cluster:Cluster": (ctx) => {
        const name = physicalName(ctx);
        const value = arn(ctx, "ecs", `cluster/${name}`);
        return { id: value, outputs: { arn: value, name } };
    },
    "aws:ecs/service:Service": (ctx) => {
        const name = physicalName(ctx);
        const cluster = String(ctx.inputs.cluster ?? "default")
            .split("/")
            .pop();
        const value = arn(ctx, "ecs", `service/${cluster}/${name}`);
        return { id: value, outputs: { name } };
    },
    "aws:ecs/taskDefinition:TaskDefinition": (ctx) => {
        const value = arn(ctx, "ecs", `task-definition/${ctx.inputs.family}:1`);
        return { id: String(ctx.inputs.family), outputs: { arn: value, revision: 1 } };
    },

    "aws:cloudwatch/logGroup:LogGroup": (ctx) => {
        const name = physicalName(ctx);
        return { id: name, outputs: { arn: arn(ctx, "logs", `log-group:${name}`), name } };
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": (ctx) => {
        const name = physicalName(ctx);
        return { id: name, outputs: { arn: arn(ctx, "cloudwatch", `alarm:${name}`), name } };
    },
};
