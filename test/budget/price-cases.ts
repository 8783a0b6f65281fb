/**
 * The price cases: one line per resource type with its hand calculation from the AWS price
 * page's figures (written here, not read from prices.json). test/budget/prices.test.ts checks
 * each line's quantity and price; test/budget/cost-lines.test.ts its item, kind and unit.
 */
import { BudgetResource, PriceKey } from "../../policies/budget";
import { resource } from "./fixtures";

export const h = 730;
export const east = (type: string, name: string, props: Record<string, unknown>, stack = "p") =>
    resource(stack, "us-east-1", type, name, props);

export interface Case {
    /** The type the line prices, as the case's title. */
    type: string;
    resources: BudgetResource[];
    /** The line: its price key and, when a resource has several, its resource. */
    key: PriceKey;
    resource?: string;
    /** Hand calculation. */
    quantity: number;
    unitUsd: number;
    monthlyUsd: number;
}

export const serving = [
    east("aws:ecs/service:Service", "svc", {
        desiredCount: 2,
        taskDefinition: "task-definition/app:1",
    }),
    east("aws:ecs/taskDefinition:TaskDefinition", "task", {
        family: "app",
        cpu: "512",
        memory: "1024",
    }),
];

export const cases: Case[] = [
    // https://aws.amazon.com/vpc/pricing/: NAT gateway $0.045/h and $0.045/GB; public IPv4 $0.005/h.
    {
        type: "awsx:ec2:Vpc (OnePerAz, 2 AZs)",
        resources: [east("awsx:ec2:Vpc", "vpc", { numberOfAvailabilityZones: 2 })],
        key: "natGatewayHour",
        quantity: 2 * h,
        unitUsd: 0.045,
        monthlyUsd: 65.7,
    },
    {
        type: "aws:ec2/natGateway:NatGateway (data processed, 10 GB default)",
        resources: [east("aws:ec2/natGateway:NatGateway", "nat", {})],
        key: "natGatewayGb",
        quantity: 10,
        unitUsd: 0.045,
        monthlyUsd: 0.45,
    },
    {
        type: "aws:ec2/eip:Eip",
        resources: [east("aws:ec2/eip:Eip", "ip", {})],
        key: "publicIpv4Hour",
        quantity: h,
        unitUsd: 0.005,
        monthlyUsd: 3.65,
    },
    // https://aws.amazon.com/privatelink/pricing/: $0.01 per AZ-hour, $0.01/GB.
    {
        type: "aws:ec2/vpcEndpoint:VpcEndpoint (Interface, 3 subnets)",
        resources: [
            east("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr", {
                vpcEndpointType: "Interface",
                subnetIds: ["a", "b", "c"],
            }),
        ],
        key: "interfaceEndpointAzHour",
        quantity: 3 * h,
        unitUsd: 0.01,
        monthlyUsd: 21.9,
    },
    {
        type: "aws:ec2/vpcEndpoint:VpcEndpoint (Interface, per GB)",
        resources: [
            east("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr", {
                vpcEndpointType: "Interface",
                subnetIds: ["a"],
            }),
        ],
        key: "interfaceEndpointGb",
        quantity: 1,
        unitUsd: 0.01,
        monthlyUsd: 0.01,
    },
    // https://aws.amazon.com/elasticloadbalancing/pricing/: ALB $0.0225/h, LCU $0.008/h.
    {
        type: "aws:lb/loadBalancer:LoadBalancer (hours)",
        resources: [east("aws:lb/loadBalancer:LoadBalancer", "alb", { internal: true })],
        key: "albHour",
        quantity: h,
        unitUsd: 0.0225,
        monthlyUsd: 16.43,
    },
    {
        type: "aws:lb/loadBalancer:LoadBalancer (public IPv4, 3 subnets)",
        resources: [east("aws:lb/loadBalancer:LoadBalancer", "alb", { subnets: ["a", "b", "c"] })],
        key: "publicIpv4Hour",
        quantity: 3 * h,
        unitUsd: 0.005,
        monthlyUsd: 10.95,
    },
    {
        // 10 M requests over 730 h = 3.805 new connections/s = 0.1522 LCU (25/s each), more
        // than 95.37 GB / 730 h = 0.1306 LCU (1 GB/h each).
        type: "aws:lb/loadBalancer:LoadBalancer (LCUs)",
        resources: [east("aws:lb/loadBalancer:LoadBalancer", "alb", {}), ...serving],
        key: "albLcuHour",
        quantity: 10_000_000 / 3600 / 25,
        unitUsd: 0.008,
        monthlyUsd: 0.89,
    },
    {
        // https://aws.amazon.com/ec2/pricing/on-demand/: $0.09/GB out to the internet;
        // 10 M × 10 KiB = 95.367 GiB.
        type: "aws:lb/loadBalancer:LoadBalancer (internet egress)",
        resources: [east("aws:lb/loadBalancer:LoadBalancer", "alb", {}), ...serving],
        key: "internetEgressGb",
        quantity: (10_000_000 * 10) / 1024 / 1024,
        unitUsd: 0.09,
        monthlyUsd: 8.58,
    },
    // https://aws.amazon.com/fargate/pricing/: $0.04048 per vCPU-hour, $0.004445 per GB-hour.
    {
        type: "aws:ecs/service:Service (vCPU)",
        resources: serving,
        key: "fargateVcpuHour",
        quantity: 2 * 0.5 * h,
        unitUsd: 0.04048,
        monthlyUsd: 29.55,
    },
    {
        type: "aws:ecs/service:Service (memory)",
        resources: serving,
        key: "fargateGbHour",
        quantity: 2 * 1 * h,
        unitUsd: 0.004445,
        monthlyUsd: 6.49,
    },
    // https://aws.amazon.com/cloudwatch/pricing/: custom metric $0.30/month; the model's
    // assumption of 10 metrics per cluster and 10 per service.
    {
        type: "aws:ecs/cluster:Cluster (Container Insights)",
        resources: [
            east("aws:ecs/cluster:Cluster", "cluster", {
                settings: [{ name: "containerInsights", value: "enabled" }],
            }),
            ...serving,
        ],
        key: "containerInsightsMetricMonth",
        quantity: 10 + 10,
        unitUsd: 0.3,
        monthlyUsd: 6,
    },
    // https://aws.amazon.com/ecr/pricing/: $0.10/GB-month.
    {
        type: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
        resources: [east("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "cache", {})],
        key: "ecrStorageGbMonth",
        quantity: 0.1,
        unitUsd: 0.1,
        monthlyUsd: 0.01,
    },
    // Target tracking manages two alarms at $0.10 each.
    {
        type: "aws:appautoscaling/policy:Policy (target tracking)",
        resources: [
            east("aws:appautoscaling/policy:Policy", "cpu", {
                policyType: "TargetTrackingScaling",
            }),
        ],
        key: "cloudWatchAlarmMonth",
        quantity: 2,
        unitUsd: 0.1,
        monthlyUsd: 0.2,
    },
    // https://aws.amazon.com/rds/aurora/pricing/: db.r6g.large $0.26/h, storage $0.10/GB-month,
    // I/O $0.20 per million, replicated write I/O $0.20 per million.
    {
        type: "aws:rds/clusterInstance:ClusterInstance (db.r6g.large)",
        resources: [
            east("aws:rds/clusterInstance:ClusterInstance", "db-1", {
                instanceClass: "db.r6g.large",
            }),
        ],
        key: "auroraInstanceHour",
        quantity: h,
        unitUsd: 0.26,
        monthlyUsd: 189.8,
    },
    {
        type: "aws:rds/clusterInstance:ClusterInstance (db.serverless, 2 ACUs)",
        resources: [
            east("aws:rds/clusterInstance:ClusterInstance", "db-1", {
                instanceClass: "db.serverless",
            }),
        ],
        key: "auroraServerlessAcuHour",
        quantity: 2 * h,
        unitUsd: 0.12,
        monthlyUsd: 175.2,
    },
    {
        type: "aws:rds/cluster:Cluster (storage, 50 GB)",
        resources: [east("aws:rds/cluster:Cluster", "primary-db", { masterUsername: "app" })],
        key: "auroraStorageGbMonth",
        quantity: 50,
        unitUsd: 0.1,
        monthlyUsd: 5,
    },
    {
        // 10 GB in 4 KiB I/Os = 2,621,440 I/Os.
        type: "aws:rds/cluster:Cluster (write I/O)",
        resources: [east("aws:rds/cluster:Cluster", "primary-db", { masterUsername: "app" })],
        key: "auroraIoPerMillion",
        quantity: 2.62144,
        unitUsd: 0.2,
        monthlyUsd: 0.52,
    },
    {
        type: "aws:rds/cluster:Cluster (secondary: replicated write I/O)",
        resources: [
            east("aws:rds/cluster:Cluster", "replica-db", { globalClusterIdentifier: "g" }),
        ],
        key: "auroraReplicatedWriteIoPerMillion",
        quantity: 2.62144,
        unitUsd: 0.2,
        monthlyUsd: 0.52,
    },
    {
        // https://aws.amazon.com/secrets-manager/pricing/: $0.40 per secret-month.
        type: "aws:rds/cluster:Cluster (managed master password)",
        resources: [
            east("aws:rds/cluster:Cluster", "primary-db", { manageMasterUserPassword: true }),
        ],
        key: "secretMonth",
        quantity: 1,
        unitUsd: 0.4,
        monthlyUsd: 0.4,
    },
    // https://aws.amazon.com/rds/postgresql/pricing/: db.t4g.micro $0.016/h, gp3 $0.115/GB-month.
    {
        type: "aws:rds/instance:Instance (Multi-AZ)",
        resources: [
            east("aws:rds/instance:Instance", "pg", {
                instanceClass: "db.t4g.micro",
                multiAz: true,
                allocatedStorage: 20,
            }),
        ],
        key: "rdsInstanceHour",
        quantity: 2 * h,
        unitUsd: 0.016,
        monthlyUsd: 23.36,
    },
    {
        type: "aws:rds/instance:Instance (gp3)",
        resources: [
            east("aws:rds/instance:Instance", "pg", {
                instanceClass: "db.t4g.micro",
                allocatedStorage: 20,
            }),
        ],
        key: "rdsGp3GbMonth",
        quantity: 20,
        unitUsd: 0.115,
        monthlyUsd: 2.3,
    },
    // https://aws.amazon.com/dynamodb/pricing/on-demand/: $0.625 per million WRU (and rWRU),
    // $0.25/GB-month; 10 GB in 1 KB items = 10,485,760 writes.
    {
        type: "aws:dynamodb/table:Table (writes)",
        resources: [east("aws:dynamodb/table:Table", "t", { billingMode: "PAY_PER_REQUEST" })],
        key: "dynamodbWritePerMillion",
        quantity: 10.48576,
        unitUsd: 0.625,
        monthlyUsd: 6.55,
    },
    {
        type: "aws:dynamodb/tableReplica:TableReplica (replicated writes)",
        resources: [east("aws:dynamodb/tableReplica:TableReplica", "r", {})],
        key: "dynamodbReplicatedWritePerMillion",
        quantity: 10.48576,
        unitUsd: 0.625,
        monthlyUsd: 6.55,
    },
    {
        type: "aws:dynamodb/tableReplica:TableReplica (storage)",
        resources: [east("aws:dynamodb/tableReplica:TableReplica", "r", {})],
        key: "dynamodbStorageGbMonth",
        quantity: 50,
        unitUsd: 0.25,
        monthlyUsd: 12.5,
    },
    // https://aws.amazon.com/s3/pricing/: Standard $0.023/GB-month, PUT $0.005 per 1,000, RTC
    // $0.015/GB; inter-region transfer $0.02/GB between US regions.
    {
        type: "aws:s3/bucket:Bucket",
        resources: [east("aws:s3/bucket:Bucket", "b", {})],
        key: "s3StandardGbMonth",
        quantity: 50,
        unitUsd: 0.023,
        monthlyUsd: 1.15,
    },
    {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig (transfer)",
        resources: replication(),
        key: "interRegionGb",
        quantity: 10,
        unitUsd: 0.02,
        monthlyUsd: 0.2,
    },
    {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig (replication PUTs)",
        resources: replication(),
        key: "s3PutPer1000",
        quantity: 100,
        unitUsd: 0.005,
        monthlyUsd: 0.5,
    },
    {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig (RTC)",
        resources: replication(),
        key: "s3RtcGb",
        quantity: 10,
        unitUsd: 0.015,
        monthlyUsd: 0.15,
    },
    {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig (replication metrics)",
        resources: replication(),
        key: "cloudWatchCustomMetricMonth",
        quantity: 4,
        unitUsd: 0.3,
        monthlyUsd: 1.2,
    },
    {
        // https://aws.amazon.com/s3/pricing/: Multi-Region Access Point routing $0.0033/GB.
        type: "aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint",
        resources: [
            east("aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint", "mrap", {}),
        ],
        key: "s3MrapRoutingGb",
        quantity: 10,
        unitUsd: 0.0033,
        monthlyUsd: 0.03,
    },
    {
        // A secret and a replica in us-west-2: two secrets at $0.40.
        type: "aws:secretsmanager/secret:Secret (replica)",
        resources: [
            east("aws:secretsmanager/secret:Secret", "s", { replicas: [{ region: "us-west-2" }] }),
        ],
        key: "secretMonth",
        quantity: 1,
        unitUsd: 0.4,
        monthlyUsd: 0.4,
    },
    // https://aws.amazon.com/route53/pricing/: $0.50 basic AWS-endpoint check, $1 per option,
    // $0.50 per zone, $0.40 / $0.60 per million standard / latency queries.
    {
        type: "aws:route53/healthCheck:HealthCheck (HTTPS, fast)",
        resources: [
            east("aws:route53/healthCheck:HealthCheck", "hc", {
                type: "HTTPS",
                fqdn: "x.us-east-1.elb.amazonaws.com",
                requestInterval: 10,
            }),
        ],
        key: "route53HealthCheckOptionAws",
        quantity: 2,
        unitUsd: 1,
        monthlyUsd: 2,
    },
    {
        type: "aws:route53/zone:Zone",
        resources: [east("aws:route53/zone:Zone", "zone", {})],
        key: "route53HostedZone",
        quantity: 1,
        unitUsd: 0.5,
        monthlyUsd: 0.5,
    },
    {
        type: "aws:route53/record:Record (latency, non-alias)",
        resources: [
            east("aws:route53/record:Record", "rec", {
                name: "app.example.com",
                latencyRoutingPolicies: [{ region: "us-east-1" }],
                setIdentifier: "use1",
            }),
        ],
        key: "route53LatencyQueriesPerMillion",
        quantity: 1,
        unitUsd: 0.6,
        monthlyUsd: 0.6,
    },
    // https://aws.amazon.com/global-accelerator/pricing/: $0.025/h, DT-premium $0.015/GB (NA).
    {
        type: "aws:globalaccelerator/accelerator:Accelerator (fixed fee)",
        resources: [east("aws:globalaccelerator/accelerator:Accelerator", "ga", {})],
        key: "globalAcceleratorHour",
        quantity: h,
        unitUsd: 0.025,
        monthlyUsd: 18.25,
    },
    {
        type: "aws:globalaccelerator/accelerator:Accelerator (DT-premium)",
        resources: [east("aws:globalaccelerator/accelerator:Accelerator", "ga", {})],
        key: "globalAcceleratorDtPremiumGb",
        quantity: (10_000_000 * 10) / 1024 / 1024,
        unitUsd: 0.015,
        monthlyUsd: 1.43,
    },
    // https://aws.amazon.com/cloudfront/pricing/: $0.085/GB (NA), $0.01 per 10,000 HTTPS.
    {
        type: "aws:cloudfront/distribution:Distribution (transfer)",
        resources: [east("aws:cloudfront/distribution:Distribution", "cdn", {})],
        key: "cloudFrontGb",
        quantity: (10_000_000 * 10) / 1024 / 1024,
        unitUsd: 0.085,
        monthlyUsd: 8.11,
    },
    {
        type: "aws:cloudfront/distribution:Distribution (requests)",
        resources: [east("aws:cloudfront/distribution:Distribution", "cdn", {})],
        key: "cloudFrontHttpsPer10k",
        quantity: 1000,
        unitUsd: 0.01,
        monthlyUsd: 10,
    },
    // https://aws.amazon.com/waf/pricing/: $5 per web ACL, $1 per rule, $0.60 per million.
    {
        type: "aws:wafv2/webAcl:WebAcl (rules)",
        resources: [
            east("aws:wafv2/webAcl:WebAcl", "acl", { scope: "CLOUDFRONT", rules: [{}, {}, {}] }),
        ],
        key: "wafRuleMonth",
        quantity: 3,
        unitUsd: 1,
        monthlyUsd: 3,
    },
    {
        type: "aws:wafv2/webAcl:WebAcl (requests)",
        resources: [east("aws:wafv2/webAcl:WebAcl", "acl", { scope: "CLOUDFRONT" })],
        key: "wafRequestsPerMillion",
        quantity: 10,
        unitUsd: 0.6,
        monthlyUsd: 6,
    },
    // ARC: cluster $2.50/h, readiness check $0.045/h, Region switch $70 per plan-month.
    {
        type: "aws:route53recoverycontrol/cluster:Cluster",
        resources: [east("aws:route53recoverycontrol/cluster:Cluster", "arc", {})],
        key: "arcClusterHour",
        quantity: h,
        unitUsd: 2.5,
        monthlyUsd: 1825,
    },
    {
        type: "aws:route53recoveryreadiness/readinessCheck:ReadinessCheck",
        resources: [
            east("aws:route53recoveryreadiness/readinessCheck:ReadinessCheck", "ready", {}),
        ],
        key: "arcReadinessCheckHour",
        quantity: h,
        unitUsd: 0.045,
        monthlyUsd: 32.85,
    },
    {
        type: "aws:arcregionswitch/plan:Plan",
        resources: [east("aws:arcregionswitch/plan:Plan", "plan", {})],
        key: "regionSwitchPlanMonth",
        quantity: 1,
        unitUsd: 70,
        monthlyUsd: 70,
    },
    // https://aws.amazon.com/kms/pricing/: $1 per key-month, replica keys too.
    {
        type: "aws:kms/replicaKey:ReplicaKey",
        resources: [east("aws:kms/replicaKey:ReplicaKey", "replica", {})],
        key: "kmsKeyMonth",
        quantity: 1,
        unitUsd: 1,
        monthlyUsd: 1,
    },
    // https://aws.amazon.com/cloudwatch/pricing/: standard alarm $0.10, high-resolution $0.30,
    // composite $0.50, dashboard $3, logs $0.50/GB ingested and $0.03/GB-month stored.
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm (10 s period)",
        resources: [east("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", { period: 10 })],
        key: "cloudWatchAlarmHighResMonth",
        quantity: 1,
        unitUsd: 0.3,
        monthlyUsd: 0.3,
    },
    {
        type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
        resources: [east("aws:cloudwatch/compositeAlarm:CompositeAlarm", "composite", {})],
        key: "cloudWatchCompositeAlarmMonth",
        quantity: 1,
        unitUsd: 0.5,
        monthlyUsd: 0.5,
    },
    {
        type: "aws:cloudwatch/dashboard:Dashboard",
        resources: [east("aws:cloudwatch/dashboard:Dashboard", "dash", {})],
        key: "cloudWatchDashboardMonth",
        quantity: 1,
        unitUsd: 3,
        monthlyUsd: 3,
    },
    {
        type: "aws:cloudwatch/logGroup:LogGroup (ingestion)",
        resources: [east("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 90 })],
        key: "logsIngestGb",
        quantity: 5,
        unitUsd: 0.5,
        monthlyUsd: 2.5,
    },
    {
        // 5 GB a month kept 90 days: 15 GB stored.
        type: "aws:cloudwatch/logGroup:LogGroup (storage)",
        resources: [east("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 90 })],
        key: "logsStorageGbMonth",
        quantity: 15,
        unitUsd: 0.03,
        monthlyUsd: 0.45,
    },
    {
        // $0.0012 per canary run; every 5 minutes = 8,760 runs.
        type: "aws:synthetics/canary:Canary",
        resources: [
            east("aws:synthetics/canary:Canary", "canary", {
                schedule: { expression: "rate(5 minutes)" },
            }),
        ],
        key: "syntheticsCanaryRun",
        quantity: 8760,
        unitUsd: 0.0012,
        monthlyUsd: 10.51,
    },
    {
        // https://aws.amazon.com/fis/pricing/: $0.10 per action-minute; 15 + 10 minutes, once.
        type: "aws:fis/experimentTemplate:ExperimentTemplate",
        resources: [
            east("aws:fis/experimentTemplate:ExperimentTemplate", "drill", {
                actions: [
                    { parameters: [{ key: "duration", value: "PT15M" }] },
                    { parameters: [] },
                ],
            }),
        ],
        key: "fisActionMinute",
        quantity: 25,
        unitUsd: 0.1,
        monthlyUsd: 2.5,
    },
];

export function replication(): BudgetResource[] {
    return [
        east("aws:s3/bucket:Bucket", "src", { bucket: "src", arn: "arn:aws:s3:::src" }),
        resource("p", "us-west-2", "aws:s3/bucket:Bucket", "dst", {
            bucket: "dst",
            arn: "arn:aws:s3:::dst",
        }),
        east("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "rep", {
            bucket: "src",
            rules: [
                {
                    status: "Enabled",
                    destination: {
                        bucket: "arn:aws:s3:::dst",
                        replicationTime: { status: "Enabled", time: { minutes: 15 } },
                    },
                },
            ],
        }),
    ];
}
