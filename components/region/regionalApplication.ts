/**
 * One region's application: network, internet-facing ALB with TLS, an ECS Fargate service sized
 * by the DR strategy, autoscaling and alarms. Region placement comes from the explicit provider
 * the stack passes (`{ providers: { aws: provider } }` or `{ provider }`); the awsx VPC, whose
 * provider is invisible under mocks, also gets `region`.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { Capacity } from "../capacity";
import {
    ImageSource,
    NetworkPlan,
    ResolvedSecret,
    containerVariableProblems,
    imageSource,
    secretStatements,
    secretTarget,
} from "./plan";

/** Gateway endpoint services tasks may need without NAT. */
export type GatewayEndpointService = "s3" | "dynamodb";

/** A secret given with the customer managed KMS key that encrypts it. */
export interface SecretSource {
    /** Secrets Manager secret ARN (ECS's `:json-key::` suffix allowed) or SSM parameter ARN. */
    arn: pulumi.Input<string>;
    /** The customer managed KMS key that encrypts it; the execution role may decrypt with it. */
    kmsKeyArn?: pulumi.Input<string>;
}

/** Arguments of a `RegionalApplication`. */
export interface RegionalApplicationArgs {
    /** AWS region the provider places every child in; also given to the awsx VPC. */
    region: string;
    /** Container image, pinned by tag or digest. `public.ecr.aws` images go through the ECR cache. */
    image: string;
    /** Port the container listens on. */
    port: number;
    /** HTTP path that answers 2xx/3xx when the region can serve users. */
    healthPath: string;
    /** Fargate CPU units per task. */
    cpu: number;
    /** Fargate memory per task, MiB. */
    memory: number;
    /** Paths the container may write to; the root file system is read-only. */
    writablePaths?: string[];
    /** Availability zones to spread over. */
    azCount?: number;
    /** VPC CIDR block. */
    cidrBlock?: string;
    /** Task count now, autoscaling bounds and full capacity (see components/capacity.ts). */
    capacity: Capacity;
    /** NAT gateways, app subnet type and task egress (see components/region/plan.ts). */
    network: NetworkPlan;
    /** Gateway endpoints to add; S3 is always added because ECR stores image layers in S3. */
    gatewayEndpoints?: GatewayEndpointService[];
    /** Domain the ALB's certificate is issued for. */
    domain: string;
    /** Route 53 hosted zone that holds `domain`; the certificate is DNS-validated in it. */
    hostedZoneId: string;
    /** Refuse deletion of the ALB (on for the primary). */
    deletionProtection?: boolean;
    /** S3 bucket for ALB access logs; none when unset. The bucket policy must admit ELB log delivery. */
    accessLogsBucket?: string;
    /** CloudWatch Logs retention, days. */
    logRetentionDays?: number;
    /** Target CPU utilisation for target tracking, percent. */
    cpuTargetPercent?: number;
    /** ALB-generated 5xx responses per minute that raise the alarm. */
    elb5xxThreshold?: number;
    /** Target 5xx responses per minute that raise the alarm. */
    target5xxThreshold?: number;
    /** Repository prefix of the ECR pull-through cache for `public.ecr.aws`. */
    pullThroughCachePrefix?: string;
    /** Plain environment variables of the container, by name. Never put secrets here. */
    environment?: Record<string, pulumi.Input<string>>;
    /**
     * Secrets the container receives as environment variables, by name: a Secrets Manager
     * secret ARN or SSM parameter ARN, or `{ arn, kmsKeyArn }` when a customer managed key
     * encrypts it. ECS reads them with the execution role, which may read exactly these.
     */
    secrets?: Record<string, pulumi.Input<string> | SecretSource>;
    /** The application's own AWS permissions: the task role's inline policy (none when empty). */
    taskPolicyStatements?: pulumi.Input<aws.iam.PolicyStatement>[];
}

const defaults = {
    writablePaths: ["/tmp"],
    azCount: 3,
    cidrBlock: "10.0.0.0/16",
    gatewayEndpoints: [] as GatewayEndpointService[],
    deletionProtection: false,
    logRetentionDays: 30,
    cpuTargetPercent: 60,
    elb5xxThreshold: 10,
    target5xxThreshold: 10,
    pullThroughCachePrefix: "ecr-public",
    environment: {} as Record<string, pulumi.Input<string>>,
    secrets: {} as Record<string, pulumi.Input<string> | SecretSource>,
    taskPolicyStatements: [] as pulumi.Input<aws.iam.PolicyStatement>[],
};

/** ALB target group health check: timeout below interval, 2 checks either way (~30 s to react). */
export const targetHealthCheck = {
    interval: 15,
    timeout: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 2,
    matcher: "200-399",
} as const;

/** TLS 1.3 with TLS 1.2 fallback, AWS's recommended ALB policy. */
export const tlsPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

const containerName = "app";

/** A region's application stack. */
export class RegionalApplication extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Subnets without a public IP route, where tasks and data stores live. */
    public readonly appSubnetIds: pulumi.Output<string[]>;
    public readonly albSecurityGroupId: pulumi.Output<string>;
    public readonly taskSecurityGroupId: pulumi.Output<string>;
    public readonly albArn: pulumi.Output<string>;
    public readonly albDnsName: pulumi.Output<string>;
    public readonly albZoneId: pulumi.Output<string>;
    public readonly certificateArn: pulumi.Output<string>;
    public readonly targetGroupArn: pulumi.Output<string>;
    public readonly clusterName: pulumi.Output<string>;
    public readonly serviceName: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly alarmTopicArn: pulumi.Output<string>;
    public readonly healthCheckPath: string;
    public readonly healthCheckUrl: pulumi.Output<string>;
    public readonly capacity: Capacity;

    constructor(
        name: string,
        args: RegionalApplicationArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:region:RegionalApplication", name, {}, opts);
        const a = { ...defaults, ...args };
        const problems = [
            ...containerVariableProblems(Object.keys(a.environment), Object.keys(a.secrets)),
            ...knownSecretProblems(a.secrets),
        ];
        if (problems.length > 0) {
            throw new Error(`${name}: ${problems.join("; ")}`);
        }
        const parent = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, parent);
        const accountId = identity.accountId;

        // --- Network -------------------------------------------------------------------------
        // awsx refuses Private subnets without NAT, so a NAT-less region uses Isolated ones.
        const vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                region: a.region,
                cidrBlock: a.cidrBlock,
                numberOfAvailabilityZones: a.azCount,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                natGateways: { strategy: a.network.natGateways },
                subnetStrategy: "Auto",
                subnetSpecs: [{ type: "Public" }, { type: a.network.appSubnetType }],
            },
            parent,
        );
        this.vpcId = vpc.vpcId;
        this.publicSubnetIds = vpc.publicSubnetIds;
        this.appSubnetIds =
            a.network.appSubnetType === "Isolated" ? vpc.isolatedSubnetIds : vpc.privateSubnetIds;

        const albSg = new aws.ec2.SecurityGroup(
            `${name}-alb`,
            { vpcId: vpc.vpcId, description: "Regional ALB: HTTP/HTTPS from the internet" },
            parent,
        );
        const taskSg = new aws.ec2.SecurityGroup(
            `${name}-tasks`,
            { vpcId: vpc.vpcId, description: "Application tasks: app port from the ALB only" },
            parent,
        );
        const endpointSg = new aws.ec2.SecurityGroup(
            `${name}-endpoints`,
            { vpcId: vpc.vpcId, description: "Interface VPC endpoints: HTTPS from the tasks" },
            parent,
        );
        this.albSecurityGroupId = albSg.id;
        this.taskSecurityGroupId = taskSg.id;

        for (const port of [80, 443]) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-alb-in-${port}`,
                {
                    securityGroupId: albSg.id,
                    description: `HTTP${port === 443 ? "S" : ""} from the internet`,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    cidrIpv4: "0.0.0.0/0",
                },
                parent,
            );
        }
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-alb-out-tasks`,
            {
                securityGroupId: albSg.id,
                description: "To the tasks on the app port",
                ipProtocol: "tcp",
                fromPort: a.port,
                toPort: a.port,
                referencedSecurityGroupId: taskSg.id,
            },
            parent,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-tasks-in-alb`,
            {
                securityGroupId: taskSg.id,
                description: "From the ALB on the app port",
                ipProtocol: "tcp",
                fromPort: a.port,
                toPort: a.port,
                referencedSecurityGroupId: albSg.id,
            },
            parent,
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-tasks-out-endpoints`,
            {
                securityGroupId: taskSg.id,
                description: "HTTPS to the interface VPC endpoints (ECR, CloudWatch Logs)",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                referencedSecurityGroupId: endpointSg.id,
            },
            parent,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-endpoints-in-tasks`,
            {
                securityGroupId: endpointSg.id,
                description: "HTTPS from the tasks",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                referencedSecurityGroupId: taskSg.id,
            },
            parent,
        );
        if (a.network.taskInternetEgress) {
            // Explicit opt-in (app.outboundInternet): the only 0.0.0.0/0 egress in the stack.
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-tasks-out-internet`,
                {
                    securityGroupId: taskSg.id,
                    description: "HTTPS to the internet through NAT (app.outboundInternet)",
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrIpv4: "0.0.0.0/0",
                },
                parent,
            );
        }

        for (const service of ["ecr.api", "ecr.dkr", "logs"]) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service.replace(".", "-")}`,
                {
                    vpcId: vpc.vpcId,
                    serviceName: `com.amazonaws.${a.region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: this.appSubnetIds,
                    securityGroupIds: [endpointSg.id],
                },
                parent,
            );
        }
        // awsx does not attach gateway endpoints to its route tables (pulumi/pulumi-awsx#1627).
        const routeTableIds = vpc.routeTables.apply((tables) =>
            pulumi.all(tables.map((t) => t.id)),
        );
        for (const service of unique(["s3", ...a.gatewayEndpoints])) {
            const endpoint = new aws.ec2.VpcEndpoint(
                `${name}-${service}`,
                {
                    vpcId: vpc.vpcId,
                    serviceName: `com.amazonaws.${a.region}.${service}`,
                    vpcEndpointType: "Gateway",
                    routeTableIds,
                },
                parent,
            );
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-tasks-out-${service}`,
                {
                    securityGroupId: taskSg.id,
                    description: `HTTPS to ${service} through its gateway endpoint`,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    prefixListId: endpoint.prefixListId,
                },
                parent,
            );
        }

        // --- Encryption and logs -----------------------------------------------------------------
        const logGroupName = `/ecs/${name}`;
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `${name}: task logs and alarm notifications`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AccountAdministers",
                            Effect: "Allow",
                            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
                            Action: "kms:*",
                            Resource: "*",
                        },
                        {
                            Sid: "LogsEncryptsTheLogGroup",
                            Effect: "Allow",
                            Principal: { Service: `logs.${a.region}.amazonaws.com` },
                            Action: [
                                "kms:Encrypt*",
                                "kms:Decrypt*",
                                "kms:ReEncrypt*",
                                "kms:GenerateDataKey*",
                                "kms:Describe*",
                            ],
                            Resource: "*",
                            Condition: {
                                ArnEquals: {
                                    "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${a.region}:${accountId}:log-group:${logGroupName}`,
                                },
                            },
                        },
                        {
                            Sid: "AlarmsPublishToTheTopic",
                            Effect: "Allow",
                            Principal: { Service: "cloudwatch.amazonaws.com" },
                            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                            Resource: "*",
                            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                        },
                    ],
                }),
            },
            // Protected, and kept on destroy: the retained log group stays readable only with it.
            { ...parent, protect: true, retainOnDelete: true },
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: logGroupName, retentionInDays: a.logRetentionDays, kmsKeyId: key.arn },
            { ...parent, retainOnDelete: true },
        );
        this.logGroupName = logGroup.name;

        // --- Image -------------------------------------------------------------------------------
        const source = accountId.apply((account) =>
            imageSource(a.image, account, a.region, a.pullThroughCachePrefix),
        );
        if (a.image.startsWith("public.ecr.aws/")) {
            // Tasks pull public images through the account's ECR cache, over the ECR endpoints.
            new aws.ecr.PullThroughCacheRule(
                `${name}-ecr-public`,
                {
                    ecrRepositoryPrefix: a.pullThroughCachePrefix,
                    upstreamRegistryUrl: "public.ecr.aws",
                },
                parent,
            );
        }

        // --- IAM ---------------------------------------------------------------------------------
        const assumedByTasks = pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                },
            ],
        });
        const executionRole = new aws.iam.Role(
            `${name}-execution`,
            {
                description: `${name}: pulls the image, writes task logs`,
                assumeRolePolicy: assumedByTasks,
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-execution`,
            {
                role: executionRole.name,
                policy: pulumi
                    .all([logGroup.arn, source, resolveSecrets(a.secrets)])
                    .apply(([logGroupArn, s, secrets]) =>
                        JSON.stringify(executionPolicy(logGroupArn, s, secrets)),
                    ),
            },
            parent,
        );
        const taskRole = new aws.iam.Role(
            `${name}-task`,
            {
                description: `${name}: the application's own AWS permissions (none by default)`,
                assumeRolePolicy: assumedByTasks,
            },
            parent,
        );
        if (a.taskPolicyStatements.length > 0) {
            new aws.iam.RolePolicy(
                `${name}-task`,
                {
                    role: taskRole.name,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: a.taskPolicyStatements,
                    }),
                },
                parent,
            );
        }

        // --- Load balancer -----------------------------------------------------------------------
        const alb = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                loadBalancerType: "application",
                internal: false,
                subnets: vpc.publicSubnetIds,
                securityGroups: [albSg.id],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: a.deletionProtection,
                accessLogs: a.accessLogsBucket
                    ? { bucket: a.accessLogsBucket, prefix: name, enabled: true }
                    : undefined,
            },
            parent,
        );
        this.albArn = alb.arn;
        this.albDnsName = alb.dnsName;
        this.albZoneId = alb.zoneId;

        const certificate = new aws.acm.Certificate(
            `${name}-cert`,
            { domainName: a.domain, validationMethod: "DNS" },
            parent,
        );
        const validation = certificate.domainValidationOptions.apply((options) => {
            const option = options.find((o) => o.domainName === a.domain);
            if (!option) {
                throw new Error(`ACM returned no DNS validation record for ${a.domain}`);
            }
            return option;
        });
        // Every region validates the same name and ACM returns the same CNAME for it in each
        // region, so each stack may write (and overwrite) the one record.
        const validationRecord = new aws.route53.Record(
            `${name}-cert-validation`,
            {
                zoneId: a.hostedZoneId,
                name: validation.resourceRecordName,
                type: validation.resourceRecordType,
                records: [validation.resourceRecordValue],
                ttl: 300,
                allowOverwrite: true,
            },
            // Kept on destroy: the other regions' certificates renew against the same record.
            { ...parent, retainOnDelete: true },
        );
        const validated = new aws.acm.CertificateValidation(
            `${name}-cert`,
            {
                certificateArn: certificate.arn,
                validationRecordFqdns: [validationRecord.fqdn],
            },
            parent,
        );
        this.certificateArn = validated.certificateArn;

        const targetGroup = new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                vpcId: vpc.vpcId,
                targetType: "ip",
                protocol: "HTTP",
                port: a.port,
                deregistrationDelay: 30,
                healthCheck: {
                    enabled: true,
                    protocol: "HTTP",
                    path: a.healthPath,
                    port: "traffic-port",
                    ...targetHealthCheck,
                },
            },
            parent,
        );
        this.targetGroupArn = targetGroup.arn;

        const https = new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: alb.arn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: tlsPolicy,
                certificateArn: validated.certificateArn,
                defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
            },
            parent,
        );
        new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: alb.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [
                    {
                        type: "redirect",
                        redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                    },
                ],
            },
            parent,
        );

        // --- Service -------------------------------------------------------------------------------
        const cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            { settings: [{ name: "containerInsights", value: "enabled" }] },
            parent,
        );
        const volumes = a.writablePaths.map((path) => ({ path, volume: volumeName(path) }));
        const taskDefinition = new aws.ecs.TaskDefinition(
            `${name}-task`,
            {
                family: name,
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: String(a.cpu),
                memory: String(a.memory),
                executionRoleArn: executionRole.arn,
                taskRoleArn: taskRole.arn,
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                volumes: volumes.map((v) => ({ name: v.volume })),
                containerDefinitions: pulumi.jsonStringify([
                    {
                        name: containerName,
                        image: source.image,
                        essential: true,
                        readonlyRootFilesystem: true,
                        portMappings: [{ containerPort: a.port, protocol: "tcp" }],
                        // Omitted when empty, so existing task definitions see no change.
                        ...containerVariables(a.environment, a.secrets),
                        mountPoints: volumes.map((v) => ({
                            sourceVolume: v.volume,
                            containerPath: v.path,
                            readOnly: false,
                        })),
                        logConfiguration: {
                            logDriver: "awslogs",
                            options: {
                                "awslogs-group": logGroup.name,
                                "awslogs-region": a.region,
                                "awslogs-stream-prefix": containerName,
                            },
                        },
                    },
                ]),
            },
            parent,
        );
        const service = new aws.ecs.Service(
            `${name}-service`,
            {
                cluster: cluster.arn,
                taskDefinition: taskDefinition.arn,
                desiredCount: a.capacity.desiredCount,
                launchType: "FARGATE",
                platformVersion: "LATEST",
                networkConfiguration: {
                    subnets: this.appSubnetIds,
                    securityGroups: [taskSg.id],
                    assignPublicIp: false,
                },
                loadBalancers: [
                    {
                        targetGroupArn: targetGroup.arn,
                        containerName,
                        containerPort: a.port,
                    },
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
            { ...parent, dependsOn: [https], ignoreChanges: ["desiredCount"] },
        );
        this.clusterName = cluster.name;
        this.serviceName = service.name;

        const scaling = new aws.appautoscaling.Target(
            `${name}-scaling`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
                minCapacity: a.capacity.minCount,
                maxCapacity: a.capacity.maxCount,
            },
            parent,
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
                    targetValue: a.cpuTargetPercent,
                    scaleInCooldown: 300,
                    scaleOutCooldown: 60,
                },
            },
            parent,
        );

        // --- Alarms --------------------------------------------------------------------------------
        const topic = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: key.arn }, parent);
        this.alarmTopicArn = topic.arn;
        const alarm = (
            suffix: string,
            description: string,
            metricName: string,
            statistic: string,
            threshold: number,
            dimensions: Record<string, pulumi.Input<string>>,
            actionsEnabled = true,
        ) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-${suffix}`,
                {
                    alarmDescription: description,
                    namespace: "AWS/ApplicationELB",
                    metricName,
                    statistic,
                    dimensions,
                    period: 60,
                    evaluationPeriods: 3,
                    datapointsToAlarm: 2,
                    threshold,
                    comparisonOperator: "GreaterThanThreshold",
                    // A standby with no traffic has no data points; that is not an outage.
                    treatMissingData: "notBreaching",
                    actionsEnabled,
                    alarmActions: [topic.arn],
                    okActions: [topic.arn],
                },
                parent,
            );
        const lbDimension = { LoadBalancer: alb.arnSuffix };
        alarm(
            "unhealthy-hosts",
            `${name}: targets failing the ${a.healthPath} health check`,
            "UnHealthyHostCount",
            "Maximum",
            0,
            { ...lbDimension, TargetGroup: targetGroup.arnSuffix },
        );
        alarm(
            "elb-5xx",
            `${name}: the load balancer itself answers 5xx (no healthy target, or overload)`,
            "HTTPCode_ELB_5XX_Count",
            "Sum",
            a.elb5xxThreshold,
            lbDimension,
            // With no tasks (an active-passive standby) the ALB answers every routing health
            // probe with 503: expected, so the alarm records state but notifies nobody.
            a.capacity.desiredCount > 0,
        );
        alarm(
            "target-5xx",
            `${name}: the application answers 5xx`,
            "HTTPCode_Target_5XX_Count",
            "Sum",
            a.target5xxThreshold,
            { ...lbDimension, TargetGroup: targetGroup.arnSuffix },
        );

        this.healthCheckPath = a.healthPath;
        this.healthCheckUrl = pulumi.interpolate`https://${alb.dnsName}${a.healthPath}`;
        this.capacity = a.capacity;

        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            appSubnetIds: this.appSubnetIds,
            albSecurityGroupId: this.albSecurityGroupId,
            taskSecurityGroupId: this.taskSecurityGroupId,
            albArn: this.albArn,
            albDnsName: this.albDnsName,
            albZoneId: this.albZoneId,
            certificateArn: this.certificateArn,
            targetGroupArn: this.targetGroupArn,
            clusterName: this.clusterName,
            serviceName: this.serviceName,
            logGroupName: this.logGroupName,
            alarmTopicArn: this.alarmTopicArn,
            healthCheckPath: this.healthCheckPath,
            healthCheckUrl: this.healthCheckUrl,
            capacity: this.capacity,
        });
    }
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
function knownSecretProblems(
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

function unique<T>(items: T[]): T[] {
    return [...new Set(items)];
}
