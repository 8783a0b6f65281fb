/**
 * The cost model's types: the price table's shape, the keys it must define, and what every pricer
 * (cost-compute.ts, cost-data.ts, cost-global.ts) is given. Apart from cost.ts, which runs the
 * pricers, so that the pricers and cost.ts do not import each other.
 */
import type { BudgetGraph, BudgetResource } from "./graph";
import type { Usage } from "./usage";

export interface Price {
    usd: number;
    unit: string;
    /** Where the figure comes from, with its date; says so when it could not be re-checked. */
    source: string;
    byClass?: Record<string, number>;
    /** Container Insights: custom metrics per cluster and per service (a model assumption). */
    metricsPerCluster?: number;
    metricsPerService?: number;
}

export interface PriceTable {
    date: string;
    currency: string;
    baseRegion: string;
    hoursPerMonth: number;
    regionRule: string;
    regionMultipliers: Record<string, number>;
    defaultRegionMultiplier: number;
    prices: Record<PriceKey, Price>;
}

/** Every price the model uses; `prices.json` must define each one. */
export const priceKeys = [
    "natGatewayHour",
    "natGatewayGb",
    "publicIpv4Hour",
    "interfaceEndpointAzHour",
    "interfaceEndpointGb",
    "internetEgressGb",
    "albHour",
    "albLcuHour",
    "nlbHour",
    "fargateVcpuHour",
    "fargateGbHour",
    "ecrStorageGbMonth",
    "auroraInstanceHour",
    "auroraServerlessAcuHour",
    "auroraStorageGbMonth",
    "auroraIoPerMillion",
    "auroraReplicatedWriteIoPerMillion",
    "rdsInstanceHour",
    "rdsGp3GbMonth",
    "dynamodbWritePerMillion",
    "dynamodbReplicatedWritePerMillion",
    "dynamodbStorageGbMonth",
    "s3StandardGbMonth",
    "s3RtcGb",
    "s3PutPer1000",
    "s3MrapRoutingGb",
    "interRegionGb",
    "secretMonth",
    "route53HealthCheckAws",
    "route53HealthCheckNonAws",
    "route53HealthCheckOptionAws",
    "route53HealthCheckOptionNonAws",
    "route53HostedZone",
    "route53StandardQueriesPerMillion",
    "route53LatencyQueriesPerMillion",
    "route53GeoQueriesPerMillion",
    "globalAcceleratorHour",
    "globalAcceleratorDtPremiumGb",
    "arcClusterHour",
    "arcReadinessCheckHour",
    "regionSwitchPlanMonth",
    "cloudFrontGb",
    "cloudFrontHttpsPer10k",
    "wafWebAclMonth",
    "wafRuleMonth",
    "wafRequestsPerMillion",
    "kmsKeyMonth",
    "cloudWatchAlarmMonth",
    "cloudWatchAlarmHighResMonth",
    "cloudWatchCompositeAlarmMonth",
    "cloudWatchCustomMetricMonth",
    "cloudWatchDashboardMonth",
    "containerInsightsMetricMonth",
    "logsIngestGb",
    "logsStorageGbMonth",
    "syntheticsCanaryRun",
    "fisActionMinute",
] as const;

export type PriceKey = (typeof priceKeys)[number];

/** How a pricer adds a line. */
export interface LineOptions {
    /** Usage-driven (default fixed). */
    usage?: boolean;
    /** A global service: no region multiplier. */
    global?: boolean;
    /** Price per unit instead of the table's `usd` (a class price), before the multiplier. */
    unitUsd?: number;
    /** Unit instead of the table's (a class price names its class). */
    unit?: string;
    /** Region to price in instead of the resource's (a replica's region). */
    region?: string;
}

/** What every pricer gets: the graph, the table, the usage, and how to record results. */
export interface PricingContext {
    graph: BudgetGraph;
    resources: readonly BudgetResource[];
    prices: PriceTable;
    usage: Usage;
    hours: number;
    line(r: BudgetResource, key: PriceKey, quantity: number, item: string, o?: LineOptions): void;
    /** The resource costs nothing in this configuration, because `reason`. */
    zero(r: BudgetResource, reason: string): void;
    /** The resource costs money the model cannot price, because `reason`. */
    unpriced(r: BudgetResource, reason: string): void;
}
