/**
 * awsx.ecs.FargateService and EC2Service with their task definitions (pulumi-awsx
 * awsx/ecs/fargateService.ts, ec2Service.ts, fargateTaskDefinition.ts, awsx/role.ts,
 * awsx/cloudwatch/logGroup.ts).
 */
import { defaultSubnets, defaultVpcId } from "../invokes-aws";
import { RecordedResource } from "../types";
import { Children, ExpansionContext, Inputs, list, pick, record, sha1 } from "./children";

const serviceKeys = [
    "alarms",
    "availabilityZoneRebalancing",
    "capacityProviderStrategies",
    "cluster",
    "deploymentCircuitBreaker",
    "deploymentController",
    "deploymentMaximumPercent",
    "deploymentMinimumHealthyPercent",
    "desiredCount",
    "enableEcsManagedTags",
    "enableExecuteCommand",
    "forceDelete",
    "forceNewDeployment",
    "healthCheckGracePeriodSeconds",
    "iamRole",
    "loadBalancers",
    "name",
    "networkConfiguration",
    "orderedPlacementStrategies",
    "placementConstraints",
    "platformVersion",
    "propagateTags",
    "region",
    "schedulingStrategy",
    "serviceConnectConfiguration",
    "serviceRegistries",
    "tags",
    "triggers",
    "volumeConfiguration",
];

const taskDefinitionKeys = [
    "cpu",
    "enableFaultInjection",
    "ephemeralStorage",
    "ipcMode",
    "memory",
    "pidMode",
    "placementConstraints",
    "proxyConfiguration",
    "runtimePlatform",
    "skipDestroy",
    "tags",
    "trackLatest",
    "volumes",
];

/** The default role policy awsx attaches to a task execution role (awsx/role.ts). */
const executionRolePolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
const assumeRolePolicy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Action: "sts:AssumeRole",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Effect: "Allow",
            Sid: "",
        },
    ],
});

/** awsx's task definition component (Fargate or EC2): log group, roles, task definition. */
function expandTaskDefinition(
    service: RecordedResource,
    args: Inputs,
    launch: "FARGATE" | "EC2",
    children: Children,
    ctx: ExpansionContext,
): { arn: unknown; loadBalancers?: Inputs[] } {
    const name = service.name;
    const type =
        launch === "FARGATE" ? "awsx:ecs:FargateTaskDefinition" : "awsx:ecs:EC2TaskDefinition";
    const td = children.add(type, name, {}, service, {}, false);
    const logArgs = record(args.logGroup);
    const region = ctx.regionOf(service.inputs, service.provider);
    let logGroupName: unknown;
    if (logArgs.skip !== true && logArgs.existing === undefined) {
        const log = children.add(
            "aws:cloudwatch/logGroup:LogGroup",
            name,
            record(logArgs.args),
            td,
        );
        logGroupName = log.outputs.name ?? log.outputs.id;
    } else if (logArgs.existing !== undefined) {
        logGroupName = record(logArgs.existing).name;
    }
    const role = (suffix: string, given: Inputs, policies: string[]) => {
        if (given.skip === true) {
            return undefined;
        }
        if (given.roleArn !== undefined) {
            return given.roleArn;
        }
        const roleArgs = { assumeRolePolicy, ...record(given.args) };
        const created = children.add("aws:iam/role:Role", `${name}-${suffix}`, roleArgs, td);
        for (const policyArn of policies) {
            children.add(
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                `${name}-${suffix}-${sha1(policyArn)}`,
                { role: created.outputs.name ?? created.outputs.id, policyArn },
                td,
            );
        }
        return created.outputs.arn;
    };
    const taskRoleArn = role("task", record(args.taskRole), []);
    const executionRoleArn = role("execution", record(args.executionRole), [executionRolePolicy]);
    const containers: Record<string, Inputs> = args.containers
        ? (record(args.containers) as Record<string, Inputs>)
        : { [String(record(args.container).name ?? "container")]: record(args.container) };
    const loadBalancers: Inputs[] = [];
    const definitions = Object.entries(containers).map(([containerName, c]) => {
        const portMappings = list(c.portMappings).map((m) => {
            const mapping = record(m);
            const targetGroup = record(mapping.targetGroup);
            const port = mapping.containerPort ?? targetGroup.port;
            if (targetGroup.arn !== undefined) {
                loadBalancers.push({
                    containerName,
                    containerPort: port,
                    targetGroupArn: targetGroup.arn,
                });
            }
            const { targetGroup: _omit, ...rest } = mapping;
            void _omit;
            return { ...rest, containerPort: port, hostPort: mapping.hostPort ?? port };
        });
        return {
            ...c,
            name: containerName,
            portMappings,
            ...(logGroupName !== undefined && c.logConfiguration === undefined
                ? {
                      logConfiguration: {
                          logDriver: "awslogs",
                          options: {
                              "awslogs-group": logGroupName,
                              "awslogs-region": region,
                              "awslogs-stream-prefix": containerName,
                          },
                      },
                  }
                : {}),
        };
    });
    const containerDefinitions = JSON.stringify(definitions);
    const task = children.add(
        "aws:ecs/taskDefinition:TaskDefinition",
        name,
        {
            ...pick(args, taskDefinitionKeys),
            ...(launch === "FARGATE"
                ? { cpu: args.cpu ?? "256", memory: args.memory ?? "512" }
                : {}),
            requiresCompatibilities: [launch],
            networkMode: args.networkMode ?? "awsvpc",
            taskRoleArn,
            executionRoleArn,
            family: args.family ?? `${name}-${sha1(ctx.stack + containerDefinitions)}`,
            containerDefinitions,
        },
        td,
    );
    return {
        arn: task.outputs.arn,
        loadBalancers: loadBalancers.length > 0 ? loadBalancers : undefined,
    };
}

export function expandService(
    component: RecordedResource,
    children: Children,
    ctx: ExpansionContext,
    launch: "FARGATE" | "EC2",
) {
    const args = component.inputs;
    const name = component.name;
    let taskDefinition = args.taskDefinition;
    let loadBalancers: unknown = args.loadBalancers;
    if (args.taskDefinitionArgs !== undefined) {
        const td = expandTaskDefinition(
            component,
            record(args.taskDefinitionArgs),
            launch,
            children,
            ctx,
        );
        taskDefinition = td.arn;
        loadBalancers ??= td.loadBalancers;
    }
    let networkConfiguration = args.networkConfiguration;
    if (launch === "FARGATE" && networkConfiguration === undefined) {
        // awsx places the service in the default VPC with an allow-all security group.
        const region = ctx.regionOf(component.inputs, component.provider);
        const sg = children.add("aws:ec2/securityGroup:SecurityGroup", `${name}-sg`, {
            vpcId: defaultVpcId(region),
            ingress: [
                {
                    fromPort: 0,
                    toPort: 0,
                    protocol: "-1",
                    cidrBlocks: ["0.0.0.0/0"],
                    ipv6CidrBlocks: ["::/0"],
                },
            ],
            egress: [
                {
                    fromPort: 0,
                    toPort: 65535,
                    protocol: "tcp",
                    cidrBlocks: ["0.0.0.0/0"],
                    ipv6CidrBlocks: ["::/0"],
                },
            ],
        });
        const assignPublicIp = args.assignPublicIp === true;
        networkConfiguration = {
            // A default VPC has public subnets only, one per Availability Zone.
            subnets: defaultSubnets(region).map((s) => s.id),
            assignPublicIp,
            securityGroups: [sg.outputs.id],
        };
    }
    const usesProviders =
        args.capacityProviderStrategies !== undefined ||
        args.useClusterDefaultCapacityProviderStrategy === true;
    children.add("aws:ecs/service:Service", name, {
        ...(launch === "FARGATE" ? { desiredCount: 1 } : {}),
        ...pick(args, serviceKeys),
        networkConfiguration,
        cluster: args.cluster,
        launchType: launch === "EC2" ? "EC2" : usesProviders ? undefined : "FARGATE",
        loadBalancers,
        waitForSteadyState: args.continueBeforeSteadyState !== true,
        taskDefinition,
    });
}

// --- awsx.ecr.Repository / Image ----------------------------------------------------------
