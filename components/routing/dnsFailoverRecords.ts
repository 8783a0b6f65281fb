import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failoverRecordPlan } from "./plan";

/** A region's load balancer and the health check that guards its records. */
export interface AliasedRegion {
    /** AWS region; keys the record set identifiers and resource names. */
    region: string;
    /** DNS name of the regional ALB. */
    albDnsName: pulumi.Input<string>;
    /** Canonical hosted zone ID of the regional ALB. */
    albZoneId: pulumi.Input<string>;
    /** Route 53 health check attached to the region's records. */
    healthCheckId: pulumi.Input<string>;
}

export interface DnsFailoverRecordsArgs {
    /** Hosted zone that holds `domain`. */
    zoneId: pulumi.Input<string>;
    /** The name users resolve. */
    domain: string;
    /** Regions in failover order: primary first. */
    regions: AliasedRegion[];
    /** Whether ALB aliases also evaluate the ALB's target health. */
    evaluateTargetHealth?: boolean;
}

const defaults = { evaluateTargetHealth: true };

/**
 * PRIMARY/SECONDARY failover alias records to the regional ALBs, each guarded by its region's
 * health check. More than two regions form a chain of nested failover sets (see
 * `failoverRecordPlan`); links in the chain always evaluate target health, because that is how a
 * nested set reports that every region inside it is down.
 */
export class DnsFailoverRecords extends pulumi.ComponentResource {
    /** Record key (see `failoverRecordPlan`) to the record. */
    public readonly records: Record<string, aws.route53.Record>;
    /** The name users resolve. */
    public readonly fqdn: pulumi.Output<string>;

    constructor(
        name: string,
        args: DnsFailoverRecordsArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:routing:DnsFailoverRecords", name, {}, opts);
        const settings = { ...defaults, ...args };
        const byRegion = new Map(args.regions.map((r) => [r.region, r]));
        this.records = {};
        for (const plan of failoverRecordPlan(
            args.domain,
            args.regions.map((r) => r.region),
        )) {
            const target =
                plan.target.kind === "region" ? byRegion.get(plan.target.region)! : undefined;
            this.records[plan.key] = new aws.route53.Record(
                `${name}-${plan.key}`,
                {
                    zoneId: args.zoneId,
                    name: plan.name,
                    type: "A",
                    setIdentifier: plan.setIdentifier,
                    failoverRoutingPolicies: [{ type: plan.role }],
                    healthCheckId: target?.healthCheckId,
                    aliases: [
                        target
                            ? {
                                  name: target.albDnsName,
                                  zoneId: target.albZoneId,
                                  evaluateTargetHealth: settings.evaluateTargetHealth,
                              }
                            : {
                                  name: (plan.target as { name: string }).name,
                                  zoneId: args.zoneId,
                                  evaluateTargetHealth: true,
                              },
                    ],
                },
                { parent: this },
            );
        }
        this.fqdn = pulumi.output(args.domain);
        this.registerOutputs({ records: this.records, fqdn: this.fqdn });
    }
}
