import { StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { deploymentSchema, deploymentView, rawConfig } from "../lib/deployment";
import { aliasKindLabels, aliasOf, resolveTtl, routingPolicyOf } from "../lib/dns";
import { asString, isPresent, show, UnknownTracker } from "../lib/props";
import { recordType } from "../lib/types";

/** Defaults of `dns-ttl-max`'s config; the CLI applies them from the schema, the policy here. */
export const dnsTtlMaxDefaults = {
    /** Route 53's recommendation for health-checked records is 60 s or less. */
    maxTtlSeconds: 60,
};

const schema = schemaFor(
    dnsTtlMaxDefaults,
    { maxTtlSeconds: "Largest TTL, in seconds, allowed on health-checked or routed records." },
    { maxTtlSeconds: { minimum: 0 } },
);
schema.properties.deployment = deploymentSchema as (typeof schema.properties)[string];

/**
 * A record that fails over (health-checked, or using a routing policy) is only as fast as the
 * TTL resolvers cache it for. Alias records use their target's TTL: a fixed 60 s for AWS
 * endpoints, and for an alias to another record that record's TTL, followed down the chain.
 */
export const dnsTtlMax: StackValidationPolicy = {
    name: "dns-ttl-max",
    description:
        "Route 53 records that are health-checked or use a routing policy must have a TTL of at most maxTtlSeconds, so resolvers follow a failover quickly.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set the record's ttl to maxTtlSeconds (default 60) or less. An alias to another record takes that record's TTL: lower it there. Alias records to load balancers, CloudFront, S3 websites and Global Accelerator use a fixed 60 s TTL; if maxTtlSeconds is below 60, raise it or use Global Accelerator, whose anycast IPs do not depend on DNS caching.",
    url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/best-practices-dns.html",
    configSchema: schema,
    validateStack: (args, reportViolation) => {
        const { maxTtlSeconds } = configWithDefaults(args, dnsTtlMaxDefaults);
        const view = deploymentView(args.resources, rawConfig(args));
        const records = view.resources.filter((r) => r.type === recordType);
        const own = records.filter((r) => view.isOwn(r));
        const unknowns = new UnknownTracker();
        let applicable = false;
        for (const record of own) {
            unknowns.guard(() => {
                const props = record.props;
                const policy = routingPolicyOf(props);
                if (!policy && !isPresent(props, "healthCheckId")) {
                    return;
                }
                applicable = true;
                const name = asString(props.name) ?? record.name;
                const why = policy ? `a ${policy} record` : "a health-checked record";
                const alias = aliasOf(props);
                const resolved = resolveTtl(record, records);
                const report = (message: string) => reportViolation(message, record.urn);
                if (!resolved) {
                    if (!alias) {
                        report(
                            `Set ttl on record "${record.name}" (${name}): ${why} needs a TTL of ${maxTtlSeconds} s or less, but ttl is ${show(props.ttl)}.`,
                        );
                    }
                    // An alias to a record this analysis cannot see: its TTL is unknown here.
                    return;
                }
                const { ttl, chain, aliasKind } = resolved;
                if (ttl <= maxTtlSeconds) {
                    return;
                }
                const last = chain[chain.length - 1];
                if (aliasKind) {
                    report(
                        `Raise maxTtlSeconds to 60 or route record "${record.name}" (${name}) without an alias: it ${chain.length > 1 ? `reaches through ${chain.map((c) => JSON.stringify(c.name)).join(" -> ")} ` : ""}aliases a ${aliasKindLabels[aliasKind]} (${aliasOf(last.props)?.name}), whose TTL is fixed at ${ttl} s, above the ${maxTtlSeconds} s allowed for ${why}.`,
                    );
                } else if (chain.length > 1) {
                    report(
                        `Lower ttl on record "${last.name}" (${asString(last.props.name) ?? last.name}) from ${ttl} to ${maxTtlSeconds} or less: ${why} "${record.name}" (${name}) aliases it (${chain.map((c) => JSON.stringify(c.name)).join(" -> ")}), and an alias to another record is served with that record's TTL, so resolvers keep a failed endpoint for up to ${ttl} s after failover.`,
                    );
                } else {
                    report(
                        `Lower ttl on record "${record.name}" (${name}) from ${ttl} to ${maxTtlSeconds} or less: ${why} with a ${ttl} s TTL keeps resolvers sending users to a failed endpoint for up to ${ttl} s after failover.`,
                    );
                }
            });
        }
        unknowns.rethrow();
        if (!applicable) {
            args.notApplicable("the stack has no health-checked or routed records");
        }
    },
};
