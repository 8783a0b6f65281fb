/**
 * Per-resource suppression, in the policy config file a Pulumi user already passes
 * (`--policy-config`, the format of `pulumi preview --policy-pack-config`): a policy's entry may
 * list the resources it does not apply to, each with the reason.
 *
 *     { "dns-ttl-max": { "suppress": [{ "resource": "api-use1", "reason": "legacy record, INC-42" }] } }
 *
 * `resource` is the logical name (or the URN); `stack` narrows it to one stack. A suppressed
 * violation leaves the verdict but stays in every report, marked suppressed with its reason; a
 * suppression that matched nothing is a warning (stale, or a misspelt name). The `suppress` key
 * is taken out before the pack is configured, so the pack's own config schema never sees it.
 * Pure, so every rule is unit-tested.
 */
import type { Violation } from "./analyzer/evaluate";

/** One suppression: a policy, a resource (and stack), and why. */
export interface Suppression {
    policy: string;
    resource: string;
    stack?: string;
    reason: string;
}

/** A violation a suppression took out of the verdict. */
export interface Suppressed {
    violation: Violation;
    reason: string;
}

/** A malformed suppression; exit 2. */
export class SuppressionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SuppressionError";
    }
}

/**
 * The policy config without its `suppress` lists, and the suppressions they held. Every mistake
 * names the policy, the entry and what is allowed.
 */
export function splitSuppressions(config: Record<string, unknown>): {
    config: Record<string, unknown>;
    suppressions: Suppression[];
} {
    const rest: Record<string, unknown> = {};
    const suppressions: Suppression[] = [];
    for (const [policy, entry] of Object.entries(config)) {
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            rest[policy] = entry;
            continue;
        }
        const { suppress, ...others } = entry as Record<string, unknown>;
        if (suppress === undefined) {
            rest[policy] = entry;
            continue;
        }
        if (!Array.isArray(suppress)) {
            throw new SuppressionError(
                `policy config ${policy}.suppress: must be a list of {"resource": NAME, "reason": TEXT}`,
            );
        }
        suppress.forEach((item, i) => suppressions.push(suppressionAt(policy, i, item)));
        rest[policy] = others;
    }
    return { config: rest, suppressions };
}

function suppressionAt(policy: string, index: number, item: unknown): Suppression {
    const where = `policy config ${policy}.suppress[${index}]`;
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
        throw new SuppressionError(`${where}: must be {"resource": NAME, "reason": TEXT}`);
    }
    const { resource, stack, reason, ...extra } = item as Record<string, unknown>;
    const unknown = Object.keys(extra);
    if (unknown.length > 0) {
        throw new SuppressionError(
            `${where}: unknown key ${JSON.stringify(unknown[0])}; allowed: resource, stack, reason`,
        );
    }
    if (typeof resource !== "string" || resource.trim() === "") {
        throw new SuppressionError(
            `${where}: "resource" must be the resource's logical name or URN`,
        );
    }
    if (typeof reason !== "string" || reason.trim() === "") {
        throw new SuppressionError(
            `${where}: "reason" is required: say why ${resource} may break ${policy} (it is shown in every report)`,
        );
    }
    if (stack !== undefined && (typeof stack !== "string" || stack === "")) {
        throw new SuppressionError(`${where}: "stack" must be a stack name when given`);
    }
    return { policy, resource, reason: reason.trim(), ...(stack ? { stack } : {}) };
}

/** Whether `s` covers `v`. */
export function suppresses(s: Suppression, v: Violation): boolean {
    return (
        s.policy === v.policy &&
        (s.stack === undefined || s.stack === v.stack) &&
        (s.resource === v.resourceName || s.resource === v.urn)
    );
}

/** Split violations into those that count and those suppressed; list suppressions unused. */
export function applySuppressions(
    violations: readonly Violation[],
    suppressions: readonly Suppression[],
): { active: Violation[]; suppressed: Suppressed[]; unused: Suppression[] } {
    const used = new Set<Suppression>();
    const active: Violation[] = [];
    const suppressed: Suppressed[] = [];
    for (const v of violations) {
        const s = suppressions.find((candidate) => suppresses(candidate, v));
        if (s) {
            used.add(s);
            suppressed.push({ violation: v, reason: s.reason });
        } else {
            active.push(v);
        }
    }
    return { active, suppressed, unused: suppressions.filter((s) => !used.has(s)) };
}

/** The warning for a suppression that matched nothing. */
export function unusedWarning(s: Suppression): string {
    return `warning: suppression of ${s.policy} for ${s.resource}${s.stack ? ` in stack ${s.stack}` : ""} matched no violation; remove it, or fix the resource name`;
}
