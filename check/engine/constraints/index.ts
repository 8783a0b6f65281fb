/**
 * The engine's AWS input rules, by resource type. Every rule cites the AWS document that states
 * it; a program the AWS API would reject fails offline too. Add a type's rules here when the
 * project starts creating it.
 */
import { RecordedResource } from "../types";
import * as appautoscaling from "./appautoscaling";
import * as arcregionswitch from "./arcregionswitch";
import * as auroraServerless from "./auroraServerless";
import * as awsx from "./awsx";
import * as cloudfront from "./cloudfront";
import * as cloudwatch from "./cloudwatch";
import * as dynamodb from "./dynamodb";
import * as ec2 from "./ec2";
import * as ecr from "./ecr";
import * as edgelogs from "./edgelogs";
import * as globalaccelerator from "./globalaccelerator";
import * as ecs from "./ecs";
import * as kms from "./kms";
import * as lb from "./lb";
import * as observability from "./observability";
import * as rds from "./rds";
import * as route53 from "./route53";
import * as route53recoverycontrol from "./route53recoverycontrol";
import * as s3 from "./s3";
import * as s3control from "./s3control";
import * as secretsmanager from "./secretsmanager";
import { declaredTypes, unknownTypeProblems } from "./known-types";
import { namesOf } from "./names";
import { awsRegion } from "./regions";
import { Constraint } from "./types";
import * as wafv2 from "./wafv2";

export const constraintsByType: Readonly<Record<string, readonly Constraint[]>> = {
    "aws:route53/healthCheck:HealthCheck": [route53.healthCheck],
    "aws:route53/record:Record": [route53.record],
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": [s3.bucketReplicationConfig],
    "aws:dynamodb/table:Table": [dynamodb.table],
    "aws:dynamodb/tableReplica:TableReplica": [dynamodb.tableReplica],
    "aws:rds/cluster:Cluster": [rds.cluster, auroraServerless.serverlessCluster],
    "aws:rds/globalCluster:GlobalCluster": [rds.globalCluster],
    "aws:rds/clusterInstance:ClusterInstance": [
        rds.clusterInstance,
        auroraServerless.serverlessInstance,
    ],
    "aws:kms/key:Key": [kms.key],
    "aws:kms/replicaKey:ReplicaKey": [kms.replicaKey],
    "aws:s3/bucketVersioning:BucketVersioning": [s3.bucketVersioning],
    "aws:rds/instance:Instance": [rds.instance],
    "aws:lb/loadBalancer:LoadBalancer": [lb.loadBalancer, lb.accessLogs],
    "aws:lb/targetGroup:TargetGroup": [lb.targetGroup],
    "aws:ecs/taskDefinition:TaskDefinition": [ecs.taskDefinition],
    "aws:ecs/service:Service": [ecs.service],
    "awsx:ec2:Vpc": [awsx.vpc],
    "aws:lb/listener:Listener": [lb.listener],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": [ec2.securityGroupRule],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": [ec2.securityGroupRule],
    "aws:ec2/vpcEndpoint:VpcEndpoint": [ec2.vpcEndpoint],
    "aws:appautoscaling/target:Target": [appautoscaling.target],
    "aws:appautoscaling/policy:Policy": [appautoscaling.policy],
    "aws:cloudwatch/logGroup:LogGroup": [cloudwatch.logGroup],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [cloudwatch.metricAlarm],
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": [ecr.pullThroughCacheRule],
    "aws:globalaccelerator/endpointGroup:EndpointGroup": [
        globalaccelerator.endpointGroup,
        globalaccelerator.internalAlbEndpoint,
    ],
    "aws:globalaccelerator/listener:Listener": [globalaccelerator.listener],
    "aws:cloudfront/distribution:Distribution": [
        cloudfront.distribution,
        cloudfront.originKind,
        edgelogs.cloudfrontLegacyLogging,
    ],
    "aws:globalaccelerator/accelerator:Accelerator": [edgelogs.acceleratorFlowLogs],
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": [edgelogs.logDeliverySource],
    "aws:cloudfront/vpcOrigin:VpcOrigin": [cloudfront.vpcOrigin],
    "aws:wafv2/webAcl:WebAcl": [wafv2.webAcl],
    "aws:wafv2/webAclAssociation:WebAclAssociation": [wafv2.webAclAssociation],
    "aws:route53recoverycontrol/safetyRule:SafetyRule": [route53recoverycontrol.safetyRule],
    "aws:synthetics/canary:Canary": [observability.canary],
    "aws:cloudwatch/dashboard:Dashboard": [observability.dashboard],
    "aws:fis/experimentTemplate:ExperimentTemplate": [observability.experimentTemplate],
    "aws:secretsmanager/secret:Secret": [secretsmanager.secret],
    "aws:secretsmanager/secretRotation:SecretRotation": [secretsmanager.secretRotation],
    "aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint": [
        s3control.multiRegionAccessPoint,
    ],
    "aws:arcregionswitch/plan:Plan": [arcregionswitch.plan],
};

/** One broken rule on one resource. */
export interface ConstraintViolation {
    urn: string;
    type: string;
    name: string;
    message: string;
}

/** Rules by type, then the ones every type has: the names it sets, the region it lands in. */
function constraintsOf(type: string): readonly Constraint[] {
    const names = namesOf(type);
    return [...(constraintsByType[type] ?? []), ...(names ? [names] : []), awsRegion];
}

/**
 * Check `resources` (one stack's) against the rules, seeing `all` resources recorded so far;
 * with `programDir`, also whether each custom resource's type exists (./known-types).
 */
export function checkConstraints(
    resources: readonly RecordedResource[],
    all: readonly RecordedResource[],
    programDir?: string,
): ConstraintViolation[] {
    const violations: ConstraintViolation[] = [];
    const declared = programDir ? declaredTypes(programDir) : [];
    for (const resource of resources) {
        const typeProblems = programDir ? unknownTypeProblems(resource, programDir, declared) : [];
        for (const message of typeProblems) {
            violations.push({
                urn: resource.urn,
                type: resource.type,
                name: resource.name,
                message,
            });
        }
        for (const constraint of constraintsOf(resource.type)) {
            for (const message of constraint({ resource, all })) {
                violations.push({
                    urn: resource.urn,
                    type: resource.type,
                    name: resource.name,
                    message,
                });
            }
        }
    }
    return violations;
}

/** Raised when a stack would be rejected by AWS. */
export class ConstraintError extends Error {
    constructor(
        public readonly stack: string,
        public readonly violations: readonly ConstraintViolation[],
    ) {
        super(
            `stack ${stack}: AWS would reject ${violations.length} input${violations.length === 1 ? "" : "s"}:\n` +
                violations.map((v) => `  - ${v.type} "${v.name}": ${v.message}`).join("\n"),
        );
        this.name = "ConstraintError";
    }
}
