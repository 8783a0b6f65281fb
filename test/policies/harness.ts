/**
 * Runs policies directly, the way the policy SDK's analyzer does, with hand-built arguments:
 * violations are collected, `notApplicable` throws a recognisable error, and unknown values are
 * simulated with the SDK's own `unknownCheckingProxy`.
 */
import {
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";

/** The string the engine sends for a value that is unknown during preview. */
export const unknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export class NotApplicable extends Error {
    constructor(public readonly reason: string) {
        super(reason);
    }
}

export const emptyOptions: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

/** The outcome of running one policy. */
export interface Outcome {
    violations: string[];
    /** URNs the violations were attached to (stack policies), in the same order. */
    urns: (string | undefined)[];
    notApplicable?: string;
}

const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason ?? "");
};

/** A resource for a fixture: type, name, props, and optionally the provider's props. */
export interface FixtureResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    providerProps?: Record<string, unknown>;
    /** Property name to the names of fixture resources it came from. */
    propertyDependencies?: Record<string, string[]>;
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::proj::${type}::${name}`;
}

function provider(props: Record<string, unknown> | undefined) {
    return props === undefined
        ? undefined
        : {
              type: "pulumi:providers:aws",
              props: unknownCheckingProxy(props),
              urn: urnOf("pulumi:providers:aws", "aws"),
              name: "aws",
          };
}

export function resourceArgs(
    resource: FixtureResource,
    config: Record<string, unknown> = {},
): ResourceValidationArgs {
    const props = unknownCheckingProxy(resource.props);
    return {
        type: resource.type,
        props,
        urn: urnOf(resource.type, resource.name),
        name: resource.name,
        opts: emptyOptions,
        provider: provider(resource.providerProps),
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable,
    } as ResourceValidationArgs;
}

export function stackArgs(
    resources: readonly FixtureResource[],
    config: Record<string, unknown> = {},
): StackValidationArgs {
    const built: PolicyResource[] = resources.map(
        (r) =>
            ({
                type: r.type,
                props: unknownCheckingProxy(r.props),
                urn: urnOf(r.type, r.name),
                name: r.name,
                opts: emptyOptions,
                provider: provider(r.providerProps),
                dependencies: [],
                propertyDependencies: {},
                isType: () => false,
                asType: () => undefined,
            }) as unknown as PolicyResource,
    );
    resources.forEach((r, i) => {
        for (const [key, names] of Object.entries(r.propertyDependencies ?? {})) {
            built[i].propertyDependencies[key] = names.map(
                (n) => built[resources.findIndex((x) => x.name === n)],
            );
        }
    });
    return {
        resources: built,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable,
    };
}

async function run(
    fn: (report: (message: string, urn?: string) => void) => unknown,
): Promise<Outcome> {
    const outcome: Outcome = { violations: [], urns: [] };
    try {
        await fn((message, urn) => {
            outcome.violations.push(message);
            outcome.urns.push(urn);
        });
    } catch (err) {
        if (err instanceof NotApplicable) {
            outcome.notApplicable = err.reason;
        } else {
            throw err;
        }
    }
    return outcome;
}

/**
 * Runs a policy over one resource. Policies that judge a record against its neighbours (TTL
 * through alias chains, health checks) are stack policies; over one resource they see a stack
 * of one, which is what these tests mean.
 */
export function runResourcePolicy(
    policy: ResourceValidationPolicy | StackValidationPolicy,
    resource: FixtureResource,
    config: Record<string, unknown> = {},
): Promise<Outcome> {
    if ("validateStack" in policy) {
        return runStackPolicy(policy, [resource], config);
    }
    const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource!];
    const args = resourceArgs(resource, config);
    return run(async (report) => {
        for (const validate of validations) {
            await validate(args, report);
        }
    });
}

export function runStackPolicy(
    policy: StackValidationPolicy,
    resources: readonly FixtureResource[],
    config: Record<string, unknown> = {},
): Promise<Outcome> {
    const args = stackArgs(resources, config);
    return run((report) => policy.validateStack(args, report));
}

/** Deep copy with one change at a dotted path; `undefined` deletes the property. */
export function withChange<T extends object>(value: T, path: string, replacement: unknown): T {
    const copy = structuredClone(value) as Record<string, unknown>;
    const parts = path.split(".");
    let node = copy as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) {
        node = node[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (replacement === undefined) {
        delete node[last];
    } else {
        node[last] = replacement;
    }
    return copy as T;
}
