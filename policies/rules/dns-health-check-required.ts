import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { DeploymentView, deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import { aliasOf, failoverTypeOf, recordTargets, routingPolicyOf } from "../lib/dns";
import {
    asArray,
    asBoolean,
    asString,
    get,
    isPresent,
    show,
    UnknownTracker,
    unlessUnknown,
} from "../lib/props";
import { endpointGroupType, healthCheckType, recordType, targetGroupTypes } from "../lib/types";

/** Defaults of `dns-health-check-required`'s config. */
export const dnsHealthCheckRequiredDefaults = {
    /**
     * Global Accelerator endpoints that are not load balancers (EC2 instances, Elastic IPs) are
     * checked by Global Accelerator itself; TCP only proves a port is open.
     */
    requireHttpEndpointChecks: true,
};

/** ELB ARNs, whose health comes from their target groups rather than the endpoint group. */
const loadBalancerArn = /^arn:aws[a-z-]*:elasticloadbalancing:/;

/** The health check a record names, when it is among `resources`. */
function healthCheckOf(
    record: PolicyResource,
    resources: readonly PolicyResource[],
): PolicyResource | undefined {
    const id = unlessUnknown(() => asString(record.props.healthCheckId), undefined);
    const byId =
        id === undefined
            ? undefined
            : resources.find(
                  (r) =>
                      r.type === healthCheckType &&
                      unlessUnknown(() => asString(get(r.props, "id")) === id, false),
              );
    if (byId) {
        return byId;
    }
    // Only an unambiguous dependency names the check (an output built from several does not).
    const deps = (record.propertyDependencies?.healthCheckId ?? []).filter(
        (d) => d.type === healthCheckType,
    );
    return deps.length === 1 ? deps[0] : undefined;
}

/** Health check types that probe an endpoint (the others aggregate or read alarms). */
const endpointCheckTypes = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"];

/** What `check` probes, when it probes an endpoint whose address is known. */
function probedEndpoint(check: PolicyResource): string | undefined {
    const type = asString(check.props.type) ?? "";
    if (!endpointCheckTypes.includes(type)) {
        return undefined;
    }
    const target = asString(check.props.fqdn) ?? asString(check.props.ipAddress);
    return target
        ?.toLowerCase()
        .replace(/\.$/, "")
        .replace(/^dualstack\./, "");
}

const normalize = (name: string) =>
    name
        .toLowerCase()
        .replace(/\.$/, "")
        .replace(/^dualstack\./, "");

/** Whether a name is an address or an AWS endpoint (what it points at is fixed, not a record). */
function isConcrete(name: string): boolean {
    return (
        /^[0-9.]+$/.test(name) ||
        name.includes(":") ||
        /\.(amazonaws\.com|cloudfront\.net|awsglobalaccelerator\.com|elasticbeanstalk\.com)$/.test(
            name,
        )
    );
}

/**
 * Everything a name leads to through the records in view (aliases and values, a few levels
 * deep), itself included; `resolved` when it reached an address or AWS endpoint.
 */
function reach(
    names: readonly string[],
    resources: readonly PolicyResource[],
): { names: Set<string>; resolved: boolean } {
    const found = new Set(names.map(normalize));
    let frontier = [...found];
    for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
        const next: string[] = [];
        for (const r of resources) {
            if (r.type !== recordType) {
                continue;
            }
            const name = normalize(unlessUnknown(() => asString(r.props.name), undefined) ?? "");
            if (!frontier.includes(name)) {
                continue;
            }
            for (const target of unlessUnknown(() => recordTargets(r.props), [])) {
                if (!found.has(normalize(target))) {
                    found.add(normalize(target));
                    next.push(normalize(target));
                }
            }
        }
        frontier = next;
    }
    return { names: found, resolved: [...found].some(isConcrete) };
}

/**
 * Whether `check` provably probes something other than `record`'s target: both sides resolve
 * to addresses or AWS endpoints (directly or through records in view) and share none.
 */
function probesElsewhere(
    check: PolicyResource,
    record: PolicyResource,
    resources: readonly PolicyResource[],
): { probed: string; target: string } | undefined {
    const probed = probedEndpoint(check);
    const targets = recordTargets(record.props);
    if (!probed || targets.length === 0) {
        return undefined;
    }
    const probe = reach([probed], resources);
    const serve = reach(targets, resources);
    if (!probe.resolved || !serve.resolved) {
        return undefined;
    }
    const shared = [...probe.names].some((n) => serve.names.has(n));
    return shared ? undefined : { probed, target: normalize(targets[0]) };
}

function checkRecord(record: PolicyResource, view: DeploymentView, report: (m: string) => void) {
    const props = record.props;
    const policy = routingPolicyOf(props);
    if (!policy) {
        return;
    }
    const name = asString(props.name) ?? record.name;
    const failover = failoverTypeOf(props);
    const label = failover ? `${failover} failover` : policy;
    const what = `${label} record "${record.name}" (${name})`;
    const alias = aliasOf(props);
    let disabled: PolicyResource | undefined;
    if (isPresent(props, "healthCheckId")) {
        const check = healthCheckOf(record, view.resources);
        if (!check) {
            // The check lives in a stack this analysis cannot see; trust it.
            return;
        }
        const mismatch = unlessUnknown(
            () => probesElsewhere(check, record, view.resources),
            undefined,
        );
        if (mismatch) {
            const consequence =
                failover === "SECONDARY"
                    ? " When the primary's endpoint fails this check can fail with it, and Route 53 answers with the PRIMARY record whenever the SECONDARY is unhealthy, so users stay on the failed endpoint."
                    : " Route 53 keeps answering with this record while its own endpoint is down.";
            report(
                `Point health check "${check.name}" of ${what} at the record's target ${mismatch.target}, or attach a check that probes it: it probes ${mismatch.probed}, so it reports the health of another endpoint and counts as no health check for this record.${consequence}`,
            );
            return;
        }
        if (unlessUnknown(() => asBoolean(check.props.disabled) !== true, true)) {
            return;
        }
        disabled = check;
    }
    if (failover === "SECONDARY") {
        // Route 53 treats a SECONDARY without a (working) check as healthy, which is what a
        // last-resort record is for: when the PRIMARY is unhealthy it answers with it.
        return;
    }
    if (!disabled && alias?.kind === "cloudfront") {
        report(
            `Attach a healthCheckId to ${what}: it aliases CloudFront distribution ${alias.name}, and Route 53 cannot evaluate target health for CloudFront, so without a health check it keeps answering while the origin is down.`,
        );
        return;
    }
    if (alias?.evaluateTargetHealth && alias.kind !== "cloudfront") {
        return;
    }
    if (disabled) {
        report(
            `Enable health check "${disabled.name}" of ${what} (disabled is true): Route 53 treats a disabled health check as healthy, so the record counts as having no health check and never routes away from a failed endpoint.`,
        );
        return;
    }
    const fix = alias
        ? "set evaluateTargetHealth: true on its alias or attach a healthCheckId"
        : "attach a healthCheckId";
    report(
        `Tie ${what} to a health check (${fix}): Route 53 treats a record without one as always healthy, so it never routes away from a failed endpoint.`,
    );
}

function checkTargetGroup(args: PolicyResource, report: (m: string) => void) {
    const props = args.props;
    const enabled = asBoolean(get(props, "healthCheck", "enabled"));
    const targetType = asString(get(props, "targetType")) ?? "instance";
    if (enabled === false) {
        report(
            `Enable the health check of target group "${args.name}" (healthCheck.enabled is false): without it the load balancer sends traffic to failed targets, and alias records with evaluateTargetHealth see the region as healthy.`,
        );
    } else if (targetType === "lambda" && enabled !== true) {
        report(
            `Set healthCheck.enabled to true on Lambda target group "${args.name}": health checks are off by default for Lambda targets, so a failing function still looks healthy to the load balancer and to Route 53.`,
        );
    }
}

function checkEndpointGroup(
    args: PolicyResource,
    requireHttpEndpointChecks: boolean,
    report: (m: string) => void,
) {
    const props = args.props;
    const endpoints = asArray(get(props, "endpointConfigurations"));
    if (endpoints.length === 0) {
        report(
            `Add endpointConfigurations to endpoint group "${args.name}": it has no endpoints, so Global Accelerator has nothing to health-check in ${show(get(props, "endpointGroupRegion"))} and cannot fail over to it.`,
        );
        return;
    }
    const protocol = asString(get(props, "healthCheckProtocol")) ?? "TCP";
    if (!requireHttpEndpointChecks || protocol !== "TCP") {
        return;
    }
    const direct = endpoints
        .map((e) => asString(get(e, "endpointId")) ?? "")
        .filter((id) => !loadBalancerArn.test(id));
    if (direct.length > 0) {
        report(
            `Set healthCheckProtocol to HTTP or HTTPS with a healthCheckPath on endpoint group "${args.name}": endpoints ${direct.join(", ")} are checked by Global Accelerator with ${show(protocol)}, which only proves a port is open, not that the application can serve.`,
        );
    }
}

const schema = schemaFor(dnsHealthCheckRequiredDefaults, {
    requireHttpEndpointChecks:
        "Require HTTP or HTTPS health checks for Global Accelerator endpoints that are not load balancers.",
});
schema.properties.deployment = deploymentSchema as (typeof schema.properties)[string];

/**
 * Routing that is not tied to a working health check never fails over. Records with a routing
 * policy need an enabled health check that probes their own target, or an alias that evaluates
 * target health; a SECONDARY failover record may have none (Route 53 then treats it as healthy,
 * which is what a last resort is for). Target groups and Global Accelerator endpoint groups must
 * actually check their targets.
 */
export const dnsHealthCheckRequired: StackValidationPolicy = {
    name: "dns-health-check-required",
    description:
        "Route 53 records with a failover, latency, weighted or geo routing policy, target groups and Global Accelerator endpoint groups must be tied to a working health check.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Give each routed record an enabled healthCheckId that probes the record's own target, or make it an alias with evaluateTargetHealth: true (not possible for CloudFront targets, which need a healthCheckId). A SECONDARY failover record may go without one. Keep target group health checks enabled (enable them explicitly for Lambda targets). Give Global Accelerator endpoint groups endpoints, and HTTP(S) health checks for EC2 or Elastic IP endpoints.",
    url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html",
    configSchema: schema,
    validateStack: (args, reportViolation) => {
        const { requireHttpEndpointChecks } = configWithDefaults(
            args,
            dnsHealthCheckRequiredDefaults,
        );
        const view = deploymentView(args.resources, rawConfig(args));
        const unknowns = new UnknownTracker();
        let applicable = false;
        for (const resource of args.resources) {
            const report = (message: string) => reportViolation(message, resource.urn);
            unknowns.guard(() => {
                if (resource.type === recordType) {
                    applicable = true;
                    checkRecord(resource, view, report);
                } else if (targetGroupTypes.includes(resource.type)) {
                    applicable = true;
                    checkTargetGroup(resource, report);
                } else if (resource.type === endpointGroupType) {
                    applicable = true;
                    checkEndpointGroup(resource, requireHttpEndpointChecks, report);
                }
            });
        }
        unknowns.rethrow();
        if (!applicable) {
            args.notApplicable(
                "the stack has no Route 53 records, target groups or Global Accelerator endpoint groups",
            );
        }
    },
};
