import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AliasedRegion } from "./dnsFailoverRecords";
import { latencyRecordPlan } from "./plan";

export interface DnsLatencyRecordsArgs {
    /** Hosted zone that holds `domain`. */
    zoneId: pulumi.Input<string>;
    /** The name users resolve. */
    domain: string;
    /** Every region that serves users. */
    regions: AliasedRegion[];
    /** Whether ALB aliases also evaluate the ALB's target health. */
    evaluateTargetHealth?: boolean;
}

const defaults = { evaluateTargetHealth: true };

/**
 * One latency alias record per region to its ALB, each with the region's health check: users go
 * to the lowest-latency healthy region, and an unhealthy region drops out of the answers.
 */
export class DnsLatencyRecords extends pulumi.ComponentResource {
    /** Region to its latency record. */
    public readonly records: Record<string, aws.route53.Record>;
    /** The name users resolve. */
    public readonly fqdn: pulumi.Output<string>;

    constructor(
        name: string,
        args: DnsLatencyRecordsArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:routing:DnsLatencyRecords", name, {}, opts);
        const settings = { ...defaults, ...args };
        const byRegion = new Map(args.regions.map((r) => [r.region, r]));
        this.records = {};
        for (const plan of latencyRecordPlan(args.regions.map((r) => r.region))) {
            const target = byRegion.get(plan.region)!;
            this.records[plan.region] = new aws.route53.Record(
                `${name}-${plan.region}`,
                {
                    zoneId: args.zoneId,
                    name: args.domain,
                    type: "A",
                    setIdentifier: plan.setIdentifier,
                    latencyRoutingPolicies: [{ region: plan.region }],
                    healthCheckId: target.healthCheckId,
                    aliases: [
                        {
                            name: target.albDnsName,
                            zoneId: target.albZoneId,
                            evaluateTargetHealth: settings.evaluateTargetHealth,
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
