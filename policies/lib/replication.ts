/**
 * The replication graph of a stack: which data stores are copies of which, and therefore which
 * regions each piece of data reaches. Built from @pulumi/aws v7 shapes (separate
 * `BucketReplicationConfig` resources, `TableReplica`, global clusters, per-resource `region`)
 * and the older inline forms (`Bucket.replicationConfiguration`, `Table.replicas`).
 */
import { isRegionalEvidence } from "./evidence";
import { Placed, regionOf } from "./region";
import { asArray, asString, get, unlessUnknown } from "./props";
import {
    bucketReplicationTypes,
    bucketTypes,
    clusterType,
    dbInstanceType,
    globalClusterType,
    tableReplicaType,
    tableType,
} from "./types";

/** What the graph needs of a policy resource. */
export interface GraphResource extends Placed {
    type: string;
    name: string;
    urn: string;
    propertyDependencies?: Record<string, GraphResource[]>;
}

/** Kinds of data store the graph tracks. */
export type StoreKind = "s3" | "dynamodb" | "aurora" | "rds";

const storeKindByType: Readonly<Record<string, StoreKind>> = {
    ...Object.fromEntries(bucketTypes.map((t) => [t, "s3" as StoreKind])),
    [tableType]: "dynamodb",
    [tableReplicaType]: "dynamodb",
    [clusterType]: "aurora",
    [globalClusterType]: "aurora",
    [dbInstanceType]: "rds",
};

/** The kind of store a resource type is, if it is one. */
export function storeKindOf(type: string): StoreKind | undefined {
    return storeKindByType[type];
}

/** One S3 replication rule from a source bucket to a destination. */
export interface S3Replication {
    /** The resource that declares it: a `BucketReplicationConfig` or an inline-config bucket. */
    declaredBy: GraphResource;
    ruleId: string;
    source?: GraphResource;
    /** The destination as written (an ARN or name). */
    destinationRef: string;
    destination?: GraphResource;
    /** The rule object, for RTC and metrics settings. */
    rule: unknown;
}

/** A set of stores that hold the same data, and the regions they cover. */
export interface StoreGroup {
    kind: StoreKind;
    /** The writable store (not a replica); the first member when none is. */
    source: GraphResource;
    members: GraphResource[];
    /** Every known region a copy lives in. */
    regions: Set<string>;
}

/** The stack's data stores, replication edges and groups. */
export interface ReplicationGraph {
    groups: StoreGroup[];
    s3Replications: S3Replication[];
    /** Members that are copies of another store. */
    replicas: Set<GraphResource>;
    /** The store a reference (ARN, name, id) names, if it is in the stack. */
    lookup(ref: unknown): GraphResource | undefined;
    /** The resource's region as the graph resolved it. */
    regionOf(resource: GraphResource): string | undefined;
}

function s3Name(ref: string): string {
    return ref.startsWith("arn:aws:s3:::") ? ref.slice("arn:aws:s3:::".length) : ref;
}

/** Strings by which other resources refer to a store. */
function referenceKeys(resource: GraphResource): string[] {
    const keys = ["arn", "id", "bucket", "name", "identifier", "clusterIdentifier"];
    if (resource.type === globalClusterType) {
        keys.push("globalClusterIdentifier");
    }
    const found: string[] = [];
    for (const key of keys) {
        const value = unlessUnknown(() => asString(get(resource.props, key)), undefined);
        if (value) {
            found.push(value, s3Name(value));
        }
    }
    return found;
}

/** Build the replication graph of `resources`. */
export function replicationGraph(resources: readonly GraphResource[]): ReplicationGraph {
    const stores = resources.filter(
        (r) =>
            storeKindOf(r.type) !== undefined &&
            !unlessUnknown(() => isRegionalEvidence(get(r.props, "tags")), false),
    );
    const byKey = new Map<string, GraphResource>();
    for (const store of stores) {
        for (const key of referenceKeys(store)) {
            if (!byKey.has(key)) {
                byKey.set(key, store);
            }
        }
    }
    const lookup = (ref: unknown): GraphResource | undefined => {
        const value = asString(ref);
        return value ? (byKey.get(value) ?? byKey.get(s3Name(value))) : undefined;
    };
    // A reference whose value is known names its store: when that store is not in this stack it
    // lives elsewhere (another stack), and a dependency must not stand in for it. Only a value
    // that is not known yet falls back to the store the property depends on.
    const viaDependency = (resource: GraphResource, property: string) =>
        asString(get(resource.props, property)) !== undefined
            ? undefined
            : (resource.propertyDependencies?.[property] ?? []).find(
                  (dep) => storeKindOf(dep.type) !== undefined,
              );

    const parent = new Map<GraphResource, GraphResource>(stores.map((s) => [s, s]));
    const find = (r: GraphResource): GraphResource => {
        let node = r;
        while (parent.get(node) !== node) {
            node = parent.get(node)!;
        }
        return node;
    };
    const union = (a: GraphResource | undefined, b: GraphResource | undefined) => {
        if (a && b && parent.has(a) && parent.has(b)) {
            parent.set(find(a), find(b));
        }
    };
    const replicas = new Set<GraphResource>();
    const extraRegions = new Map<GraphResource, string[]>();
    const s3Replications: S3Replication[] = [];

    const addS3Rules = (
        declaredBy: GraphResource,
        source: GraphResource | undefined,
        rules: unknown,
    ) => {
        for (const rule of asArray(rules)) {
            unlessUnknown(() => {
                if (asString(get(rule, "status")) === "Disabled") {
                    return;
                }
                const destinationRef = asString(get(rule, "destination", "bucket")) ?? "";
                const destination = lookup(destinationRef);
                s3Replications.push({
                    declaredBy,
                    ruleId: asString(get(rule, "id")) ?? "",
                    source,
                    destinationRef,
                    destination,
                    rule,
                });
                if (destination) {
                    replicas.add(destination);
                    union(source, destination);
                }
            }, undefined);
        }
    };

    const globalMembers = new Map<string, GraphResource[]>();
    for (const resource of resources) {
        unlessUnknown(() => {
            const p = resource.props;
            if (bucketReplicationTypes.includes(resource.type)) {
                const source = lookup(get(p, "bucket")) ?? viaDependency(resource, "bucket");
                addS3Rules(resource, source, get(p, "rules"));
            } else if (bucketTypes.includes(resource.type)) {
                addS3Rules(resource, resource, get(p, "replicationConfiguration", "rules"));
            } else if (resource.type === tableType) {
                const regions = asArray(get(p, "replicas"))
                    .map((replica) =>
                        unlessUnknown(() => asString(get(replica, "regionName")), undefined),
                    )
                    .filter((r): r is string => r !== undefined);
                extraRegions.set(resource, regions);
            } else if (resource.type === tableReplicaType) {
                replicas.add(resource);
                union(
                    resource,
                    lookup(get(p, "globalTableArn")) ?? viaDependency(resource, "globalTableArn"),
                );
            } else if (resource.type === clusterType) {
                const source = asString(get(p, "replicationSourceIdentifier"));
                if (source) {
                    replicas.add(resource);
                    union(
                        resource,
                        lookup(source) ?? viaDependency(resource, "replicationSourceIdentifier"),
                    );
                }
                const globalId = asString(get(p, "globalClusterIdentifier"));
                if (globalId) {
                    globalMembers.set(globalId, [...(globalMembers.get(globalId) ?? []), resource]);
                }
            } else if (resource.type === dbInstanceType) {
                const source = asString(get(p, "replicateSourceDb"));
                if (source) {
                    replicas.add(resource);
                    union(resource, lookup(source) ?? viaDependency(resource, "replicateSourceDb"));
                }
            }
        }, undefined);
    }
    for (const global of resources.filter((r) => r.type === globalClusterType)) {
        unlessUnknown(() => {
            const ids = [get(global.props, "globalClusterIdentifier"), get(global.props, "id")]
                .map(asString)
                .filter((v): v is string => v !== undefined);
            const source = lookup(get(global.props, "sourceDbClusterIdentifier"));
            union(global, source);
            for (const id of ids) {
                for (const member of globalMembers.get(id) ?? []) {
                    union(global, member);
                }
            }
        }, undefined);
    }
    for (const members of globalMembers.values()) {
        // Every cluster of a global database after the first to be declared is a secondary.
        members.slice(1).forEach((m) => replicas.add(m));
        for (const member of members.slice(1)) {
            union(members[0], member);
        }
    }

    const regionCache = new Map<GraphResource, string | undefined>();
    const resolveRegion = (r: GraphResource) => {
        if (!regionCache.has(r)) {
            // A global cluster has no region of its own; its members say where the data is.
            regionCache.set(r, r.type === globalClusterType ? undefined : regionOf(r));
        }
        return regionCache.get(r);
    };

    const groupsByRoot = new Map<GraphResource, GraphResource[]>();
    for (const store of stores) {
        const root = find(store);
        groupsByRoot.set(root, [...(groupsByRoot.get(root) ?? []), store]);
    }
    const groups: StoreGroup[] = [];
    for (const members of groupsByRoot.values()) {
        const regions = new Set<string>();
        for (const member of members) {
            const region = resolveRegion(member);
            if (region) {
                regions.add(region);
            }
            (extraRegions.get(member) ?? []).forEach((r) => regions.add(r));
        }
        const writable = members.filter(
            (m) => !replicas.has(m) && m.type !== globalClusterType && m.type !== tableReplicaType,
        );
        groups.push({
            kind: storeKindOf(members[0].type)!,
            source: writable[0] ?? members[0],
            members,
            regions,
        });
    }
    return { groups, s3Replications, replicas, lookup, regionOf: resolveRegion };
}
