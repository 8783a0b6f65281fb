/**
 * DynamoDB: a global table created by the primary, and a replica per secondary (with multi-Region
 * strong consistency, every replica is created with the table and each secondary records its own).
 */
import * as pulumi from "@pulumi/pulumi";
import { arnInRegion } from "../../components/data/dataBindings";
import { DynamoGlobalTable } from "../../components/data/dynamoGlobalTable";
import { DynamoTableReplica } from "../../components/data/dynamoTableReplica";
import { MultiRegionKey } from "../../components/data/multiRegionKey";
import { DataStore, PrimaryScope, differs } from "./store";

/** The ARN of the same table in another region (global table replicas share the name). */
export function tableArnInRegion(tableArn: string, region: string): string {
    return arnInRegion(tableArn, region);
}

/**
 * The key of the primary's table: the shared data key, or (strong, MRSC) a dedicated key with its
 * replica in every MRSC region, since MRSC replicas exist from the start, before any secondary
 * stack (a secondary replicating the shared key into the same region would collide with them).
 */
function tableKeys({ config: { data, region }, opts, key, providerFor }: PrimaryScope): {
    tableKeyArn: pulumi.Output<string>;
    replicaKeys?: Record<string, pulumi.Input<string>>;
} {
    if (data.dynamodbConsistency !== "strong") {
        return { tableKeyArn: key.arn };
    }
    const tableKey = new MultiRegionKey(
        `dynamodb-key-${region}`,
        { purpose: "DynamoDB MRSC table" },
        opts,
    );
    const replicaKeys: Record<string, pulumi.Input<string>> = { [region]: tableKey.arn };
    for (const other of data.mrscRegions) {
        if (other === region || other === data.mrscWitnessRegion) {
            continue;
        }
        replicaKeys[other] = new MultiRegionKey(
            `dynamodb-key-${other}`,
            { primaryKeyArn: tableKey.arn, purpose: "DynamoDB MRSC table" },
            { providers: { aws: providerFor(other) } },
        ).arn;
    }
    if (data.mrscWitnessRegion !== "") {
        replicaKeys[data.mrscWitnessRegion] = "";
    }
    return { tableKeyArn: tableKey.arn, replicaKeys };
}

export const dynamodb: DataStore<"dynamodb"> = {
    credentials: false,

    /** The primary's DynamoDB global table; when strong (MRSC), with its own key in every MRSC region. */
    primary(scope) {
        const {
            config: { data, region },
            opts,
            entry,
        } = scope;
        const strong = data.dynamodbConsistency === "strong";
        const { tableKeyArn, replicaKeys } = tableKeys(scope);
        const table = new DynamoGlobalTable(
            `dynamodb-${region}`,
            {
                region,
                kmsKeyArn: tableKeyArn,
                consistency: data.dynamodbConsistency,
                mrscReplicaKeys: replicaKeys,
                mrscWitnessRegion: data.mrscWitnessRegion || undefined,
                ttlAttribute: data.dynamodbTtlAttribute || undefined,
            },
            opts,
        );
        return {
            manifest: entry(
                "dynamodb",
                table.name,
                table.arn,
                strong ? "dynamodb-global-table-mrsc" : "dynamodb-global-table",
            ),
            contract: {
                tableName: table.name,
                tableArn: table.arn,
                consistency: data.dynamodbConsistency,
                replicaRegions: table.replicaRegions,
            },
            handles: { tableName: table.name, tableArn: table.arn },
        };
    },

    /** This region's table replica: created here, or (MRSC) recorded, since the primary made it. */
    secondary({ config: { data, region }, opts, key, source, entry }) {
        const table = source.dynamodb!;
        if (data.dynamodbConsistency === "strong") {
            // MRSC replicas were created with the table by the primary; this stack records the
            // one in its region and checks it exists.
            const replicaArn = tableArnInRegion(table.tableArn, region);
            return {
                manifest: entry(
                    "dynamodb",
                    table.tableName,
                    replicaArn,
                    "dynamodb-global-table-mrsc",
                    table.tableArn,
                ),
                handles: { tableName: table.tableName, tableArn: replicaArn },
            };
        }
        const replica = new DynamoTableReplica(
            `dynamodb-${region}`,
            { globalTableArn: table.tableArn, kmsKeyArn: key.arn },
            opts,
        );
        return {
            manifest: entry(
                "dynamodb",
                table.tableName,
                replica.arn,
                "dynamodb-global-table",
                table.tableArn,
            ),
            handles: { tableName: table.tableName, tableArn: replica.arn },
        };
    },

    /** A replica uses the primary's consistency, and an MRSC replica must already exist here. */
    mismatches({ data, region }, source) {
        if (!source.dynamodb) {
            return [];
        }
        const problems = differs(
            "dynamodbConsistency",
            data.dynamodbConsistency,
            source.dynamodb.consistency,
        );
        if (
            source.dynamodb.consistency === "strong" &&
            !source.dynamodb.replicaRegions.includes(region)
        ) {
            problems.push(
                `data.mrscRegions: the primary's MRSC table ${source.dynamodb.tableName} has replicas in ${source.dynamodb.replicaRegions.join(", ")}, not in this stack's region ${region}; MRSC replicas cannot be added after the table is created`,
            );
        }
        return problems;
    },
};
