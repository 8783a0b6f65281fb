import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { closedSchema } from "../lib/config";
import { deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import { aliasOf, failoverTypeOf, recordKey } from "../lib/dns";
import { asString, get, UnknownTracker, unlessUnknown } from "../lib/props";
import { regionOf, regionOfDnsName } from "../lib/region";
import { recordType } from "../lib/types";

/** Where a failover record sends users, when the stack or the target's DNS name tells. */
function targetRegion(
    record: PolicyResource,
    resources: readonly PolicyResource[],
): string | undefined {
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
    }
    const deps = record.propertyDependencies?.[alias ? "aliases" : "records"] ?? [];
    for (const dep of deps) {
        const region = regionOf(dep);
        if (region) {
            return region;
        }
    }
    return undefined;
}

/**
 * Failover routing needs exactly one PRIMARY and one SECONDARY per name, type and zone, and
 * the two must send users to different regions, or there is nothing to fail over to.
 */
export const dnsFailoverPair: StackValidationPolicy = {
    name: "dns-failover-pair",
    description:
        "Each Route 53 failover record set (name, type and zone) has exactly one PRIMARY and one SECONDARY record, pointing at different regions.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Declare exactly one PRIMARY and one SECONDARY failover record for each name and type in a zone, with the SECONDARY pointing at the recovery region's endpoint.",
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
        if (judged.length === 0) {
            args.notApplicable("the stack has no failover records");
        }
        const unseen = view.projectWide
            ? ""
            : " This analysis saw only this stack: if the record is in another stack of the project, give the pack that stack's facts through this policy's `deployment` config (the offline check does so when it runs every stack of the project).";
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
