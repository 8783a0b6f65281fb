import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One Region's RDS instance behind the writer name. */
export interface WriterRegion {
    /** AWS Region; the record's set identifier, as the plan's health check step expects. */
    region: string;
    /** The instance's endpoint address in that Region. */
    address: pulumi.Input<string>;
    /** The health check the Region switch plan sets healthy while this Region holds the writer. */
    healthCheckId: pulumi.Input<string>;
}

export interface RdsWriterRecordsArgs {
    /** Hosted zone that holds `recordName`. */
    zoneId: pulumi.Input<string>;
    /** The writer name the tasks connect to (`RDS_WRITER_ENDPOINT`). */
    recordName: string;
    /** The plan's primary Region first, then the secondary. */
    regions: [WriterRegion, WriterRegion];
    /** Seconds resolvers may keep an answer. */
    ttlSeconds: number;
}

/**
 * The RDS writer name: a failover pair of CNAME records, PRIMARY to the primary Region's instance
 * and SECONDARY to the secondary's, each guarded by the health check the Region switch plan sets
 * for its Region (`point-rds-writer`). The plan moves the writer by setting checks, a data-plane
 * operation, so no record change (a us-east-1 control-plane call) is needed during an outage.
 *
 * Before the plan's first run both checks may be unhealthy (AWS does not document their first
 * state); with both unhealthy Route 53 answers with the PRIMARY
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html),
 * the source instance, which is right until a promotion. After the plan activates the secondary,
 * the name answers with the promoted instance; after a failback, with the primary's re-created
 * and promoted instance.
 *
 * The RDS certificate names the instance endpoint, not this name: clients that verify the host
 * name check it against the CNAME's target (PostgreSQL `sslmode=verify-ca`, or the resolved
 * target with `verify-full`).
 */
export class RdsWriterRecords extends pulumi.ComponentResource {
    public readonly fqdn: pulumi.Output<string>;

    constructor(
        name: string,
        args: RdsWriterRecordsArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:routing:RdsWriterRecords", name, {}, opts);
        const roles = ["PRIMARY", "SECONDARY"] as const;
        args.regions.forEach((target, index) => {
            new aws.route53.Record(
                `${name}-${target.region}`,
                {
                    zoneId: args.zoneId,
                    name: args.recordName,
                    type: "CNAME",
                    ttl: args.ttlSeconds,
                    records: [target.address],
                    setIdentifier: target.region,
                    failoverRoutingPolicies: [{ type: roles[index] }],
                    healthCheckId: target.healthCheckId,
                },
                { parent: this },
            );
        });
        this.fqdn = pulumi.output(args.recordName);
        this.registerOutputs({ fqdn: this.fqdn });
    }
}
