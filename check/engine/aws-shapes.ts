/**
 * Deterministic, AWS-shaped outputs for mocked resources. A real `pulumi up` returns IDs, ARNs,
 * DNS names and hosted zone IDs that later resources and other stacks consume; these follow the
 * same formats, derived from a hash of the stack and logical name so every run is identical.
 */
import { createHash } from "crypto";
import {
    albHostedZoneIds,
    cloudFrontHostedZoneId,
    globalAcceleratorHostedZoneId,
} from "../../policies/lib/aws-limits";

/** The account every offline run pretends to be. */
export const mockAccountId = "123456789012";

/** What a shape function knows about the resource being created. */
export interface ShapeContext {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    region: string;
    stack: string;
}

/** The id and the outputs to add to the echoed inputs. */
export interface Shape {
    id: string;
    outputs: Record<string, unknown>;
}

/** Hex digits derived from the stack, type, name and a salt. */
export function hex(
    ctx: Pick<ShapeContext, "stack" | "type" | "name">,
    length: number,
    salt = "",
): string {
    let out = "";
    let counter = 0;
    while (out.length < length) {
        out += createHash("sha1")
            .update(`${ctx.stack}|${ctx.type}|${ctx.name}|${salt}|${counter++}`)
            .digest("hex");
    }
    return out.slice(0, length);
}

function uuid(ctx: ShapeContext, salt = ""): string {
    const h = hex(ctx, 32, salt);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function upperAlnum(ctx: ShapeContext, length: number, salt = ""): string {
    return hex(ctx, length, salt).toUpperCase();
}

/** Pulumi's auto-naming: the logical name plus a random suffix, unless a name is given. */
function physicalName(ctx: ShapeContext, key = "name", lower = false): string {
    const given = ctx.inputs[key];
    const name =
        typeof given === "string" && given !== ""
            ? given
            : `${ctx.name}-${hex(ctx, 7, "autoname")}`;
    return lower ? name.toLowerCase() : name;
}

function arn(ctx: ShapeContext, service: string, resource: string, regional = true): string {
    return `arn:aws:${service}:${regional ? ctx.region : ""}:${mockAccountId}:${resource}`;
}

type ShapeFn = (ctx: ShapeContext) => Shape;

const shapes: Record<string, ShapeFn> = {
    "pulumi:providers:aws": (ctx) => ({ id: `${ctx.name}-provider-id`, outputs: {} }),

    "awsx:ec2:Vpc": (ctx) => {
        const azCount = Number(ctx.inputs.numberOfAvailabilityZones ?? 3);
        const azs = ["a", "b", "c", "d", "e", "f"]
            .slice(0, azCount)
            .map((s) => `${ctx.region}${s}`);
        const vpcId = `vpc-${hex(ctx, 17)}`;
        const subnet = (kind: string, az: string) => `subnet-${hex(ctx, 17, `${kind}-${az}`)}`;
        const natCount =
            (ctx.inputs.natGateways as { strategy?: string } | undefined)?.strategy === "None"
                ? 0
                : (ctx.inputs.natGateways as { strategy?: string } | undefined)?.strategy ===
                    "Single"
                  ? 1
                  : azCount;
        return {
            id: vpcId,
            outputs: {
                vpcId,
                vpc: {
                    id: vpcId,
                    arn: arn(ctx, "ec2", `vpc/${vpcId}`),
                    cidrBlock: ctx.inputs.cidrBlock ?? "10.0.0.0/16",
                },
                publicSubnetIds: azs.map((az) => subnet("public", az)),
                privateSubnetIds: azs.map((az) => subnet("private", az)),
                isolatedSubnetIds: [],
                availabilityZones: azs,
                natGateways: azs
                    .slice(0, natCount)
                    .map((az) => ({ id: `nat-${hex(ctx, 17, az)}` })),
            },
        };
    },

    "aws:kms/key:Key": (ctx) => {
        const keyId = ctx.inputs.multiRegion ? `mrk-${hex(ctx, 32)}` : uuid(ctx);
        return { id: keyId, outputs: { keyId, arn: arn(ctx, "kms", `key/${keyId}`) } };
    },
    "aws:kms/replicaKey:ReplicaKey": (ctx) => {
        const primary = String(ctx.inputs.primaryKeyArn ?? "");
        const keyId = primary.split("/").pop() || `mrk-${hex(ctx, 32)}`;
        return { id: keyId, outputs: { keyId, arn: arn(ctx, "kms", `key/${keyId}`) } };
    },
    "aws:kms/alias:Alias": (ctx) => {
        const name = physicalName(ctx);
        return { id: name, outputs: { arn: arn(ctx, "kms", name) } };
    },

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

    "aws:iam/role:Role": (ctx) => {
        const name = physicalName(ctx);
        return {
            id: name,
            outputs: {
                arn: arn(ctx, "iam", `role/${name}`, false),
                name,
                uniqueId: `AROA${upperAlnum(ctx, 17)}`,
            },
        };
    },
    "aws:iam/policy:Policy": (ctx) => {
        const name = physicalName(ctx);
        const value = arn(ctx, "iam", `policy/${name}`, false);
        return { id: value, outputs: { arn: value, name } };
    },

    "aws:route53/healthCheck:HealthCheck": (ctx) => {
        const id = uuid(ctx);
        return { id, outputs: { arn: `arn:aws:route53:::healthcheck/${id}` } };
    },
    "aws:route53/record:Record": (ctx) => {
        const setId = ctx.inputs.setIdentifier ? `_${ctx.inputs.setIdentifier}` : "";
        return {
            id: `${ctx.inputs.zoneId}_${ctx.inputs.name}_${ctx.inputs.type}${setId}`,
            outputs: { fqdn: ctx.inputs.name },
        };
    },

    "aws:rds/globalCluster:GlobalCluster": (ctx) => {
        const id = String(ctx.inputs.globalClusterIdentifier ?? physicalName(ctx));
        return {
            id,
            outputs: {
                arn: `arn:aws:rds::${mockAccountId}:global-cluster:${id}`,
                globalClusterResourceId: `cluster-${hex(ctx, 26)}`,
            },
        };
    },
    "aws:rds/cluster:Cluster": (ctx) => {
        const id = String(
            ctx.inputs.clusterIdentifier ?? physicalName(ctx, "clusterIdentifier", true),
        );
        const host = `${id}.cluster-${hex(ctx, 12)}.${ctx.region}.rds.amazonaws.com`;
        const managed = ctx.inputs.manageMasterUserPassword === true;
        return {
            id,
            outputs: {
                arn: arn(ctx, "rds", `cluster:${id}`),
                clusterIdentifier: id,
                clusterResourceId: `cluster-${upperAlnum(ctx, 26)}`,
                endpoint: host,
                readerEndpoint: host.replace(".cluster-", ".cluster-ro-"),
                masterUserSecrets: managed
                    ? [
                          {
                              secretArn: arn(
                                  ctx,
                                  "secretsmanager",
                                  `secret:rds!cluster-${uuid(ctx, "secret")}-${hex(ctx, 6)}`,
                              ),
                              kmsKeyId:
                                  ctx.inputs.masterUserSecretKmsKeyId ?? "alias/aws/secretsmanager",
                              secretStatus: "active",
                          },
                      ]
                    : [],
            },
        };
    },
    "aws:rds/clusterInstance:ClusterInstance": (ctx) => {
        const id = String(ctx.inputs.identifier ?? physicalName(ctx, "identifier", true));
        return { id, outputs: { arn: arn(ctx, "rds", `db:${id}`), identifier: id } };
    },
    "aws:rds/instance:Instance": (ctx) => {
        const id = String(ctx.inputs.identifier ?? physicalName(ctx, "identifier", true));
        const address = `${id}.${hex(ctx, 12)}.${ctx.region}.rds.amazonaws.com`;
        return {
            id,
            outputs: {
                arn: arn(ctx, "rds", `db:${id}`),
                identifier: id,
                address,
                endpoint: `${address}:5432`,
                resourceId: `db-${upperAlnum(ctx, 26)}`,
            },
        };
    },
    "aws:rds/subnetGroup:SubnetGroup": (ctx) => {
        const name = physicalName(ctx, "name", true);
        return { id: name, outputs: { arn: arn(ctx, "rds", `subgrp:${name}`), name } };
    },

    "aws:dynamodb/table:Table": (ctx) => {
        const name = physicalName(ctx);
        const tableArn = arn(ctx, "dynamodb", `table/${name}`);
        const streamLabel = "2026-11-26T00:00:00.000";
        return {
            id: name,
            outputs: {
                arn: tableArn,
                name,
                ...(ctx.inputs.streamEnabled
                    ? { streamArn: `${tableArn}/stream/${streamLabel}`, streamLabel }
                    : {}),
            },
        };
    },
    "aws:dynamodb/tableReplica:TableReplica": (ctx) => {
        const tableName =
            String(ctx.inputs.globalTableArn ?? "")
                .split("/")
                .pop() ?? ctx.name;
        return {
            id: `${tableName}:${ctx.region}`,
            outputs: { arn: arn(ctx, "dynamodb", `table/${tableName}`) },
        };
    },

    "aws:s3/bucket:Bucket": (ctx) => {
        const bucket = physicalName(ctx, "bucket", true);
        return {
            id: bucket,
            outputs: {
                bucket,
                arn: `arn:aws:s3:::${bucket}`,
                region: ctx.region,
                bucketDomainName: `${bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucket}.s3.${ctx.region}.amazonaws.com`,
            },
        };
    },

    "aws:sns/topic:Topic": (ctx) => {
        const name = physicalName(ctx);
        const value = arn(ctx, "sns", name);
        return { id: value, outputs: { arn: value, name } };
    },
    "aws:cloudwatch/logGroup:LogGroup": (ctx) => {
        const name = physicalName(ctx);
        return { id: name, outputs: { arn: arn(ctx, "logs", `log-group:${name}`), name } };
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": (ctx) => {
        const name = physicalName(ctx);
        return { id: name, outputs: { arn: arn(ctx, "cloudwatch", `alarm:${name}`) } };
    },

    "aws:globalaccelerator/accelerator:Accelerator": (ctx) => ({
        id: `arn:aws:globalaccelerator::${mockAccountId}:accelerator/${uuid(ctx)}`,
        outputs: {
            arn: `arn:aws:globalaccelerator::${mockAccountId}:accelerator/${uuid(ctx)}`,
            dnsName: `a${hex(ctx, 16)}.awsglobalaccelerator.com`,
            hostedZoneId: globalAcceleratorHostedZoneId,
            ipSets: [{ ipFamily: "IPv4", ipAddresses: ["75.2.60.10", "99.83.190.51"] }],
        },
    }),
    "aws:cloudfront/distribution:Distribution": (ctx) => {
        const id = `E${upperAlnum(ctx, 13)}`;
        return {
            id,
            outputs: {
                arn: `arn:aws:cloudfront::${mockAccountId}:distribution/${id}`,
                domainName: `d${hex(ctx, 13)}.cloudfront.net`,
                hostedZoneId: cloudFrontHostedZoneId,
                status: "Deployed",
            },
        };
    },
    "aws:route53recoverycontrol/cluster:Cluster": (ctx) => {
        const value = `arn:aws:route53-recovery-control::${mockAccountId}:cluster/${uuid(ctx)}`;
        return {
            id: value,
            outputs: {
                arn: value,
                clusterEndpoints: [
                    "us-east-1",
                    "us-west-2",
                    "eu-west-1",
                    "ap-northeast-1",
                    "ap-southeast-2",
                ].map((r) => ({
                    region: r,
                    endpoint: `https://host-${hex(ctx, 8, r)}.${r}.example-recovery-control.aws/v1`,
                })),
            },
        };
    },
};

/** The id and outputs a real `pulumi up` would record for this resource. */
export function shapeFor(ctx: ShapeContext): Shape {
    const known = shapes[ctx.type];
    if (known) {
        return known(ctx);
    }
    return genericShape(ctx);
}

/** Whether the engine has special knowledge of this type's outputs. */
export function hasShape(type: string): boolean {
    return type in shapes;
}

/**
 * Outputs for a type with no special knowledge: an ARN in the service named by the token's
 * module, and the physical name as id, which is how most AWS resources look.
 */
function genericShape(ctx: ShapeContext): Shape {
    const match = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):/.exec(ctx.type);
    if (!match) {
        return { id: `${ctx.name}-${hex(ctx, 8)}`, outputs: {} };
    }
    const name = physicalName(ctx);
    const kind = match[2].replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
    return { id: name, outputs: { arn: arn(ctx, match[1].toLowerCase(), `${kind}/${name}`) } };
}
