/**
 * Resource type tokens the pack reasons about, as @pulumi/aws 7.x registers them. Deprecated
 * aliases that still register (V2 S3 names, `aws:alb/*`) are listed with their current names
 * so that older programs are checked too.
 */

export const recordType = "aws:route53/record:Record";
export const healthCheckType = "aws:route53/healthCheck:HealthCheck";
export const stackReferenceType = "pulumi:pulumi:StackReference";
export const stackType = "pulumi:pulumi:Stack";

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

/** Resources that run the application: where they run is where users are served from. */
export const computeTypes: readonly string[] = [
    ecsServiceType,
    autoScalingGroupType,
    ec2InstanceType,
    lambdaFunctionType,
    eksNodeGroupType,
    appRunnerServiceType,
];

/** Short, human names for types, used in violation messages. */
export const typeLabels: Readonly<Record<string, string>> = {
    [ecsServiceType]: "ECS service",
    [autoScalingGroupType]: "Auto Scaling group",
    [ec2InstanceType]: "EC2 instance",
    [lambdaFunctionType]: "Lambda function",
    [eksNodeGroupType]: "EKS node group",
    [appRunnerServiceType]: "App Runner service",
    [tableType]: "DynamoDB table",
    [tableReplicaType]: "DynamoDB table replica",
    [clusterType]: "Aurora cluster",
    [globalClusterType]: "Aurora global cluster",
    [dbInstanceType]: "RDS instance",
    "aws:s3/bucket:Bucket": "S3 bucket",
    "aws:s3/bucketV2:BucketV2": "S3 bucket",
    [recordType]: "Route 53 record",
    [healthCheckType]: "Route 53 health check",
    "aws:lb/targetGroup:TargetGroup": "target group",
    "aws:alb/targetGroup:TargetGroup": "target group",
    [endpointGroupType]: "Global Accelerator endpoint group",
};

/** `<label> "<name>"`, e.g. `DynamoDB table "orders"`. */
export function describe(resource: { type: string; name: string }): string {
    return `${typeLabels[resource.type] ?? resource.type} ${JSON.stringify(resource.name)}`;
}
