/**
 * Data replication that spans regions and is owned by the global stack: the S3 replication
 * configuration of the primary's bucket, with one rule per secondary (multi-destination), and,
 * with `data.s3MultiRegionAccessPoint`, the Multi-Region Access Point over every region's bucket.
 * Here rather than in a secondary, because a failover updates the secondary and must never need
 * the primary's region (issue 14); the global stack is deployed after every regional stack, so it
 * sees all the buckets, and it is not updated during a failover.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ReplicationEnd, S3Replication } from "../components/data/s3Replication";
import { StackConfig } from "./config";
import { PrimaryDataContract } from "./contract";

/** What the global stack reads of one regional stack's data. */
export interface RegionalDataView {
    /** The regional stack's name, for messages. */
    stack: string;
    role: "primary" | "secondary";
    region: string;
    /** The stack's `data` output (the primary's contract, or a secondary's bucket). */
    data?: PrimaryDataContract;
}

/** The S3 replication plan: the primary's bucket and one destination per secondary bucket. */
export interface S3ReplicationPlan {
    source: ReplicationEnd;
    destinations: ReplicationEnd[];
    replicationTimeControl: boolean;
    deleteMarkerReplication: boolean;
}

/**
 * The replication from the primary's bucket to every secondary's, or undefined when no bucket
 * replicates; `rule` is the global stack's own setting, used when the primary exports none. A secondary with a bucket but a primary without one, or two primaries, is an error.
 */
export function s3ReplicationPlan(
    views: readonly RegionalDataView[],
    rule: { replicationTimeControl: boolean; deleteMarkerReplication: boolean },
): S3ReplicationPlan | undefined {
    const primaries = views.filter((v) => v.role === "primary");
    if (primaries.length > 1) {
        throw new Error(
            `regionalStacks: ${primaries.map((p) => p.stack).join(", ")} are all primaries; one bucket is the replication source`,
        );
    }
    const end = (v: RegionalDataView): ReplicationEnd | undefined =>
        v.data?.s3
            ? { bucketArn: v.data.s3.bucketArn, kmsKeyArn: v.data.s3.kmsKeyArn, region: v.region }
            : undefined;
    const destinations = views
        .filter((v) => v.role === "secondary")
        .map(end)
        .filter((e): e is ReplicationEnd => e !== undefined)
        .sort((a, b) => a.region.localeCompare(b.region));
    const source = primaries[0] ? end(primaries[0]) : undefined;
    if (!source) {
        if (destinations.length > 0) {
            throw new Error(
                `regionalStacks: secondaries in ${destinations.map((d) => d.region).join(", ")} have S3 buckets, but no primary exports one to replicate from`,
            );
        }
        return undefined;
    }
    if (destinations.length === 0) {
        return undefined;
    }
    // The primary's own settings win: its manifest already promises them to the policy pack.
    const s3 = primaries[0].data?.s3;
    return {
        source,
        destinations,
        replicationTimeControl: s3?.replicationTimeControl ?? rule.replicationTimeControl,
        deleteMarkerReplication: s3?.deleteMarkerReplication ?? rule.deleteMarkerReplication,
    };
}

/** A referenced stack's output as a plain value, or undefined when it has none. */
async function optionalOutput<T>(ref: pulumi.StackReference, key: string): Promise<T | undefined> {
    const details = await ref.getOutputDetails(key);
    return (details.value ?? details.secretValue) as T | undefined;
}

/** Read what the global stack needs of each regional stack's data. */
export async function readRegionalData(
    refs: ReadonlyMap<string, pulumi.StackReference>,
): Promise<RegionalDataView[]> {
    const views: RegionalDataView[] = [];
    for (const [stack, ref] of refs) {
        const role = await optionalOutput<"primary" | "secondary">(ref, "role");
        const region = await optionalOutput<string>(ref, "region");
        if (role === undefined || region === undefined) {
            continue;
        }
        views.push({ stack, role, region, data: await optionalOutput(ref, "data") });
    }
    return views;
}

/**
 * The cross-region data resources of the global stack. `providerFor` returns the stack's provider
 * for a region (one per region, shared with the routing layer).
 */
export async function globalData(
    config: StackConfig,
    refs: ReadonlyMap<string, pulumi.StackReference>,
    providerFor: (region: string) => aws.Provider,
): Promise<Record<string, unknown>> {
    const views = await readRegionalData(refs);
    const plan = s3ReplicationPlan(views, {
        replicationTimeControl: config.data.s3ReplicationTimeControl,
        deleteMarkerReplication: config.data.s3DeleteMarkerReplication,
    });
    if (!plan) {
        return {};
    }
    const rule = {
        replicationTimeControl: plan.replicationTimeControl,
        deleteMarkerReplication: plan.deleteMarkerReplication,
    };
    // The configuration belongs to the source bucket, so it goes through its region's provider.
    new S3Replication(
        `s3-replication-${plan.source.region}`,
        { source: plan.source, destinations: plan.destinations, rule },
        { providers: { aws: providerFor(plan.source.region) } },
    );
    // And back: what a standby's tasks write while it serves reaches the primary's bucket before
    // a failback, with no copy step (S3 replicates one way per configuration, so each secondary
    // bucket gets its own, to the primary). Objects that arrived as replicas are not replicated
    // again, so nothing loops; with several secondaries, a standby's writes reach the primary,
    // not the other secondaries.
    for (const secondary of plan.destinations) {
        new S3Replication(
            `s3-replication-${secondary.region}`,
            { source: secondary, destinations: [plan.source], rule },
            { providers: { aws: providerFor(secondary.region) } },
        );
    }
    return {
        s3Replication: {
            source: plan.source.bucketArn,
            destinations: plan.destinations.map((d) => d.bucketArn),
            back: Object.fromEntries(
                plan.destinations.map((d) => [d.bucketArn, plan.source.bucketArn]),
            ),
        },
    };
}
