/**
 * Every policy in the pack, in the order the engine reports them. This module has no side
 * effects, so tests and tools import it without starting the policy server `pack.ts` starts.
 */
import { Policies } from "@pulumi/policy";
import { alarmTopicSubscriptions } from "./rules/alarm-topic-subscriptions";
import { analysisCoverage } from "./rules/analysis-coverage";
import { computeRequiresDataReplication } from "./rules/compute-requires-data-replication";
import { dataProtection } from "./rules/data-protection";
import { dnsFailoverPair } from "./rules/dns-failover-pair";
import { dnsHealthCheckRequired } from "./rules/dns-health-check-required";
import { dnsTtlMax } from "./rules/dns-ttl-max";
import { failoverObjectives } from "./rules/failover-objectives";
import { failoverSimulation } from "./rules/failover-simulation";
import { rdsReplicaFinalSnapshot } from "./rules/rds-replica-final-snapshot";
import { healthCheckDetectionTime } from "./rules/health-check-detection-time";
import { replicationCrossRegion } from "./rules/replication-cross-region";
import { standbyCapacityMatchesStrategy } from "./rules/standby-capacity-matches-strategy";

export {
    alarmTopicSubscriptions,
    analysisCoverage,
    computeRequiresDataReplication,
    dataProtection,
    dnsFailoverPair,
    dnsHealthCheckRequired,
    dnsTtlMax,
    failoverObjectives,
    failoverSimulation,
    healthCheckDetectionTime,
    rdsReplicaFinalSnapshot,
    replicationCrossRegion,
    standbyCapacityMatchesStrategy,
};

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const policyPackName = "multi-region-failover";

export const policies: Policies = [
    dnsTtlMax,
    dnsHealthCheckRequired,
    computeRequiresDataReplication,
    dnsFailoverPair,
    healthCheckDetectionTime,
    replicationCrossRegion,
    standbyCapacityMatchesStrategy,
    dataProtection,
    failoverObjectives,
    failoverSimulation,
    analysisCoverage,
    alarmTopicSubscriptions,
    rdsReplicaFinalSnapshot,
];
