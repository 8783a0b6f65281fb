import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { DeploymentView, deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import { aliasOf, failoverTypeOf, recordKey, recordTargets, routingPolicyOf } from "../lib/dns";
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
import { groupBy, oncePer } from "../lib/memo";
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
    const byId = id === undefined ? undefined : indexOf(resources).checkById.get(id);
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

/** A health check by its id, or the one `from.<property>` depends on unambiguously. */
function checkById(id: unknown, resources: readonly PolicyResource[]): PolicyResource | undefined {
    const value = unlessUnknown(() => asString(id), undefined);
    return value === undefined ? undefined : indexOf(resources).checkById.get(value);
}

/**
 * The children of a CALCULATED check, when every one is in view (by id, or, for ids not known
 * yet, by the checks `childHealthchecks` depends on); `undefined` otherwise.
 */
export function childChecks(
    check: PolicyResource,
    resources: readonly PolicyResource[],
): PolicyResource[] | undefined {
    const ids = asArray(check.props.childHealthchecks);
    const byId = ids.map((id) => checkById(id, resources));
    if (ids.length > 0 && byId.every((c) => c !== undefined)) {
        return byId as PolicyResource[];
    }
    const deps = (check.propertyDependencies?.childHealthchecks ?? []).filter(
        (d) => d.type === healthCheckType,
    );
    return deps.length > 0 && deps.length >= ids.length ? deps : undefined;
}

/**
 * What `check` probes, when it probes endpoints whose addresses are known: its own endpoint, or
 * for a CALCULATED check every endpoint its children probe. `undefined` when it cannot be told
 * (a CloudWatch alarm, an ARC routing control, a child out of view).
 */
function probedEndpoints(
    check: PolicyResource,
    resources: readonly PolicyResource[],
    depth = 0,
): string[] | undefined {
    const type = asString(check.props.type) ?? "";
    if (type === "CALCULATED" && depth < 3) {
        const children = childChecks(check, resources);
        const probed = children?.map((c) => probedEndpoints(c, resources, depth + 1));
        return probed?.every((p) => p !== undefined) ? probed.flat() : undefined;
    }
    if (!endpointCheckTypes.includes(type)) {
        return undefined;
    }
    const target = asString(check.props.fqdn) ?? asString(check.props.ipAddress);
    return target ? [normalize(target)] : undefined;
}

/** The check itself, or a check under it (CALCULATED children), that is inverted. */
function invertedCheck(
    check: PolicyResource,
    resources: readonly PolicyResource[],
    depth = 0,
): PolicyResource | undefined {
    if (asBoolean(check.props.invertHealthcheck) === true) {
        return check;
    }
    if (asString(check.props.type) !== "CALCULATED" || depth >= 3) {
        return undefined;
    }
    for (const child of childChecks(check, resources) ?? []) {
        const found = invertedCheck(child, resources, depth + 1);
        if (found) {
            return found;
        }
    }
    return undefined;
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
        /\.(amazonaws\.com|cloudfront\.net|awsglobalaccelerator\.com|elasticbeanstalk\.com|awsapprunner\.com|on\.aws)$/.test(
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
    const index = indexOf(resources);
    const found = new Set(names.map(normalize));
    let frontier = [...found];
    for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
        const next: string[] = [];
        for (const r of frontier.flatMap((name) => index.recordsByName.get(name) ?? [])) {
            for (const target of index.targetsOf(r)) {
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

/** Names of routed records in view (a check that probes one follows Route 53's own answer). */
function routedNames(resources: readonly PolicyResource[]): ReadonlySet<string> {
    return indexOf(resources).routed;
}

/** What the rule looks up in a stack's resources, built once per list (not once per record). */
interface ResourceIndex {
    /** The first health check with each known id. */
    checkById: Map<string, PolicyResource>;
    /** Records by normalized name ("" for a name not known yet), in the list's order. */
    recordsByName: Map<string, PolicyResource[]>;
    /** Names of routed records. */
    routed: ReadonlySet<string>;
    /** A record's targets (none while unknown), read once. */
    targetsOf(record: PolicyResource): string[];
}

const indexOf = oncePer((resources: readonly PolicyResource[]): ResourceIndex => {
    const checkById = new Map<string, PolicyResource>();
    for (const r of resources) {
        if (r.type === healthCheckType) {
            const id = unlessUnknown(() => asString(get(r.props, "id")), undefined);
            if (id !== undefined && !checkById.has(id)) {
                checkById.set(id, r);
            }
        }
    }
    return {
        checkById,
        recordsByName: groupBy(
            resources.filter((r) => r.type === recordType),
            (r) => normalize(unlessUnknown(() => asString(r.props.name), undefined) ?? ""),
        ),
        routed: routedNamesOf(resources),
        targetsOf: oncePer((record: PolicyResource) =>
            unlessUnknown(() => recordTargets(record.props), []),
        ),
    };
});

function routedNamesOf(resources: readonly PolicyResource[]): Set<string> {
    return new Set(
        resources
            .filter(
                (r) =>
                    r.type === recordType &&
                    unlessUnknown(() => routingPolicyOf(r.props) !== undefined, false),
            )
            .map((r) => normalize(unlessUnknown(() => asString(r.props.name), undefined) ?? ""))
            .filter((n) => n !== ""),
    );
}

/**
 * Whether `check` provably probes something other than `record`'s target: both sides resolve
 * to addresses or AWS endpoints (directly or through records in view) and share none; or the
 * check probes a routed name, which answers with whichever endpoint Route 53 picked.
 */
function probesElsewhere(
    check: PolicyResource,
    record: PolicyResource,
    resources: readonly PolicyResource[],
): { probed: string; target: string; routedName?: boolean } | undefined {
    const probed = probedEndpoints(check, resources);
    const targets = recordTargets(record.props);
    if (!probed || probed.length === 0 || targets.length === 0) {
        return undefined;
    }
    const routed = routedNames(resources);
    const circular = probed.find((p) => routed.has(p));
    if (circular) {
        return { probed: circular, target: normalize(targets[0]), routedName: true };
    }
    const probe = reach(probed, resources);
    const serve = reach(targets, resources);
    if (!probe.resolved || !serve.resolved) {
        return undefined;
    }
    const shared = [...probe.names].some((n) => serve.names.has(n));
    return shared ? undefined : { probed: probed.join(", "), target: normalize(targets[0]) };
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
        if (mismatch?.routedName) {
            report(
                `Point health check "${check.name}" of ${what} at the record's target ${mismatch.target}: it probes ${mismatch.probed}, the routed name itself, so it reports the health of whichever endpoint Route 53 answers with. When that endpoint fails the answer moves, the check turns healthy again and the answer moves back: users follow it onto the failed endpoint.`,
            );
            return;
        }
        const inverted = unlessUnknown(() => invertedCheck(check, view.resources), undefined);
        if (inverted) {
            report(
                `Set invertHealthcheck to false on health check "${inverted.name}" of ${what}: an inverted check reports healthy exactly when its endpoint is down, so Route 53 sends users to the failed endpoint and away from a working one. To force a failover for a test, run a drill (it inverts the check for the duration of the drill and restores it) or use an ARC routing control; never declare an inverted check.`,
            );
            return;
        }
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

/**
 * A SECONDARY failover record whose health check probes the same endpoint as its PRIMARY's (or
 * is the same check): the two records turn unhealthy together, and Route 53 then answers with
 * the PRIMARY, so the SECONDARY never takes over.
 */
function checkPairShares(
    record: PolicyResource,
    view: DeploymentView,
    report: (m: string) => void,
) {
    if (failoverTypeOf(record.props) !== "SECONDARY" || !isPresent(record.props, "healthCheckId")) {
        return;
    }
    const key = recordKey(record.props);
    const primary = view.resources.find(
        (r) =>
            r.type === recordType &&
            unlessUnknown(
                () => failoverTypeOf(r.props) === "PRIMARY" && recordKey(r.props) === key,
                false,
            ),
    );
    const mine = healthCheckOf(record, view.resources);
    const theirs = primary && healthCheckOf(primary, view.resources);
    if (
        !primary ||
        !mine ||
        !theirs ||
        // The PRIMARY's own check is the fault then, and its record says so.
        unlessUnknown(() => probesElsewhere(theirs, primary, view.resources), undefined)
    ) {
        return;
    }
    const probed = (c: PolicyResource) =>
        unlessUnknown(() => probedEndpoints(c, view.resources), undefined);
    const a = probed(mine);
    const b = probed(theirs);
    const same =
        mine === theirs ||
        (a !== undefined &&
            b !== undefined &&
            [...reach(a, view.resources).names].some((n) => reach(b, view.resources).names.has(n)));
    if (!same) {
        return;
    }
    const name = asString(record.props.name) ?? record.name;
    const how =
        mine === theirs
            ? `both records use health check "${mine.name}"`
            : `its health check "${mine.name}" and the PRIMARY's "${theirs.name}" both probe ${(a ?? []).join(", ")}`;
    report(
        `Give SECONDARY failover record "${record.name}" (${name}) a health check of its own target: ${how}, so the two records turn unhealthy together, and Route 53 answers with the PRIMARY record whenever both are unhealthy: the SECONDARY never takes over.`,
    );
}

/**
 * Whether a target group's health decides a failover anywhere in view: a routed alias that
 * evaluates a load balancer's target health and has no health check of its own, or a Global Accelerator endpoint group with load
 * balancer endpoints (which uses their target groups' health). Otherwise a target group's check
 * moves no user between regions (a Route 53 check probing the endpoint does), and it is not
 * judged here.
 */
function targetHealthDecides(resources: readonly PolicyResource[]): boolean {
    return resources.some((r) =>
        unlessUnknown(() => {
            if (r.type === recordType) {
                const alias = aliasOf(r.props);
                return (
                    routingPolicyOf(r.props) !== undefined &&
                    !isPresent(r.props, "healthCheckId") &&
                    alias?.evaluateTargetHealth === true &&
                    (alias.kind === "elb" || alias.kind === "unknown")
                );
            }
            if (r.type === endpointGroupType) {
                return asArray(get(r.props, "endpointConfigurations")).some((e) =>
                    loadBalancerArn.test(asString(get(e, "endpointId")) ?? ""),
                );
            }
            return false;
        }, true),
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
        const reported = new Set<string>();
        const healthDecides = unlessUnknown(() => targetHealthDecides(view.resources), true);
        for (const resource of args.resources) {
            const report = (message: string) => {
                reported.add(resource.urn);
                reportViolation(message, resource.urn);
            };
            unknowns.guard(() => {
                if (resource.type === recordType) {
                    applicable = true;
                    checkRecord(resource, view, report);
                    if (!reported.has(resource.urn)) {
                        checkPairShares(resource, view, report);
                    }
                } else if (targetGroupTypes.includes(resource.type)) {
                    applicable = true;
                    if (healthDecides) {
                        checkTargetGroup(resource, report);
                    }
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
