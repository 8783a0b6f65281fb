import { ShapeFn, arn, hex, mockAccountId, physicalName, upperAlnum, uuid } from "./shapes-common";

/** AWS-shaped outputs for the data types. */
export const dataShapes: Record<string, ShapeFn> = {
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

    "aws:rds/globalCluster:GlobalCluster": (ctx) => {
        const id = String(ctx.inputs.globalClusterIdentifier ?? physicalName(ctx));
        return {
            id,
            outputs: {
                arn: `arn:aws:rds::${mockAccountId}:global-cluster:${id}`,
                globalClusterResourceId: `cluster-${hex(ctx, 26)}`,
                // The writer endpoint that follows switchovers and failovers.
                endpoint: `${id}.global-${hex(ctx, 12, "endpoint")}.global.rds.amazonaws.com`,
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
        const managed = ctx.inputs.manageMasterUserPassword === true;
        return {
            id,
            outputs: {
                arn: arn(ctx, "rds", `db:${id}`),
                identifier: id,
                address,
                endpoint: `${address}:${ctx.inputs.port ?? 5432}`,
                resourceId: `db-${upperAlnum(ctx, 26)}`,
                masterUserSecrets: managed
                    ? [
                          {
                              secretArn: arn(
                                  ctx,
                                  "secretsmanager",
                                  `secret:rds!db-${uuid(ctx, "secret")}-${hex(ctx, 6)}`,
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

    "aws:secretsmanager/secret:Secret": (ctx) => {
        const name = physicalName(ctx);
        // Secrets Manager appends a 6-character suffix; replicas keep the same ARN but region.
        const secretArn = arn(ctx, "secretsmanager", `secret:${name}-${hex(ctx, 6, "suffix")}`);
        return { id: secretArn, outputs: { arn: secretArn, name } };
    },
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": (ctx) => {
        const name = physicalName(ctx);
        const parameters = (ctx.inputs.parameters ?? {}) as Record<string, unknown>;
        const functionName = String(parameters.functionName ?? name);
        return {
            id: arn(ctx, "cloudformation", `stack/serverlessrepo-${name}/${uuid(ctx)}`),
            outputs: {
                name,
                // AWS's rotation templates export the function they create.
                outputs: { RotationLambdaARN: arn(ctx, "lambda", `function:${functionName}`) },
            },
        };
    },
    "aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint": (ctx) => {
        const alias = `${hex(ctx, 13, "alias")}.mrap`;
        return {
            id: `${mockAccountId}:${String((ctx.inputs.details as { name?: string })?.name ?? ctx.name)}`,
            outputs: {
                alias,
                arn: `arn:aws:s3::${mockAccountId}:accesspoint/${alias}`,
                domainName: `${alias}.accesspoint.s3-global.amazonaws.com`,
                status: "READY",
            },
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
};
