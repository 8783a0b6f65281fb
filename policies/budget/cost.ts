/**
 * Monthly cost per stack and in total, from the resource graph, a dated price table and the
 * workload assumptions. Every item names the resource and the price it used; resources of a
 * priced kind whose size cannot be priced are listed as unpriced, never silently dropped.
 */
import * as fs from "fs";
import * as path from "path";
import { BudgetAssumptions, withDefaults } from "./assumptions";
import { regionCapacities } from "./capacity";
import {
    BudgetGraph,
    BudgetResource,
    asArray,
    asBoolean,
    asNumber,
    asString,
    field,
    identifiersOf,
    numberProp,
    ofType,
    prop,
    regionOf,
    stringProp,
} from "./graph";
import { routedRecords, types as routingTypes } from "./routing";
import { storeTypes } from "./stores";

export interface Price {
    usd: number;
    unit: string;
    source: string;
    byClass?: Record<string, number>;
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
    "albHour",
    "albLcuHour",
    "nlbHour",
    "fargateVcpuHour",
    "fargateGbHour",
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
    "interRegionGb",
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
    "cloudFrontGb",
    "cloudFrontHttpsPer10k",
    "kmsKeyMonth",
    "cloudWatchAlarmMonth",
] as const;

export type PriceKey = (typeof priceKeys)[number];

/**
 * Check a parsed price table and return it typed; throws naming every missing or malformed
 * entry. The table is read from disk rather than imported so the pack loads under any
 * TypeScript settings (a JSON import needs `resolveJsonModule`).
 */
export function parsePriceTable(raw: unknown, origin = "price table"): PriceTable {
    const problems: string[] = [];
    for (const key of ["date", "currency", "baseRegion", "regionRule"]) {
        if (typeof field(raw, key) !== "string") {
            problems.push(`${key} must be a string`);
        }
    }
    for (const key of ["hoursPerMonth", "defaultRegionMultiplier"]) {
        if (asNumber(field(raw, key)) === undefined) {
            problems.push(`${key} must be a number`);
        }
    }
    for (const key of priceKeys) {
        const price = field(field(raw, "prices"), key);
        if (
            asNumber(field(price, "usd")) === undefined ||
            typeof field(price, "source") !== "string"
        ) {
            problems.push(`prices.${key} needs a numeric usd and a source`);
        }
    }
    if (problems.length > 0) {
        throw new Error(`${origin}: ${problems.join("; ")}`);
    }
    return raw as PriceTable;
}

/** Read and check a price table file. */
export function loadPriceTable(file: string): PriceTable {
    return parsePriceTable(JSON.parse(fs.readFileSync(file, "utf8")), file);
}

/** The price table shipped with the pack (`prices.json`, next to this module). */
export const defaultPrices: PriceTable = loadPriceTable(path.join(__dirname, "prices.json"));

export interface CostItem {
    stack: string;
    item: string;
    monthlyUsd: number;
    source: string;
}

export interface Unpriced {
    stack: string;
    resource: string;
    reason: string;
}

export interface CostEstimate {
    monthlyUsd: number;
    currency: string;
    priceDate: string;
    /** Total per stack. */
    stacks: Record<string, number>;
    items: CostItem[];
    unpriced: Unpriced[];
}

const round = (usd: number) => Math.round(usd * 100) / 100;

/** The monthly cost of everything in the graph. */
export function estimateCost(
    graph: BudgetGraph,
    prices: PriceTable = defaultPrices,
    overrides: Partial<BudgetAssumptions> = {},
): CostEstimate {
    const a = withDefaults(overrides);
    const hours = prices.hoursPerMonth;
    const items: CostItem[] = [];
    const unpriced: Unpriced[] = [];
    const resources = graph.resources;

    const add = (
        r: BudgetResource,
        item: string,
        key: PriceKey,
        quantity: number,
        regional = true,
        usd?: number,
    ) => {
        const price = prices.prices[key];
        const multiplier = regional ? regionMultiplier(prices, regionOf(r)) : 1;
        const amount = quantity * (usd ?? price.usd) * multiplier;
        items.push({
            stack: r.stack ?? "unknown",
            item: `${r.name}: ${item}`,
            monthlyUsd: round(amount),
            source: `${price.source}${multiplier !== 1 ? ` × ${multiplier} (${regionOf(r)})` : ""}`,
        });
    };
    const skip = (r: BudgetResource, reason: string) =>
        unpriced.push({ stack: r.stack ?? "unknown", resource: r.name, reason });

    // Networking.
    for (const vpc of ofType(resources, "awsx:ec2:Vpc")) {
        const strategy = asString(field(prop(vpc, "natGateways"), "strategy")) ?? "OnePerAz";
        const azs = numberProp(vpc, "numberOfAvailabilityZones") ?? 3;
        const count = strategy === "None" ? 0 : strategy === "Single" ? 1 : azs;
        if (count > 0) {
            add(
                vpc,
                `${count} NAT gateway(s) (${strategy}) × ${hours} h`,
                "natGatewayHour",
                count * hours,
            );
        }
    }
    for (const nat of ofType(resources, "aws:ec2/natGateway:NatGateway")) {
        add(nat, `NAT gateway × ${hours} h`, "natGatewayHour", hours);
    }

    // Load balancers: hours everywhere, LCUs where users are served.
    const capacities = regionCapacities(graph);
    const serving = capacities.filter((c) => c.servesTraffic && c.running > 0).map((c) => c.region);
    for (const lb of ofType(resources, "aws:lb/loadBalancer:LoadBalancer")) {
        if ((stringProp(lb, "loadBalancerType") ?? "application") === "network") {
            add(lb, `NLB × ${hours} h`, "nlbHour", hours);
            continue;
        }
        add(lb, `ALB × ${hours} h`, "albHour", hours);
        const share = serving.includes(regionOf(lb))
            ? 1 / serving.length
            : serving.length === 0
              ? 1
              : 0;
        if (share > 0) {
            const newConnectionsPerSecond = (a.requestsPerMonth * share) / (hours * 3600);
            const gbPerHour = (a.gbServedPerMonth * share) / hours;
            const lcus = Math.max(newConnectionsPerSecond / 25, gbPerHour);
            add(
                lb,
                `${lcus.toFixed(3)} LCU × ${hours} h (one new connection per request)`,
                "albLcuHour",
                lcus * hours,
            );
        }
    }

    // Fargate tasks.
    const taskDefinitions = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition");
    for (const service of ofType(resources, "aws:ecs/service:Service")) {
        const tasks = numberProp(service, "desiredCount") ?? 1;
        if (tasks === 0) {
            continue;
        }
        const reference = stringProp(service, "taskDefinition") ?? "";
        const definition = taskDefinitions.find(
            (t) =>
                identifiersOf(t, "family").has(reference) ||
                reference.includes(`task-definition/${stringProp(t, "family") ?? "\0"}:`),
        );
        const cpu = definition ? numberProp(definition, "cpu") : undefined;
        const memory = definition ? numberProp(definition, "memory") : undefined;
        if (cpu === undefined || memory === undefined) {
            skip(service, "task definition (cpu, memory) not found in the graph");
            continue;
        }
        add(
            service,
            `${tasks} task(s) × ${cpu / 1024} vCPU × ${hours} h`,
            "fargateVcpuHour",
            (tasks * cpu * hours) / 1024,
        );
        add(
            service,
            `${tasks} task(s) × ${memory / 1024} GB × ${hours} h`,
            "fargateGbHour",
            (tasks * memory * hours) / 1024,
        );
    }

    // Aurora.
    const ioPerGb = (1024 * 1024) / 4; // Aurora bills write I/O in 4 KiB units.
    for (const instance of ofType(resources, "aws:rds/clusterInstance:ClusterInstance")) {
        const instanceClass = stringProp(instance, "instanceClass") ?? "";
        if (instanceClass === "db.serverless") {
            add(
                instance,
                `${a.auroraServerlessAcus} ACU × ${hours} h`,
                "auroraServerlessAcuHour",
                a.auroraServerlessAcus * hours,
            );
            continue;
        }
        const hourly = prices.prices.auroraInstanceHour.byClass?.[instanceClass];
        if (hourly === undefined) {
            skip(instance, `no price for Aurora class ${JSON.stringify(instanceClass)}`);
            continue;
        }
        add(instance, `${instanceClass} × ${hours} h`, "auroraInstanceHour", hours, true, hourly);
    }
    for (const cluster of ofType(resources, storeTypes.cluster)) {
        add(
            cluster,
            `${a.gbStoredPerStore} GB storage`,
            "auroraStorageGbMonth",
            a.gbStoredPerStore,
        );
        const ioOptimized = stringProp(cluster, "storageType") === "aurora-iopt1";
        const secondary =
            stringProp(cluster, "globalClusterIdentifier") !== undefined &&
            prop(cluster, "masterUsername") === undefined &&
            asBoolean(prop(cluster, "manageMasterUserPassword")) !== true;
        const ios = (a.gbWrittenPerMonth * ioPerGb) / 1e6;
        if (secondary) {
            if (!ioOptimized) {
                add(
                    cluster,
                    `${ios.toFixed(2)} M replicated write I/Os`,
                    "auroraReplicatedWriteIoPerMillion",
                    ios,
                );
            }
            add(
                cluster,
                `${a.gbWrittenPerMonth} GB replication in`,
                "interRegionGb",
                a.gbWrittenPerMonth,
            );
        } else if (!ioOptimized) {
            add(cluster, `${ios.toFixed(2)} M write I/Os`, "auroraIoPerMillion", ios);
        }
    }

    // RDS instances.
    for (const instance of ofType(resources, storeTypes.instance)) {
        const instanceClass = stringProp(instance, "instanceClass") ?? "";
        const hourly = prices.prices.rdsInstanceHour.byClass?.[instanceClass];
        const copies = asBoolean(prop(instance, "multiAz")) ? 2 : 1;
        if (hourly === undefined) {
            skip(instance, `no price for RDS class ${JSON.stringify(instanceClass)}`);
        } else {
            add(
                instance,
                `${instanceClass} × ${copies} × ${hours} h`,
                "rdsInstanceHour",
                copies * hours,
                true,
                hourly,
            );
        }
        const storage = numberProp(instance, "allocatedStorage") ?? a.gbStoredPerStore;
        add(instance, `${storage} GB × ${copies} gp3`, "rdsGp3GbMonth", storage * copies);
        if (stringProp(instance, "replicateSourceDb")) {
            add(
                instance,
                `${a.gbWrittenPerMonth} GB replication in`,
                "interRegionGb",
                a.gbWrittenPerMonth,
            );
        }
    }

    // DynamoDB (on demand).
    const writeUnits = (a.gbWrittenPerMonth * 1024 * 1024) / 1e6; // 1 WRU per 1 KB item.
    for (const table of ofType(resources, storeTypes.table)) {
        if ((stringProp(table, "billingMode") ?? "PROVISIONED") !== "PAY_PER_REQUEST") {
            skip(table, "provisioned capacity is not priced; the model prices on-demand tables");
            continue;
        }
        add(table, `${writeUnits.toFixed(2)} M writes`, "dynamodbWritePerMillion", writeUnits);
        add(
            table,
            `${a.gbStoredPerStore} GB storage`,
            "dynamodbStorageGbMonth",
            a.gbStoredPerStore,
        );
        for (const replica of asArray(prop(table, "replicas"))) {
            const region = asString(field(replica, "regionName")) ?? "unknown";
            const replicaRes = { ...table, region };
            add(
                replicaRes,
                `replica ${region}: ${writeUnits.toFixed(2)} M replicated writes`,
                "dynamodbReplicatedWritePerMillion",
                writeUnits,
            );
            add(
                replicaRes,
                `replica ${region}: ${a.gbStoredPerStore} GB storage`,
                "dynamodbStorageGbMonth",
                a.gbStoredPerStore,
            );
            add(
                table,
                `replica ${region}: ${a.gbWrittenPerMonth} GB replication`,
                "interRegionGb",
                a.gbWrittenPerMonth,
            );
        }
    }
    for (const replica of ofType(resources, storeTypes.tableReplica)) {
        add(
            replica,
            `${writeUnits.toFixed(2)} M replicated writes`,
            "dynamodbReplicatedWritePerMillion",
            writeUnits,
        );
        add(
            replica,
            `${a.gbStoredPerStore} GB storage`,
            "dynamodbStorageGbMonth",
            a.gbStoredPerStore,
        );
        add(
            replica,
            `${a.gbWrittenPerMonth} GB replication in`,
            "interRegionGb",
            a.gbWrittenPerMonth,
        );
    }

    // S3.
    for (const bucket of ofType(resources, storeTypes.bucket, storeTypes.bucketV2)) {
        add(bucket, `${a.gbStoredPerStore} GB Standard`, "s3StandardGbMonth", a.gbStoredPerStore);
    }
    for (const config of ofType(resources, storeTypes.replication)) {
        for (const rule of asArray(prop(config, "rules"))) {
            if ((asString(field(rule, "status")) ?? "Enabled") !== "Enabled") {
                continue;
            }
            const destination = field(rule, "destination");
            add(
                config,
                `${a.gbWrittenPerMonth} GB replication`,
                "interRegionGb",
                a.gbWrittenPerMonth,
            );
            if (asString(field(field(destination, "replicationTime"), "status")) === "Enabled") {
                add(config, `${a.gbWrittenPerMonth} GB RTC`, "s3RtcGb", a.gbWrittenPerMonth, false);
            }
        }
    }

    // Route 53.
    for (const check of ofType(resources, routingTypes.healthCheck)) {
        const type = (stringProp(check, "type") ?? "").toUpperCase();
        const target = (stringProp(check, "fqdn") ?? "").toLowerCase();
        const awsEndpoint =
            ["CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"].includes(type) ||
            /\.(amazonaws\.com|cloudfront\.net|awsglobalaccelerator\.com)\.?$/.test(target);
        const options = [
            type.startsWith("HTTPS") ? "HTTPS" : undefined,
            type.endsWith("STR_MATCH") ? "string matching" : undefined,
            numberProp(check, "requestInterval") === 10 ? "fast interval" : undefined,
            asBoolean(prop(check, "measureLatency")) ? "latency measurement" : undefined,
        ].filter((o): o is string => o !== undefined);
        const endpoint = awsEndpoint ? "AWS endpoint" : "non-AWS endpoint";
        add(
            check,
            `health check (${endpoint})`,
            awsEndpoint ? "route53HealthCheckAws" : "route53HealthCheckNonAws",
            1,
            false,
        );
        if (options.length > 0) {
            add(
                check,
                `${options.join(", ")}`,
                awsEndpoint ? "route53HealthCheckOptionAws" : "route53HealthCheckOptionNonAws",
                options.length,
                false,
            );
        }
    }
    for (const zone of ofType(resources, "aws:route53/zone:Zone")) {
        add(zone, "hosted zone", "route53HostedZone", 1, false);
    }
    const queried = new Set<string>();
    for (const record of ofType(resources, routingTypes.record)) {
        if (asArray(prop(record, "aliases")).length > 0) {
            continue; // Alias queries to AWS resources are free.
        }
        const name = stringProp(record, "name") ?? record.name;
        if (queried.has(name)) {
            continue;
        }
        queried.add(name);
        const routed = routedRecords([record]).length > 0;
        const key: PriceKey =
            routed && asArray(prop(record, "latencyRoutingPolicies")).length > 0
                ? "route53LatencyQueriesPerMillion"
                : routed &&
                    (prop(record, "geolocationRoutingPolicies") ||
                        prop(record, "geoproximityRoutingPolicy"))
                  ? "route53GeoQueriesPerMillion"
                  : "route53StandardQueriesPerMillion";
        add(
            record,
            `${a.dnsQueriesPerMonth / 1e6} M queries for ${name}`,
            key,
            a.dnsQueriesPerMonth / 1e6,
            false,
        );
    }

    // Global services.
    for (const accelerator of ofType(resources, "aws:globalaccelerator/accelerator:Accelerator")) {
        add(accelerator, `accelerator × ${hours} h`, "globalAcceleratorHour", hours, false);
        add(
            accelerator,
            `${a.gbServedPerMonth} GB DT-premium`,
            "globalAcceleratorDtPremiumGb",
            a.gbServedPerMonth,
            false,
        );
    }
    for (const cluster of ofType(resources, "aws:route53recoverycontrol/cluster:Cluster")) {
        add(cluster, `ARC cluster × ${hours} h`, "arcClusterHour", hours, false);
    }
    for (const distribution of ofType(resources, routingTypes.distribution)) {
        add(
            distribution,
            `${a.gbServedPerMonth} GB to users`,
            "cloudFrontGb",
            a.gbServedPerMonth,
            false,
        );
        add(
            distribution,
            `${a.requestsPerMonth / 1e4} × 10k HTTPS requests`,
            "cloudFrontHttpsPer10k",
            a.requestsPerMonth / 1e4,
            false,
        );
    }
    for (const key of ofType(resources, "aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey")) {
        add(key, "KMS key", "kmsKeyMonth", 1);
    }
    for (const alarm of ofType(resources, routingTypes.metricAlarm)) {
        add(alarm, "CloudWatch alarm", "cloudWatchAlarmMonth", 1);
    }

    const stacks: Record<string, number> = {};
    for (const item of items) {
        stacks[item.stack] = round((stacks[item.stack] ?? 0) + item.monthlyUsd);
    }
    return {
        monthlyUsd: round(items.reduce((sum, i) => sum + i.monthlyUsd, 0)),
        currency: prices.currency,
        priceDate: prices.date,
        stacks,
        items,
        unpriced,
    };
}

/** The multiplier the price table's region rule gives `region`. */
export function regionMultiplier(prices: PriceTable, region: string): number {
    return asNumber(prices.regionMultipliers[region]) ?? prices.defaultRegionMultiplier;
}
