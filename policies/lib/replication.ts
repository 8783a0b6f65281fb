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

/**
 * The graph as it is built: stores joined into groups (union-find), the replicas, the regions a
 * store reaches beyond its own, and the S3 replication rules. Each `link*` method reads one kind
 * of replication a resource declares.
 */
class GraphBuilder {
    readonly stores: GraphResource[];
    private readonly byKey = new Map<string, GraphResource>();
    private readonly parent: Map<GraphResource, GraphResource>;
    readonly replicas = new Set<GraphResource>();
    readonly extraRegions = new Map<GraphResource, string[]>();
    readonly s3Replications: S3Replication[] = [];
    /** Members of each global cluster, by `<kind>|<global id>`. */
    readonly globalMembers = new Map<string, GraphResource[]>();

    constructor(resources: readonly GraphResource[]) {
        this.stores = resources.filter(
            (r) =>
                storeKindOf(r.type) !== undefined &&
                !unlessUnknown(() => isRegionalEvidence(get(r.props, "tags")), false),
        );
        for (const store of this.stores) {
            for (const key of referenceKeys(store)) {
                if (!this.byKey.has(key)) {
                    this.byKey.set(key, store);
                }
            }
        }
        this.parent = new Map(this.stores.map((s) => [s, s]));
    }

    /** The store a reference (ARN, name, id) names, if it is in the stack. */
    readonly lookup = (ref: unknown): GraphResource | undefined => {
        const value = asString(ref);
        if (!value) {
            return undefined;
        }
        // RDS, DocumentDB and Neptune cluster ARNs end in `:cluster:<identifier>`.
        const clusterId = /:cluster:([^:/]+)$/.exec(value)?.[1];
        return (
            this.byKey.get(value) ??
            this.byKey.get(s3Name(value)) ??
            (clusterId ? this.byKey.get(clusterId) : undefined)
        );
    };

    /**
     * A reference whose value is known names its store: when that store is not in this stack it
     * lives elsewhere (another stack), and a dependency must not stand in for it. Only a value
     * that is not known yet falls back to the store the property depends on.
     */
    viaDependency(resource: GraphResource, property: string): GraphResource | undefined {
        return asString(get(resource.props, property)) !== undefined
            ? undefined
            : (resource.propertyDependencies?.[property] ?? []).find(
                  (dep) => storeKindOf(dep.type) !== undefined,
              );
    }

    /** The store `property` of `resource` names, by value or else by dependency. */
    named(resource: GraphResource, property: string): GraphResource | undefined {
        return this.lookup(get(resource.props, property)) ?? this.viaDependency(resource, property);
    }

    find(r: GraphResource): GraphResource {
        let node = r;
        while (this.parent.get(node) !== node) {
            node = this.parent.get(node)!;
        }
        return node;
    }

    union(a: GraphResource | undefined, b: GraphResource | undefined): void {
        if (a && b && this.parent.has(a) && this.parent.has(b)) {
            this.parent.set(this.find(a), this.find(b));
        }
    }

    /** `replica` copies `source` (when both are in the stack). */
    replicaOf(replica: GraphResource, source: GraphResource | undefined): void {
        this.replicas.add(replica);
        this.union(replica, source);
    }

    addRegion(store: GraphResource, region: string): void {
        this.extraRegions.set(store, [...(this.extraRegions.get(store) ?? []), region]);
    }

    addS3Rules(declaredBy: GraphResource, source: GraphResource | undefined, rules: unknown): void {
        for (const rule of asArray(rules)) {
            unlessUnknown(() => {
                if (asString(get(rule, "status")) === "Disabled") {
                    return;
                }
                const destinationRef = asString(get(rule, "destination", "bucket")) ?? "";
                const destination = this.lookup(destinationRef);
                this.s3Replications.push({
                    declaredBy,
                    ruleId: asString(get(rule, "id")) ?? "",
                    source,
                    destinationRef,
                    destination,
                    rule,
                });
                if (destination) {
                    this.replicas.add(destination);
                    this.union(source, destination);
                }
            }, undefined);
        }
    }

    /**
     * OpenSearch cross-cluster replication runs over an outbound connection between two domains:
     * the follower (local) pulls the leader's (remote) indexes.
     */
    linkDomains(connection: GraphResource): void {
        const local = this.lookup(get(connection.props, "localDomainInfo", "domainName"));
        const remote = this.lookup(get(connection.props, "remoteDomainInfo", "domainName"));
        if (local && remote) {
            this.replicaOf(local, remote);
        } else if (remote ?? local) {
            const known = (remote ?? local)!;
            const side = remote ? "localDomainInfo" : "remoteDomainInfo";
            const region = asString(get(connection.props, side, "region"));
            if (region) {
                this.addRegion(known, region);
            }
        }
    }

    /** An Aurora DSQL multi-region cluster lists its peers' ARNs (on the cluster or a peering). */
    linkDsql(resource: GraphResource): void {
        const peerRefs = asArray(get(resource.props, "clusters")).map((c) => String(c));
        const self =
            resource.type === dsqlClusterType
                ? resource
                : (this.named(resource, "identifier") ??
                  // The cluster the peering belongs to is the dependency it does not list as a peer.
                  resource.dependencies?.find(
                      (d) =>
                          d.type === dsqlClusterType &&
                          !peerRefs.includes(asString(get(d.props, "arn")) ?? "\0"),
                  ));
        const peers =
            resource.type === dsqlClusterType
                ? asArray(get(resource.props, "multiRegionProperties", "clusters"))
                : asArray(get(resource.props, "clusters"));
        for (const peerRef of peers) {
            const peer = unlessUnknown(() => this.lookup(peerRef), undefined);
            if (peer) {
                this.union(self, peer);
            } else if (self) {
                const region = unlessUnknown(() => regionOfArn(peerRef), undefined);
                if (region) {
                    this.addRegion(self, region);
                }
            }
        }
    }

    /** A cluster that replicates another, or joins a global cluster. */
    linkMemberCluster(resource: GraphResource): void {
        const p = resource.props;
        if (asString(get(p, "replicationSourceIdentifier"))) {
            this.replicaOf(resource, this.named(resource, "replicationSourceIdentifier"));
        }
        const globalId = asString(get(p, "globalClusterIdentifier"));
        if (globalId) {
            const key = `${storeKindOf(resource.type)}|${globalId}`;
            this.globalMembers.set(key, [...(this.globalMembers.get(key) ?? []), resource]);
        }
    }

    /** An ElastiCache replication group that joins a global datastore is one of its secondaries. */
    linkReplicationGroup(resource: GraphResource): void {
        const globalId = asString(get(resource.props, "globalReplicationGroupId"));
        // The datastore's ID is computed by AWS; an input built from it still depends on it.
        const global =
            this.named(resource, "globalReplicationGroupId") ??
            resource.dependencies?.find((d) => d.type === cacheGlobalDatastoreType);
        if (globalId || global) {
            this.replicaOf(resource, global);
        }
    }

    /** EFS replication; EFS creates the destination file system itself unless one is named. */
    linkEfs(resource: GraphResource): void {
        const p = resource.props;
        const source = this.named(resource, "sourceFileSystemId");
        const destination = this.lookup(get(p, "destination", "fileSystemId"));
        if (destination) {
            this.replicas.add(destination);
            this.union(source, destination);
        }
        const region = asString(get(p, "destination", "region"));
        if (source && region) {
            this.addRegion(source, region);
        }
    }

    /** Whatever replication `resource` declares. */
    link(resource: GraphResource): void {
        const p = resource.props;
        const type = resource.type;
        if (bucketReplicationTypes.includes(type)) {
            this.addS3Rules(resource, this.named(resource, "bucket"), get(p, "rules"));
        } else if (bucketTypes.includes(type)) {
            this.addS3Rules(resource, resource, get(p, "replicationConfiguration", "rules"));
        } else if (type === tableType) {
            const regions = asArray(get(p, "replicas"))
                .map((replica) =>
                    unlessUnknown(() => asString(get(replica, "regionName")), undefined),
                )
                .filter((r): r is string => r !== undefined);
            this.extraRegions.set(resource, regions);
        } else if (type === tableReplicaType) {
            this.replicaOf(resource, this.named(resource, "globalTableArn"));
        } else if (memberClusterTypes.includes(type)) {
            this.linkMemberCluster(resource);
        } else if (type === cacheReplicationGroupType) {
            this.linkReplicationGroup(resource);
        } else if (type === cacheGlobalDatastoreType) {
            this.union(resource, this.named(resource, "primaryReplicationGroupId"));
        } else if (type === efsReplicationType) {
            this.linkEfs(resource);
        } else if (type === openSearchConnectionType) {
            this.linkDomains(resource);
        } else if (type === dsqlClusterType || type === dsqlPeeringType) {
            this.linkDsql(resource);
        } else if (type === dbInstanceType && asString(get(p, "replicateSourceDb"))) {
            this.replicaOf(resource, this.named(resource, "replicateSourceDb"));
        }
    }

    /** Join each global cluster to its source and members; later members are secondaries. */
    linkGlobalClusters(resources: readonly GraphResource[]): void {
        for (const global of resources.filter((r) => globalClusterTypes.includes(r.type))) {
            unlessUnknown(() => {
                const ids = [get(global.props, "globalClusterIdentifier"), get(global.props, "id")]
                    .map(asString)
                    .filter((v): v is string => v !== undefined);
                this.union(global, this.lookup(get(global.props, "sourceDbClusterIdentifier")));
                for (const id of ids) {
                    const key = `${storeKindOf(global.type)}|${id}`;
                    for (const member of this.globalMembers.get(key) ?? []) {
                        this.union(global, member);
                    }
                }
            }, undefined);
        }
        for (const members of this.globalMembers.values()) {
            // Every cluster of a global database after the first to be declared is a secondary.
            members.slice(1).forEach((m) => this.replicas.add(m));
            for (const member of members.slice(1)) {
                this.union(members[0], member);
            }
        }
    }

    /** The groups of stores that hold the same data, with the regions each reaches. */
    groups(resolveRegion: (r: GraphResource) => string | undefined): StoreGroup[] {
        const groupsByRoot = new Map<GraphResource, GraphResource[]>();
        for (const store of this.stores) {
            const root = this.find(store);
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
                (this.extraRegions.get(member) ?? []).forEach((r) => regions.add(r));
            }
            const writable = members.filter(
                (m) =>
                    !this.replicas.has(m) &&
                    !containerTypes.includes(m.type) &&
                    m.type !== tableReplicaType,
            );
            groups.push({
                kind: storeKindOf(members[0].type)!,
                source: writable[0] ?? members[0],
                members,
                regions,
            });
        }
        return groups;
    }
}

/** Build the replication graph of `resources`. */
export function replicationGraph(resources: readonly GraphResource[]): ReplicationGraph {
    const graph = new GraphBuilder(resources);
    for (const resource of resources) {
        unlessUnknown(() => graph.link(resource), undefined);
    }
    graph.linkGlobalClusters(resources);
    const regionCache = new Map<GraphResource, string | undefined>();
    const resolveRegion = (r: GraphResource) => {
        if (!regionCache.has(r)) {
            // A global cluster has no region of its own; its members say where the data is.
            regionCache.set(r, containerTypes.includes(r.type) ? undefined : regionOf(r));
        }
        return regionCache.get(r);
    };
    return {
        groups: graph.groups(resolveRegion),
        s3Replications: graph.s3Replications,
        replicas: graph.replicas,
        lookup: graph.lookup,
        regionOf: resolveRegion,
    };
}
