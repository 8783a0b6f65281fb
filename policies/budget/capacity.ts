/**
 * Compute capacity per region, from the regional contracts (`capacity` output) or, for programs
 * without them, from the ECS services and Application Auto Scaling targets in the graph.
 */
import {
    BudgetGraph,
    BudgetResource,
    contractsOf,
    describe,
    numberProp,
    ofType,
    regionOf,
    stringProp,
} from "./graph";

export const capacityTypes = {
    service: "aws:ecs/service:Service",
    scalableTarget: "aws:appautoscaling/target:Target",
} as const;

/** A region's compute capacity. */
export interface RegionCapacity {
    region: string;
    /** Where the figures come from. */
    source: string;
    /** Tasks running now. */
    running: number;
    /** Autoscaling ceiling (equal to `running` without autoscaling). */
    max: number;
    /** Tasks needed to serve all users. */
    full: number;
    servesTraffic: boolean;
    /** The strategy the stack declares, when its contract says. */
    strategy?: string;
}

/** Capacity per region; contracts win over the graph for the regions they describe. */
export function regionCapacities(graph: BudgetGraph): RegionCapacity[] {
    const fromContracts: RegionCapacity[] = [];
    for (const contract of contractsOf(graph)) {
        if (!contract.capacity) {
            continue;
        }
        const c = contract.capacity;
        fromContracts.push({
            region: contract.region ?? contract.stack,
            source: `${contract.stack} capacity output (desiredCount ${c.desiredCount}, maxCount ${c.maxCount}, fullCapacity ${c.fullCapacity})`,
            running: c.desiredCount,
            max: c.maxCount,
            full: c.fullCapacity,
            servesTraffic: c.servesTraffic,
            strategy: contract.strategy,
        });
    }
    const covered = new Set(fromContracts.map((c) => c.region));
    return [
        ...fromContracts,
        ...graphCapacities(graph.resources).filter((c) => !covered.has(c.region)),
    ];
}

function graphCapacities(resources: readonly BudgetResource[]): RegionCapacity[] {
    const services = ofType(resources, capacityTypes.service);
    const targets = ofType(resources, capacityTypes.scalableTarget).filter(
        (t) => (stringProp(t, "serviceNamespace") ?? "ecs") === "ecs",
    );
    const byRegion = new Map<string, { running: number; max: number; names: string[] }>();
    for (const service of services) {
        const running = numberProp(service, "desiredCount") ?? 1;
        const serviceName = stringProp(service, "name") ?? service.name;
        const target = targets.find((t) =>
            (stringProp(t, "resourceId") ?? "").endsWith(`/${serviceName}`),
        );
        const max = Math.max(
            running,
            target ? (numberProp(target, "maxCapacity") ?? running) : running,
        );
        const region = regionOf(service);
        const entry = byRegion.get(region) ?? { running: 0, max: 0, names: [] };
        entry.running += running;
        entry.max += max;
        entry.names.push(describe(service));
        byRegion.set(region, entry);
    }
    // Without a contract, full capacity is what the biggest region runs.
    const full = Math.max(0, ...[...byRegion.values()].map((e) => e.running));
    return [...byRegion.entries()].map(([region, e]) => ({
        region,
        source: `ECS services ${e.names.join(", ")}: desiredCount ${e.running}, autoscaling max ${e.max}; full capacity taken as the largest region's ${full}`,
        running: e.running,
        max: e.max,
        full,
        servesTraffic: e.running >= full,
    }));
}

/** Regions that stand by: they do not serve traffic or run below full capacity. */
export function standbys(capacities: readonly RegionCapacity[]): RegionCapacity[] {
    return capacities.filter((c) => !c.servesTraffic || c.running < c.full);
}

/** How a standby reaches full capacity. */
export type ScaleUpPath = "none" | "autoscaling" | "deployment";

export function scaleUpPath(capacity: RegionCapacity): ScaleUpPath {
    if (capacity.running >= capacity.full) {
        return "none";
    }
    // Target tracking cannot scale from zero (no metric data) nor past its ceiling.
    return capacity.running > 0 && capacity.max >= capacity.full ? "autoscaling" : "deployment";
}
