/**
 * Resource type tokens the pack reasons about, as @pulumi/aws 7.x registers them. Deprecated
 * aliases that still register (V2 S3 names, `aws:alb/*`) are listed with their current names
 * so that older programs are checked too.
 */

export const recordType = "aws:route53/record:Record";
export const healthCheckType = "aws:route53/healthCheck:HealthCheck";
export const stackReferenceType = "pulumi:pulumi:StackReference";
export const stackType = "pulumi:pulumi:Stack";

/** CloudWatch alarms: metric alarms and composite alarms (whose rule names other alarms). */
export const alarmTypes = [
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:cloudwatch/compositeAlarm:CompositeAlarm",
];
export const topicType = "aws:sns/topic:Topic";
export const topicSubscriptionType = "aws:sns/topicSubscription:TopicSubscription";

export const bucketTypes = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
export const bucketVersioningTypes = [
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
];
export const bucketReplicationTypes = ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"];
export const tableType = "aws:dynamodb/table:Table";
export const tableReplicaType = "aws:dynamodb/tableReplica:TableReplica";
export const clusterType = "aws:rds/cluster:Cluster";
export const globalClusterType = "aws:rds/globalCluster:GlobalCluster";
export const dbInstanceType = "aws:rds/instance:Instance";
export const docdbClusterType = "aws:docdb/cluster:Cluster";
export const docdbGlobalClusterType = "aws:docdb/globalCluster:GlobalCluster";
export const neptuneClusterType = "aws:neptune/cluster:Cluster";
export const neptuneGlobalClusterType = "aws:neptune/globalCluster:GlobalCluster";
export const cacheReplicationGroupType = "aws:elasticache/replicationGroup:ReplicationGroup";
export const cacheGlobalDatastoreType =
    "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup";
export const efsFileSystemType = "aws:efs/fileSystem:FileSystem";
export const efsReplicationType = "aws:efs/replicationConfiguration:ReplicationConfiguration";
export const openSearchDomainTypes = [
    "aws:opensearch/domain:Domain",
    "aws:elasticsearch/domain:Domain",
];
export const openSearchConnectionType = "aws:opensearch/outboundConnection:OutboundConnection";
export const dsqlClusterType = "aws:dsql/cluster:Cluster";
export const dsqlPeeringType = "aws:dsql/clusterPeering:ClusterPeering";

/** Global (multi-region) containers whose member clusters name them by `globalClusterIdentifier`. */
export const globalClusterTypes = [
    globalClusterType,
    docdbGlobalClusterType,
    neptuneGlobalClusterType,
];
/** Clusters that join a global container through `globalClusterIdentifier`. */
export const memberClusterTypes = [clusterType, docdbClusterType, neptuneClusterType];

export const targetGroupTypes = [
    "aws:lb/targetGroup:TargetGroup",
    "aws:alb/targetGroup:TargetGroup",
];
export const endpointGroupType = "aws:globalaccelerator/endpointGroup:EndpointGroup";
export const loadBalancerTypes = [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:elb/loadBalancer:LoadBalancer",
];

export const ecsServiceType = "aws:ecs/service:Service";
export const autoScalingGroupType = "aws:autoscaling/group:Group";
export const ec2InstanceType = "aws:ec2/instance:Instance";
export const lambdaFunctionType = "aws:lambda/function:Function";
export const eksNodeGroupType = "aws:eks/nodeGroup:NodeGroup";
export const appRunnerServiceType = "aws:apprunner/service:Service";
export const eksFargateProfileType = "aws:eks/fargateProfile:FargateProfile";
export const batchComputeEnvironmentType = "aws:batch/computeEnvironment:ComputeEnvironment";
export const beanstalkEnvironmentType = "aws:elasticbeanstalk/environment:Environment";
export const scalableTargetType = "aws:appautoscaling/target:Target";
export const stateMachineType = "aws:sfn/stateMachine:StateMachine";
