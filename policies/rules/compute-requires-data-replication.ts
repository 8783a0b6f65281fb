import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { BucketUses, bucketUses, notAppData } from "../lib/app-data";
import { configWithDefaults, schemaFor } from "../lib/config";
import { DeploymentView, deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import { DataStoreManifestEntry, dataStoresOutputName } from "../lib/manifest";
import { asArray, asRecord, asString, get, UnknownTracker, unlessUnknown } from "../lib/props";
import { regionOf, regionOfArn } from "../lib/region";
import { GraphResource, ReplicationGraph, StoreKind, replicationGraph } from "../lib/replication";
import {
    clusterType,
    dbInstanceType,
    stackReferenceType,
    stackType,
    tableReplicaType,
} from "../lib/types";
import { computeTypes, describe } from "../lib/catalog";

/** Defaults of `compute-requires-data-replication`'s config. */
export const computeRequiresDataReplicationDefaults = {
    /**
     * Without a data-store manifest, treat a StackReference to another region's stack as a data
     * dependency. Turn off for stacks that reference other regions only for non-data outputs.
     */
    stackReferenceHeuristic: true,
};

/** How each kind of store reaches another region: the fix, phrased for "there". */
export const replicaHints: Readonly<Record<StoreKind, string>> = {
    dynamodb: "add an aws.dynamodb.TableReplica or a replicas entry there",
    aurora: "add a secondary cluster there to an Aurora global database",
    rds: "add a cross-region read replica with replicateSourceDb there",
    s3: "add an aws.s3.BucketReplicationConfig rule to a bucket there",
    docdb: "add a secondary cluster there to a DocumentDB global cluster (aws.docdb.GlobalCluster)",
    neptune:
        "add a secondary cluster there to a Neptune global database (aws.neptune.GlobalCluster)",
    elasticache:
        "add a replication group there to an ElastiCache global datastore (aws.elasticache.GlobalReplicationGroup)",
    efs: "add an aws.efs.ReplicationConfiguration whose destination is there",
    opensearch:
        "add a follower domain there with an aws.opensearch.OutboundConnection to this domain and a replication rule",
    dsql: "make it an Aurora DSQL multi-region cluster with a peer there (multiRegionProperties or aws.dsql.ClusterPeering)",
};

/**
 * The fix for `group`, phrased for "there". A DynamoDB table replicates through its stream, and
 * AWS refuses a replica (a replicas entry or a TableReplica) of a table without one, so the fix
 * for a table without NEW_AND_OLD_IMAGES streams says to turn them on first.
 */
export function replicaHint(group: { kind: StoreKind; source: GraphResource }): string {
    const hint = replicaHints[group.kind];
    if (group.kind !== "dynamodb" || group.source.type !== "aws:dynamodb/table:Table") {
        return hint;
    }
    const streams = unlessUnknown(
        () =>
            get(group.source.props, "streamEnabled") === true &&
            asString(get(group.source.props, "streamViewType")) === "NEW_AND_OLD_IMAGES",
        true,
    );
    return streams
        ? hint
        : `set streamEnabled: true and streamViewType: "NEW_AND_OLD_IMAGES" on it (global tables replicate through the stream, and AWS refuses a replica of a table without one), then ${hint}`;
}

const kindLabels: Readonly<Record<string, string>> = {
    dynamodb: "DynamoDB table",
    aurora: "Aurora cluster",
    rds: "RDS instance",
    s3: "S3 bucket",
};

/** ARN services whose resources hold data (a StackReference output naming one is a dependency). */
const dataArnServices = new Set([
    "dynamodb",
    "rds",
    "s3",
    "elasticache",
    "elasticfilesystem",
    "es",
    "aoss",
    "dsql",
    "docdb-elastic",
    "neptune-graph",
    "memorydb",
    "redshift",
    "cassandra",
]);

/** Output names that name a data store by its plain name or ID. */
const dataOutputName = /(table|bucket|database|^db|Db[A-Z]|filesystem|datastore|dataStore)/i;

function listRegions(regions: Iterable<string>): string {
    const sorted = [...regions].sort();
    return sorted.length <= 1
        ? // Stryker disable next-line StringLiteral: never called with no region (callers skip empty sets), and one region joins to itself with any separator
          sorted.join("")
        : `${sorted.slice(0, -1).join(", ")} and ${sorted[sorted.length - 1]}`;
}

interface Compute {
    resource: PolicyResource;
    region: string;
    /** The stack it belongs to, when it is another stack's. */
    stack?: string;
}

function computeIn(compute: readonly Compute[], region: string): string {
    return compute
        .filter((c) => c.region === region)
        .map((c) => describe(c.resource) + (c.stack ? ` of stack ${JSON.stringify(c.stack)}` : ""))
        .join(", ");
}

/** Parse a manifest, keeping only well-formed entries. */
function manifestEntries(value: unknown): DataStoreManifestEntry[] {
    return asArray(value).flatMap((raw) => {
        const kind = asString(get(raw, "kind"));
        const arn = asString(get(raw, "arn"));
        const region = asString(get(raw, "region"));
        if (!kind || !arn || !region) {
            return [];
        }
        return [
            {
                kind: kind as DataStoreManifestEntry["kind"],
                arn,
                region,
                identifier: asString(get(raw, "identifier")) ?? arn,
                replication: (asString(get(raw, "replication")) ??
                    "none") as DataStoreManifestEntry["replication"],
                sourceArn: asString(get(raw, "sourceArn")),
            },
        ];
    });
}

function refersTo(ref: string | undefined, entry: DataStoreManifestEntry): boolean {
    if (!ref) {
        return false;
    }
    return (
        ref === entry.arn ||
        ref === entry.identifier ||
        ref.endsWith(`/${entry.identifier}`) ||
        // An S3 ARN (`arn:aws:s3:::<bucket>`) is matched here too.
        ref.endsWith(`:${entry.identifier}`)
    );
}

/** Whether this stack holds a replica of `entry` in `region`. */
function hasLocalReplica(
    resources: readonly PolicyResource[],
    graph: ReplicationGraph,
    entry: DataStoreManifestEntry,
    region: string,
): boolean {
    const here = (r: GraphResource) => graph.regionOf(r) === region;
    for (const r of resources) {
        const found = unlessUnknown(() => {
            const p = r.props;
            if (r.type === tableReplicaType) {
                return here(r) && refersTo(asString(p.globalTableArn), entry);
            }
            if (r.type === clusterType) {
                return (
                    here(r) &&
                    (refersTo(asString(p.replicationSourceIdentifier), entry) ||
                        refersTo(asString(p.globalClusterIdentifier), entry) ||
                        // The manifest names the primary cluster, a secondary names the global
                        // cluster; membership in any global database is the best evidence here.
                        (entry.kind === "aurora" &&
                            asString(p.globalClusterIdentifier) !== undefined))
                );
            }
            if (r.type === dbInstanceType) {
                return here(r) && refersTo(asString(p.replicateSourceDb), entry);
            }
            return false;
        }, false);
        if (found) {
            return true;
        }
    }
    return graph.s3Replications.some(
        (rep) =>
            refersTo(
                unlessUnknown(() => asString(get(rep.declaredBy.props, "bucket")), undefined),
                entry,
            ) &&
            rep.destination !== undefined &&
            graph.regionOf(rep.destination) === region,
    );
}

/**
 * Regions of the data stores a referenced stack's outputs name: ARNs of data services (DynamoDB,
 * RDS, S3, ElastiCache, EFS, OpenSearch, ...) and outputs named for a store (`tableName`,
 * `bucket`), in the ARN's region or the stack's `region` output. An SNS topic, a KMS key or an
 * IAM role is not a data store, so outputs that only name those are no data dependency.
 */
export function dataRegionsOfOutputs(outputs: Record<string, unknown>): Set<string> {
    const regions = new Set<string>();
    const stackRegion = unlessUnknown(() => asString(outputs.region), undefined);
    const walk = (key: string, value: unknown, depth: number) => {
        if (depth > 4) {
            return;
        }
        unlessUnknown(() => {
            const text = asString(value);
            if (text?.startsWith("arn:")) {
                const service = text.split(":")[2];
                // Stryker disable next-line StringLiteral: the fallback only stands for a missing service, which no replacement string names
                if (dataArnServices.has(service ?? "")) {
                    const region = regionOfArn(text) ?? stackRegion;
                    if (region) {
                        regions.add(region);
                    }
                }
            } else if (text !== undefined) {
                if (dataOutputName.test(key) && stackRegion) {
                    regions.add(stackRegion);
                }
            } else if (Array.isArray(value)) {
                value.forEach((v) => walk(key, v, depth + 1));
            } else if (value !== null && typeof value === "object") {
                Object.entries(value).forEach(([k, v]) => walk(k, v, depth + 1));
            }
        }, undefined);
    };
    Object.entries(outputs).forEach(([k, v]) => walk(k, v, 0));
    return regions;
}

/** Compute of the whole deployment with a known region. */
function computeOf(view: DeploymentView): Compute[] {
    return view.resources
        .filter((r) => computeTypes.includes(r.type))
        .flatMap((resource) => {
            const region = regionOf(resource);
            return region ? [{ resource, region, stack: view.stackOf(resource) }] : [];
        });
}

const schema = schemaFor(computeRequiresDataReplicationDefaults, {
    stackReferenceHeuristic:
        "When a referenced stack exports no dataStores manifest, treat a StackReference whose outputs name data stores (ARNs of data services, table or bucket names) in another region, plus compute here without any data replica here, as a violation.",
});
schema.properties.deployment = deploymentSchema as (typeof schema.properties)[string];

/**
 * Compute that can run in a region whose data is not there is not a failover, it is an outage
 * with servers. Checked in one stack spanning regions, and across stacks through StackReferences.
 */
export const computeRequiresDataReplication: StackValidationPolicy = {
    name: "compute-requires-data-replication",
    description:
        "Compute that runs in a region must have the data it serves replicated into that region: a database or bucket in only one region cannot back compute in another.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Replicate each data store into every region that runs compute: DynamoDB global table replicas, an Aurora global database secondary, an RDS cross-region read replica, or S3 cross-region replication. For stacks that read another region's stack, export our `dataStores` manifest from it so the policy can match replicas precisely, or disable stackReferenceHeuristic if the reference carries no data dependency.",
    url: "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
    configSchema: schema,
    validateStack: (args, reportViolation) => {
        const { stackReferenceHeuristic } = configWithDefaults(
            args,
            computeRequiresDataReplicationDefaults,
        );
        const view = deploymentView(args.resources, rawConfig(args));
        const unknowns = new UnknownTracker();
        const compute = computeOf(view);
        if (compute.length === 0) {
            args.notApplicable(
                view.projectWide ? "the deployment runs no compute" : "the stack runs no compute",
            );
        }
        const computeRegions = new Set(compute.map((c) => c.region));
        const graph = replicationGraph(view.resources);
        const logBuckets = bucketUses(view.resources, graph);
        if (computeRegions.size >= 2) {
            checkGroups(view, graph, logBuckets, compute, computeRegions, reportViolation);
        }

        // Another region's stack read through a StackReference.
        const stackOutputs = args.resources
            .filter((r) => r.type === stackType)
            .flatMap((r) =>
                unlessUnknown(
                    () =>
                        manifestEntries(
                            get(r.props, dataStoresOutputName) ??
                                get(r.props, "outputs", dataStoresOutputName),
                        ),
                    [],
                ),
            );
        for (const ref of args.resources.filter((r) => r.type === stackReferenceType)) {
            unknowns.guard(() => {
                const refName = asString(ref.props.name) ?? ref.name;
                if (view.stackNames.has(refName)) {
                    // The referenced stack is part of the deployment analyzed as a whole above.
                    return;
                }
                const outputs = asRecord(ref.props.outputs) ?? {};
                if (dataStoresOutputName in outputs) {
                    const entries = manifestEntries(outputs[dataStoresOutputName]);
                    for (const entry of entries.filter((e) => e.sourceArn === undefined)) {
                        for (const region of [...computeRegions].sort()) {
                            if (entry.region === region) {
                                continue;
                            }
                            const covered =
                                hasLocalReplica(args.resources, graph, entry, region) ||
                                [...entries, ...stackOutputs].some(
                                    (e) => e.region === region && e.sourceArn === entry.arn,
                                );
                            if (!covered) {
                                reportViolation(
                                    `Replicate ${kindLabels[entry.kind] ?? entry.kind} ${JSON.stringify(entry.identifier)} from stack ${JSON.stringify(refName)} into ${region}; ${replicaHints[entry.kind as StoreKind] ?? "add a replica there"}. Compute here runs in ${region} (${computeIn(compute, region)}), but the store lives in ${entry.region} and this stack has no replica of it in ${region}.`,
                                    ref.urn,
                                );
                            }
                        }
                    }
                    return;
                }
                if (!stackReferenceHeuristic) {
                    return;
                }
                const referenced = dataRegionsOfOutputs(outputs);
                if (referenced.size === 0) {
                    return;
                }
                // Regions a store of this stack has a copy in: a replica resource's, and every
                // region of a replicated group (inline replicas, such as a table's `replicas`
                // entries, are regions of the group but no resource of their own).
                const replicaRegions = new Set([
                    ...[...graph.replicas]
                        .map((r) => graph.regionOf(r))
                        .filter((r): r is string => r !== undefined),
                    ...graph.groups
                        .filter((g) => g.regions.size > 1)
                        .flatMap((g) => [...g.regions]),
                ]);
                for (const region of [...computeRegions].sort()) {
                    if (referenced.has(region) || replicaRegions.has(region)) {
                        continue;
                    }
                    reportViolation(
                        `Add a data-store replica in ${region}, or export a "${dataStoresOutputName}" manifest from stack ${JSON.stringify(refName)}: compute here runs in ${region} (${computeIn(compute, region)}) and reads data stores of that stack, which are in ${listRegions(referenced)}, through a StackReference, and this stack replicates no data store into ${region}, so it cannot serve when ${listRegions(referenced)} fails.`,
                        ref.urn,
                    );
                }
            });
        }
        unknowns.rethrow();
    },
};

/** Each store group of the deployment must reach every region that runs compute. */
function checkGroups(
    view: DeploymentView,
    graph: ReplicationGraph,
    logBuckets: BucketUses,
    compute: readonly Compute[],
    computeRegions: ReadonlySet<string>,
    reportViolation: (message: string, urn?: string) => void,
) {
    const cacheRegions = new Set(
        graph.groups
            .filter((g) => g.kind === "elasticache" && g.members.length === 1)
            .flatMap((g) => [...g.regions]),
    );
    const all = listRegions(computeRegions);
    for (const group of graph.groups) {
        // Each store is judged once, in the stack that owns its writable copy.
        if (!view.isOwn(group.source) || group.regions.size === 0) {
            continue;
        }
        if (group.members.some((m) => notAppData(m, logBuckets) !== undefined)) {
            continue;
        }
        const here = listRegions(group.regions);
        const home = [...group.regions].filter((r) => computeRegions.has(r));
        if (home.length === 0) {
            reportViolation(
                `Replicate ${describe(group.source)} into the regions that run compute, or move it there; ${replicaHint(group)}. It lives only in ${here}, where no compute runs, and compute in ${all} depends on it, so losing ${here} stops every region: the store is a single point of failure.`,
                group.source.urn,
            );
            continue;
        }
        const missing = [...computeRegions].filter((r) => !group.regions.has(r)).sort();
        for (const region of missing) {
            // A cache per region is regional by design: each region warms its own.
            if (group.kind === "elasticache" && cacheRegions.has(region)) {
                continue;
            }
            reportViolation(
                `Replicate ${describe(group.source)} into ${region}; ${replicaHint(group)}. It lives only in ${here}, but compute runs in ${all} (${computeIn(compute, region)} in ${region}), so ${region} cannot serve when ${here} fails.`,
                group.source.urn,
            );
        }
    }
}
