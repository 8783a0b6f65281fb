/**
 * Evaluates the pack over stacks recorded by the offline engine, the way the Pulumi engine would
 * call it: resource policies see each resource's inputs, stack policies see every resource's
 * outputs, each resource comes with its provider (a default provider with the stack's region
 * when none was explicit, as the engine registers one), and levels resolve as the SDK resolves
 * them. Unknown values during preview become advisory, as in the SDK.
 */
import {
    EnforcementLevel,
    Policies,
    PolicyResource,
    StackValidationPolicy,
    UnknownValueError,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { RecordedResource, StackRecord } from "../../check/engine/types";
import { deploymentFacts, deploymentKey, deploymentPolicies } from "../../policies/lib/deployment";
import { policies as packPolicies } from "../../policies/policies";
import { NotApplicable, emptyOptions, unknownString } from "./harness";

/** A violation as the engine would show it. */
export interface OfflineViolation {
    stack: string;
    policy: string;
    level: EnforcementLevel;
    message: string;
    /** The resource the violation is attached to. */
    resource?: string;
}

/** Policy config in the `--policy-pack-config` shape, without the `all` key. */
export type PackConfig = Record<
    string,
    { enforcementLevel?: EnforcementLevel } & Record<string, unknown>
>;

/** The engine's unknown marker in place of the offline engine's `{ __pulumiUnknown: true }`. */
function engineValue(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(engineValue);
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj.__pulumiUnknown === true) {
            return unknownString;
        }
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, engineValue(v)]));
    }
    return value;
}

function providerFor(record: StackRecord, resource: RecordedResource) {
    const ref = resource.provider;
    const urn = ref ? ref.slice(0, ref.lastIndexOf("::")) : undefined;
    const explicit = urn ? record.resources.find((r) => r.urn === urn) : undefined;
    if (explicit) {
        return {
            type: explicit.type,
            props: unknownCheckingProxy(engineValue(explicit.inputs) as Record<string, unknown>),
            urn: explicit.urn,
            name: explicit.name,
        };
    }
    return {
        type: "pulumi:providers:aws",
        props: unknownCheckingProxy({ region: record.region }),
        urn: `urn:pulumi:${record.stack}::${record.project}::pulumi:providers:aws::default`,
        name: "default",
    };
}

const noTypeChecks = { isType: () => false, asType: () => undefined };

async function runPolicy(
    fn: (report: (message: string, urn?: string) => void) => unknown,
    onViolation: (message: string, urn: string | undefined, level?: EnforcementLevel) => void,
    policyName: string,
) {
    try {
        await fn((message, urn) => onViolation(message, urn));
    } catch (err) {
        if (err instanceof NotApplicable) {
            return;
        }
        if (err instanceof UnknownValueError) {
            onViolation(
                `can't run policy '${policyName}' during preview: ${(err as Error).message}`,
                undefined,
                "advisory",
            );
            return;
        }
        throw err;
    }
}

/** Every violation the pack reports for `records`. */
export async function evaluateRecords(
    records: readonly StackRecord[],
    config: PackConfig = {},
    policies: Policies = packPolicies,
): Promise<OfflineViolation[]> {
    const violations: OfflineViolation[] = [];
    for (const record of records) {
        const nameOf = new Map(record.resources.map((r) => [r.urn, r.name]));
        for (const policy of policies) {
            const level =
                config[policy.name]?.enforcementLevel ?? policy.enforcementLevel ?? "advisory";
            if (level === "disabled") {
                continue;
            }
            // The SDK hands a policy its config without the enforcement level.
            const policyConfig: Record<string, unknown> = { ...config[policy.name] };
            delete policyConfig.enforcementLevel;
            // As the check does: project-wide policies see the other stacks' facts.
            if (deploymentPolicies.includes(policy.name) && !(deploymentKey in policyConfig)) {
                policyConfig[deploymentKey] = deploymentFacts(records, record.stack);
            }
            const getConfig = <T extends object>() => policyConfig as T;
            const notApplicable = (reason?: string): never => {
                throw new NotApplicable(reason ?? "");
            };
            const add =
                (resourceUrn: string | undefined) =>
                (message: string, urn: string | undefined, override?: EnforcementLevel) =>
                    violations.push({
                        stack: record.stack,
                        policy: policy.name,
                        level: override ?? (level === "remediate" ? "mandatory" : level),
                        message,
                        resource: nameOf.get(urn ?? resourceUrn ?? ""),
                    });
            if ("validateResource" in policy && policy.validateResource) {
                const validations = Array.isArray(policy.validateResource)
                    ? policy.validateResource
                    : [policy.validateResource];
                for (const resource of record.resources.filter((r) => r.custom)) {
                    const args = {
                        type: resource.type,
                        props: unknownCheckingProxy(
                            engineValue(resource.inputs) as Record<string, unknown>,
                        ),
                        urn: resource.urn,
                        name: resource.name,
                        opts: { ...emptyOptions, protect: resource.protect },
                        provider: providerFor(record, resource),
                        stackTags: new Map<string, string>(),
                        getConfig,
                        notApplicable,
                        ...noTypeChecks,
                    };
                    for (const validate of validations) {
                        await runPolicy(
                            (report) => validate(args, report),
                            add(resource.urn),
                            policy.name,
                        );
                    }
                }
            }
            if ("validateStack" in policy) {
                const built = new Map<string, PolicyResource>();
                for (const resource of record.resources) {
                    built.set(resource.urn, {
                        type: resource.type,
                        props: unknownCheckingProxy(
                            engineValue(resource.outputs) as Record<string, unknown>,
                        ),
                        urn: resource.urn,
                        name: resource.name,
                        opts: { ...emptyOptions, protect: resource.protect },
                        provider: providerFor(record, resource),
                        dependencies: [],
                        propertyDependencies: {},
                        ...noTypeChecks,
                    } as unknown as PolicyResource);
                }
                for (const resource of record.resources) {
                    const target = built.get(resource.urn)!;
                    target.parent = resource.parent ? built.get(resource.parent) : undefined;
                    target.dependencies = resource.dependencies.flatMap((u) => built.get(u) ?? []);
                    for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
                        target.propertyDependencies[key] = urns.flatMap((u) => built.get(u) ?? []);
                    }
                }
                const args = {
                    resources: [...built.values()],
                    stackTags: new Map<string, string>(),
                    getConfig,
                    notApplicable,
                };
                await runPolicy(
                    (report) => (policy as StackValidationPolicy).validateStack(args, report),
                    add(undefined),
                    policy.name,
                );
            }
        }
    }
    return violations;
}
