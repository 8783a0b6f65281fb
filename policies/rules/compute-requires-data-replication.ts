import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { DataStoreManifestEntry, dataStoresOutputName } from "../lib/manifest";
import { asArray, asRecord, asString, get, UnknownTracker, unlessUnknown } from "../lib/props";
import { regionOf, regionOfArn } from "../lib/region";
import { GraphResource, ReplicationGraph, StoreKind, replicationGraph } from "../lib/replication";
import {
    clusterType,
    computeTypes,
    dbInstanceType,
    describe,
    stackReferenceType,
    stackType,
    tableReplicaType,
} from "../lib/types";

/** Defaults of `compute-requires-data-replication`'s config. */
export const computeRequiresDataReplicationDefaults = {
    /**
     * Without a data-store manifest, treat a StackReference to another region's stack as a data
     * dependency. Turn off for stacks that reference other regions only for non-data outputs.
     */
    stackReferenceHeuristic: true,
};

const replicaHints: Readonly<Record<StoreKind, string>> = {
    dynamodb: "add an aws.dynamodb.TableReplica or a replicas entry there",
    aurora: "add a secondary cluster there to an Aurora global database",
    rds: "add a cross-region read replica with replicateSourceDb there",
    s3: "add an aws.s3.BucketReplicationConfig rule to a bucket there",
};

const kindLabels: Readonly<Record<string, string>> = {
    dynamodb: "DynamoDB table",
    aurora: "Aurora cluster",
    rds: "RDS instance",
    s3: "S3 bucket",
};

function listRegions(regions: Iterable<string>): string {
    const sorted = [...regions].sort();
    return sorted.length <= 1
        ? sorted.join("")
        : `${sorted.slice(0, -1).join(", ")} and ${sorted[sorted.length - 1]}`;
}

function computeIn(
    compute: { resource: PolicyResource; region: string }[],
    region: string,
): string {
    return compute
        .filter((c) => c.region === region)
        .map((c) => describe(c.resource))
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
        ref.endsWith(`:${entry.identifier}`) ||
        ref === `arn:aws:s3:::${entry.identifier}`
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

/** Regions a referenced stack's outputs point at: a `region` output and regional ARNs. */
function outputRegions(outputs: Record<string, unknown>): Set<string> {
    const regions = new Set<string>();
    const region = unlessUnknown(() => asString(outputs.region), undefined);
    if (region) {
        regions.add(region);
    }
    const walk = (value: unknown, depth: number) => {
        if (depth > 4) {
            return;
        }
        unlessUnknown(() => {
            const arnRegion = regionOfArn(value);
            if (arnRegion) {
                regions.add(arnRegion);
            } else if (Array.isArray(value)) {
                value.forEach((v) => walk(v, depth + 1));
            } else if (value !== null && typeof value === "object") {
                Object.values(value).forEach((v) => walk(v, depth + 1));
            }
        }, undefined);
    };
    walk(outputs, 0);
    return regions;
}

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
    configSchema: schemaFor(computeRequiresDataReplicationDefaults, {
        stackReferenceHeuristic:
            "When a referenced stack exports no dataStores manifest, treat a StackReference to another region's stack plus compute here without any data replica here as a violation.",
    }),
    validateStack: (args, reportViolation) => {
        const { stackReferenceHeuristic } = configWithDefaults(
            args,
            computeRequiresDataReplicationDefaults,
        );
        const unknowns = new UnknownTracker();
        const compute = args.resources
            .filter((r) => computeTypes.includes(r.type))
            .map((resource) => ({ resource, region: regionOf(resource) }))
            .filter(
                (c): c is { resource: PolicyResource; region: string } => c.region !== undefined,
            );
        if (compute.length === 0) {
            args.notApplicable("the stack runs no compute");
        }
        const computeRegions = new Set(compute.map((c) => c.region));
        const graph = replicationGraph(args.resources);

        // One stack spanning regions: each store must reach every region that runs compute.
        if (computeRegions.size >= 2) {
            for (const group of graph.groups) {
                const home = [...group.regions].filter((r) => computeRegions.has(r));
                if (home.length === 0) {
                    continue;
                }
                const missing = [...computeRegions].filter((r) => !group.regions.has(r)).sort();
                for (const region of missing) {
                    reportViolation(
                        `Replicate ${describe(group.source)} into ${region}; ${replicaHints[group.kind]}. It lives only in ${listRegions(group.regions)}, but compute runs in ${listRegions(computeRegions)} (${computeIn(compute, region)} in ${region}), so ${region} cannot serve when ${listRegions(group.regions)} fails.`,
                        group.source.urn,
                    );
                }
            }
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
                const referenced = outputRegions(outputs);
                if (referenced.size === 0) {
                    return;
                }
                const replicaRegions = new Set(
                    [
                        ...graph.replicas,
                        ...graph.groups.filter((g) => g.regions.size > 1).flatMap((g) => g.members),
                    ]
                        .map((r) => graph.regionOf(r))
                        .filter((r): r is string => r !== undefined),
                );
                for (const region of [...computeRegions].sort()) {
                    if (referenced.has(region) || replicaRegions.has(region)) {
                        continue;
                    }
                    reportViolation(
                        `Add a data-store replica in ${region}, or export a "${dataStoresOutputName}" manifest from stack ${JSON.stringify(refName)}: compute here runs in ${region} (${computeIn(compute, region)}) and reads that stack, which is in ${listRegions(referenced)}, through a StackReference. A stack that reads another region's stack usually depends on its data, and this stack replicates no data store into ${region}, so it cannot serve when ${listRegions(referenced)} fails.`,
                        ref.urn,
                    );
                }
            });
        }
        unknowns.rethrow();
    },
};
