import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { closedSchema } from "../lib/config";
import { DeploymentView, deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import { aliasOf, failoverTypeOf, recordKey, routingPolicyOf } from "../lib/dns";
import { asArray, asString, get, UnknownTracker, unlessUnknown } from "../lib/props";
import { regionOf, regionOfDnsName } from "../lib/region";
import { endpointGroupType, recordType } from "../lib/types";

const normalized = (value: unknown) => (asString(value) ?? "").toLowerCase().replace(/\.$/, "");

/**
 * Where a record sends users, when the stack or the target's DNS name tells. An alias to another
 * record in the zone is followed to what that record finally points at (as `dns-ttl-max` follows
 * chains for TTLs); when the chain reaches several regions, or none, the region is unknown.
 */
export function targetRegion(
    record: PolicyResource,
    resources: readonly PolicyResource[],
    seen: ReadonlySet<PolicyResource> = new Set(),
): string | undefined {
    if (seen.has(record) || seen.size > 8) {
        return undefined;
    }
    const alias = aliasOf(record.props);
    if (alias && (alias.kind === "cloudfront" || alias.kind === "global-accelerator")) {
        // Global services: the record's target has no single region.
        return undefined;
    }
    if (alias) {
        const fromName = regionOfDnsName(alias.name);
        if (fromName) {
            return fromName;
        }
        const target = resources.find(
            (r) =>
                unlessUnknown(() => asString(get(r.props, "dnsName")), undefined) === alias.name &&
                alias.name !== "",
        );
        if (target) {
            return regionOf(target);
        }
        if (alias.kind === "other" && alias.name !== "") {
            const zone = asString(record.props.zoneId);
            const next = resources.filter(
                (r) =>
                    r.type === recordType &&
                    r !== record &&
                    unlessUnknown(
                        () =>
                            normalized(r.props.name) === normalized(alias.name) &&
                            [zone, alias.zoneId].includes(asString(r.props.zoneId)),
                        false,
                    ),
            );
            if (next.length > 0) {
                const regions = new Set(
                    next.map((r) => targetRegion(r, resources, new Set([...seen, record]))),
                );
                return regions.size === 1 ? [...regions][0] : undefined;
            }
        }
    }
    const deps = record.propertyDependencies?.[alias ? "aliases" : "records"] ?? [];
    for (const dep of deps) {
        if (dep.type === recordType) {
            continue;
        }
        const region = regionOf(dep);
        if (region) {
            return region;
        }
    }
    return undefined;
}

/**
 * A geolocation set needs a default record (country "*"): when the record for a user's location
 * is unhealthy, Route 53 falls back to a larger location and then to the default; with none, it
 * answers no record, and users of a location no record names get none either (Route 53,
 * "Geolocation routing" and "How Route 53 chooses records when health checking is configured").
 * Judged in the stack of the set's first record. Returns whether any set was judged.
 */
function checkGeolocationDefaults(
    view: DeploymentView,
    reportViolation: (message: string, urn?: string) => void,
): boolean {
    const sets = new Map<string, PolicyResource[]>();
    for (const record of view.resources.filter((r) => r.type === recordType)) {
        if (unlessUnknown(() => routingPolicyOf(record.props) === "geolocation", false)) {
            const key = recordKey(record.props);
            sets.set(key, [...(sets.get(key) ?? []), record]);
        }
    }
    const location = (r: PolicyResource) =>
        unlessUnknown(() => {
            const policy = get(r.props, "geolocationRoutingPolicies", 0);
            const parts = ["continent", "country", "subdivision"]
                .map((k) => asString(get(policy, k)))
                .filter((v): v is string => v !== undefined);
            return parts.join("/");
        }, "?");
    let judged = false;
    for (const members of sets.values()) {
        if (!view.isOwn(members[0])) {
            continue;
        }
        judged = true;
        if (members.some((m) => location(m) === "*")) {
            continue;
        }
        const first = members[0];
        const name = asString(first.props.name) ?? first.name;
        reportViolation(
            `Add a default geolocation record (country "*") for ${name} ${asString(first.props.type) ?? ""} in zone ${asString(first.props.zoneId) ?? "unknown"}: the set has records for ${members.map((m) => `${location(m)} ("${m.name}")`).join(", ")} and no default, so when the record for a user's location is unhealthy Route 53 has nothing to fall back to and answers no record, and users of any location no record names get no answer at all.`,
            first.urn,
        );
    }
    return judged;
}

/**
 * A Global Accelerator listener whose endpoint groups are all in one region has nowhere to send
 * users when that region fails (Global Accelerator, "Endpoint groups": one group per Region,
 * traffic goes to healthy endpoints in other groups). Judged in the stack of the listener's
 * first endpoint group. Returns whether any listener was judged.
 */
function checkAcceleratorRegions(
    view: DeploymentView,
    unseen: string,
    reportViolation: (message: string, urn?: string) => void,
): boolean {
    const byListener = new Map<string, PolicyResource[]>();
    for (const group of view.resources.filter((r) => r.type === endpointGroupType)) {
        const listener = unlessUnknown(
            () =>
                asString(group.props.listenerArn) ??
                group.propertyDependencies?.listenerArn?.[0]?.urn,
            undefined,
        );
        if (listener) {
            byListener.set(listener, [...(byListener.get(listener) ?? []), group]);
        }
    }
    let judged = false;
    for (const [listener, groups] of byListener) {
        const first = groups[0];
        const listenerInView = view.resources.some(
            (r) =>
                r.urn === listener ||
                unlessUnknown(() => asString(get(r.props, "arn")) === listener, false) ||
                unlessUnknown(() => asString(get(r.props, "id")) === listener, false),
        );
        // Without the listener in view, other stacks may add its other groups.
        if (!view.isOwn(first) || (!view.projectWide && !listenerInView)) {
            continue;
        }
        judged = true;
        const regions = new Set(
            groups.map((g) =>
                unlessUnknown(() => asString(g.props.endpointGroupRegion), undefined),
            ),
        );
        if (regions.size !== 1 || regions.has(undefined)) {
            continue;
        }
        const region = [...regions][0]!;
        reportViolation(
            `Add an endpoint group in another region to the listener of endpoint group "${first.name}": every endpoint group of the listener (${groups.map((g) => JSON.stringify(g.name)).join(", ")}) is in ${region}, so when ${region} fails Global Accelerator has no healthy endpoint to send users to.${unseen}`,
            first.urn,
        );
    }
    return judged;
}

/**
 * A CloudFront origin group fails over from its primary origin to its secondary per request;
 * two origins in one region fail together (CloudFront DG, "Optimizing high availability with
 * CloudFront origin failover"). An origin's region comes from its domain name (a load
 * balancer's or a bucket's regional name) or the resource in the stack that has it. Returns
 * whether any origin group was judged.
 */
function checkOriginGroupRegions(
    resources: readonly PolicyResource[],
    reportViolation: (message: string, urn?: string) => void,
): boolean {
    const originRegion = (domain: string | undefined) => {
        if (!domain) {
            return undefined;
        }
        const owner = resources.find((r) =>
            ["dnsName", "bucketRegionalDomainName", "domainName"].some(
                (k) =>
                    r.type !== "aws:cloudfront/distribution:Distribution" &&
                    unlessUnknown(() => asString(get(r.props, k)), undefined) === domain,
            ),
        );
        return regionOfDnsName(domain) ?? (owner ? regionOf(owner) : undefined);
    };
    let judged = false;
    for (const distribution of resources.filter(
        (r) => r.type === "aws:cloudfront/distribution:Distribution",
    )) {
        const origins = asArray(get(distribution.props, "origins"));
        for (const group of asArray(get(distribution.props, "originGroups"))) {
            judged = true;
            const ids = asArray(get(group, "members")).map((m) => asString(get(m, "originId")));
            const regions = ids.map((id) =>
                originRegion(
                    asString(
                        get(
                            origins.find((o) => asString(get(o, "originId")) === id),
                            "domainName",
                        ),
                    ),
                ),
            );
            if (regions.length === 2 && regions[0] && regions[0] === regions[1]) {
                reportViolation(
                    `Move origin ${JSON.stringify(ids[1])} of origin group ${JSON.stringify(asString(get(group, "originId")) ?? "")} in distribution "${distribution.name}" to another region: it and origin ${JSON.stringify(ids[0])} are both in ${regions[0]}, so when ${regions[0]} fails CloudFront's failover request fails too and users get errors.`,
                    distribution.urn,
                );
            }
        }
    }
    return judged;
}

/**
 * Failover routing needs exactly one PRIMARY and one SECONDARY per name, type and zone, and
 * the two must send users to different regions, or there is nothing to fail over to.
 */
export const dnsFailoverPair: StackValidationPolicy = {
    name: "dns-failover-pair",
    description:
        "Each Route 53 failover record set (name, type and zone) has exactly one PRIMARY and one SECONDARY record, pointing at different regions; each geolocation set has a default record; each Global Accelerator listener has endpoint groups in more than one region; each CloudFront origin group has its origins in two regions.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Declare exactly one PRIMARY and one SECONDARY failover record for each name and type in a zone, with the SECONDARY pointing at the recovery region\'s endpoint. Give each geolocation set a default record (country "*"). Give each Global Accelerator listener an endpoint group in the recovery region.',
    url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-types.html",
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
        const unknowns = new UnknownTracker();
        const view = deploymentView(args.resources, rawConfig(args));
        const sets = new Map<string, { record: PolicyResource; type: string }[]>();
        for (const record of view.resources.filter((r) => r.type === recordType)) {
            unknowns.guard(() => {
                const type = failoverTypeOf(record.props);
                if (type === undefined) {
                    return;
                }
                const key = recordKey(record.props);
                sets.set(key, [...(sets.get(key) ?? []), { record, type }]);
            });
        }
        // A set is judged in the stack of its first record (in deploy order), so once.
        const judged = [...sets.values()].filter((members) => view.isOwn(members[0].record));
        const unseen = view.projectWide
            ? ""
            : " This analysis saw only this stack: if the record is in another stack of the project, give the pack that stack's facts through this policy's `deployment` config (the offline check does so when it runs every stack of the project).";
        let applicable = judged.length > 0;
        unknowns.guard(() => {
            applicable = checkGeolocationDefaults(view, reportViolation) || applicable;
        });
        unknowns.guard(() => {
            applicable = checkAcceleratorRegions(view, unseen, reportViolation) || applicable;
        });
        unknowns.guard(() => {
            applicable = checkOriginGroupRegions(args.resources, reportViolation) || applicable;
        });
        if (!applicable) {
            args.notApplicable(
                "the stack has no failover or geolocation records, Global Accelerator endpoint groups or CloudFront origin groups",
            );
        }
        for (const members of judged) {
            unknowns.guard(() => {
                const first = members[0].record;
                const label =
                    `${asString(first.props.name) ?? first.name} ${asString(first.props.type) ?? ""} in zone ${asString(first.props.zoneId) ?? "unknown"}`.replace(
                        "  ",
                        " ",
                    );
                const names = (type: string) =>
                    members
                        .filter((m) => m.type === type)
                        .map((m) => JSON.stringify(m.record.name));
                for (const type of ["PRIMARY", "SECONDARY"]) {
                    const found = names(type);
                    if (found.length === 0) {
                        reportViolation(
                            `Add a ${type} failover record for ${label}: the set has ${members.length} record${members.length === 1 ? "" : "s"} (${members.map((m) => `${JSON.stringify(m.record.name)} ${m.type}`).join(", ")}) and no ${type}, so Route 53 has ${type === "PRIMARY" ? "no preferred endpoint" : "nowhere to fail over to"}.${unseen}`,
                            first.urn,
                        );
                    } else if (found.length > 1) {
                        reportViolation(
                            `Keep one ${type} failover record for ${label}: records ${found.join(", ")} are all ${type}, and Route 53 accepts only one per set.`,
                            first.urn,
                        );
                    }
                }
                const primary = members.find((m) => m.type === "PRIMARY");
                const secondary = members.find((m) => m.type === "SECONDARY");
                if (primary && secondary) {
                    const primaryRegion = targetRegion(primary.record, view.resources);
                    const secondaryRegion = targetRegion(secondary.record, view.resources);
                    if (primaryRegion && primaryRegion === secondaryRegion) {
                        reportViolation(
                            `Point SECONDARY record "${secondary.record.name}" for ${label} at another region: it and PRIMARY record "${primary.record.name}" both send users to ${primaryRegion}, so a regional failure takes both down.`,
                            view.isOwn(secondary.record) ? secondary.record.urn : first.urn,
                        );
                    }
                }
            });
        }
        unknowns.rethrow();
    },
};
