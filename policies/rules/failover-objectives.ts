import { closedSchema } from "../lib/config";
import { PolicyConfigSchema, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
// The RTO/RPO model only: the cost model (and its price table) is not loaded by the pack.
import { BudgetStep, RpoBound, RpoEstimate, estimateRpo } from "../budget/budget";
import { FailoverBudget, failoverBudget } from "../budget/failover-budget";
import { fixLine } from "../budget/fixes";
import {
    BudgetGraph,
    BudgetResource,
    asArray,
    asNumber,
    asString,
    contractsOf,
    field,
} from "../budget/graph";
import { hasRoutingLayer } from "../budget/routing";
import { computeTypes } from "../lib/catalog";
import { DeploymentView, deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import { regionOfDnsName } from "../lib/region";
import { recordType } from "../lib/types";

/** Defaults of `failover-objectives`' config; the CLI fills them from the schema, the SDK does not. */
export const failoverObjectivesDefaults = {
    /**
     * Recovery time objective, seconds: an organisation-wide ceiling of an hour. Stacks declare
     * their own, stricter objectives (this project derives them from the strategy).
     */
    rtoSeconds: 3600,
    /** Recovery point objective, seconds: an hour, which unreplicated or unbounded stores miss. */
    rpoSeconds: 3600,
    /** Time for a person to notice, decide and act, seconds. */
    operatorResponseSeconds: 600,
    /** Duration of the `pulumi up` that raises a standby, seconds. */
    deploymentSeconds: 300,
    /** ECS task start, seconds. */
    taskStartSeconds: 60,
};

type Config = typeof failoverObjectivesDefaults;

const descriptions: Record<keyof Config, string> = {
    rtoSeconds:
        "Recovery time objective in seconds. A regional stack that exports a stricter `objectives.rtoSeconds` is held to its own.",
    rpoSeconds:
        "Recovery point objective in seconds. A regional stack that exports a stricter `objectives.rpoSeconds` is held to its own.",
    operatorResponseSeconds:
        "Seconds a person needs to notice, decide and act when failover is not automatic.",
    deploymentSeconds: "Seconds the `pulumi up` that raises a standby's capacity takes.",
    taskStartSeconds: "Seconds an ECS task takes to start and pass its first health check.",
};

const configSchema: PolicyConfigSchema = closedSchema({
    properties: {
        ...Object.fromEntries(
            (Object.keys(failoverObjectivesDefaults) as (keyof Config)[]).map((key) => [
                key,
                {
                    type: "integer",
                    minimum: 0,
                    default: failoverObjectivesDefaults[key],
                    description: descriptions[key],
                },
            ]),
        ),
        deployment: deploymentSchema as never,
        // Read by the failover budget's cost estimate (policies/budget/usage.ts, docs/budget.md).
        usage: {
            type: "object",
            description:
                "The workload's usage for the cost estimate: requestsPerMonth, averageResponseKb, dnsQueriesPerMonth, logGbPerMonthPerGroup, natGbPerMonthPerVpc, endpointGbPerMonth, cachedImageGb, experimentRunsPerMonth, auroraServerlessAcus, store { gbWrittenPerMonth, gbStored, objectsReplicatedPerMonth } and stores { <name>: { ... } }. Defaults in docs/budget.md.",
        },
    },
});

/** The policy's config over its defaults; a missing or non-numeric value keeps the default. */
function readConfig(getConfig: () => unknown): Config {
    let given: unknown;
    try {
        given = getConfig();
    } catch {
        given = undefined;
    }
    const config = { ...failoverObjectivesDefaults };
    for (const key of Object.keys(config) as (keyof Config)[]) {
        const value = asNumber(field(given, key));
        if (value !== undefined && value >= 0) {
            config[key] = value;
        }
    }
    return config;
}

/** One objective and who set it. */
interface Objective {
    seconds: number;
    from: string;
}

/**
 * The objective to hold the deployment to: the policy config's, unless a regional stack
 * declares a stricter one in its `objectives` output. A team may promise more than the
 * organisation asks, never less.
 */
function objectiveFor(
    key: "rtoSeconds" | "rpoSeconds",
    config: Config,
    graph: BudgetGraph,
): Objective {
    let objective: Objective = { seconds: config[key], from: "policy config" };
    for (const contract of contractsOf(graph)) {
        const declared = contract.objectives?.[key];
        if (declared !== undefined && declared < objective.seconds) {
            objective = {
                seconds: declared,
                from: `declared by ${contract.stack} (objectives output)`,
            };
        }
    }
    return objective;
}

/** The policy resources as the budget model's graph. */
export function graphOf(
    resources: readonly PolicyResource[],
    stackOf: (r: PolicyResource) => string | undefined = () => undefined,
): BudgetGraph {
    return {
        resources: resources.map(
            (r): BudgetResource => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                region: regionOf(r),
                outputs: r.props,
                stack: stackOf(r) ? `stack ${stackOf(r)}` : "this stack",
            }),
        ),
    };
}

/** The v7 per-resource `region`, else the provider's. */
function regionOf(resource: PolicyResource): string | undefined {
    const own = field(resource.props, "region");
    if (typeof own === "string" && own) {
        return own;
    }
    const fromProvider = field(resource.provider?.props, "region");
    return typeof fromProvider === "string" && fromProvider ? fromProvider : undefined;
}

const seconds = (value: number | null) => (value === null ? "unbounded" : `${value} s`);

function stepLines(steps: readonly BudgetStep[]): string {
    return steps.map((s) => `  - ${s.step} ${s.seconds} s: ${s.source}`).join("\n");
}

function boundLines(bounds: readonly RpoBound[]): string {
    return bounds.map((b) => `  - ${b.store} ${seconds(b.seconds)}: ${b.source}`).join("\n");
}

/** The fixes that shorten `which`, one per line, or why none is offered. */
export function fixLines(budget: FailoverBudget, which: "rto" | "rpo"): string {
    const fixes = budget.fixes.filter((f) =>
        which === "rto" ? f.savesRtoSeconds > 0 : f.savesRpoSeconds > 0,
    );
    if (fixes.length === 0) {
        return "\nNo change the model can re-estimate (health checks, TTLs, standby capacity, S3 RTC) shortens it: change the design (routing mode, strategy, data stores) or agree a larger objective.";
    }
    return `\nFixes for this design, each re-estimated by the model:\n${fixes.map((f) => `  - ${fixLine(f)}`).join("\n")}`;
}

/** The RTO violation message, or undefined when the estimate meets the objective. */
export function rtoViolation(budget: FailoverBudget, objective: Objective): string | undefined {
    if (budget.rtoSeconds !== null && budget.rtoSeconds <= objective.seconds) {
        return undefined;
    }
    return (
        `Bring the estimated worst-case RTO of ${seconds(budget.rtoSeconds)} (${budget.strategy}, ${budget.routing} routing) ` +
        `within the objective of ${objective.seconds} s (${objective.from}). Breakdown:\n${stepLines(budget.breakdown)}` +
        fixLines(budget, "rto")
    );
}

/** The RPO violation message, or undefined when the estimate meets the objective. */
export function rpoViolation(budget: FailoverBudget, objective: Objective): string | undefined {
    if (budget.rpoSeconds !== null && budget.rpoSeconds <= objective.seconds) {
        return undefined;
    }
    return (
        `Bring the estimated RPO of ${seconds(budget.rpoSeconds)} within the objective of ${objective.seconds} s ` +
        `(${objective.from}). Replication bounds:\n${boundLines(budget.rpoBounds)}` +
        fixLines(budget, "rpo")
    );
}

function rpoOf(estimate: RpoEstimate): Pick<FailoverBudget, "rpoSeconds" | "rpoBounds"> {
    return { rpoSeconds: estimate.rpoSeconds, rpoBounds: estimate.bounds };
}

/**
 * Types through which users reach a region: load balancers, API Gateway APIs, App Runner
 * services, Lambda function URLs and Elastic Beanstalk environments. Compute without one (a
 * queue worker, a state machine) serves no user directly, so it needs no user routing.
 */
export const userEndpointTypes: readonly string[] = [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:elb/loadBalancer:LoadBalancer",
    "aws:apigateway/restApi:RestApi",
    "aws:apigatewayv2/api:Api",
    "aws:apprunner/service:Service",
    "aws:lambda/functionUrl:FunctionUrl",
    "aws:elasticbeanstalk/environment:Environment",
];

/** Regions that run compute and have an endpoint users reach, in order of first appearance. */
function servingRegions(resources: readonly BudgetResource[]): string[] {
    const regionsOf = (types: readonly string[]) =>
        new Set(
            resources
                .filter((r) => types.includes(r.type) && r.region !== undefined)
                .map((r) => r.region!),
        );
    const endpoints = regionsOf(userEndpointTypes);
    return [...regionsOf(computeTypes)].filter((r) => endpoints.has(r));
}

/**
 * Compute behind user endpoints in two or more regions and nothing that routes users between
 * them, anywhere in view: the RTO is unbounded, since no failover can move users. Names the regions no record
 * sends users to (a simple record to one region's endpoint shows which one is served).
 * Judged in the stack of the deployment's first compute resource, so once per deployment.
 */
export function unroutedRegions(view: DeploymentView, whole: BudgetGraph): string | undefined {
    const regions = servingRegions(whole.resources);
    if (regions.length < 2 || hasRoutingLayer(whole.resources)) {
        return undefined;
    }
    const first = view.resources.find((r) => computeTypes.includes(r.type));
    if (!first || !view.isOwn(first)) {
        return undefined;
    }
    const served = new Set(
        whole.resources
            .filter((r) => r.type === recordType)
            .flatMap((r) => {
                const alias = asArray(field(r.outputs, "aliases"))[0];
                const targets = [
                    asString(field(alias, "name")),
                    ...asArray(field(r.outputs, "records")).map(asString),
                ];
                return targets.map((t) => regionOfDnsName(t)).filter((t) => t !== undefined);
            }),
    );
    const unserved = regions.filter((r) => !served.has(r));
    const list = (items: string[]) =>
        items.length <= 1
            ? items.join("")
            : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
    const missing =
        served.size > 0 && unserved.length > 0
            ? `nothing routes users to ${list(unserved)}`
            : `nothing routes users between ${list(regions)}`;
    return `Route users between the regions that run compute: compute runs in ${list(regions)}, but ${missing} (no Route 53 record with a failover, latency, weighted or geo routing policy, no Global Accelerator listener with endpoint groups in two regions, no CloudFront origin group), so when a region fails its users stay on it: the estimated RTO is unbounded. Add failover (or latency) records with health checks for each region's endpoint, or a Global Accelerator endpoint group per region.`;
}

/**
 * Estimates the deployment's worst-case RTO and RPO from the routing layer in this stack and the
 * regional stacks' exported contract (StackReference outputs: `capacity`, `dataStores`), and
 * fails when either exceeds the objectives.
 */
export const failoverObjectives: StackValidationPolicy = {
    name: "failover-objectives",
    description:
        "The estimated worst-case RTO and RPO of a regional failure meet the recovery objectives (policy config, or a stricter `objectives` output of a regional stack).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Apply the fixes the violation lists: each names the resource and the change, and was re-estimated by the same model for this design. When none is listed, or they are not enough, the largest steps of the breakdown need another design (routing mode, strategy, data stores: compare them with `npm start -- compare`); if the design is right, agree larger objectives and set them in the policy config.",
    url: "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
    configSchema,
    validateStack: (args, reportViolation) => {
        const graph = graphOf(args.resources);
        const view = deploymentView(args.resources, rawConfig(args));
        const whole = view.projectWide ? graphOf(view.resources, (r) => view.stackOf(r)) : graph;
        if (!hasRoutingLayer(graph.resources)) {
            const unrouted = unroutedRegions(view, whole);
            if (unrouted) {
                reportViolation(unrouted);
                return;
            }
            args.notApplicable(
                "no routing layer in this stack (Route 53 records with a routing policy, Global Accelerator endpoint groups or CloudFront origin groups)",
            );
        }
        const config = readConfig(() => args.getConfig());
        // The RTO is the simulated outage of the whole deployment when the analysis sees every
        // stack (the routing stack alone shows no region to fail over to); the same figure the
        // check's budget prints.
        const budget = failoverBudget(
            view.projectWide ? whole : graph,
            {
                rtoSeconds: objectiveFor("rtoSeconds", config, graph).seconds,
                rpoSeconds: objectiveFor("rpoSeconds", config, graph).seconds,
            },
            {
                operatorResponseSeconds: config.operatorResponseSeconds,
                deploymentSeconds: config.deploymentSeconds,
                taskStartSeconds: config.taskStartSeconds,
            },
        );
        const rto = rtoViolation(budget, objectiveFor("rtoSeconds", config, graph));
        if (rto) {
            reportViolation(rto);
        }
        // The stores and their replicas may sit in other stacks: the RPO is the deployment's.
        const rpoBudget = view.projectWide
            ? {
                  ...budget,
                  ...rpoOf(estimateRpo(whole, { taskStartSeconds: config.taskStartSeconds })),
              }
            : budget;
        const rpo = rpoViolation(rpoBudget, objectiveFor("rpoSeconds", config, graph));
        if (rpo) {
            reportViolation(rpo);
        }
    },
};
