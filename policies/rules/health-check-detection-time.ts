import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import {
    asArray,
    asBoolean,
    asNumber,
    asString,
    get,
    UnknownTracker,
    unlessUnknown,
} from "../lib/props";
import { oncePer } from "../lib/memo";
import { healthCheckType, recordType } from "../lib/types";

/** Defaults of `health-check-detection-time`'s config. */
export const healthCheckDetectionTimeDefaults = {
    /** Route 53's defaults (30 s interval, threshold 3) detect a failure in about 90 s. */
    maxDetectionSeconds: 90,
    /** Health checks that only feed alarms are legitimate in some stacks. */
    allowUnreferenced: false,
};

/** Route 53 defaults when the inputs are not given (API_HealthCheckConfig). */
const defaultInterval = 30;
const defaultThreshold = 3;
const endpointTypes = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"];

/** Identifiers a record or calculated check may use to name this health check. */
function identifiers(check: PolicyResource): Set<string> {
    const ids = new Set<string>();
    const id = unlessUnknown(() => asString(get(check.props, "id")), undefined);
    if (id) {
        ids.add(id);
    }
    const arn = unlessUnknown(() => asString(get(check.props, "arn")), undefined);
    if (arn) {
        ids.add(arn.split("/").pop()!);
    }
    return ids;
}

/** Who names what in a stack, read once per list of resources (not once per check). */
interface References {
    /** Resources that name an id (a record's healthCheckId, a calculated check's children). */
    byId: Map<string, PolicyResource[]>;
    /** Resources whose inputs depend on a resource. */
    byDependency: Map<PolicyResource, PolicyResource[]>;
    /** Records and checks whose references are not known yet: they may name any check. */
    unknown: PolicyResource[];
}

const referencesIn = oncePer((resources: readonly PolicyResource[]): References => {
    const refs: References = { byId: new Map(), byDependency: new Map(), unknown: [] };
    const add = <K>(map: Map<K, PolicyResource[]>, key: K, r: PolicyResource) => {
        const list = map.get(key);
        if (list) {
            list.push(r);
        } else {
            map.set(key, [r]);
        }
    };
    for (const r of resources) {
        for (const dep of new Set(Object.values(r.propertyDependencies ?? {}).flat())) {
            add(refs.byDependency, dep, r);
        }
        const ids = unlessUnknown((): string[] | undefined => {
            if (r.type === recordType) {
                const id = asString(r.props.healthCheckId);
                return id === undefined ? [] : [id];
            }
            if (r.type === healthCheckType) {
                return asArray(r.props.childHealthchecks).map(String);
            }
            return [];
        }, undefined);
        if (ids === undefined) {
            refs.unknown.push(r);
        }
        for (const id of ids ?? []) {
            add(refs.byId, id, r);
        }
    }
    return refs;
});

/** Whether any record or calculated health check in the stack uses `check`. */
function isReferenced(check: PolicyResource, resources: readonly PolicyResource[]): boolean {
    const refs = referencesIn(resources);
    const other = (list: readonly PolicyResource[] | undefined) =>
        (list ?? []).some((r) => r !== check);
    return (
        other(refs.byDependency.get(check)) ||
        other(refs.unknown) ||
        [...identifiers(check)].some((id) => other(refs.byId.get(id)))
    );
}

/**
 * A health check sets how long users see errors before failover starts. Too slow, disabled
 * (Route 53 treats a disabled check as healthy) or attached to nothing, it protects no one.
 */
export const healthCheckDetectionTime: StackValidationPolicy = {
    name: "health-check-detection-time",
    description:
        "Route 53 health checks detect failure within maxDetectionSeconds (request interval x failure threshold), are enabled, and are used by a record or a calculated health check.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Use requestInterval 10 (fast) and a failureThreshold that keeps interval x threshold within maxDetectionSeconds. Do not disable or invert health checks in the program to force failover (run a drill, which inverts a check for its duration and restores it, or use ARC routing controls), and attach every health check to the records it protects or remove it.",
    url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html",
    configSchema: schemaFor(
        healthCheckDetectionTimeDefaults,
        {
            maxDetectionSeconds:
                "Longest time, in seconds, a health check may take to declare an endpoint unhealthy (requestInterval x failureThreshold).",
            allowUnreferenced:
                "Allow health checks that no record or calculated health check uses (for example ones that only feed alarms).",
        },
        { maxDetectionSeconds: { minimum: 10 } },
    ),
    validateStack: (args, reportViolation) => {
        const { maxDetectionSeconds, allowUnreferenced } = configWithDefaults(
            args,
            healthCheckDetectionTimeDefaults,
        );
        const checks = args.resources.filter((r) => r.type === healthCheckType);
        if (checks.length === 0) {
            args.notApplicable("the stack has no Route 53 health checks");
        }
        const unknowns = new UnknownTracker();
        for (const check of checks) {
            unknowns.guard(() => {
                const p = check.props;
                if (asBoolean(p.disabled) === true) {
                    reportViolation(
                        `Enable health check "${check.name}" (disabled is true): Route 53 treats a disabled health check as healthy, so the records it guards never fail over. To force a failover, run a drill (it inverts the check for the duration of the drill and restores it) or use an ARC routing control; never declare a disabled or inverted check.`,
                        check.urn,
                    );
                }
                // Stryker disable next-line StringLiteral: a missing type is no endpoint type, and neither is any replacement string
                const type = asString(p.type) ?? "";
                if (endpointTypes.includes(type)) {
                    const interval = asNumber(p.requestInterval) ?? defaultInterval;
                    const threshold = asNumber(p.failureThreshold) ?? defaultThreshold;
                    const detection = interval * threshold;
                    if (detection > maxDetectionSeconds) {
                        reportViolation(
                            `Shorten detection on health check "${check.name}" to ${maxDetectionSeconds} s or less: requestInterval ${interval} x failureThreshold ${threshold} = ${detection} s before Route 53 declares the endpoint unhealthy. Use requestInterval 10 or a lower failureThreshold.`,
                            check.urn,
                        );
                    }
                }
                if (!allowUnreferenced && !isReferenced(check, args.resources)) {
                    reportViolation(
                        `Attach health check "${check.name}" to the records it protects (healthCheckId) or a calculated health check, or remove it: nothing in this stack references it, so it triggers no failover.`,
                        check.urn,
                    );
                }
            });
        }
        unknowns.rethrow();
    },
};
