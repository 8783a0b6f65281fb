/**
 * `--region-down REGION`: does the failover path need the Region that failed?
 *
 * The Region switch plan runs from the Region it activates. The documented fallback, raising a
 * standby with `failover.activate=true` and `pulumi up` on its stack, must not need the failed
 * Region either: every resource and provider of a stack that the failover updates has to live
 * elsewhere. Stacks that deployed before the outage (the primary) are evaluated as they were,
 * and the routing stack is not updated by a failover (its records follow health checks and the
 * plan), so only the recovery stacks are held to this.
 */
import { StackRecord } from "./engine/types";

/** One thing a failover update would need from a Region that is down. */
export interface RegionDownFinding {
    stack: string;
    urn: string;
    type: string;
    name: string;
    region: string;
}

/** The stacks a failover updates: every secondary (they are activated); never primary or global. */
export function stacksAFailoverUpdates(records: readonly StackRecord[]): string[] {
    return records.filter((r) => r.role === "secondary").map((r) => r.stack);
}

/**
 * When none of the down Regions holds a primary stack, users keep being served by the primary and
 * nothing fails over: the answer says so (naming the secondaries that are down) instead of
 * holding the activated secondaries to a Region they live in. Undefined when a failover is needed.
 */
export function noFailoverNeeded(
    records: readonly StackRecord[],
    down: readonly string[],
): string | undefined {
    const primaries = records.filter((r) => r.role === "primary");
    if (primaries.length === 0 || primaries.some((p) => down.includes(p.region))) {
        return undefined;
    }
    const lost = records.filter((r) => r.role === "secondary" && down.includes(r.region));
    const where = primaries.map((p) => `${p.stack} in ${p.region}`).join(", ");
    return `region down ${down.join(", ")}: no failover is needed; the primary (${where}) keeps serving. ${
        lost.length > 0
            ? `${lost.map((r) => r.stack).join(", ")} in ${[...new Set(lost.map((r) => r.region))].join(", ")} cannot take over until the Region is back: the deployment has lost its standby there, not its users`
            : "No regional stack lives there"
    }`;
}

/** Resources and providers of the updated stacks that live in a Region that is down. */
export function regionDownFindings(
    records: readonly StackRecord[],
    down: readonly string[],
    updated: readonly string[],
): RegionDownFinding[] {
    const downSet = new Set(down);
    const findings: RegionDownFinding[] = [];
    for (const record of records.filter((r) => updated.includes(r.stack))) {
        for (const resource of record.resources) {
            // Components have no API of their own; stack references read the state backend.
            const needsAws = resource.custom && !resource.type.startsWith("pulumi:pulumi:");
            if (needsAws && downSet.has(resource.region)) {
                findings.push({
                    stack: record.stack,
                    urn: resource.urn,
                    type: resource.type,
                    name: resource.name,
                    region: resource.region,
                });
            }
        }
    }
    return findings;
}

/** One line per finding, naming the resource and the Region. */
export function describeRegionDown(findings: readonly RegionDownFinding[]): string[] {
    return findings.map(
        (f) =>
            `stack ${f.stack}: ${f.type} ${f.name} is in ${f.region}, which is down; a failover that updates this stack would need it (move it to a stack the failover does not update)`,
    );
}

/** Where a Region name must come from: the check's Region table. */
export function regionDownProblems(down: readonly string[], known: readonly string[]): string[] {
    return down
        .filter((r) => !known.includes(r))
        .map((r) => `--region-down: ${JSON.stringify(r)} is not an AWS Region this check knows`);
}

/**
 * A standby that ran no task before the outage (strategy active-passive) and pulls its image
 * through an ECR pull-through cache has an empty cache: ECR fetches from the upstream registry on
 * the first pull (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html),
 * so the failover's first task start needs that registry. One note per such stack, naming the
 * image and the upstream; pilot-light, warm-standby and active-active standbys run tasks, so their
 * cache is warm.
 */
export function coldImageCacheNotes(records: readonly StackRecord[]): string[] {
    const notes: string[] = [];
    for (const record of records.filter((r) => r.role === "secondary")) {
        if (record.outputs.strategy !== "active-passive") {
            continue;
        }
        const upstreams = new Map(
            record.resources
                .filter((r) => r.type === "aws:ecr/pullThroughCacheRule:PullThroughCacheRule")
                .map((r) => [
                    String(r.inputs.ecrRepositoryPrefix),
                    String(r.inputs.upstreamRegistryUrl),
                ]),
        );
        for (const definition of record.resources.filter(
            (r) => r.type === "aws:ecs/taskDefinition:TaskDefinition",
        )) {
            const containers = JSON.parse(
                String(definition.inputs.containerDefinitions ?? "[]"),
            ) as {
                image?: string;
            }[];
            for (const image of containers.map((c) => c.image ?? "")) {
                const prefix = /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/([^/]+)\//.exec(image)?.[1];
                const upstream = prefix === undefined ? undefined : upstreams.get(prefix);
                if (upstream !== undefined) {
                    notes.push(
                        `stack ${record.stack} (active-passive) ran no task before the outage, so its pull-through cache is empty: the failover's first pull of ${image} fetches from ${upstream}, which must be reachable then; use a private ECR image replicated to ${record.region} (ECR cross-Region replication) to remove that dependency`,
                    );
                }
            }
        }
    }
    return notes;
}
