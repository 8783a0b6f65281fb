/**
 * The published timings and replication bounds the model is built from. Every figure carries the
 * citation it came from (see /docs/budget.md and the project's aws-failover-facts reference);
 * figures AWS does not publish are marked as model assumptions, and each of those can be
 * overridden through `BudgetAssumptions`.
 */

/** A figure and where it comes from. */
export interface Fact {
    seconds: number;
    citation: string;
}

const route53HealthValues =
    "Route 53 DG, health-checks-creating-values (awsdocs/amazon-route53-docs@b5a28eb)";
const route53Determining =
    "Route 53 DG, dns-failover-determining-health-of-endpoints (awsdocs/amazon-route53-docs@0ff8bb6)";

export const facts = {
    /** Route 53 request interval when unset: "the default is 30 s". */
    route53DefaultInterval: { seconds: 30, citation: route53HealthValues },
    /** Route 53 failure threshold when unset: default 3. */
    route53DefaultThreshold: { seconds: 3, citation: "Route 53 API HealthCheckConfig (default 3)" },
    /** HTTP(S) probe: TCP connect within 4 s, then a status within 2 s. */
    route53HttpTimeout: {
        seconds: 6,
        citation: `${route53Determining}: 4 s connect + 2 s response`,
    },
    /** String match probes also wait up to 2 s for the body. */
    route53StringMatchTimeout: {
        seconds: 8,
        citation: `${route53Determining}: 4 s connect + 2 s response + 2 s body`,
    },
    /** TCP probe: connect within 10 s. */
    route53TcpTimeout: { seconds: 10, citation: `${route53Determining}: TCP connect within 10 s` },
    /**
     * CloudWatch-alarm health checks follow the alarm; when the alarm is not in the graph the
     * model assumes a standard-resolution alarm of 3 one-minute periods.
     */
    cloudWatchAlarmDefault: {
        seconds: 180,
        citation:
            "model assumption: 3 × 60 s standard-resolution periods (Route 53 supports standard resolution only)",
    },
    /** Alias records to ELB, CloudFront, S3 and Global Accelerator answer with a fixed 60 s TTL. */
    aliasTtl: {
        seconds: 60,
        citation:
            "Route 53 FAQ / resource-record-sets-choosing-alias-non-alias: alias to an AWS resource uses its fixed 60 s TTL",
    },
    /** "Typically under one minute globally" (Route 53 best-practices-dns). */
    route53Propagation: {
        seconds: 60,
        citation:
            "Route 53 DG, best-practices-dns (awsdocs/amazon-route53-docs@20377cc): propagation typically under one minute",
    },
    /** Global Accelerator moves traffic in about 30 s and no DNS cache is involved. */
    globalAcceleratorShift: {
        seconds: 30,
        citation:
            'Global Accelerator DG, about-endpoints-endpoint-weights.unhealthy-endpoints: "about 30 seconds"; static anycast IPs, no DNS change',
    },
    /** Global Accelerator endpoint group health check defaults: 30 s × 3. */
    globalAcceleratorDefaultInterval: {
        seconds: 30,
        citation: "Global Accelerator API EndpointGroup: HealthCheckIntervalSeconds default 30",
    },
    globalAcceleratorDefaultThreshold: {
        seconds: 3,
        citation: "Global Accelerator API EndpointGroup: ThresholdCount default 3",
    },
    /** ELB target group defaults for HTTP/HTTPS: 30 s interval, 2 failures, 5 successes. */
    targetGroupDefaultInterval: {
        seconds: 30,
        citation: "ELB API CreateTargetGroup: HealthCheckIntervalSeconds default 30",
    },
    targetGroupDefaultUnhealthy: {
        seconds: 2,
        citation: "ELB API CreateTargetGroup: UnhealthyThresholdCount default 2 (HTTP/HTTPS)",
    },
    targetGroupDefaultHealthy: {
        seconds: 5,
        citation: "ELB API CreateTargetGroup: HealthyThresholdCount default 5 (HTTP/HTTPS)",
    },
    /** CloudFront origin defaults: 3 connection attempts × 10 s connection timeout. */
    cloudFrontDefaultAttempts: {
        seconds: 3,
        citation:
            "CloudFront DG, high_availability_origin_failover (awsdocs@1c964d4): connection attempts default 3",
    },
    cloudFrontDefaultConnectionTimeout: {
        seconds: 10,
        citation:
            "CloudFront DG, high_availability_origin_failover (awsdocs@1c964d4): connection timeout default 10 s",
    },
    /** Aurora global database: promote a secondary "in less than a minute". */
    auroraGlobalFailover: {
        seconds: 60,
        citation:
            'DR workshop, Aurora global database: RTO 1 minute ("less than a minute"); Aurora UG: "in the order of minutes"',
    },
    /** RDS read replica promotion "can take several minutes or longer". */
    rdsReplicaPromotion: {
        seconds: 600,
        citation:
            'model assumption for RDS UG USER_ReadRepl: promotion "can take several minutes or longer"',
    },
    /** Aurora global replication lag: "typically under a second"; marketed RPO 1 s. */
    auroraGlobalRpo: {
        seconds: 1,
        citation:
            'Aurora UG, aurora-global-database (awsdocs@7a931b4): lag "typically under a second"; AWS: "RPO of 1 second"',
    },
    /** DynamoDB MREC: "usually ... within a second", no SLA. */
    dynamodbMrecRpo: {
        seconds: 1,
        citation:
            'DynamoDB DG, global tables: MREC replicates "usually within a second" (no SLA on ReplicationLatency)',
    },
    /** DynamoDB MRSC: synchronous to another region before success. */
    dynamodbMrscRpo: {
        seconds: 0,
        citation:
            "DynamoDB DG, global tables: MRSC writes are synchronous to another region, RPO 0",
    },
    /** S3 RTC: 99.99 % of objects within 15 minutes, with an SLA. */
    s3RtcRpo: {
        seconds: 900,
        citation:
            "S3 UG, replication-time-control (awsdocs@cc53dd6): 99.99% of objects within 15 minutes (SLA)",
    },
    /** RDS cross-region replicas lag by minutes; AWS publishes no figure. */
    rdsReplicaRpo: {
        seconds: 300,
        citation:
            'model assumption for RDS UG USER_ReadRepl.XRgn: cross-region lag is higher ("minutes"); watch ReplicaLag',
    },
} satisfies Record<string, Fact>;

/** Why S3 replication without RTC has no bound. */
export const s3WithoutRtcNote =
    'S3 UG, replication-troubleshoot: without RTC most objects replicate within 15 minutes, large objects "up to several hours"; no bound';
