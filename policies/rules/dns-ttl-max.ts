import { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { aliasKindLabels, aliasOf, effectiveTtl, routingPolicyOf } from "../lib/dns";
import { asString, isPresent, show } from "../lib/props";
import { recordType } from "../lib/types";

/** Defaults of `dns-ttl-max`'s config; the CLI applies them from the schema, the policy here. */
export const dnsTtlMaxDefaults = {
    /** Route 53's recommendation for health-checked records is 60 s or less. */
    maxTtlSeconds: 60,
};

/**
 * A record that fails over (health-checked, or using a routing policy) is only as fast as the
 * TTL resolvers cache it for. Alias records use their target's fixed TTL.
 */
export const dnsTtlMax: ResourceValidationPolicy = {
    name: "dns-ttl-max",
    description:
        "Route 53 records that are health-checked or use a routing policy must have a TTL of at most maxTtlSeconds, so resolvers follow a failover quickly.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set the record's ttl to maxTtlSeconds (default 60) or less. Alias records to load balancers, CloudFront, S3 websites and Global Accelerator use a fixed 60 s TTL; if maxTtlSeconds is below 60, raise it or use Global Accelerator, whose anycast IPs do not depend on DNS caching.",
    url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/best-practices-dns.html",
    configSchema: schemaFor(
        dnsTtlMaxDefaults,
        {
            maxTtlSeconds: "Largest TTL, in seconds, allowed on health-checked or routed records.",
        },
        { maxTtlSeconds: { minimum: 0 } },
    ),
    validateResource: (args, reportViolation) => {
        if (args.type !== recordType) {
            args.notApplicable(`Policy only applies to resources of type '${recordType}'`);
        }
        const props = args.props;
        const policy = routingPolicyOf(props);
        const healthChecked = isPresent(props, "healthCheckId");
        if (!policy && !healthChecked) {
            args.notApplicable("the record is not health-checked and uses simple routing");
        }
        const { maxTtlSeconds } = configWithDefaults(args, dnsTtlMaxDefaults);
        const name = asString(props.name) ?? args.name;
        const why = policy ? `a ${policy} record` : "a health-checked record";
        const alias = aliasOf(props);
        const ttl = effectiveTtl(props);
        if (alias && ttl === undefined) {
            args.notApplicable(
                `alias target ${show(alias.name)} has no TTL known to the policy; check the TTL of the record it points to`,
            );
        }
        if (ttl === undefined) {
            reportViolation(
                `Set ttl on record "${args.name}" (${name}): ${why} needs a TTL of ${maxTtlSeconds} s or less, but ttl is ${show(props.ttl)}.`,
            );
            return;
        }
        if (ttl <= maxTtlSeconds) {
            return;
        }
        if (alias) {
            reportViolation(
                `Raise maxTtlSeconds to 60 or route record "${args.name}" (${name}) without an alias: it aliases a ${aliasKindLabels[alias.kind]} (${alias.name}), whose TTL is fixed at ${ttl} s, above the ${maxTtlSeconds} s allowed for ${why}.`,
            );
            return;
        }
        reportViolation(
            `Lower ttl on record "${args.name}" (${name}) from ${ttl} to ${maxTtlSeconds} or less: ${why} with a ${ttl} s TTL keeps resolvers sending users to a failed endpoint for up to ${ttl} s after failover.`,
        );
    },
};
