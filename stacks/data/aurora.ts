/** Aurora: a global database, the writer cluster on the primary and a secondary cluster per region. */
import * as pulumi from "@pulumi/pulumi";
import { AuroraGlobalDatabase, auroraPort } from "../../components/data/auroraGlobalDatabase";
import { projectName } from "../config";
import { DataStore, databaseName, defined, differs } from "./store";

/**
 * The global cluster identifier for a stack: 1 to 63 letters, digits and hyphens, starting with
 * a letter (CreateGlobalCluster). Unique per account, hence the project and stack.
 */
export function globalClusterIdentifierFor(project: string, stack: string): string {
    const cleaned = `${project}-${stack}`
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/-+/g, "-")
        .replace(/^[^a-z]+/, "");
    return cleaned.slice(0, 63).replace(/-+$/, "");
}

export const aurora: DataStore<"aurora"> = {
    credentials: true,

    /** The primary's Aurora global database: the writer cluster, in the contract and the manifest. */
    primary({ config: { data, region }, network, opts, key, credentials, entry }) {
        const aurora = new AuroraGlobalDatabase(
            `aurora-${region}`,
            {
                role: "primary",
                globalClusterIdentifier: globalClusterIdentifierFor(projectName, pulumi.getStack()),
                engine: data.auroraEngine,
                engineVersion: data.auroraEngineVersion,
                instanceClass: data.auroraInstanceClass,
                serverlessCapacity: {
                    minCapacity: data.auroraMinCapacity,
                    maxCapacity: data.auroraMaxCapacity,
                },
                instanceCount: data.auroraInstanceCount,
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
            manifest: entry(
                "aurora",
                aurora.clusterIdentifier,
                aurora.clusterArn,
                "aurora-global-database",
            ),
            contract: {
                globalClusterIdentifier: aurora.globalClusterIdentifier,
                engine: data.auroraEngine,
                engineVersion: data.auroraEngineVersion,
                clusterArn: aurora.clusterArn,
                globalWriterEndpoint: aurora.globalWriterEndpoint,
                secretArn: aurora.masterUserSecretArn,
            },
            handles: {
                // A primary creates the global cluster, and is given credentials (layer.ts).
                globalWriterEndpoint: defined(
                    aurora.globalWriterEndpoint,
                    `the global writer endpoint of aurora-${region}`,
                ),
                readerEndpoint: aurora.readerEndpoint,
                port: auroraPort(data.auroraEngine),
                databaseName,
                writeForwarding: false,
                secretArn: defined(
                    aurora.masterUserSecretArn,
                    `the credentials secret of aurora-${region}`,
                ),
                clusterResourceId: aurora.clusterResourceId,
            },
        };
    },

    /** A secondary Aurora cluster in the primary's global database. */
    secondary({ config: { data, region }, network, opts, key, source, entry, local }) {
        const aurora = source.aurora!;
        const writeForwarding = data.auroraWriteForwarding;
        const cluster = new AuroraGlobalDatabase(
            `aurora-${region}`,
            {
                role: "secondary",
                globalClusterIdentifier: aurora.globalClusterIdentifier,
                engine: data.auroraEngine,
                // The primary's version, not this stack's config: a global database runs one.
                engineVersion: aurora.engineVersion,
                instanceClass: data.auroraInstanceClass,
                serverlessCapacity: {
                    minCapacity: data.auroraMinCapacity,
                    maxCapacity: data.auroraMaxCapacity,
                },
                instanceCount: data.auroraInstanceCount,
                kmsKeyArn: key.arn,
                region,
                vpcId: network.vpcId,
                subnetIds: network.privateSubnetIds,
                clientSecurityGroupId: network.appSecurityGroupId,
                backupRetentionDays: data.backupRetentionDays,
                writeForwarding,
            },
            opts,
        );
        return {
            manifest: entry(
                "aurora",
                cluster.clusterIdentifier,
                cluster.clusterArn,
                "aurora-global-database",
                aurora.clusterArn,
            ),
            handles: {
                globalWriterEndpoint: aurora.globalWriterEndpoint ?? "",
                readerEndpoint: cluster.readerEndpoint,
                port: auroraPort(data.auroraEngine),
                databaseName,
                writeForwarding,
                secretArn: local(aurora.secretArn),
                clusterResourceId: cluster.clusterResourceId,
            },
        };
    },

    mismatches: ({ data }, source) =>
        differs("auroraEngine", data.auroraEngine, source.aurora?.engine),
};
