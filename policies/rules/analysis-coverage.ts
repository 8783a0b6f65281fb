import { closedSchema } from "../lib/config";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { bucketUses, notAppData } from "../lib/app-data";
import { deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import { failoverTypeOf, routingPolicyOf } from "../lib/dns";
import { dataStoresOutputName } from "../lib/manifest";
import { asRecord, asString, UnknownTracker, unlessUnknown } from "../lib/props";
import { regionOf } from "../lib/region";
import { replicationGraph } from "../lib/replication";
import { computeRow, isUnjudgedCompute, isUnjudgedStore } from "../lib/catalog";
import { recordType, stackReferenceType } from "../lib/types";
import { computeTypes, describe } from "../lib/catalog";

/** Whether `type` looks stateful but the pack neither models nor deliberately ignores it. */
export function isUnknownStatefulType(type: string): boolean {
    return isUnjudgedStore(type);
}

/**
 * A component, as the engine registered it: every custom resource reaches the analyzer with its
 * provider (a default provider when the program gave none), a component with none. The token's
 * shape says nothing: `docker-build:index:Image` is a custom resource, and a component may be
 * named `acme:infra/net:Vpc`.
 */
function isComponent(resource: PolicyResource): boolean {
    return resource.provider === undefined && !resource.type.startsWith("pulumi:");
}

/**
 * What the pack could not judge, said instead of passing in silence: stateful types it has no
 * replication model for, components with no visible children (a remote component the offline
 * check could not expand), and, when it sees one stack alone, the cross-stack facts it lacks.
 */
export const analysisCoverage: StackValidationPolicy = {
    name: "analysis-coverage",
    description:
        "Reports what the pack could not judge: stateful resource types it has no replication model for, compute types it does not count, components whose children it cannot see, and the other stacks' facts a one-stack analysis lacks.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "For an unknown stateful type, add its replication mechanism to the pack (docs/policy-pack.md, \"Extending the pack\") or tag it multi-region-failover:regional=true if it is regional on purpose. For a component without children, check the program with pulumi preview, where the component's provider registers them. For a one-stack analysis, export a dataStores manifest and read it through a StackReference, or pass the other stacks' facts in the deployment config.",
    url: "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
    configSchema: closedSchema({ properties: { deployment: deploymentSchema as never } }),
    validateStack: (args, reportViolation) => {
        const view = deploymentView(args.resources, rawConfig(args));
        const unknowns = new UnknownTracker();
        for (const resource of args.resources) {
            unknowns.guard(() => {
                if (isUnknownStatefulType(resource.type)) {
                    reportViolation(
                        `Teach the pack how ${describe(resource)} replicates, or tag it multi-region-failover:regional=true if it is regional on purpose: ${resource.type} holds data, and the pack has no replication model for it, so it did not check that this store survives the loss of ${regionOf(resource) ?? "its region"}.`,
                        resource.urn,
                    );
                } else if (isUnjudgedCompute(resource.type)) {
                    const label = computeRow(resource.type)?.label ?? resource.type;
                    reportViolation(
                        `Teach the pack where ${label} "${resource.name}" (${resource.type}) serves users, or check by hand that it runs in every region that must serve: the pack does not count it as compute, so compute-requires-data-replication and standby-capacity-matches-strategy did not judge it.`,
                        resource.urn,
                    );
                } else if (
                    isComponent(resource) &&
                    !args.resources.some((r) => r.parent?.urn === resource.urn)
                ) {
                    reportViolation(
                        `Check component "${resource.name}" (${resource.type}) with pulumi preview: it has no child resources the pack can see, so nothing inside it was checked. A remote (multi-language) component that the offline check cannot expand looks like this.`,
                        resource.urn,
                    );
                }
            });
        }
        if (!view.projectWide) {
            unknowns.guard(() => reportUnseenStacks(args.resources, reportViolation));
        }
        unknowns.rethrow();
    },
};

/**
 * One stack alone: a routed record says other regions serve the same name, from stacks this
 * analysis cannot see; name the data it could not check against them and how to provide it.
 */
function reportUnseenStacks(
    resources: readonly PolicyResource[],
    reportViolation: (message: string, urn?: string) => void,
) {
    const computeRegions = new Set(
        resources
            .filter((r) => computeTypes.includes(r.type))
            .map((r) => regionOf(r))
            .filter((r): r is string => r !== undefined),
    );
    const routed = resources.find(
        (r) =>
            r.type === recordType &&
            unlessUnknown(() => routingPolicyOf(r.props) !== undefined, false),
    );
    const hasManifestReference = resources.some(
        (r) =>
            r.type === stackReferenceType &&
            unlessUnknown(() => dataStoresOutputName in (asRecord(r.props.outputs) ?? {}), true),
    );
    if (computeRegions.size !== 1 || !routed || hasManifestReference) {
        return;
    }
    const graph = replicationGraph(resources);
    const logBuckets = bucketUses(resources, graph);
    const unreplicated = graph.groups.filter(
        (g) =>
            g.regions.size === 1 && g.members.every((m) => notAppData(m, logBuckets) === undefined),
    );
    if (unreplicated.length === 0) {
        return;
    }
    const props = routed.props;
    const label = failoverTypeOf(props)
        ? `${failoverTypeOf(props)} failover`
        : routingPolicyOf(props);
    const name = asString(props.name) ?? routed.name;
    reportViolation(
        `Give the pack this project's other stacks: this analysis saw only this stack, whose ${label} record "${routed.name}" (${name}) implies other regions serve ${name} from stacks it cannot see, so it could not check that ${unreplicated.map((g) => describe(g.source)).join(", ")} (only in ${[...computeRegions][0]}) is replicated to them. Export a "${dataStoresOutputName}" manifest from this stack and read it through a StackReference in the others, or pass the other stacks' facts in compute-requires-data-replication's deployment config (the offline check does so when it runs every stack of the project).`,
        routed.urn,
    );
}
