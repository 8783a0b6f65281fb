/**
 * The replication graph of a stack: which data stores are copies of which, and therefore which
 * regions each piece of data reaches. Built from @pulumi/aws v7 shapes (separate
 * `BucketReplicationConfig` resources, `TableReplica`, global clusters, per-resource `region`)
 * and the older inline forms (`Bucket.replicationConfiguration`, `Table.replicas`).
 */
import { isRegionalEvidence } from "./evidence";
import { Placed, regionOf, regionOfArn } from "./region";
import { asArray, asString, get, unlessUnknown } from "./props";
import { StoreKind, storeTable } from "./catalog";
import {
    bucketReplicationTypes,
    bucketTypes,
    cacheGlobalDatastoreType,
    cacheReplicationGroupType,
    dbInstanceType,
    dsqlClusterType,
    dsqlPeeringType,
    efsReplicationType,
    globalClusterTypes,
    memberClusterTypes,
    openSearchConnectionType,
    tableReplicaType,
    tableType,
} from "./types";

/** What the graph needs of a policy resource. */
export interface GraphResource extends Placed {
    type: string;
    name: string;
    urn: string;
    propertyDependencies?: Record<string, GraphResource[]>;
    dependencies?: GraphResource[];
}

export type { StoreKind } from "./catalog";

const storeKindByType: Readonly<Record<string, StoreKind>> = Object.fromEntries(
    storeTable.filter((r) => r.kind !== undefined).map((r) => [r.type, r.kind!]),
);

/** Container types that hold no data of their own: their members say where the data is. */
const containerTypes = [...globalClusterTypes, cacheGlobalDatastoreType];

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
    const keys = [
        "arn",
        "id",
        "bucket",
        "name",
        "identifier",
        "clusterIdentifier",
        "replicationGroupId",
        "domainName",
    ];
    if (globalClusterTypes.includes(resource.type)) {
        keys.push("globalClusterIdentifier");
    }
    if (resource.type === cacheGlobalDatastoreType) {
        keys.push("globalReplicationGroupId");
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
        if (!value) {
            return undefined;
        }
        // RDS, DocumentDB and Neptune cluster ARNs end in `:cluster:<identifier>`.
        const clusterId = /:cluster:([^:/]+)$/.exec(value)?.[1];
        return (
            byKey.get(value) ??
            byKey.get(s3Name(value)) ??
            (clusterId ? byKey.get(clusterId) : undefined)
        );
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

    // OpenSearch cross-cluster replication runs over an outbound connection between two domains:
    // the follower (local) pulls the leader's (remote) indexes.
    const linkDomains = (connection: GraphResource) => {
        const local = lookup(get(connection.props, "localDomainInfo", "domainName"));
        const remoteName = get(connection.props, "remoteDomainInfo", "domainName");
        const remote = lookup(remoteName);
        if (local && remote) {
            replicas.add(local);
            union(local, remote);
        } else if (remote ?? local) {
            const known = (remote ?? local)!;
            const side = remote ? "localDomainInfo" : "remoteDomainInfo";
            const region = asString(get(connection.props, side, "region"));
            if (region) {
                extraRegions.set(known, [...(extraRegions.get(known) ?? []), region]);
            }
        }
    };
    // An Aurora DSQL multi-region cluster lists its peers' ARNs (on the cluster or a peering).
    const peerRefs = (resource: GraphResource) =>
        asArray(get(resource.props, "clusters")).map((c) => String(c));
    const linkDsql = (resource: GraphResource) => {
        const self =
            resource.type === dsqlClusterType
                ? resource
                : (lookup(get(resource.props, "identifier")) ??
                  viaDependency(resource, "identifier") ??
                  // The cluster the peering belongs to is the dependency it does not list as a peer.
                  resource.dependencies?.find(
                      (d) =>
                          d.type === dsqlClusterType &&
                          !peerRefs(resource).includes(asString(get(d.props, "arn")) ?? "\0"),
                  ));
        const peers =
            resource.type === dsqlClusterType
                ? asArray(get(resource.props, "multiRegionProperties", "clusters"))
                : asArray(get(resource.props, "clusters"));
        for (const peerRef of peers) {
            const peer = unlessUnknown(() => lookup(peerRef), undefined);
            if (peer) {
                union(self, peer);
            } else if (self) {
                const region = unlessUnknown(() => regionOfArn(peerRef), undefined);
                if (region) {
                    extraRegions.set(self, [...(extraRegions.get(self) ?? []), region]);
                }
            }
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
            } else if (memberClusterTypes.includes(resource.type)) {
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
                    const key = `${storeKindOf(resource.type)}|${globalId}`;
                    globalMembers.set(key, [...(globalMembers.get(key) ?? []), resource]);
                }
            } else if (resource.type === cacheReplicationGroupType) {
                const globalId = asString(get(p, "globalReplicationGroupId"));
                // The datastore's ID is computed by AWS; an input built from it still depends on it.
                const global =
                    lookup(globalId) ??
                    viaDependency(resource, "globalReplicationGroupId") ??
                    resource.dependencies?.find((d) => d.type === cacheGlobalDatastoreType);
                if (globalId || global) {
                    // A replication group that joins a global datastore is one of its secondaries.
                    replicas.add(resource);
                    union(resource, global);
                }
            } else if (resource.type === cacheGlobalDatastoreType) {
                union(
                    resource,
                    lookup(get(p, "primaryReplicationGroupId")) ??
                        viaDependency(resource, "primaryReplicationGroupId"),
                );
            } else if (resource.type === efsReplicationType) {
                const source =
                    lookup(get(p, "sourceFileSystemId")) ??
                    viaDependency(resource, "sourceFileSystemId");
                const destination = lookup(get(p, "destination", "fileSystemId"));
                if (destination) {
                    replicas.add(destination);
                    union(source, destination);
                }
                // EFS creates the destination file system itself unless one is named.
                const region = asString(get(p, "destination", "region"));
                if (source && region) {
                    extraRegions.set(source, [...(extraRegions.get(source) ?? []), region]);
                }
            } else if (resource.type === openSearchConnectionType) {
                linkDomains(resource);
            } else if (resource.type === dsqlClusterType || resource.type === dsqlPeeringType) {
                linkDsql(resource);
            } else if (resource.type === dbInstanceType) {
                const source = asString(get(p, "replicateSourceDb"));
                if (source) {
                    replicas.add(resource);
                    union(resource, lookup(source) ?? viaDependency(resource, "replicateSourceDb"));
                }
            }
        }, undefined);
    }
    for (const global of resources.filter((r) => globalClusterTypes.includes(r.type))) {
        unlessUnknown(() => {
            const ids = [get(global.props, "globalClusterIdentifier"), get(global.props, "id")]
                .map(asString)
                .filter((v): v is string => v !== undefined);
            const source = lookup(get(global.props, "sourceDbClusterIdentifier"));
            union(global, source);
            for (const id of ids) {
                for (const member of globalMembers.get(`${storeKindOf(global.type)}|${id}`) ?? []) {
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
            regionCache.set(r, containerTypes.includes(r.type) ? undefined : regionOf(r));
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
            (m) =>
                !replicas.has(m) && !containerTypes.includes(m.type) && m.type !== tableReplicaType,
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
