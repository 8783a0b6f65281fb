import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { BudgetGraph, BudgetResource, hasRoutingLayer } from "../budget";
import { closedSchema } from "../lib/config";
import { deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import {
    InvariantResult,
    SimulationReport,
    extractModel,
    servingRegions,
    simulate,
} from "../simulation";

/** One broken invariant on one resource, with every scenario that shows it. */
export interface SimulationFinding {
    invariant: string;
    /** The resource that causes it; undefined when no single resource does. */
    urn?: string;
    scenarios: string[];
    message: string;
}

/**
 * The report's broken invariants, one per invariant and causing resource, in the order the
 * scenarios were played (the first scenario's message is kept, the others are listed).
 */
export function findingsOf(report: SimulationReport): SimulationFinding[] {
    const byKey = new Map<string, SimulationFinding>();
    for (const scenario of report.scenarios) {
        for (const result of scenario.invariants.filter((i: InvariantResult) => !i.holds)) {
            const key = `${result.name}|${result.resource?.urn ?? ""}`;
            const found = byKey.get(key);
            if (found) {
                found.scenarios.push(scenario.name);
                continue;
            }
            byKey.set(key, {
                invariant: result.name,
                ...(result.resource ? { urn: result.resource.urn } : {}),
                scenarios: [scenario.name],
                message: result.message,
            });
        }
    }
    return [...byKey.values()];
}

/** The violation text of a finding. */
export function findingText(f: SimulationFinding): string {
    const more = f.scenarios.length > 1 ? ` (also in ${f.scenarios.slice(1).join(", ")})` : "";
    return `Invariant ${f.invariant} breaks in scenario ${f.scenarios[0]}${more}: ${f.message}. Play it with \`multi-region-failover simulate\` for the whole timeline.`;
}

/** Plain JSON of a resource's props; undefined while a value is unknown (preview). */
function plainProps(resource: PolicyResource): Record<string, unknown> | undefined {
    try {
        return JSON.parse(JSON.stringify(resource.props ?? {})) as Record<string, unknown>;
    } catch {
        return undefined;
    }
}

/** The deployment as the simulation's input; undefined when a value is not known yet. */
function graphOfView(
    resources: readonly PolicyResource[],
    stackOf: (r: { urn: string }) => string | undefined,
): BudgetGraph | undefined {
    const out: BudgetResource[] = [];
    for (const r of resources) {
        const props = plainProps(r);
        if (!props) {
            return undefined;
        }
        const providerRegion = r.provider?.props?.region;
        const region =
            typeof props.region === "string"
                ? props.region
                : typeof providerRegion === "string"
                  ? providerRegion
                  : undefined;
        out.push({
            urn: r.urn,
            type: r.type,
            name: r.name,
            ...(region ? { region } : {}),
            outputs: props,
            stack: stackOf(r) ?? "this stack",
        });
    }
    return { resources: out };
}

/**
 * Plays the standard failover scenarios (policies/simulation) over the deployment this stack is
 * part of and reports each broken invariant on the resource that causes it, in the stack that
 * owns that resource.
 */
export const failoverSimulation: StackValidationPolicy = {
    name: "failover-simulation",
    description:
        "Played as a sequence of events (outage, failover and failback, a second outage, a drill, an application or writer failure, a rotation), the deployment keeps serving within its RTO, never fails open to a dead region, keeps a single writer, fails back only deliberately, leaves no data behind, and its gating alarms can be OK in steady state.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Run `multi-region-failover simulate` and read the named scenario's timeline: the violation names the resource and the moment. docs/simulation.md explains each invariant and the AWS behaviour behind it.",
    url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html",
    configSchema: closedSchema({
        properties: {
            deployment: deploymentSchema as {
                type: "object";
                default: object;
                description: string;
            },
        },
    }),
    validateStack: (args, reportViolation) => {
        const view = deploymentView(args.resources, rawConfig(args));
        const graph = graphOfView(view.resources, (r) => view.stackOf(r));
        if (!graph) {
            args.notApplicable(
                "some values are not known yet (preview); the simulation needs every resource's outputs",
            );
        }
        if (!hasRoutingLayer(graph!.resources)) {
            args.notApplicable(
                "no routing layer in the deployment (Route 53 records with a routing policy, Global Accelerator endpoint groups or CloudFront origin groups)",
            );
        }
        const routingIsOwn = view.resources.some(
            (r) =>
                view.isOwn(r) &&
                [
                    "aws:route53/record:Record",
                    "aws:globalaccelerator/endpointGroup:EndpointGroup",
                    "aws:cloudfront/distribution:Distribution",
                ].includes(r.type),
        );
        if (servingRegions(extractModel(graph!)).length < 2) {
            // One region users can be sent to: no failover to play (dns-failover-pair judges the
            // pairing). In a stack's own view the other half may be in another stack: unseen, not
            // down; the offline check, which sees every stack, plays them together.
            args.notApplicable(
                view.projectWide
                    ? "the deployment has one region users can be sent to: there is no failover to play (dns-failover-pair judges the pairing)"
                    : "this stack shows one region users can be sent to; the rest of the deployment is in other stacks (the offline check plays them together)",
            );
        }
        for (const finding of findingsOf(simulate(graph!))) {
            const own = finding.urn !== undefined && view.isOwn({ urn: finding.urn });
            if (own) {
                reportViolation(findingText(finding), finding.urn);
            } else if ((finding.urn === undefined || !view.projectWide) && routingIsOwn) {
                // No single resource, or one this analysis cannot attribute: the routing stack reports it.
                reportViolation(findingText(finding));
            }
        }
    },
};
