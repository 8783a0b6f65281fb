/**
 * The failover budget: worst-case RTO as a sum of named steps, RPO as the worst replication
 * bound, both checked against objectives. Pure functions over the resource graph.
 */
import { Strategy, strategies } from "../lib/contract";
import { BudgetAssumptions, withDefaults } from "./assumptions";
import { RegionCapacity, regionCapacities, scaleUpPath, standbys } from "./capacity";
import { BudgetGraph } from "./graph";
import { ManualAction, RoutingEstimate, routingEstimates } from "./routing";
import { dataStores } from "./stores";
import { capacityAndDataInParallel, describePlan, planActivating } from "./switchPlan";
import { simulatedOutage } from "../simulation/simulate";

/** One step of a failover and the resource and fact it came from. */
export interface BudgetStep {
    step: string;
    seconds: number;
    source: string;
}

export type StrategyName = Strategy | "unknown";

export interface RtoEstimate {
    /** The DR strategy the graph behaves as (or declares, when every contract agrees). */
    strategy: StrategyName;
    /** The routing mechanism the estimate rests on. */
    routing: RoutingEstimate["mode"] | "none";
    /** Sum of the breakdown; null when the graph has no failover routing to estimate. */
    rtoSeconds: number | null;
    breakdown: BudgetStep[];
    notes: string[];
}

export interface RpoBound {
    store: string;
    kind: string;
    region: string;
    /** Null when unbounded. */
    seconds: number | null;
    source: string;
}

export interface RpoEstimate {
    /** Worst bound over all stores; null when any store is unbounded; 0 without stores. */
    rpoSeconds: number | null;
    bounds: RpoBound[];
    notes: string[];
}

export interface Objectives {
    rtoSeconds: number;
    rpoSeconds: number;
}

const strategyNames: readonly string[] = strategies;

/**
 * The strategy the capacity behaves as. A declared strategy wins when every contract that
 * declares one agrees; otherwise the worst standby decides: none (or all at full capacity and
 * serving) is active-active, one that autoscaling raises is warm standby, one that needs a
 * deployment is pilot light, and one that runs nothing is active-passive.
 */
export function classifyStrategy(capacities: readonly RegionCapacity[]): StrategyName {
    const declared = new Set(capacities.map((c) => c.strategy).filter((s) => s !== undefined));
    if (declared.size === 1) {
        const [only] = [...declared];
        if (strategyNames.includes(only!)) {
            return only as StrategyName;
        }
    }
    if (capacities.length === 0) {
        return "unknown";
    }
    const waiting = standbys(capacities);
    if (waiting.length === 0) {
        return "active-active";
    }
    if (waiting.some((c) => c.running === 0)) {
        return "active-passive";
    }
    if (waiting.some((c) => scaleUpPath(c) === "deployment")) {
        return "pilot-light";
    }
    return "warm-standby";
}

const pathRank = { none: 0, autoscaling: 1, deployment: 2 } as const;

/** The standby whose scale-up is slowest. */
function slowestStandby(capacities: readonly RegionCapacity[]): RegionCapacity | undefined {
    let worst: RegionCapacity | undefined;
    for (const candidate of standbys(capacities)) {
        if (
            !worst ||
            pathRank[scaleUpPath(candidate)] > pathRank[scaleUpPath(worst)] ||
            (scaleUpPath(candidate) === scaleUpPath(worst) && candidate.running < worst.running)
        ) {
            worst = candidate;
        }
    }
    return worst;
}

/** Worst-case RTO: detection, people, deployment, data, capacity and traffic, in that order. */
export function estimateRto(
    graph: BudgetGraph,
    overrides: Partial<BudgetAssumptions> = {},
): RtoEstimate {
    const assumptions = withDefaults(overrides);
    const capacities = regionCapacities(graph);
    const strategy = classifyStrategy(capacities);
    const notes: string[] = [];
    const routes = routingEstimates(graph.resources);
    if (routes.length === 0) {
        notes.push(
            "no failover routing found (Route 53 records with a routing policy, Global Accelerator endpoint groups or CloudFront origin groups); RTO not estimated",
        );
        return { strategy, routing: "none", rtoSeconds: null, breakdown: [], notes };
    }
    if (routes.length > 1) {
        notes.push(
            `several routing mechanisms (${routes.map((r) => r.mode).join(", ")}); the slowest is used`,
        );
    }
    const route = routes.reduce((worst, r) =>
        r.detection.seconds + r.shift.seconds > worst.detection.seconds + worst.shift.seconds
            ? r
            : worst,
    );

    const { manual, promotion, standby, plan } = failoverActions(
        graph,
        assumptions,
        capacities,
        route,
    );

    const breakdown: BudgetStep[] = [
        { step: "detection", seconds: route.detection.seconds, source: route.detection.source },
    ];
    if (manual.length > 0) {
        breakdown.push({
            step: "operator",
            seconds: assumptions.operatorResponseSeconds,
            source: `${manual.map((m) => m.reason).join("; ")} (operator response, configurable, default 600 s)`,
        });
    }
    const deployments = manual.filter((m) => m.deployment);
    if (deployments.length > 0) {
        breakdown.push({
            step: "deployment",
            seconds: assumptions.deploymentSeconds,
            source: `pulumi up: ${deployments.map((m) => m.reason).join("; ")} (configurable, default 300 s)`,
        });
    }
    const promotionStep: BudgetStep = promotion
        ? {
              step: "data-promotion",
              seconds: promotion.promotionSeconds,
              source: promotion.promotionSource,
          }
        : { step: "data-promotion", seconds: 0, source: "no data stores in the graph" };
    const scaleUp = plan
        ? planScaleUp(standby!, assumptions)
        : scaleUpStep(standby, capacities, assumptions);
    if (plan && capacityAndDataInParallel(plan)) {
        // The plan's Parallel step: the slower of the two is what the failover waits for.
        const slower = promotionStep.seconds >= scaleUp.seconds ? promotionStep : scaleUp;
        const faster = slower === promotionStep ? scaleUp : promotionStep;
        breakdown.push({
            ...slower,
            source: `${slower.source} (in parallel with ${faster.step}, ${faster.seconds} s)`,
        });
        breakdown.push({
            ...faster,
            seconds: 0,
            source: `runs in the plan's Parallel step beside ${slower.step}: ${faster.source}`,
        });
    } else {
        breakdown.push(promotionStep, scaleUp);
    }
    if (standby && standby.running === 0) {
        breakdown.push({
            step: "standby-health",
            seconds: route.recovery.seconds,
            source: `standby ${standby.region} ran no tasks, so its health check must pass again: ${route.recovery.source}`,
        });
    }
    breakdown.push({
        step: "traffic-shift",
        seconds: route.shift.seconds,
        source: route.shift.source,
    });
    if (route.mode === "cloudfront") {
        notes.push(
            "CloudFront retries the primary on every request until it recovers; each request pays the detection time",
        );
    }
    // One model: the RTO is the simulated outage's first moment users are served again, and
    // the breakdown is its timeline (policies/simulation, docs/simulation.md). When the graph
    // shows one region only (a stack's view of a pair split across stacks), the simulation has
    // nowhere to send users and the step sum below stands.
    let simulated: ReturnType<typeof simulatedOutage>;
    try {
        simulated = simulatedOutage(graph, overrides);
    } catch (err) {
        // Odd property bags must never break the estimate: say so and keep the step sum.
        notes.push(
            `the outage could not be simulated (${(err as Error).message}); RTO is the sum of the steps`,
        );
        simulated = undefined;
    }
    if (simulated) {
        if (simulated.servedAfterSeconds === null) {
            notes.push(
                `the simulated outage of ${simulated.region} never serves users again (run \`simulate\` for its timeline)`,
            );
        }
        return {
            strategy,
            routing: route.mode,
            rtoSeconds: simulated.servedAfterSeconds,
            breakdown: simulated.steps,
            notes,
        };
    }
    return {
        strategy,
        routing: route.mode,
        rtoSeconds: breakdown.reduce((sum, s) => sum + s.seconds, 0),
        breakdown,
        notes,
    };
}

/**
 * What the failover needs besides detection and the shift: the manual actions (the routing's,
 * each store's explicit promotion, a deployment for a standby autoscaling cannot raise), the
 * slowest data promotion, the slowest standby, and the Region switch plan that replaces the
 * manual steps with one started plan when there is one.
 */
function failoverActions(
    graph: BudgetGraph,
    assumptions: BudgetAssumptions,
    capacities: readonly RegionCapacity[],
    route: RoutingEstimate,
) {
    const manual: ManualAction[] = [...route.manual];
    const stores = dataStores(graph, assumptions);
    const promotion = stores.reduce<(typeof stores)[number] | undefined>(
        (worst, s) => (!worst || s.promotionSeconds > worst.promotionSeconds ? s : worst),
        undefined,
    );
    for (const store of stores.filter((s) => s.manualPromotion)) {
        manual.push({
            reason: `${store.store} must be promoted by an explicit call`,
            deployment: false,
        });
    }

    const standby = slowestStandby(capacities);
    // Stryker disable next-line StringLiteral: without a standby `path` is only ever compared with "deployment"
    const path = standby ? scaleUpPath(standby) : "none";
    // A Region switch plan that activates the standby's Region does the scale-up and the data
    // promotion itself: an operator starts (and approves) it, and no deployment is needed.
    // Only when the failover needs people at all: an automatic path stays automatic.
    // Stryker disable next-line ConditionalExpression: without a standby `path` is "none", so the second test is false either way
    const needsPeople = manual.length > 0 || (standby !== undefined && path === "deployment");
    const plan =
        standby && needsPeople ? planActivating(graph.resources, standby.region) : undefined;
    if (plan) {
        manual.splice(0, manual.length, {
            reason: `start the ${describePlan(plan)}`,
            deployment: false,
        });
    } else if (standby && path === "deployment") {
        manual.push({
            reason: `standby ${standby.region} runs ${standby.running} of ${standby.full} tasks and autoscaling stops at ${standby.max}; reaching full capacity needs a deployment`,
            deployment: true,
        });
    }
    return { manual, promotion, standby, plan };
}

/** The plan's ECSServiceScaling step sets the standby's desired count: only task start remains. */
function planScaleUp(standby: RegionCapacity, assumptions: BudgetAssumptions): BudgetStep {
    return {
        step: "standby-scale-up",
        seconds: standby.running >= standby.full ? 0 : assumptions.taskStartSeconds,
        source: `standby ${standby.region} runs ${standby.running} of ${standby.full} tasks (${standby.source}); the plan's ECSServiceScaling step raises it to 100%: ${assumptions.taskStartSeconds} s ECS task start (model assumption, configurable)`,
    };
}

function scaleUpStep(
    standby: RegionCapacity | undefined,
    capacities: readonly RegionCapacity[],
    assumptions: BudgetAssumptions,
): BudgetStep {
    if (!standby) {
        return {
            step: "standby-scale-up",
            seconds: 0,
            source:
                capacities.length === 0
                    ? "no compute capacity in the graph or the regional contracts; scale-up not estimated"
                    : `every region already runs full capacity (${capacities.map((c) => c.source).join("; ")})`,
        };
    }
    const start = `${assumptions.taskStartSeconds} s ECS task start (model assumption, configurable)`;
    switch (scaleUpPath(standby)) {
        case "autoscaling":
            return {
                step: "standby-scale-up",
                seconds: assumptions.autoscalingEvaluationSeconds + assumptions.taskStartSeconds,
                source: `standby ${standby.region} runs ${standby.running} of ${standby.full} tasks (${standby.source}); target tracking raises it: ${assumptions.autoscalingEvaluationSeconds} s alarm evaluation (3 × 60 s datapoints, Application Auto Scaling target tracking) + ${start}`,
            };
        case "deployment":
            return {
                step: "standby-scale-up",
                seconds: assumptions.taskStartSeconds,
                source: `standby ${standby.region} runs ${standby.running} of ${standby.full} tasks (${standby.source}); after the deployment: ${start}`,
            };
        default:
            return {
                step: "standby-scale-up",
                seconds: 0,
                source: `standby ${standby.region} already runs full capacity`,
            };
    }
}

/** Worst replication bound over every data store; each bound names its source. */
export function estimateRpo(
    graph: BudgetGraph,
    overrides: Partial<BudgetAssumptions> = {},
): RpoEstimate {
    const stores = dataStores(graph, withDefaults(overrides));
    const bounds = stores.map((s) => ({
        store: s.store,
        kind: s.kind,
        region: s.region,
        seconds: s.rpoSeconds,
        source: s.rpoSource,
    }));
    if (bounds.length === 0) {
        return {
            rpoSeconds: 0,
            bounds,
            notes: ["no data stores in the graph or the manifests; nothing to lose"],
        };
    }
    const rpoSeconds = bounds.some((b) => b.seconds === null)
        ? null
        : Math.max(...bounds.map((b) => b.seconds as number));
    return { rpoSeconds, bounds, notes: [] };
}

/** Unknown (null) estimates never meet an objective. */
export function meets(
    rtoSeconds: number | null,
    rpoSeconds: number | null,
    objectives: Objectives,
): boolean {
    return (
        rtoSeconds !== null &&
        rpoSeconds !== null &&
        rtoSeconds <= objectives.rtoSeconds &&
        rpoSeconds <= objectives.rpoSeconds
    );
}
