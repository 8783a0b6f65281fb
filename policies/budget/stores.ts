/**
 * Data stores and how far each can fall behind (RPO) and how long its recovery-region copy
 * takes to become writable (promotion). Stores come from the resource graph and from the
 * regional stacks' data-store manifests; a store with no replication into another region is
 * unbounded.
 */
import { bucketUses, notAppData } from "../lib/app-data";
import { isRegionalEvidence } from "../lib/evidence";
import { replicationGraph } from "../lib/replication";
import type { DataStoreManifestEntry } from "../lib/manifest";
import { BudgetAssumptions } from "./assumptions";
import { facts, s3WithoutRtcNote } from "./facts";
import {
    BudgetGraph,
    BudgetResource,
    asArray,
    asString,
    contractsOf,
    describe,
    field,
    identifiersOf,
    ofType,
    prop,
    regionOf,
    regionOfArn,
    stringProp,
} from "./graph";

export const storeTypes = {
    table: "aws:dynamodb/table:Table",
    tableReplica: "aws:dynamodb/tableReplica:TableReplica",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    globalCluster: "aws:rds/globalCluster:GlobalCluster",
    cluster: "aws:rds/cluster:Cluster",
    clusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    instance: "aws:rds/instance:Instance",
} as const;

/** One data store as the model sees it. */
export interface DataStore {
    /** How the breakdown names it. */
    store: string;
    kind: "aurora" | "rds" | "dynamodb" | "s3";
    region: string;
    /** Identifiers (ARN, name) that match the same store elsewhere. */
    ids: string[];
    /** Worst replication lag, seconds; null when unbounded. */
    rpoSeconds: number | null;
    rpoSource: string;
    /** Time for the recovery copy to accept writes. */
    promotionSeconds: number;
    promotionSource: string;
    /** Whether promotion needs a person (or automation someone must start). */
    manualPromotion: boolean;
}

/** Every data store: the manifest's list when one is exported, refined by the graph. */
export function dataStores(graph: BudgetGraph, assumptions: BudgetAssumptions): DataStore[] {
    const fromGraph = graphStores(graph.resources, assumptions);
    const manifest = contractsOf(graph).flatMap((c) =>
        (c.dataStores ?? []).map((entry) => ({ entry, stack: c.stack })),
    );
    // Entries with a sourceArn are the recovery side of a store listed elsewhere.
    const declared = manifest.filter(({ entry }) => !entry.sourceArn);
    if (declared.length === 0) {
        return fromGraph;
    }
    // A manifest says which stores hold user data; the graph, when it has the store, says how
    // it is really built, so it wins for that store.
    return declared.map(({ entry, stack }) => {
        const match = fromGraph.find(
            (s) => s.ids.includes(entry.arn) || s.ids.includes(entry.identifier),
        );
        return match ?? manifestStore(entry, stack, assumptions);
    });
}

const unbounded = (what: string) =>
    `${what} is not replicated to another region; nothing bounds its loss`;

function manifestStore(
    entry: DataStoreManifestEntry,
    stack: string,
    assumptions: BudgetAssumptions,
): DataStore {
    const name = `${entry.kind} ${entry.identifier || entry.arn} (${stack} dataStores)`;
    const base = {
        store: name,
        kind: entry.kind,
        region: entry.region,
        ids: [entry.arn, entry.identifier].filter((v) => v),
        promotionSeconds: 0,
        promotionSource: `${name}: every replica is writable`,
        manualPromotion: false,
    };
    switch (entry.replication) {
        case "aurora-global-database":
            return {
                ...base,
                ...aurora(name, undefined),
            };
        case "rds-cross-region-replica":
            return { ...base, ...rds(name, assumptions) };
        case "dynamodb-global-table":
            return {
                ...base,
                rpoSeconds: facts.dynamodbMrecRpo.seconds,
                rpoSource: `${name}: ${facts.dynamodbMrecRpo.citation}`,
            };
        case "dynamodb-global-table-mrsc":
            return {
                ...base,
                rpoSeconds: facts.dynamodbMrscRpo.seconds,
                rpoSource: `${name}: ${facts.dynamodbMrscRpo.citation}`,
            };
        case "s3-crr-rtc":
            return {
                ...base,
                rpoSeconds: facts.s3RtcRpo.seconds,
                rpoSource: `${name}: ${facts.s3RtcRpo.citation}`,
            };
        case "s3-crr":
            return { ...base, rpoSeconds: null, rpoSource: `${name}: ${s3WithoutRtcNote}` };
        default:
            return { ...base, rpoSeconds: null, rpoSource: `${name}: ${unbounded("it")}` };
    }
}

function aurora(name: string, rpoParameter: number | undefined) {
    return {
        rpoSeconds: rpoParameter ?? facts.auroraGlobalRpo.seconds,
        rpoSource:
            rpoParameter !== undefined
                ? `${name}: rds.global_db_rpo = ${rpoParameter} s (commits block beyond it; Aurora UG aurora-global-database-disaster-recovery)`
                : `${name}: ${facts.auroraGlobalRpo.citation}`,
        promotionSeconds: facts.auroraGlobalFailover.seconds,
        promotionSource: `${name}: FailoverGlobalCluster, ${facts.auroraGlobalFailover.citation}`,
        manualPromotion: true,
    };
}

function rds(name: string, assumptions: BudgetAssumptions) {
    return {
        rpoSeconds: assumptions.rdsReplicaLagSeconds,
        rpoSource: `${name}: ${assumptions.rdsReplicaLagSeconds} s, ${facts.rdsReplicaRpo.citation}`,
        promotionSeconds: assumptions.rdsPromotionSeconds,
        promotionSource: `${name}: ${assumptions.rdsPromotionSeconds} s, ${facts.rdsReplicaPromotion.citation}`,
        manualPromotion: true,
    };
}

function graphStores(
    resources: readonly BudgetResource[],
    assumptions: BudgetAssumptions,
): DataStore[] {
    return [
        ...dynamoStores(resources),
        ...bucketStores(resources),
        ...auroraStores(resources),
        ...instanceStores(resources, assumptions),
    ];
}

function storeBase(resource: BudgetResource, kind: DataStore["kind"]) {
    const name = `${kind === "s3" ? "bucket" : kind === "dynamodb" ? "table" : kind} ${describe(resource)}`;
    return {
        store: name,
        kind,
        region: regionOf(resource),
        ids: [...identifiersOf(resource)],
        promotionSeconds: 0,
        promotionSource: `${name}: the recovery copy is writable`,
        manualPromotion: false,
    };
}

function dynamoStores(resources: readonly BudgetResource[]): DataStore[] {
    const standaloneReplicas = ofType(resources, storeTypes.tableReplica);
    return ofType(resources, storeTypes.table).map((table) => {
        const base = storeBase(table, "dynamodb");
        const region = regionOf(table);
        const replicas = asArray(prop(table, "replicas")).filter((r) => {
            const replicaRegion = asString(field(r, "regionName"));
            return replicaRegion !== undefined && replicaRegion !== region;
        });
        const ids = new Set(base.ids);
        const separate = standaloneReplicas.filter((r) => {
            const arn = stringProp(r, "globalTableArn");
            return (
                arn !== undefined && (ids.has(arn) || [...ids].some((id) => arn.endsWith(`/${id}`)))
            );
        });
        if (replicas.length === 0 && separate.length === 0) {
            return {
                ...base,
                rpoSeconds: null,
                rpoSource: `${base.store}: ${unbounded("the table")}`,
            };
        }
        const strong = replicas.some(
            (r) => asString(field(r, "consistencyMode"))?.toUpperCase() === "STRONG",
        );
        const fact = strong ? facts.dynamodbMrscRpo : facts.dynamodbMrecRpo;
        return { ...base, rpoSeconds: fact.seconds, rpoSource: `${base.store}: ${fact.citation}` };
    });
}

/**
 * URNs of the buckets the pack's bucket-use table leaves out of replication (they receive logs,
 * query results or artifacts only): losing them loses no application data, so they bound no RPO.
 */
function notApplicationData(resources: readonly BudgetResource[]): Set<string> {
    const placed = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: r.outputs ?? r.inputs ?? {},
        provider: r.region ? { props: { region: r.region } } : undefined,
    }));
    const uses = bucketUses(placed, replicationGraph(placed));
    return new Set(
        [...uses.keys()].filter((b) => notAppData(b, uses) !== undefined).map((b) => b.urn),
    );
}

function bucketStores(resources: readonly BudgetResource[]): DataStore[] {
    const configs = ofType(resources, storeTypes.replication);
    const destinations = new Set(
        configs.flatMap((c) =>
            asArray(prop(c, "rules")).map(
                (rule) => asString(field(field(rule, "destination"), "bucket")) ?? "",
            ),
        ),
    );
    const stores: DataStore[] = [];
    const notData = notApplicationData(resources);
    for (const bucket of ofType(resources, storeTypes.bucket, storeTypes.bucketV2)) {
        if (isRegionalEvidence(prop(bucket, "tags")) || notData.has(bucket.urn)) {
            continue;
        }
        const base = storeBase(bucket, "s3");
        const ids = new Set(base.ids);
        if ([...ids].some((id) => destinations.has(id) || destinations.has(`arn:aws:s3:::${id}`))) {
            continue; // A replica: its source is the store.
        }
        const config = configs.find((c) => ids.has(stringProp(c, "bucket") ?? ""));
        const rules = asArray(config ? prop(config, "rules") : undefined).filter(
            (rule) => (asString(field(rule, "status")) ?? "Enabled") === "Enabled",
        );
        if (rules.length === 0) {
            stores.push({
                ...base,
                rpoSeconds: null,
                rpoSource: `${base.store}: ${unbounded("the bucket")}`,
            });
            continue;
        }
        const allRtc = rules.every(
            (rule) =>
                asString(field(field(field(rule, "destination"), "replicationTime"), "status")) ===
                "Enabled",
        );
        stores.push(
            allRtc
                ? {
                      ...base,
                      rpoSeconds: facts.s3RtcRpo.seconds,
                      rpoSource: `${base.store}: ${facts.s3RtcRpo.citation}`,
                  }
                : {
                      ...base,
                      rpoSeconds: null,
                      rpoSource: `${base.store}: replication without RTC; ${s3WithoutRtcNote}`,
                  },
        );
    }
    return stores;
}

function auroraStores(resources: readonly BudgetResource[]): DataStore[] {
    const clusters = ofType(resources, storeTypes.cluster);
    const stores: DataStore[] = [];
    const grouped = new Set<BudgetResource>();
    for (const global of ofType(resources, storeTypes.globalCluster)) {
        const ids = identifiersOf(global, "globalClusterIdentifier");
        const members = clusters.filter((c) =>
            ids.has(stringProp(c, "globalClusterIdentifier") ?? ""),
        );
        members.forEach((m) => grouped.add(m));
        const source = stringProp(global, "sourceDbClusterIdentifier");
        const primary =
            members.find((m) => source !== undefined && identifiersOf(m).has(source)) ??
            members.find((m) => regionOf(m) === regionOf(global)) ??
            members[0];
        const base = storeBase(global, "aurora");
        const regions = new Set(members.map(regionOf));
        if (regions.size < 2) {
            stores.push({
                ...base,
                rpoSeconds: null,
                rpoSource: `${base.store}: global cluster has no secondary region in the graph; ${unbounded("it")}`,
            });
            continue;
        }
        stores.push({
            ...base,
            ...aurora(base.store, primary ? globalDbRpo(primary, resources) : undefined),
        });
    }
    for (const cluster of clusters) {
        if (grouped.has(cluster) || stringProp(cluster, "globalClusterIdentifier")) {
            continue;
        }
        const base = storeBase(cluster, "aurora");
        stores.push({
            ...base,
            rpoSeconds: null,
            rpoSource: `${base.store}: ${unbounded("the cluster")}`,
        });
    }
    return stores;
}

/** The `rds.global_db_rpo` parameter of the cluster's parameter group, when it is set. */
function globalDbRpo(
    cluster: BudgetResource,
    resources: readonly BudgetResource[],
): number | undefined {
    const groupName = stringProp(cluster, "dbClusterParameterGroupName");
    const group = ofType(resources, storeTypes.clusterParameterGroup).find(
        (g) => groupName !== undefined && identifiersOf(g).has(groupName),
    );
    const parameter = asArray(group ? prop(group, "parameters") : undefined).find(
        (p) => asString(field(p, "name")) === "rds.global_db_rpo",
    );
    const value = Number(field(parameter, "value"));
    return parameter !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function instanceStores(
    resources: readonly BudgetResource[],
    assumptions: BudgetAssumptions,
): DataStore[] {
    const instances = ofType(resources, storeTypes.instance);
    const replicas = instances.filter((i) => stringProp(i, "replicateSourceDb"));
    return instances
        .filter((i) => !stringProp(i, "replicateSourceDb"))
        .map((instance) => {
            const base = storeBase(instance, "rds");
            const ids = identifiersOf(instance, "dbName");
            const remote = replicas.some((r) => {
                const source = stringProp(r, "replicateSourceDb") ?? "";
                const sourceRegion = regionOfArn(source) ?? base.region;
                return ids.has(source) && regionOf(r) !== sourceRegion;
            });
            if (!remote) {
                return {
                    ...base,
                    rpoSeconds: null,
                    rpoSource: `${base.store}: ${unbounded("the instance")}`,
                };
            }
            return { ...base, ...rds(base.store, assumptions) };
        });
}
