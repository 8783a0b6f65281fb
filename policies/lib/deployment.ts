/**
 * Project-wide analysis. The Pulumi engine analyzes one stack at a time, but a project often
 * deploys one region (or one role) per stack: a table in one stack and the compute or the
 * failover record that needs it in another. The policies that judge the whole deployment
 * (compute against data, failover pairs, alias chains) accept the other stacks' facts through
 * their policy config, key `deployment`, which travels over the analyzer protocol's Configure
 * call like any other setting:
 *
 * - the offline check (`npm start`) fills it for every stack it runs, from the other stacks it ran;
 * - with the Pulumi CLI, `--policy-pack-config` can carry it (the check's `--format json` report
 *   has every stack's resources), or a StackReference with a `dataStores` manifest gives the
 *   data facts the usual way.
 *
 * Without it a policy sees one stack, and says in its messages which facts it could not see.
 */
import { PolicyResource } from "@pulumi/policy";
import { asArray, asRecord, asString, get } from "./props";
import {
    bucketReplicationTypes,
    bucketTypes,
    healthCheckType,
    recordType,
    scalableTargetType,
    stackReferenceType,
    topicSubscriptionType,
    topicType,
} from "./types";
import { computeTypes } from "./catalog";
import { storeKindOf } from "./replication";
import { bucketUseTable } from "./app-data";

/** The config key that carries the other stacks' facts. */
export const deploymentKey = "deployment";

/** One resource of another stack, as the engine recorded its outputs. */
export interface FactResource {
    urn: string;
    type: string;
    name: string;
    /** Region the engine placed it in (its own `region`, its provider's, or the stack's). */
    region: string;
    props: Record<string, unknown>;
    /** Input property to the URNs its value came from. */
    propertyDependencies?: Record<string, string[]>;
}

/** One stack of the deployment. */
export interface StackFacts {
    /** Stack name, e.g. `us-east-1`. */
    stack: string;
    /** `<org>/<project>/<stack>`, as StackReferences name it. */
    fullName: string;
    resources: FactResource[];
}

/** The whole deployment, in the order its stacks deploy, as one policy config value. */
export interface DeploymentFacts {
    /** The stack being analyzed; its entry in `stacks` may be empty (the pack has its own view). */
    self: string;
    stacks: StackFacts[];
}

/** Types other stacks' facts carry: what the deployment-wide policies reason about. */
export function isFactType(type: string): boolean {
    return (
        computeTypes.includes(type) ||
        storeKindOf(type) !== undefined ||
        bucketUseTable.some((u) => u.type === type) ||
        bucketReplicationTypes.includes(type) ||
        bucketTypes.includes(type) ||
        [
            recordType,
            healthCheckType,
            scalableTargetType,
            stackReferenceType,
            // Who alarms reach: a topic and its subscription may sit in different stacks.
            topicType,
            topicSubscriptionType,
            "aws:cloudwatch/compositeAlarm:CompositeAlarm",
        ].includes(type) ||
        // What the failover simulation plays (policies/simulation): task definitions, target
        // groups, cluster instances, plans, canaries, alarms, game days, secrets and rotation.
        /^aws:(ecs\/taskDefinition|lb\/targetGroup|alb\/targetGroup|rds\/clusterInstance|rds\/globalCluster|arcregionswitch\/plan|synthetics\/canary|cloudwatch\/metricAlarm|fis\/experimentTemplate|secretsmanager\/secret:|secretsmanager\/secretRotation|serverlessrepository\/cloudFormationStack|globalaccelerator\/endpointGroup|route53recoverycontrolconfig\/routingControl)/.test(
            type,
        ) ||
        /^aws:(globalaccelerator\/|apigateway\/restApi|apigatewayv2\/api|lambda\/functionUrl|efs\/replicationConfiguration|opensearch\/outboundConnection|dsql\/clusterPeering|dynamodb\/tableReplica|lb\/loadBalancer|alb\/loadBalancer|elb\/loadBalancer|cloudfront\/distribution|ec2\/flowLog|cloudtrail\/trail|s3\/bucketLogging)/.test(
            type,
        )
    );
}

/** What the producer needs of a recorded stack (the offline engine's `StackRecord` fits). */
export interface RecordedStack {
    stack: string;
    fullName: string;
    resources: readonly {
        urn: string;
        type: string;
        name: string;
        region: string;
        outputs: Record<string, unknown>;
        propertyDependencies: Record<string, string[]>;
    }[];
}

/** The facts for analyzing `self` among `stacks` (in deploy order). */
export function deploymentFacts(stacks: readonly RecordedStack[], self: string): DeploymentFacts {
    return {
        self,
        stacks: stacks.map((s) => ({
            stack: s.stack,
            fullName: s.fullName,
            resources:
                s.stack === self
                    ? []
                    : s.resources
                          .filter((r) => isFactType(r.type))
                          .map((r) => ({
                              urn: r.urn,
                              type: r.type,
                              name: r.name,
                              region: r.region,
                              props: r.outputs,
                              propertyDependencies: r.propertyDependencies,
                          })),
        })),
    };
}

/** The config the analyzer sends, per policy: enforcement level and properties. */
type PackConfig = Record<string, { enforcementLevel: string; properties: Record<string, unknown> }>;

/** Policies that read `deployment` from their config. */
export const deploymentPolicies = [
    "compute-requires-data-replication",
    "dns-failover-pair",
    "dns-ttl-max",
    "dns-health-check-required",
    "analysis-coverage",
    "alarm-topic-subscriptions",
    "failover-simulation",
    "failover-objectives",
];

/**
 * `config` with the deployment's facts for analyzing `self` added to every policy that reads
 * them. A `deployment` the user gave in the policy config wins.
 */
export function withDeploymentFacts<C extends PackConfig>(
    config: C,
    stacks: readonly RecordedStack[],
    self: string,
): C {
    const facts = deploymentFacts(stacks, self);
    const out: PackConfig = { ...config };
    for (const name of deploymentPolicies) {
        const policy = config[name];
        if (policy && !isFacts(policy.properties[deploymentKey])) {
            out[name] = { ...policy, properties: { ...policy.properties, [deploymentKey]: facts } };
        }
    }
    return out as C;
}

function isFacts(value: unknown): value is DeploymentFacts {
    return asString(get(value, "self")) !== undefined && Array.isArray(get(value, "stacks"));
}

/** The JSON schema of the `deployment` config key, for `configSchema`. */
export const deploymentSchema = {
    type: "object",
    default: {},
    description:
        "The project's other stacks, for project-wide analysis: { self, stacks: [{ stack, fullName, resources: [{ urn, type, name, region, props }] }] }. The offline check fills it; empty means this stack alone.",
};

/** A policy's view of the deployment: its own resources plus the other stacks' facts. */
export interface DeploymentView {
    /** Every resource, own and foreign, in deploy order. */
    resources: PolicyResource[];
    /** Whether a resource belongs to the stack under analysis. */
    isOwn(resource: { urn: string }): boolean;
    /** The stack a foreign resource belongs to. */
    stackOf(resource: { urn: string }): string | undefined;
    /** Whether other stacks' facts were given (the whole deployment is visible). */
    projectWide: boolean;
    /** Full names of the stacks whose facts were given. */
    stackNames: Set<string>;
}

/** Combine `own` with the facts in `config[deploymentKey]`, if any. */
export function deploymentView(
    own: readonly PolicyResource[],
    config: Record<string, unknown>,
): DeploymentView {
    const raw = config[deploymentKey];
    const ownUrns = new Set(own.map((r) => r.urn));
    if (!isFacts(raw)) {
        return {
            resources: [...own],
            isOwn: (r) => ownUrns.has(r.urn),
            stackOf: () => undefined,
            projectWide: false,
            stackNames: new Set(),
        };
    }
    const stackByUrn = new Map<string, string>();
    const stackNames = new Set<string>();
    const resources: PolicyResource[] = [];
    let placedOwn = false;
    const foreign: { resource: PolicyResource; deps: Record<string, string[]> }[] = [];
    for (const stack of asArray(raw.stacks)) {
        const name = asString(get(stack, "stack")) ?? "";
        stackNames.add(asString(get(stack, "fullName")) ?? name);
        if (name === raw.self) {
            resources.push(...own);
            placedOwn = true;
            continue;
        }
        for (const fact of asArray(get(stack, "resources"))) {
            const urn = asString(get(fact, "urn"));
            const type = asString(get(fact, "type"));
            if (!urn || !type || ownUrns.has(urn)) {
                continue;
            }
            const region = asString(get(fact, "region"));
            const resource = {
                urn,
                type,
                name: asString(get(fact, "name")) ?? urn.split("::").pop()!,
                props: asRecord(get(fact, "props")) ?? {},
                provider: region ? { type: "", urn: "", name: "", props: { region } } : undefined,
                propertyDependencies: {},
                dependencies: [],
                opts: {},
                isType: () => false,
                asType: () => undefined,
            } as unknown as PolicyResource;
            stackByUrn.set(urn, name);
            resources.push(resource);
            foreign.push({
                resource,
                deps: (asRecord(get(fact, "propertyDependencies")) ?? {}) as Record<
                    string,
                    string[]
                >,
            });
        }
    }
    if (!placedOwn) {
        resources.push(...own);
    }
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const { resource, deps } of foreign) {
        for (const [key, urns] of Object.entries(deps)) {
            resource.propertyDependencies[key] = asArray(urns)
                .map((u) => byUrn.get(String(u)))
                .filter((r): r is PolicyResource => r !== undefined);
        }
    }
    return {
        resources,
        isOwn: (r) => ownUrns.has(r.urn),
        stackOf: (r) => stackByUrn.get(r.urn),
        projectWide: true,
        stackNames,
    };
}

/** The policy config as a plain record, for `deploymentView`. */
export function rawConfig(args: { getConfig<C extends object>(): C }): Record<string, unknown> {
    try {
        const config = args.getConfig<Record<string, unknown>>();
        return config !== null && typeof config === "object" ? config : {};
    } catch {
        return {};
    }
}
