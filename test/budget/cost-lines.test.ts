/**
 * Every line of every price case (test/budget/price-cases.ts) as a reader sees it: the resource,
 * the price key, the item text (what is counted and from which setting or usage figure), fixed
 * or usage-driven, and the unit. Then the same resources in a Region the table has no figure for
 * (eu-west-1, the table's default multiplier 1.2): lines of regional services cost 1.2 × the
 * base price, lines of global services (Route 53, Global Accelerator, CloudFront, WAF for
 * CloudFront, ARC, Region switch, CloudWatch dashboards, S3 Multi-Region Access Points, S3 RTC) the base
 * price, and lines priced in another Region (a replica's, a replication destination's) that
 * Region's.
 */
import * as assert from "assert";
import { BudgetResource, defaultPrices, estimateCost } from "../../policies/budget";
import { cases } from "./price-cases";

/** [case, its lines as [resource, priceKey, item, kind, unit]], in the estimate's order. */
const expected: [string, [string, string, string, string, string][]][] = [
    [
        "awsx:ec2:Vpc (OnePerAz, 2 AZs)",
        [
            [
                "vpc",
                "natGatewayHour",
                "2 NAT gateway(s) (natGateways.strategy OnePerAz over 2 AZs) × 730 h",
                "fixed",
                "NAT gateway-hour",
            ],
            [
                "vpc",
                "publicIpv4Hour",
                "2 NAT public IPv4 address(es) × 730 h",
                "fixed",
                "public IPv4 address-hour (in use or idle)",
            ],
            [
                "vpc",
                "natGatewayGb",
                "10 GB through NAT (usage.natGbPerMonthPerVpc)",
                "usage",
                "GB processed by a NAT gateway",
            ],
        ],
    ],
    [
        "aws:ec2/natGateway:NatGateway (data processed, 10 GB default)",
        [
            ["nat", "natGatewayHour", "NAT gateway × 730 h", "fixed", "NAT gateway-hour"],
            [
                "nat",
                "natGatewayGb",
                "10 GB through NAT (usage.natGbPerMonthPerVpc over the region's NAT gateways)",
                "usage",
                "GB processed by a NAT gateway",
            ],
        ],
    ],
    [
        "aws:ec2/eip:Eip",
        [
            [
                "ip",
                "publicIpv4Hour",
                "public IPv4 address × 730 h",
                "fixed",
                "public IPv4 address-hour (in use or idle)",
            ],
        ],
    ],
    [
        "aws:ec2/vpcEndpoint:VpcEndpoint (Interface, 3 subnets)",
        [
            [
                "ecr",
                "interfaceEndpointAzHour",
                "3 AZ(s) × 730 h (service)",
                "fixed",
                "interface endpoint-hour per AZ (subnet)",
            ],
            [
                "ecr",
                "interfaceEndpointGb",
                "1 GB processed (usage.endpointGbPerMonth)",
                "usage",
                "GB processed by interface endpoints (first PB per region)",
            ],
        ],
    ],
    [
        "aws:ec2/vpcEndpoint:VpcEndpoint (Interface, per GB)",
        [
            [
                "ecr",
                "interfaceEndpointAzHour",
                "1 AZ(s) × 730 h (service)",
                "fixed",
                "interface endpoint-hour per AZ (subnet)",
            ],
            [
                "ecr",
                "interfaceEndpointGb",
                "1 GB processed (usage.endpointGbPerMonth)",
                "usage",
                "GB processed by interface endpoints (first PB per region)",
            ],
        ],
    ],
    [
        "aws:lb/loadBalancer:LoadBalancer (hours)",
        [
            ["alb", "albHour", "ALB × 730 h", "fixed", "ALB-hour"],
            [
                "alb",
                "albLcuHour",
                "0.1522 LCU × 730 h (max of 10,000,000 new connections at 25/s per LCU, 95.37 GB at 1 GB/h per LCU)",
                "usage",
                "LCU-hour (25 new connections/s or 1 GB/h processed)",
            ],
            [
                "alb",
                "internetEgressGb",
                "95.37 GB to users (usage: requests × averageResponseKb)",
                "usage",
                "GB out to the internet (first 10 TB per month; free 100 GB ignored)",
            ],
        ],
    ],
    [
        "aws:lb/loadBalancer:LoadBalancer (public IPv4, 3 subnets)",
        [
            ["alb", "albHour", "ALB × 730 h", "fixed", "ALB-hour"],
            [
                "alb",
                "publicIpv4Hour",
                "3 public IPv4 (one per AZ node, the minimum) × 730 h",
                "fixed",
                "public IPv4 address-hour (in use or idle)",
            ],
            [
                "alb",
                "albLcuHour",
                "0.1522 LCU × 730 h (max of 10,000,000 new connections at 25/s per LCU, 95.37 GB at 1 GB/h per LCU)",
                "usage",
                "LCU-hour (25 new connections/s or 1 GB/h processed)",
            ],
            [
                "alb",
                "internetEgressGb",
                "95.37 GB to users (usage: requests × averageResponseKb)",
                "usage",
                "GB out to the internet (first 10 TB per month; free 100 GB ignored)",
            ],
        ],
    ],
    [
        "aws:lb/loadBalancer:LoadBalancer (LCUs)",
        [
            ["alb", "albHour", "ALB × 730 h", "fixed", "ALB-hour"],
            [
                "alb",
                "publicIpv4Hour",
                "2 public IPv4 (one per AZ node, the minimum) × 730 h",
                "fixed",
                "public IPv4 address-hour (in use or idle)",
            ],
            [
                "alb",
                "albLcuHour",
                "0.1522 LCU × 730 h (max of 10,000,000 new connections at 25/s per LCU, 95.37 GB at 1 GB/h per LCU)",
                "usage",
                "LCU-hour (25 new connections/s or 1 GB/h processed)",
            ],
            [
                "alb",
                "internetEgressGb",
                "95.37 GB to users (usage: requests × averageResponseKb)",
                "usage",
                "GB out to the internet (first 10 TB per month; free 100 GB ignored)",
            ],
            [
                "svc",
                "fargateVcpuHour",
                "2 task(s) × 0.5 vCPU × 730 h",
                "fixed",
                "vCPU-hour, Linux/x86",
            ],
            ["svc", "fargateGbHour", "2 task(s) × 1 GB × 730 h", "fixed", "GB-hour, Linux/x86"],
        ],
    ],
    [
        "aws:lb/loadBalancer:LoadBalancer (internet egress)",
        [
            ["alb", "albHour", "ALB × 730 h", "fixed", "ALB-hour"],
            [
                "alb",
                "publicIpv4Hour",
                "2 public IPv4 (one per AZ node, the minimum) × 730 h",
                "fixed",
                "public IPv4 address-hour (in use or idle)",
            ],
            [
                "alb",
                "albLcuHour",
                "0.1522 LCU × 730 h (max of 10,000,000 new connections at 25/s per LCU, 95.37 GB at 1 GB/h per LCU)",
                "usage",
                "LCU-hour (25 new connections/s or 1 GB/h processed)",
            ],
            [
                "alb",
                "internetEgressGb",
                "95.37 GB to users (usage: requests × averageResponseKb)",
                "usage",
                "GB out to the internet (first 10 TB per month; free 100 GB ignored)",
            ],
            [
                "svc",
                "fargateVcpuHour",
                "2 task(s) × 0.5 vCPU × 730 h",
                "fixed",
                "vCPU-hour, Linux/x86",
            ],
            ["svc", "fargateGbHour", "2 task(s) × 1 GB × 730 h", "fixed", "GB-hour, Linux/x86"],
        ],
    ],
    [
        "aws:ecs/service:Service (vCPU)",
        [
            [
                "svc",
                "fargateVcpuHour",
                "2 task(s) × 0.5 vCPU × 730 h",
                "fixed",
                "vCPU-hour, Linux/x86",
            ],
            ["svc", "fargateGbHour", "2 task(s) × 1 GB × 730 h", "fixed", "GB-hour, Linux/x86"],
        ],
    ],
    [
        "aws:ecs/service:Service (memory)",
        [
            [
                "svc",
                "fargateVcpuHour",
                "2 task(s) × 0.5 vCPU × 730 h",
                "fixed",
                "vCPU-hour, Linux/x86",
            ],
            ["svc", "fargateGbHour", "2 task(s) × 1 GB × 730 h", "fixed", "GB-hour, Linux/x86"],
        ],
    ],
    [
        "aws:ecs/cluster:Cluster (Container Insights)",
        [
            [
                "svc",
                "fargateVcpuHour",
                "2 task(s) × 0.5 vCPU × 730 h",
                "fixed",
                "vCPU-hour, Linux/x86",
            ],
            ["svc", "fargateGbHour", "2 task(s) × 1 GB × 730 h", "fixed", "GB-hour, Linux/x86"],
            [
                "cluster",
                "containerInsightsMetricMonth",
                "Container Insights (enabled): 10 cluster metrics + 1 service(s) × 10",
                "fixed",
                "custom metric-month emitted by ECS Container Insights",
            ],
        ],
    ],
    [
        "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
        [
            [
                "cache",
                "ecrStorageGbMonth",
                "0.1 GB of cached images (usage.cachedImageGb)",
                "usage",
                "GB-month of ECR storage (pull-through cache copies)",
            ],
        ],
    ],
    [
        "aws:appautoscaling/policy:Policy (target tracking)",
        [
            [
                "cpu",
                "cloudWatchAlarmMonth",
                "2 alarms target tracking manages (high and low)",
                "fixed",
                "standard-resolution alarm metric-month",
            ],
        ],
    ],
    [
        "aws:rds/clusterInstance:ClusterInstance (db.r6g.large)",
        [
            [
                "db-1",
                "auroraInstanceHour",
                "db.r6g.large × 730 h",
                "fixed",
                "db.r6g.large instance-hour",
            ],
        ],
    ],
    [
        "aws:rds/clusterInstance:ClusterInstance (db.serverless, 2 ACUs)",
        [
            [
                "db-1",
                "auroraServerlessAcuHour",
                "2 ACU (usage.auroraServerlessAcus) × 730 h",
                "usage",
                "ACU-hour (db.serverless)",
            ],
        ],
    ],
    [
        "aws:rds/cluster:Cluster (storage, 50 GB)",
        [
            ["primary-db", "auroraStorageGbMonth", "50 GB stored", "usage", "GB-month"],
            [
                "primary-db",
                "auroraIoPerMillion",
                "2.6214 M write I/Os (10 GB in 4 KiB I/Os)",
                "usage",
                "million I/Os",
            ],
        ],
    ],
    [
        "aws:rds/cluster:Cluster (write I/O)",
        [
            ["primary-db", "auroraStorageGbMonth", "50 GB stored", "usage", "GB-month"],
            [
                "primary-db",
                "auroraIoPerMillion",
                "2.6214 M write I/Os (10 GB in 4 KiB I/Os)",
                "usage",
                "million I/Os",
            ],
        ],
    ],
    [
        "aws:rds/cluster:Cluster (secondary: replicated write I/O)",
        [
            ["replica-db", "auroraStorageGbMonth", "50 GB stored", "usage", "GB-month"],
            [
                "replica-db",
                "auroraReplicatedWriteIoPerMillion",
                "2.6214 M replicated write I/Os (10 GB in 4 KiB I/Os)",
                "usage",
                "million replicated write I/Os per secondary region",
            ],
            [
                "replica-db",
                "interRegionGb",
                "cross-region replication into us-east-1: 10 GB written/month",
                "usage",
                "GB between US regions",
            ],
        ],
    ],
    [
        "aws:rds/cluster:Cluster (managed master password)",
        [
            ["primary-db", "auroraStorageGbMonth", "50 GB stored", "usage", "GB-month"],
            [
                "primary-db",
                "secretMonth",
                "master password secret RDS manages in Secrets Manager",
                "fixed",
                "secret-month (each replica is billed as a secret)",
            ],
            [
                "primary-db",
                "auroraIoPerMillion",
                "2.6214 M write I/Os (10 GB in 4 KiB I/Os)",
                "usage",
                "million I/Os",
            ],
        ],
    ],
    [
        "aws:rds/instance:Instance (Multi-AZ)",
        [
            [
                "pg",
                "rdsInstanceHour",
                "db.t4g.micro × 2 × 730 h",
                "fixed",
                "db.t4g.micro instance-hour",
            ],
            ["pg", "rdsGp3GbMonth", "20 GB allocated × 2", "fixed", "GB-month gp3"],
        ],
    ],
    [
        "aws:rds/instance:Instance (gp3)",
        [
            [
                "pg",
                "rdsInstanceHour",
                "db.t4g.micro × 1 × 730 h",
                "fixed",
                "db.t4g.micro instance-hour",
            ],
            ["pg", "rdsGp3GbMonth", "20 GB allocated × 1", "fixed", "GB-month gp3"],
        ],
    ],
    [
        "aws:dynamodb/table:Table (writes)",
        [
            [
                "t",
                "dynamodbWritePerMillion",
                "10.4858 M writes (10 GB in 1 KB items)",
                "usage",
                "million on-demand write request units",
            ],
            ["t", "dynamodbStorageGbMonth", "50 GB stored", "usage", "GB-month per replica"],
        ],
    ],
    [
        "aws:dynamodb/tableReplica:TableReplica (replicated writes)",
        [
            [
                "r",
                "dynamodbReplicatedWritePerMillion",
                "10.4858 M replicated writes",
                "usage",
                "million replicated write request units per replica",
            ],
            ["r", "dynamodbStorageGbMonth", "50 GB stored", "usage", "GB-month per replica"],
            [
                "r",
                "interRegionGb",
                "cross-region replication into us-east-1: 10 GB written/month",
                "usage",
                "GB between US regions",
            ],
        ],
    ],
    [
        "aws:dynamodb/tableReplica:TableReplica (storage)",
        [
            [
                "r",
                "dynamodbReplicatedWritePerMillion",
                "10.4858 M replicated writes",
                "usage",
                "million replicated write request units per replica",
            ],
            ["r", "dynamodbStorageGbMonth", "50 GB stored", "usage", "GB-month per replica"],
            [
                "r",
                "interRegionGb",
                "cross-region replication into us-east-1: 10 GB written/month",
                "usage",
                "GB between US regions",
            ],
        ],
    ],
    [
        "aws:s3/bucket:Bucket",
        [
            [
                "b",
                "s3StandardGbMonth",
                "50 GB Standard",
                "usage",
                "GB-month S3 Standard (first 50 TB)",
            ],
        ],
    ],
    [
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig (transfer)",
        [
            [
                "src",
                "s3StandardGbMonth",
                "50 GB Standard",
                "usage",
                "GB-month S3 Standard (first 50 TB)",
            ],
            [
                "dst",
                "s3StandardGbMonth",
                "50 GB Standard",
                "usage",
                "GB-month S3 Standard (first 50 TB)",
            ],
            [
                "rep",
                "interRegionGb",
                "cross-region replication us-east-1 → dst (us-west-2): 10 GB written/month",
                "usage",
                "GB between US regions",
            ],
            [
                "rep",
                "s3PutPer1000",
                "100,000 replication PUTs at dst (us-west-2)",
                "usage",
                "1,000 PUT requests, S3 Standard (replication PUTs at the destination)",
            ],
            ["rep", "s3RtcGb", "RTC: 10 GB replicated", "usage", "GB replicated with RTC"],
            [
                "rep",
                "cloudWatchCustomMetricMonth",
                "4 replication metrics of the rule",
                "fixed",
                "custom metric-month (first 10,000)",
            ],
        ],
    ],
    [
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig (replication PUTs)",
        [
            [
                "src",
                "s3StandardGbMonth",
                "50 GB Standard",
                "usage",
                "GB-month S3 Standard (first 50 TB)",
            ],
            [
                "dst",
                "s3StandardGbMonth",
                "50 GB Standard",
                "usage",
                "GB-month S3 Standard (first 50 TB)",
            ],
            [
                "rep",
                "interRegionGb",
                "cross-region replication us-east-1 → dst (us-west-2): 10 GB written/month",
                "usage",
                "GB between US regions",
            ],
            [
                "rep",
                "s3PutPer1000",
                "100,000 replication PUTs at dst (us-west-2)",
                "usage",
                "1,000 PUT requests, S3 Standard (replication PUTs at the destination)",
            ],
            ["rep", "s3RtcGb", "RTC: 10 GB replicated", "usage", "GB replicated with RTC"],
            [
                "rep",
                "cloudWatchCustomMetricMonth",
                "4 replication metrics of the rule",
                "fixed",
                "custom metric-month (first 10,000)",
            ],
        ],
    ],
    [
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig (RTC)",
        [
            [
                "src",
                "s3StandardGbMonth",
                "50 GB Standard",
                "usage",
                "GB-month S3 Standard (first 50 TB)",
            ],
            [
                "dst",
                "s3StandardGbMonth",
                "50 GB Standard",
                "usage",
                "GB-month S3 Standard (first 50 TB)",
            ],
            [
                "rep",
                "interRegionGb",
                "cross-region replication us-east-1 → dst (us-west-2): 10 GB written/month",
                "usage",
                "GB between US regions",
            ],
            [
                "rep",
                "s3PutPer1000",
                "100,000 replication PUTs at dst (us-west-2)",
                "usage",
                "1,000 PUT requests, S3 Standard (replication PUTs at the destination)",
            ],
            ["rep", "s3RtcGb", "RTC: 10 GB replicated", "usage", "GB replicated with RTC"],
            [
                "rep",
                "cloudWatchCustomMetricMonth",
                "4 replication metrics of the rule",
                "fixed",
                "custom metric-month (first 10,000)",
            ],
        ],
    ],
    [
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig (replication metrics)",
        [
            [
                "src",
                "s3StandardGbMonth",
                "50 GB Standard",
                "usage",
                "GB-month S3 Standard (first 50 TB)",
            ],
            [
                "dst",
                "s3StandardGbMonth",
                "50 GB Standard",
                "usage",
                "GB-month S3 Standard (first 50 TB)",
            ],
            [
                "rep",
                "interRegionGb",
                "cross-region replication us-east-1 → dst (us-west-2): 10 GB written/month",
                "usage",
                "GB between US regions",
            ],
            [
                "rep",
                "s3PutPer1000",
                "100,000 replication PUTs at dst (us-west-2)",
                "usage",
                "1,000 PUT requests, S3 Standard (replication PUTs at the destination)",
            ],
            ["rep", "s3RtcGb", "RTC: 10 GB replicated", "usage", "GB replicated with RTC"],
            [
                "rep",
                "cloudWatchCustomMetricMonth",
                "4 replication metrics of the rule",
                "fixed",
                "custom metric-month (first 10,000)",
            ],
        ],
    ],
    [
        "aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint",
        [
            [
                "mrap",
                "s3MrapRoutingGb",
                "10 GB routed (the store's writes)",
                "usage",
                "GB routed through a Multi-Region Access Point",
            ],
        ],
    ],
    [
        "aws:secretsmanager/secret:Secret (replica)",
        [
            [
                "s",
                "secretMonth",
                "secret",
                "fixed",
                "secret-month (each replica is billed as a secret)",
            ],
            [
                "s",
                "secretMonth",
                "replica in us-west-2",
                "fixed",
                "secret-month (each replica is billed as a secret)",
            ],
        ],
    ],
    [
        "aws:route53/healthCheck:HealthCheck (HTTPS, fast)",
        [
            [
                "hc",
                "route53HealthCheckAws",
                "health check (AWS endpoint)",
                "fixed",
                "basic health check-month, AWS endpoint",
            ],
            [
                "hc",
                "route53HealthCheckOptionAws",
                "HTTPS, fast interval",
                "fixed",
                "optional feature-month (HTTPS, string match, fast interval, latency), AWS endpoint",
            ],
        ],
    ],
    [
        "aws:route53/zone:Zone",
        [["zone", "route53HostedZone", "hosted zone", "fixed", "hosted zone-month (first 25)"]],
    ],
    [
        "aws:route53/record:Record (latency, non-alias)",
        [
            [
                "rec",
                "route53LatencyQueriesPerMillion",
                "1 M queries for app.example.com (usage.dnsQueriesPerMonth)",
                "usage",
                "million latency queries",
            ],
        ],
    ],
    [
        "aws:globalaccelerator/accelerator:Accelerator (fixed fee)",
        [
            ["ga", "globalAcceleratorHour", "accelerator × 730 h", "fixed", "accelerator-hour"],
            [
                "ga",
                "globalAcceleratorDtPremiumGb",
                "95.37 GB DT-premium (usage: requests × averageResponseKb)",
                "usage",
                "GB, NA/EU dominant direction",
            ],
        ],
    ],
    [
        "aws:globalaccelerator/accelerator:Accelerator (DT-premium)",
        [
            ["ga", "globalAcceleratorHour", "accelerator × 730 h", "fixed", "accelerator-hour"],
            [
                "ga",
                "globalAcceleratorDtPremiumGb",
                "95.37 GB DT-premium (usage: requests × averageResponseKb)",
                "usage",
                "GB, NA/EU dominant direction",
            ],
        ],
    ],
    [
        "aws:cloudfront/distribution:Distribution (transfer)",
        [
            [
                "cdn",
                "cloudFrontGb",
                "95.37 GB to users (usage: requests × averageResponseKb)",
                "usage",
                "GB to the internet, North America, first 10 TB",
            ],
            [
                "cdn",
                "cloudFrontHttpsPer10k",
                "10,000,000 HTTPS requests",
                "usage",
                "10,000 HTTPS requests, North America",
            ],
        ],
    ],
    [
        "aws:cloudfront/distribution:Distribution (requests)",
        [
            [
                "cdn",
                "cloudFrontGb",
                "95.37 GB to users (usage: requests × averageResponseKb)",
                "usage",
                "GB to the internet, North America, first 10 TB",
            ],
            [
                "cdn",
                "cloudFrontHttpsPer10k",
                "10,000,000 HTTPS requests",
                "usage",
                "10,000 HTTPS requests, North America",
            ],
        ],
    ],
    [
        "aws:wafv2/webAcl:WebAcl (rules)",
        [
            ["acl", "wafWebAclMonth", "web ACL", "fixed", "web ACL-month"],
            ["acl", "wafRuleMonth", "3 rule(s)", "fixed", "rule or rule group-month in a web ACL"],
            [
                "acl",
                "wafRequestsPerMillion",
                "10 M requests inspected",
                "usage",
                "million requests inspected",
            ],
        ],
    ],
    [
        "aws:wafv2/webAcl:WebAcl (requests)",
        [
            ["acl", "wafWebAclMonth", "web ACL", "fixed", "web ACL-month"],
            [
                "acl",
                "wafRequestsPerMillion",
                "10 M requests inspected",
                "usage",
                "million requests inspected",
            ],
        ],
    ],
    [
        "aws:route53recoverycontrol/cluster:Cluster",
        [["arc", "arcClusterHour", "ARC cluster × 730 h", "fixed", "routing-control cluster-hour"]],
    ],
    [
        "aws:route53recoveryreadiness/readinessCheck:ReadinessCheck",
        [
            [
                "ready",
                "arcReadinessCheckHour",
                "readiness check × 730 h",
                "fixed",
                "readiness check-hour",
            ],
        ],
    ],
    [
        "aws:arcregionswitch/plan:Plan",
        [
            [
                "plan",
                "regionSwitchPlanMonth",
                "Region switch plan",
                "fixed",
                "Region switch plan-month",
            ],
        ],
    ],
    [
        "aws:kms/replicaKey:ReplicaKey",
        [
            [
                "replica",
                "kmsKeyMonth",
                "replica key",
                "fixed",
                "customer managed key-month (each replica key too)",
            ],
        ],
    ],
    [
        "aws:cloudwatch/metricAlarm:MetricAlarm (10 s period)",
        [
            [
                "alarm",
                "cloudWatchAlarmHighResMonth",
                "high-resolution alarm, 1 metric(s)",
                "fixed",
                "high-resolution alarm metric-month (period < 60 s)",
            ],
        ],
    ],
    [
        "aws:cloudwatch/compositeAlarm:CompositeAlarm",
        [
            [
                "composite",
                "cloudWatchCompositeAlarmMonth",
                "composite alarm",
                "fixed",
                "composite alarm-month",
            ],
        ],
    ],
    [
        "aws:cloudwatch/dashboard:Dashboard",
        [
            [
                "dash",
                "cloudWatchDashboardMonth",
                "dashboard (the account's first 3 are free)",
                "fixed",
                "dashboard-month (beyond 3 free)",
            ],
        ],
    ],
    [
        "aws:cloudwatch/logGroup:LogGroup (ingestion)",
        [
            [
                "logs",
                "logsIngestGb",
                "5 GB ingested (usage.logGbPerMonthPerGroup)",
                "usage",
                "GB ingested, Standard log class",
            ],
            [
                "logs",
                "logsStorageGbMonth",
                "5 GB × 3.00 months retained (retentionInDays 90)",
                "usage",
                "GB-month archived",
            ],
        ],
    ],
    [
        "aws:cloudwatch/logGroup:LogGroup (storage)",
        [
            [
                "logs",
                "logsIngestGb",
                "5 GB ingested (usage.logGbPerMonthPerGroup)",
                "usage",
                "GB ingested, Standard log class",
            ],
            [
                "logs",
                "logsStorageGbMonth",
                "5 GB × 3.00 months retained (retentionInDays 90)",
                "usage",
                "GB-month archived",
            ],
        ],
    ],
    [
        "aws:synthetics/canary:Canary",
        [["canary", "syntheticsCanaryRun", "8760 runs (rate(5 minutes))", "fixed", "canary run"]],
    ],
    [
        "aws:fis/experimentTemplate:ExperimentTemplate",
        [
            [
                "drill",
                "fisActionMinute",
                "1 run(s) (usage.experimentRunsPerMonth) × 2 action(s), 25 action-minutes (10 min where no duration is set)",
                "usage",
                "action-minute",
            ],
        ],
    ],
];

const globalKeys = new Set([
    "route53HealthCheckAws",
    "route53HealthCheckNonAws",
    "route53HealthCheckOptionAws",
    "route53HealthCheckOptionNonAws",
    "route53HostedZone",
    "route53StandardQueriesPerMillion",
    "route53LatencyQueriesPerMillion",
    "route53GeoQueriesPerMillion",
    "globalAcceleratorHour",
    "globalAcceleratorDtPremiumGb",
    "cloudFrontGb",
    "cloudFrontHttpsPer10k",
    "wafWebAclMonth",
    "wafRuleMonth",
    "wafRequestsPerMillion",
    "arcClusterHour",
    "arcReadinessCheckHour",
    "regionSwitchPlanMonth",
    "cloudWatchDashboardMonth",
    "s3MrapRoutingGb",
    "s3RtcGb",
]);

describe("budget: every line of the price cases, as the report shows it", () => {
    it("the table covers every case, in order", () => {
        assert.deepStrictEqual(
            expected.map(([type]) => type),
            cases.map((c) => c.type),
        );
    });

    for (const [type, lines] of expected) {
        it(type, () => {
            const c = cases.find((x) => x.type === type)!;
            const cost = estimateCost({ resources: c.resources });
            assert.deepStrictEqual(
                cost.items.map((i) => [i.resource, i.priceKey, i.item, i.kind, i.unit]),
                lines,
            );
            for (const i of cost.items) {
                assert.strictEqual(i.source, defaultPrices.prices[i.priceKey].source, i.priceKey);
                assert.strictEqual(i.type, c.resources.find((r) => r.name === i.resource)!.type);
                assert.strictEqual(i.stack, "p");
            }
            assert.strictEqual(
                cost.fixedUsd,
                Math.round(
                    cost.items
                        .filter((i) => i.kind === "fixed")
                        .reduce((s, i) => s + i.monthlyUsd, 0) * 100,
                ) / 100,
            );
        });
    }
});

describe("budget: the Region multiplier, line by line", () => {
    const multiplier = defaultPrices.defaultRegionMultiplier;
    it("the table's default multiplier is 1.2 and us-east-1 is its base", () => {
        assert.deepStrictEqual(
            [multiplier, defaultPrices.baseRegion, defaultPrices.regionMultipliers["us-east-1"]],
            [1.2, "us-east-1", 1],
        );
    });

    for (const c of cases) {
        it(`${c.type} in eu-west-1`, () => {
            const moved = c.resources.map((r: BudgetResource) =>
                r.region === "us-east-1" ? { ...r, region: "eu-west-1" } : r,
            );
            const base = estimateCost({ resources: c.resources }).items;
            const eu = estimateCost({ resources: moved }).items;
            assert.deepStrictEqual(
                eu.map((i) => [i.priceKey, i.quantity]),
                base.map((i) => [i.priceKey, i.quantity]),
            );
            eu.forEach((line, n) => {
                assert.strictEqual(
                    line.region === "global",
                    globalKeys.has(line.priceKey),
                    `${line.priceKey} in ${line.region}`,
                );
                const factor =
                    globalKeys.has(line.priceKey) || line.region !== "eu-west-1" ? 1 : multiplier;
                assert.ok(
                    Math.abs(line.unitUsd - base[n]!.unitUsd * factor) < 1e-12,
                    `${line.priceKey} (${line.region}): ${line.unitUsd} ≠ ${base[n]!.unitUsd} × ${factor}`,
                );
            });
        });
    }
});
