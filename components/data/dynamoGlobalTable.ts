import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MrscField, mrscProblems } from "./mrsc";

/** A local secondary index of the table. */
export interface LocalSecondaryIndex {
    name: string;
    /** Sort key attribute (type S) of the index. */
    rangeKey: string;
}

/** Arguments of the primary's table in a DynamoDB global table. */
export interface DynamoGlobalTableArgs {
    /** Region of the table (the primary's). */
    region: string;
    /** KMS key of the table's region. */
    kmsKeyArn: pulumi.Input<string>;
    /** `eventual` (MREC): replicas are added by each secondary; `strong` (MRSC): all at creation. */
    consistency: "eventual" | "strong";
    /**
     * MRSC only: every region of the table, this one included, each to the KMS key ARN of its
     * replica (ignored for the witness region).
     */
    mrscReplicaKeys?: Record<string, pulumi.Input<string>>;
    /** MRSC only: the region holding a witness instead of a replica; unset for none. */
    mrscWitnessRegion?: string;
    /** Partition key attribute (type S). */
    hashKey?: string;
    /** Sort key attribute (type S). */
    rangeKey?: string;
    /** TTL attribute; unset for none. Not allowed with MRSC. */
    ttlAttribute?: string;
    /** Local secondary indexes. Not allowed with MRSC. */
    localSecondaryIndexes?: LocalSecondaryIndex[];
}

const defaults = {
    hashKey: "pk",
    rangeKey: "sk",
    localSecondaryIndexes: [] as LocalSecondaryIndex[],
};

/** The component argument behind each MRSC rule, for error messages. */
const mrscArgNames: Record<MrscField, string> = {
    regions: "mrscReplicaKeys",
    witnessRegion: "mrscWitnessRegion",
    ttlAttribute: "ttlAttribute",
    localSecondaryIndexes: "localSecondaryIndexes",
};

/**
 * The primary's table of a DynamoDB global table: on-demand, streams of new and old images (what
 * replication reads), point-in-time recovery, deletion protection and encryption with the
 * region's KMS key. In eventual mode each secondary adds its `DynamoTableReplica`, so the table
 * ignores changes to `replicas` (other stacks own them; without this an `up` of the primary would
 * delete them). In strong mode the rules are checked before anything is created, and the replicas
 * and witness are created with the table, because AWS cannot add them later.
 */
export class DynamoGlobalTable extends pulumi.ComponentResource {
    /** Table name, the same in every region. */
    public readonly name: pulumi.Output<string>;
    /** ARN of the table in the primary region. */
    public readonly arn: pulumi.Output<string>;
    /** Every region holding a readable copy, the table's own first. */
    public readonly replicaRegions: string[];

    constructor(
        name: string,
        args: DynamoGlobalTableArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:data:DynamoGlobalTable", name, {}, opts);
        const settings = { ...defaults, ...args };
        const strong = settings.consistency === "strong";
        const mrscRegions = Object.keys(settings.mrscReplicaKeys ?? {});
        if (strong) {
            const problems = mrscProblems({
                tableRegion: settings.region,
                regions: mrscRegions,
                witnessRegion: settings.mrscWitnessRegion,
                ttlAttribute: settings.ttlAttribute,
                localSecondaryIndexCount: settings.localSecondaryIndexes.length,
            });
            if (problems.length > 0) {
                throw new Error(
                    `${name}: multi-region strong consistency is not possible:\n` +
                        problems
                            .map((p) => `  - ${mrscArgNames[p.field]}: ${p.message}`)
                            .join("\n"),
                );
            }
        }
        const witness = strong ? settings.mrscWitnessRegion : undefined;
        const replicaRegions = strong
            ? mrscRegions.filter((r) => r !== settings.region && r !== witness)
            : [];
        const attributeNames = [
            settings.hashKey,
            settings.rangeKey,
            ...settings.localSecondaryIndexes.map((i) => i.rangeKey),
        ];
        const table = new aws.dynamodb.Table(
            // A different logical name per mode: AWS cannot convert a table to MRSC, so changing
            // the mode means a new, empty table, and `protect` stops the old one being deleted.
            strong ? `${name}-mrsc` : name,
            {
                billingMode: "PAY_PER_REQUEST",
                hashKey: settings.hashKey,
                rangeKey: settings.rangeKey,
                attributes: [...new Set(attributeNames)].map((n) => ({ name: n, type: "S" })),
                localSecondaryIndexes: settings.localSecondaryIndexes.map((i) => ({
                    name: i.name,
                    rangeKey: i.rangeKey,
                    projectionType: "ALL",
                })),
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                pointInTimeRecovery: { enabled: true },
                deletionProtectionEnabled: true,
                serverSideEncryption: { enabled: true, kmsKeyArn: settings.kmsKeyArn },
                ttl: settings.ttlAttribute
                    ? { attributeName: settings.ttlAttribute, enabled: true }
                    : undefined,
                replicas: replicaRegions.map((regionName) => ({
                    regionName,
                    consistencyMode: "STRONG",
                    kmsKeyArn: settings.mrscReplicaKeys![regionName],
                    pointInTimeRecovery: true,
                    deletionProtectionEnabled: true,
                    propagateTags: true,
                })),
                globalTableWitness: witness ? { regionName: witness } : undefined,
            },
            { parent: this, protect: true, ignoreChanges: strong ? [] : ["replicas"] },
        );
        this.name = table.name;
        this.arn = table.arn;
        this.replicaRegions = [settings.region, ...replicaRegions];
        this.registerOutputs({
            name: this.name,
            arn: this.arn,
            replicaRegions: this.replicaRegions,
        });
    }
}
