/** RDS: a source instance on the primary and a cross-region read replica per secondary. */
import { RdsCrossRegionReplica, rdsPort } from "../../components/data/rdsCrossRegionReplica";
import { StackConfig } from "../config";
import { DataStore, databaseName, defined, differs } from "./store";

/**
 * The RDS writer address the tasks use: a Route 53 name that the Region switch plan points at the
 * instance it promoted (the promoted replica keeps its own endpoint, so a task given the source's
 * address would keep writing to the failed Region:
 * https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html). Only
 * with a plan over two regional stacks (one plan, one failover pair); otherwise undefined and the
 * tasks get the source instance's address, which a promotion by hand does not move.
 */
export function rdsWriterRecordName(config: StackConfig): string | undefined {
    const { data, failover, regionalStacks, dns } = config;
    return data.stores.includes("rds") && failover.plan && regionalStacks.length === 2
        ? `rds-writer.${dns.domain}`
        : undefined;
}

export const rds: DataStore<"rds"> = {
    credentials: true,

    /** The primary's RDS instance, the source of the secondaries' read replicas. */
    primary({ config, network, opts, key, credentials, entry }) {
        const { data, region } = config;
        const rds = new RdsCrossRegionReplica(
            `rds-${region}`,
            {
                engine: data.rdsEngine,
                engineVersion: data.rdsEngineVersion,
                instanceClass: data.rdsInstanceClass,
                allocatedStorageGb: data.rdsAllocatedStorageGb,
                kmsKeyArn: key.arn,
                region,
                vpcId: network.vpcId,
                subnetIds: network.privateSubnetIds,
                clientSecurityGroupId: network.appSecurityGroupId,
                backupRetentionDays: data.backupRetentionDays,
                databaseName,
                credentials,
            },
            opts,
        );
        return {
            manifest: entry("rds", rds.identifier, rds.arn, "rds-cross-region-replica"),
            contract: {
                sourceArn: rds.arn,
                engine: data.rdsEngine,
                engineVersion: data.rdsEngineVersion,
                address: rds.address,
                secretArn: rds.masterUserSecretArn,
            },
            handles: {
                endpoint: rds.address,
                writerEndpoint: rdsWriterRecordName(config) ?? rds.address,
                port: rdsPort(data.rdsEngine),
                databaseName,
                // A source instance is given credentials (layer.ts).
                secretArn: defined(
                    rds.masterUserSecretArn,
                    `the credentials secret of rds-${region}`,
                ),
                resourceId: rds.resourceId,
            },
        };
    },

    /** A cross-region read replica of the primary's RDS instance. */
    secondary({ config, network, opts, key, source, entry, local }) {
        const { data, region } = config;
        const rds = source.rds!;
        const replica = new RdsCrossRegionReplica(
            `rds-${region}`,
            {
                sourceDbArn: rds.sourceArn,
                engine: data.rdsEngine,
                instanceClass: data.rdsInstanceClass,
                kmsKeyArn: key.arn,
                region,
                vpcId: network.vpcId,
                subnetIds: network.privateSubnetIds,
                clientSecurityGroupId: network.appSecurityGroupId,
                backupRetentionDays: data.backupRetentionDays,
            },
            opts,
        );
        return {
            manifest: entry(
                "rds",
                replica.identifier,
                replica.arn,
                "rds-cross-region-replica",
                rds.sourceArn,
            ),
            handles: {
                endpoint: replica.address,
                writerEndpoint: rdsWriterRecordName(config) ?? rds.address ?? "",
                port: rdsPort(data.rdsEngine),
                databaseName,
                secretArn: local(rds.secretArn),
                resourceId: replica.resourceId,
            },
        };
    },

    mismatches: ({ data }, source) => differs("rdsEngine", data.rdsEngine, source.rds?.engine),
};
