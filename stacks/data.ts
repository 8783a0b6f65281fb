/**
 * The data layer of a regional stack. The primary owns the writable stores and exports what a
 * secondary needs (`data`) plus a manifest (`dataStores`); each secondary reads `data` through
 * its StackReference and creates, in its own region, the replicas and the replication into it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuroraGlobalDatabase } from "../components/data/auroraGlobalDatabase";
import { DynamoGlobalTable } from "../components/data/dynamoGlobalTable";
import { DynamoTableReplica } from "../components/data/dynamoTableReplica";
import { MultiRegionKey } from "../components/data/multiRegionKey";
import { RdsCrossRegionReplica } from "../components/data/rdsCrossRegionReplica";
import { S3Replication } from "../components/data/s3Replication";
import { S3ReplicatedBucket } from "../components/data/s3ReplicatedBucket";
import type { ReplicationMode } from "../policies/lib/manifest";
import { RegionNetwork } from "./app";
import { StackConfig, projectName } from "./config";
import { DataStoreManifestEntry, PrimaryDataContract, readPrimaryData } from "./contract";
import { regionProvider } from "./providers";

type ManifestOutput = pulumi.Output<DataStoreManifestEntry>;

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

/** The ARN of the same table in another region (global table replicas share the name). */
export function tableArnInRegion(tableArn: string, region: string): string {
    const parts = tableArn.split(":");
    parts[3] = region;
    return parts.join(":");
}

/**
 * Every way this secondary's data config disagrees with what the primary built. A replica must
 * use the primary's engine and consistency mode, and an MRSC replica must already exist here.
 */
export function primaryMismatches(config: StackConfig, source: PrimaryDataContract): string[] {
    const { data, region } = config;
    const problems: string[] = [];
    const differs = (key: string, mine: string, theirs: string | undefined) => {
        if (theirs !== undefined && mine !== theirs) {
            problems.push(
                `data.${key}: ${JSON.stringify(mine)} differs from the primary's ${JSON.stringify(theirs)}; a replica must use the primary's ${key}`,
            );
        }
    };
    if (data.stores.includes("aurora")) {
        differs("auroraEngine", data.auroraEngine, source.aurora?.engine);
    }
    if (data.stores.includes("rds")) {
        differs("rdsEngine", data.rdsEngine, source.rds?.engine);
    }
    if (data.stores.includes("dynamodb") && source.dynamodb) {
        differs("dynamodbConsistency", data.dynamodbConsistency, source.dynamodb.consistency);
        if (
            source.dynamodb.consistency === "strong" &&
            !source.dynamodb.replicaRegions.includes(region)
        ) {
            problems.push(
                `data.mrscRegions: the primary's MRSC table ${source.dynamodb.tableName} has replicas in ${source.dynamodb.replicaRegions.join(", ")}, not in this stack's region ${region}; MRSC replicas cannot be added after the table is created`,
            );
        }
    }
    return problems;
}

/** The primary's writable data stores, the `data` contract and the `dataStores` manifest. */
export function primaryData(
    config: StackConfig,
    provider: aws.Provider,
    network: RegionNetwork,
): Record<string, unknown> {
    const { data, region } = config;
    if (data.stores.length === 0) {
        return { dataStores: [], data: { region } };
    }
    const opts = { providers: { aws: provider } };
    const key = new MultiRegionKey(
        `data-key-${region}`,
        { purpose: "replicated data stores" },
        opts,
    );
    const manifest: ManifestOutput[] = [];
    const contract: Record<string, unknown> = { region, kmsKeyArn: key.arn };
    const entry = (
        kind: DataStoreManifestEntry["kind"],
        identifier: pulumi.Input<string>,
        arn: pulumi.Input<string>,
        replication: ReplicationMode,
    ): ManifestOutput =>
        pulumi.all([identifier, arn]).apply(([id, a]) => ({
            kind,
            identifier: id,
            arn: a,
            region,
            replication,
        }));

    if (data.stores.includes("aurora")) {
        const aurora = new AuroraGlobalDatabase(
            `aurora-${region}`,
            {
                role: "primary",
                globalClusterIdentifier: globalClusterIdentifierFor(projectName, pulumi.getStack()),
                engine: data.auroraEngine,
                engineVersion: data.auroraEngineVersion,
                instanceClass: data.auroraInstanceClass,
                instanceCount: data.auroraInstanceCount,
                kmsKeyArn: key.arn,
                region,
                vpcId: network.vpcId,
                subnetIds: network.privateSubnetIds,
                clientSecurityGroupId: network.appSecurityGroupId,
                backupRetentionDays: data.backupRetentionDays,
            },
            opts,
        );
        manifest.push(
            entry("aurora", aurora.clusterIdentifier, aurora.clusterArn, "aurora-global-database"),
        );
        contract.aurora = {
            globalClusterIdentifier: aurora.globalClusterIdentifier,
            engine: data.auroraEngine,
            engineVersion: data.auroraEngineVersion,
            clusterArn: aurora.clusterArn,
        };
    }

    if (data.stores.includes("rds")) {
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
            },
            opts,
        );
        manifest.push(entry("rds", rds.identifier, rds.arn, "rds-cross-region-replica"));
        contract.rds = {
            sourceArn: rds.arn,
            engine: data.rdsEngine,
            engineVersion: data.rdsEngineVersion,
        };
    }

    if (data.stores.includes("dynamodb")) {
        const strong = data.dynamodbConsistency === "strong";
        let tableKeyArn: pulumi.Output<string> = key.arn;
        const replicaKeys: Record<string, pulumi.Input<string>> = {};
        if (strong) {
            // MRSC replicas exist from the start, before any secondary stack, so the primary owns
            // a dedicated key and its replicas in every MRSC region (a secondary replicating the
            // shared key into the same region would collide with them).
            const tableKey = new MultiRegionKey(
                `dynamodb-key-${region}`,
                { purpose: "DynamoDB MRSC table" },
                opts,
            );
            tableKeyArn = tableKey.arn;
            replicaKeys[region] = tableKey.arn;
            for (const other of data.mrscRegions) {
                if (other === region || other === data.mrscWitnessRegion) {
                    continue;
                }
                replicaKeys[other] = new MultiRegionKey(
                    `dynamodb-key-${other}`,
                    { primaryKeyArn: tableKey.arn, purpose: "DynamoDB MRSC table" },
                    { providers: { aws: regionProvider(config, other) } },
                ).arn;
            }
            if (data.mrscWitnessRegion !== "") {
                replicaKeys[data.mrscWitnessRegion] = "";
            }
        }
        const table = new DynamoGlobalTable(
            `dynamodb-${region}`,
            {
                region,
                kmsKeyArn: tableKeyArn,
                consistency: data.dynamodbConsistency,
                mrscReplicaKeys: strong ? replicaKeys : undefined,
                mrscWitnessRegion: data.mrscWitnessRegion || undefined,
                ttlAttribute: data.dynamodbTtlAttribute || undefined,
            },
            opts,
        );
        manifest.push(
            entry(
                "dynamodb",
                table.name,
                table.arn,
                strong ? "dynamodb-global-table-mrsc" : "dynamodb-global-table",
            ),
        );
        contract.dynamodb = {
            tableName: table.name,
            tableArn: table.arn,
            consistency: data.dynamodbConsistency,
            replicaRegions: table.replicaRegions,
        };
    }

    if (data.stores.includes("s3")) {
        const bucket = new S3ReplicatedBucket(`s3-${region}`, { kmsKeyArn: key.arn }, opts);
        manifest.push(
            entry(
                "s3",
                bucket.bucketName,
                bucket.arn,
                data.s3ReplicationTimeControl ? "s3-crr-rtc" : "s3-crr",
            ),
        );
        contract.s3 = { bucketName: bucket.bucketName, bucketArn: bucket.arn, kmsKeyArn: key.arn };
    }

    return { dataStores: manifest, data: contract };
}

/**
 * A secondary's replicas of the primary's stores, in this stack's region, and the replication
 * into it. Every identifier of the primary comes from its `data` output; a store this stack
 * replicates but the primary does not export fails before anything is created.
 */
export async function secondaryData(
    config: StackConfig,
    provider: aws.Provider,
    primary: pulumi.StackReference,
    network: RegionNetwork,
): Promise<Record<string, unknown>> {
    const { data, region } = config;
    if (data.stores.length === 0) {
        return { dataStores: [] };
    }
    const opts = { providers: { aws: provider } };
    const source = await readPrimaryData(primary, config.primaryStack, data.stores);
    const mismatches = primaryMismatches(config, source);
    if (mismatches.length > 0) {
        throw new Error(
            `this stack cannot replicate the primary ${config.primaryStack}:\n` +
                mismatches.map((m) => `  - ${m}`).join("\n"),
        );
    }
    const sourceOf = <T>(pick: (c: PrimaryDataContract) => T): pulumi.Output<T> =>
        pulumi.output(pick(source)) as pulumi.Output<T>;
    const key = new MultiRegionKey(
        `data-key-${region}`,
        {
            primaryKeyArn: sourceOf((c) => c.kmsKeyArn as string),
            purpose: "replicated data stores",
        },
        opts,
    );
    const manifest: ManifestOutput[] = [];
    const replicaEntry = (
        kind: DataStoreManifestEntry["kind"],
        identifier: pulumi.Input<string>,
        arn: pulumi.Input<string>,
        replication: ReplicationMode,
        sourceArn: pulumi.Input<string>,
    ): ManifestOutput =>
        pulumi.all([identifier, arn, sourceArn]).apply(([id, a, s]) => ({
            kind,
            identifier: id,
            arn: a,
            region,
            replication,
            sourceArn: s,
        }));

    if (data.stores.includes("aurora")) {
        const aurora = sourceOf((c) => c.aurora!);
        const cluster = new AuroraGlobalDatabase(
            `aurora-${region}`,
            {
                role: "secondary",
                globalClusterIdentifier: aurora.globalClusterIdentifier,
                engine: data.auroraEngine,
                // The primary's version, not this stack's config: a global database runs one.
                engineVersion: aurora.engineVersion,
                instanceClass: data.auroraInstanceClass,
                instanceCount: data.auroraInstanceCount,
                kmsKeyArn: key.arn,
                region,
                vpcId: network.vpcId,
                subnetIds: network.privateSubnetIds,
                clientSecurityGroupId: network.appSecurityGroupId,
                backupRetentionDays: data.backupRetentionDays,
            },
            opts,
        );
        manifest.push(
            replicaEntry(
                "aurora",
                cluster.clusterIdentifier,
                cluster.clusterArn,
                "aurora-global-database",
                aurora.clusterArn,
            ),
        );
    }

    if (data.stores.includes("rds")) {
        const rds = sourceOf((c) => c.rds!);
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
        manifest.push(
            replicaEntry(
                "rds",
                replica.identifier,
                replica.arn,
                "rds-cross-region-replica",
                rds.sourceArn,
            ),
        );
    }

    if (data.stores.includes("dynamodb")) {
        const table = sourceOf((c) => c.dynamodb!);
        if (data.dynamodbConsistency === "strong") {
            // MRSC replicas were created with the table by the primary; this stack records the
            // one in its region and checks it exists.
            const arn = table.apply((t) => tableArnInRegion(t.tableArn, region));
            manifest.push(
                replicaEntry(
                    "dynamodb",
                    table.tableName,
                    arn,
                    "dynamodb-global-table-mrsc",
                    table.tableArn,
                ),
            );
        } else {
            const replica = new DynamoTableReplica(
                `dynamodb-${region}`,
                { globalTableArn: table.tableArn, kmsKeyArn: key.arn },
                opts,
            );
            manifest.push(
                replicaEntry(
                    "dynamodb",
                    table.tableName,
                    replica.arn,
                    "dynamodb-global-table",
                    table.tableArn,
                ),
            );
        }
    }

    if (data.stores.includes("s3")) {
        const bucket = new S3ReplicatedBucket(`s3-${region}`, { kmsKeyArn: key.arn }, opts);
        const primaryRegion = String(await primary.requireOutputValue("region"));
        if (primaryRegion === region) {
            throw new Error(
                `aws:region: ${JSON.stringify(region)} is the primary's region (${config.primaryStack}); a secondary must be in another region`,
            );
        }
        const s3 = sourceOf((c) => ({
            bucketArn: c.s3!.bucketArn,
            kmsKeyArn: c.s3!.kmsKeyArn,
            region: c.region,
        }));
        // The replication configuration belongs to the primary's bucket, so it is created
        // through a provider for the primary's region.
        new S3Replication(
            `s3-${primaryRegion}-to-${region}`,
            {
                source: s3,
                destination: pulumi
                    .all([bucket.arn, key.arn])
                    .apply(([bucketArn, kmsKeyArn]) => ({ bucketArn, kmsKeyArn, region })),
                rule: {
                    replicationTimeControl: data.s3ReplicationTimeControl,
                    deleteMarkerReplication: data.s3DeleteMarkerReplication,
                },
            },
            { providers: { aws: regionProvider(config, primaryRegion) } },
        );
        manifest.push(
            replicaEntry(
                "s3",
                bucket.bucketName,
                bucket.arn,
                data.s3ReplicationTimeControl ? "s3-crr-rtc" : "s3-crr",
                s3.bucketArn,
            ),
        );
    }

    return { dataStores: manifest };
}
