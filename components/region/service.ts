/**
 * The service part of a `RegionalApplication`: the task log group, the image source, the task
 * and execution roles, the ECS cluster, task definition and service, and target-tracking
 * autoscaling. A plain function whose resources stay children of the application (URNs
 * unchanged by the split).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Capacity } from "../capacity";
import { ImageSource, ResolvedSecret, imageSource, secretStatements, secretTarget } from "./plan";

/** A secret given with the customer managed KMS key that encrypts it. */
export interface SecretSource {
    /** Secrets Manager secret ARN (ECS's `:json-key::` suffix allowed) or SSM parameter ARN. */
    arn: pulumi.Input<string>;
    /** The customer managed KMS key that encrypts it; the execution role may decrypt with it. */
    kmsKeyArn?: pulumi.Input<string>;
}

/** Arguments of the service part. */
export interface RegionServiceArgs {
    region: string;
    accountId: pulumi.Output<string>;
    /** Container image; `public.ecr.aws` images go through the ECR pull-through cache. */
    image: string;
    /** Repository prefix of the ECR pull-through cache for `public.ecr.aws`. */
    pullThroughCachePrefix: string;
    port: number;
    cpu: number;
    memory: number;
    /** Paths the container may write to; the root file system is read-only. */
    writablePaths: string[];
    capacity: Capacity;
    /** Target CPU utilisation for target tracking, percent. */
    cpuTargetPercent: number;
    /** Keep the scalable target's minCapacity as found (see RegionalApplicationArgs). */
    keepScalingFloor?: boolean;
    /** Task log group name, and its retention in days and KMS key. */
    logGroupName: string;
    logRetentionDays: number;
    logKeyArn: pulumi.Input<string>;
    /** Subnets and security group the tasks run in. */
    subnetIds: pulumi.Input<string[]>;
    securityGroupId: pulumi.Input<string>;
    /** Target group the service registers its tasks in, and the listener it waits for. */
    targetGroupArn: pulumi.Input<string>;
    listener: pulumi.Resource;
    environment: Record<string, pulumi.Input<string>>;
    secrets: Record<string, pulumi.Input<string> | SecretSource>;
    taskPolicyStatements: pulumi.Input<aws.iam.PolicyStatement>[];
}

/** What the service part gives the others. */
export interface RegionService {
    clusterName: pulumi.Output<string>;
    serviceName: pulumi.Output<string>;
    logGroupName: pulumi.Output<string>;
}

/** The container's name in the task definition. */
export const containerName = "app";

/** Build the service of application `name`, every resource a child of `parent`. */
export function regionService(
    name: string,
    args: RegionServiceArgs,
    parent: pulumi.Resource,
): RegionService {
    const opts = { parent };
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-logs`,
        {
            name: args.logGroupName,
            retentionInDays: args.logRetentionDays,
            kmsKeyId: args.logKeyArn,
        },
        { parent, retainOnDelete: true },
    );
    const source = args.accountId.apply((account) =>
        imageSource(args.image, account, args.region, args.pullThroughCachePrefix),
    );
    if (args.image.startsWith("public.ecr.aws/")) {
        // Tasks pull public images through the account's ECR cache, over the ECR endpoints.
        new aws.ecr.PullThroughCacheRule(
            `${name}-ecr-public`,
            {
                ecrRepositoryPrefix: args.pullThroughCachePrefix,
                upstreamRegistryUrl: "public.ecr.aws",
            },
            opts,
        );
    }
    const roles = taskRoles(name, args, logGroup.arn, source, parent);

    const cluster = new aws.ecs.Cluster(
        `${name}-cluster`,
        { settings: [{ name: "containerInsights", value: "enabled" }] },
        opts,
    );
    const volumes = args.writablePaths.map((path) => ({ path, volume: volumeName(path) }));
    const taskDefinition = new aws.ecs.TaskDefinition(
        `${name}-task`,
        {
            family: name,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(args.cpu),
            memory: String(args.memory),
            executionRoleArn: roles.executionRole.arn,
            taskRoleArn: roles.taskRole.arn,
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            volumes: volumes.map((v) => ({ name: v.volume })),
            containerDefinitions: pulumi.jsonStringify([
                {
                    name: containerName,
                    image: source.image,
                    essential: true,
                    readonlyRootFilesystem: true,
                    portMappings: [{ containerPort: args.port, protocol: "tcp" }],
                    // Omitted when empty, so existing task definitions see no change.
                    ...containerVariables(args.environment, args.secrets),
                    mountPoints: volumes.map((v) => ({
                        sourceVolume: v.volume,
                        containerPath: v.path,
                        readOnly: false,
                    })),
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: {
                            "awslogs-group": logGroup.name,
                            "awslogs-region": args.region,
                            "awslogs-stream-prefix": containerName,
                        },
                    },
                },
            ]),
        },
        opts,
    );
    const service = new aws.ecs.Service(
        `${name}-service`,
        {
            cluster: cluster.arn,
            taskDefinition: taskDefinition.arn,
            desiredCount: args.capacity.desiredCount,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            networkConfiguration: {
                subnets: args.subnetIds,
                securityGroups: [args.securityGroupId],
                assignPublicIp: false,
            },
            loadBalancers: [
                { targetGroupArn: args.targetGroupArn, containerName, containerPort: args.port },
            ],
            healthCheckGracePeriodSeconds: 60,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            enableEcsManagedTags: true,
            propagateTags: "SERVICE",
        },
        // Autoscaling owns the running count after creation; a capacity change (such as
        // failover.activate) moves the scaling floor, which raises the count.
        { parent, dependsOn: [args.listener], ignoreChanges: ["desiredCount"] },
    );
    serviceScaling(name, args, cluster.name, service.name, parent);
    return { clusterName: cluster.name, serviceName: service.name, logGroupName: logGroup.name };
}

/** The execution role (image, logs, secrets) and the task role (the app's own permissions). */
function taskRoles(
    name: string,
    args: RegionServiceArgs,
    logGroupArn: pulumi.Output<string>,
    source: pulumi.Output<ImageSource>,
    parent: pulumi.Resource,
): { executionRole: aws.iam.Role; taskRole: aws.iam.Role } {
    const opts = { parent };
    const assumedByTasks = pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
            },
        ],
    });
    const executionRole = new aws.iam.Role(
        `${name}-execution`,
        {
            description: `${name}: pulls the image, writes task logs`,
            assumeRolePolicy: assumedByTasks,
        },
        opts,
    );
    new aws.iam.RolePolicy(
        `${name}-execution`,
        {
            role: executionRole.name,
            policy: pulumi
                .all([logGroupArn, source, resolveSecrets(args.secrets)])
                .apply(([arn, s, secrets]) => JSON.stringify(executionPolicy(arn, s, secrets))),
        },
        opts,
    );
    const taskRole = new aws.iam.Role(
        `${name}-task`,
        {
            description: `${name}: the application's own AWS permissions (none by default)`,
            assumeRolePolicy: assumedByTasks,
        },
        opts,
    );
    if (args.taskPolicyStatements.length > 0) {
        new aws.iam.RolePolicy(
            `${name}-task`,
            {
                role: taskRole.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: args.taskPolicyStatements,
                }),
            },
            opts,
        );
    }
    return { executionRole, taskRole };
}

/**
 * The scalable target's properties a deploy leaves alone. A Region switch plan's ECS block raises
 * the activated Region's floor with RegisterScalableTarget (its sample policy grants it:
 * https://docs.aws.amazon.com/r53recovery/latest/dg/ecs-service-scaling-block.html); a later
 * `pulumi up` of that stack must not put the standby floor back while the Region serves everyone.
 */
export function scalingFloorIgnored(keepScalingFloor: boolean | undefined): string[] {
    return keepScalingFloor ? ["minCapacity"] : [];
}

/** Target tracking on CPU between the capacity's floor and ceiling. */
function serviceScaling(
    name: string,
    args: RegionServiceArgs,
    clusterName: pulumi.Output<string>,
    serviceName: pulumi.Output<string>,
    parent: pulumi.Resource,
): void {
    const scaling = new aws.appautoscaling.Target(
        `${name}-scaling`,
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${clusterName}/${serviceName}`,
            minCapacity: args.capacity.minCount,
            maxCapacity: args.capacity.maxCount,
        },
        { parent, ignoreChanges: scalingFloorIgnored(args.keepScalingFloor) },
    );
    new aws.appautoscaling.Policy(
        `${name}-cpu`,
        {
            policyType: "TargetTrackingScaling",
            serviceNamespace: scaling.serviceNamespace,
            scalableDimension: scaling.scalableDimension,
            resourceId: scaling.resourceId,
            targetTrackingScalingPolicyConfiguration: {
                predefinedMetricSpecification: {
                    predefinedMetricType: "ECSServiceAverageCPUUtilization",
                },
                targetValue: args.cpuTargetPercent,
                scaleInCooldown: 300,
                scaleOutCooldown: 60,
            },
        },
        { parent },
    );
}

/**
 * What the execution role may do: write the task's log streams, pull its image and read the
 * container's secrets (exactly those named).
 */
export function executionPolicy(
    logGroupArn: string,
    source: ImageSource,
    secrets: readonly ResolvedSecret[] = [],
): object {
    const statements: object[] = [
        {
            Sid: "WriteTaskLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${logGroupArn}:log-stream:*`,
        },
    ];
    if (source.repositoryArns.length > 0) {
        statements.push(
            {
                // GetAuthorizationToken is account-wide; IAM has no resource to scope it to.
                Sid: "EcrLogin",
                Effect: "Allow",
                Action: "ecr:GetAuthorizationToken",
                Resource: "*",
            },
            {
                Sid: "PullImage",
                Effect: "Allow",
                Action: [
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:GetDownloadUrlForLayer",
                    "ecr:BatchGetImage",
                    // The cache creates the repository and imports the image on first pull.
                    ...(source.pullThrough
                        ? ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]
                        : []),
                ],
                Resource: source.repositoryArns,
            },
        );
    }
    statements.push(...secretStatements(secrets));
    return { Version: "2012-10-17", Statement: statements };
}

/** A task volume name for a writable path, keyed by the path (e.g. `/var/run` → `var-run`). */
export function volumeName(path: string): string {
    return path.replace(/^\/+|\/+$/g, "").replace(/[^A-Za-z0-9]+/g, "-") || "root";
}

/** The `secrets` argument as resolved secrets sorted by variable name. */
export function resolveSecrets(
    secrets: Record<string, pulumi.Input<string> | SecretSource>,
): pulumi.Output<ResolvedSecret[]> {
    return pulumi.all(
        Object.keys(secrets)
            .sort()
            .map((name) => {
                const source = secretSource(secrets[name]);
                return pulumi
                    .all([source.arn, source.kmsKeyArn])
                    .apply(([arn, kmsKeyArn]) =>
                        kmsKeyArn ? { name, arn, kmsKeyArn } : { name, arn },
                    );
            }),
    );
}

/** Problems with the secret ARNs known now (Outputs are checked once they resolve). */
export function knownSecretProblems(
    secrets: Record<string, pulumi.Input<string> | SecretSource>,
): string[] {
    return Object.keys(secrets)
        .sort()
        .flatMap((name) => {
            const arn = secretSource(secrets[name]).arn;
            if (typeof arn !== "string") {
                return [];
            }
            try {
                secretTarget(name, arn);
                return [];
            } catch (err) {
                return [(err as Error).message];
            }
        });
}

/** A `secrets` value as `{ arn, kmsKeyArn? }`. */
function secretSource(value: pulumi.Input<string> | SecretSource): SecretSource {
    return typeof value === "string" || pulumi.Output.isInstance(value) || value instanceof Promise
        ? { arn: value }
        : value;
}

/** The container definition's `environment` and `secrets`, each left out when empty. */
function containerVariables(
    environment: Record<string, pulumi.Input<string>>,
    secrets: Record<string, pulumi.Input<string> | SecretSource>,
): Record<string, unknown> {
    const names = Object.keys(environment).sort();
    return {
        ...(names.length > 0
            ? { environment: names.map((name) => ({ name, value: environment[name] })) }
            : {}),
        ...(Object.keys(secrets).length > 0
            ? {
                  secrets: resolveSecrets(secrets).apply((resolved) =>
                      resolved.map((s) => ({ name: s.name, valueFrom: s.arn })),
                  ),
              }
            : {}),
    };
}
