/**
 * One region's application: network, internet-facing ALB with TLS, an ECS Fargate service sized
 * by the DR strategy, autoscaling and alarms. Region placement comes from the explicit provider
 * the stack passes (`{ providers: { aws: provider } }` or `{ provider }`); the awsx VPC, whose
 * provider is invisible under mocks, also gets `region`.
 *
 * Each concern is a part in its own file (network.ts, encryption.ts, loadBalancer.ts,
 * service.ts, alarms.ts), a plain function that creates its resources as children of this
 * component, so the split left every URN as it was (test/region-urns.test.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Capacity } from "../capacity";
import { regionAccessLogs } from "./accessLogs";
import { Alerts, alertProblems, regionAlarms } from "./alarms";
import { regionKey } from "./encryption";
import { regionEvidence } from "./evidence";
import { regionLoadBalancer } from "./loadBalancer";
import { GatewayEndpointService, regionNetwork } from "./network";
import {
    EdgeMode,
    NetworkPlan,
    containerVariableProblems,
    edgePlan,
    livenessPathProblem,
    targetGroupHealthPath,
} from "./plan";
import { SecretSource, knownSecretProblems, regionService } from "./service";
import { regionWaf } from "./waf";

export { Alerts } from "./alarms";
export { GatewayEndpointService } from "./network";
export { targetHealthCheck, tlsPolicy } from "./loadBalancer";
export { SecretSource, executionPolicy, resolveSecrets, volumeName } from "./service";

/** Arguments of a `RegionalApplication`. */
export interface RegionalApplicationArgs {
    /** AWS region the provider places every child in; also given to the awsx VPC. */
    region: string;
    /** Container image, pinned by tag or digest. `public.ecr.aws` images go through the ECR cache. */
    image: string;
    /** Port the container listens on. */
    port: number;
    /**
     * HTTP path that answers 2xx/3xx when the region can serve users, its data included: what
     * Route 53 health checks and canaries request, and the target group's check unless
     * `livenessPath` is set.
     */
    healthPath: string;
    /**
     * Shallow path the ALB target group checks instead (the process answers; no dependency), so
     * a data outage does not mark every task unhealthy. Empty: the target group checks
     * `healthPath`. Only with `edge: "dns"`: behind an edge the target group's health is what
     * fails the region over (see `livenessPathProblem`).
     */
    livenessPath?: string;
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
    /** Refuse deletion of the ALB (on by default, in every region). */
    deletionProtection?: boolean;
    /**
     * The edge in front of the ALB: `dns` (internet-facing ALB, the DNS routing modes),
     * `global-accelerator` or `cloudfront` (internal ALB that only the edge reaches).
     */
    edge?: EdgeMode;
    /** A WAF web ACL on the ALB (AWS managed rule groups and a per-client rate limit). */
    waf?: { rateLimit: number };
    /** VPC flow logs to an encrypted log group (on by default). */
    flowLogs?: boolean;
    /** Days audit logs (VPC flow logs, ALB access logs) are kept; a year by default. */
    auditLogRetentionDays?: number;
    /** Who the alarms reach: email, HTTPS endpoints, or an existing topic. */
    alerts?: Alerts;
    /**
     * An existing S3 bucket for ALB access logs (its policy must admit ELB log delivery). Unset:
     * the application creates its own regional bucket, unless `accessLogs` is false.
     */
    accessLogsBucket?: string;
    /** ALB access logs (on by default), kept `auditLogRetentionDays`. */
    accessLogs?: boolean;
    /** CloudWatch Logs retention, days. */
    logRetentionDays?: number;
    /** Target CPU utilisation for target tracking, percent. */
    cpuTargetPercent?: number;
    /**
     * The scaling floor may be raised outside Pulumi (a Region switch plan's ECS block registers
     * the scalable target with a higher minimum): a later deploy then keeps the floor it finds
     * instead of resetting it to `capacity.minCount` (ignoreChanges on minCapacity). Set it on a
     * standby that is not being activated by this deploy.
     */
    keepScalingFloor?: boolean;
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
    livenessPath: "",
    writablePaths: ["/tmp"],
    azCount: 3,
    cidrBlock: "10.0.0.0/16",
    gatewayEndpoints: [] as GatewayEndpointService[],
    deletionProtection: true,
    edge: "dns" as EdgeMode,
    flowLogs: true,
    accessLogs: true,
    auditLogRetentionDays: 365,
    alerts: {} as Alerts,
    logRetentionDays: 30,
    cpuTargetPercent: 60,
    elb5xxThreshold: 10,
    target5xxThreshold: 10,
    pullThroughCachePrefix: "ecr-public",
    environment: {} as Record<string, pulumi.Input<string>>,
    secrets: {} as Record<string, pulumi.Input<string> | SecretSource>,
    taskPolicyStatements: [] as pulumi.Input<aws.iam.PolicyStatement>[],
};

/** How users reach a region's ALB: the stack's `edge` output. */
export interface RegionEdgeOutput {
    mode: EdgeMode;
    albScheme: "internal" | "internet-facing";
    /** `internet`, `cloudfront-origin-facing` or `global-accelerator`. */
    admits: string;
    /** The path from the edge to the origin, in words. */
    path: string;
    /** The ALB's security group and VPC: the global stack admits Global Accelerator there. */
    albSecurityGroupId: string;
    vpcId: string;
    waf: boolean;
    /**
     * With an internal ALB, which Route 53 health checkers cannot reach: the alarm that is in
     * ALARM while the region cannot serve, for a CLOUDWATCH_METRIC health check to watch.
     */
    servingAlarm?: { name: string; region: string };
}

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
    /** How the edge reaches this region's ALB, for the stack's `edge` output. */
    public readonly edge: pulumi.Output<RegionEdgeOutput>;

    constructor(
        name: string,
        args: RegionalApplicationArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:region:RegionalApplication", name, {}, opts);
        const a = { ...defaults, ...args };
        assertValidArgs(name, a);
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        const edge = edgePlan(a.edge);
        const targetPath = targetGroupHealthPath(a.healthPath, a.livenessPath);
        const logGroupName = `/ecs/${name}`;
        const flowLogGroupName = `/vpc/${name}/flow-logs`;
        const key = regionKey(
            name,
            {
                region: a.region,
                accountId,
                logGroupNames: a.flowLogs ? [logGroupName, flowLogGroupName] : [logGroupName],
            },
            this,
        );
        const network = regionNetwork(
            name,
            { ...a, plan: a.network, albSecurityGroupDescription: edge.securityGroupDescription },
            this,
        );
        if (a.flowLogs) {
            regionEvidence(
                name,
                {
                    vpcId: network.vpcId,
                    flowLogGroupName,
                    retentionDays: a.auditLogRetentionDays,
                    keyArn: key.arn,
                    accountId,
                },
                this,
            );
        }
        const ownLogs =
            a.accessLogs && !a.accessLogsBucket
                ? regionAccessLogs(
                      name,
                      { region: a.region, accountId, retentionDays: a.auditLogRetentionDays },
                      this,
                  )
                : undefined;
        const lb = regionLoadBalancer(
            name,
            {
                ...a,
                accessLogsBucket: a.accessLogs
                    ? (ownLogs?.bucketName ?? a.accessLogsBucket)
                    : undefined,
                accessLogsReady: ownLogs?.policy,
                targetPath,
                edge,
                vpcId: network.vpcId,
                publicSubnetIds: network.publicSubnetIds,
                appSubnetIds: network.appSubnetIds,
                securityGroupId: network.albSecurityGroup.id,
            },
            this,
        );
        if (a.waf) {
            regionWaf(
                name,
                { ...a.waf, behindCloudFront: a.edge === "cloudfront", albArn: lb.alb.arn },
                this,
            );
        }
        const service = regionService(
            name,
            {
                ...a,
                accountId,
                logGroupName,
                logKeyArn: key.arn,
                subnetIds: network.appSubnetIds,
                securityGroupId: network.taskSecurityGroup.id,
                targetGroupArn: lb.targetGroup.arn,
                listener: lb.httpsListener,
            },
            this,
        );
        const alarms = regionAlarms(
            name,
            {
                ...a,
                keyArn: key.arn,
                targetPath,
                albArnSuffix: lb.alb.arnSuffix,
                targetGroupArnSuffix: lb.targetGroup.arnSuffix,
                runsTasks: a.capacity.desiredCount > 0,
                servingAlarm: edge.internal,
            },
            this,
        );
        this.edge = pulumi.output({
            mode: edge.mode,
            albScheme: edge.internal ? "internal" : "internet-facing",
            admits: edge.source,
            path: edge.path,
            albSecurityGroupId: network.albSecurityGroup.id,
            vpcId: network.vpcId,
            waf: a.waf !== undefined,
            ...(alarms.servingAlarmName
                ? { servingAlarm: { name: alarms.servingAlarmName, region: a.region } }
                : {}),
        });

        this.vpcId = network.vpcId;
        this.publicSubnetIds = network.publicSubnetIds;
        this.appSubnetIds = network.appSubnetIds;
        this.albSecurityGroupId = network.albSecurityGroup.id;
        this.taskSecurityGroupId = network.taskSecurityGroup.id;
        this.albArn = lb.alb.arn;
        this.albDnsName = lb.alb.dnsName;
        this.albZoneId = lb.alb.zoneId;
        this.certificateArn = lb.certificateArn;
        this.targetGroupArn = lb.targetGroup.arn;
        this.clusterName = service.clusterName;
        this.serviceName = service.serviceName;
        this.logGroupName = service.logGroupName;
        this.alarmTopicArn = alarms.topicArn;
        this.healthCheckPath = a.healthPath;
        this.healthCheckUrl = pulumi.interpolate`https://${lb.alb.dnsName}${a.healthPath}`;
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
            edge: this.edge,
        });
    }
}

/** Every problem with the arguments at once, before anything is created. */
function assertValidArgs(
    name: string,
    a: Pick<
        Required<RegionalApplicationArgs>,
        "environment" | "secrets" | "alerts" | "edge" | "livenessPath"
    >,
): void {
    const liveness = livenessPathProblem(a.edge, a.livenessPath);
    const problems = [
        ...(liveness ? [liveness] : []),
        ...containerVariableProblems(Object.keys(a.environment), Object.keys(a.secrets)),
        ...knownSecretProblems(a.secrets),
        ...alertProblems(a.alerts),
    ];
    if (problems.length > 0) {
        throw new Error(`${name}: ${problems.join("; ")}`);
    }
}
