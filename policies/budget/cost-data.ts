/**
 * Data lines: Aurora, RDS, DynamoDB, S3 and their replication, each replicated store with its
 * own cross-region transfer line that scales with the store's `usage`, plus Secrets Manager.
 */
import type { PricingContext } from "./cost-model";
import {
    BudgetResource,
    asArray,
    asBoolean,
    asString,
    field,
    identifiersOf,
    numberProp,
    ofType,
    prop,
    regionOf,
    stringProp,
} from "./graph";
import { storeTypes } from "./stores";
import { StoreUsage, storeUsage } from "./usage";

export const dataTypes = {
    ...storeTypes,
    clusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    multiRegionAccessPoint: "aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint",
    secret: "aws:secretsmanager/secret:Secret",
} as const;

/** Aurora bills write I/O in 4 KiB units: I/Os per GB written. */
export const auroraIosPerGb = (1024 * 1024) / 4;
/** DynamoDB: one write request unit per 1 KB item, so a GB written is 1,048,576 WRUs. */
export const writeUnitsPerGb = 1024 * 1024;

/** Everything data: stores, replicas, replication and secrets. */
export function priceData(ctx: PricingContext): void {
    priceAurora(ctx);
    priceRds(ctx);
    priceDynamo(ctx);
    priceS3(ctx);
    for (const secret of ofType(ctx.resources, dataTypes.secret)) {
        ctx.line(secret, "secretMonth", 1, "secret");
        for (const replica of asArray(prop(secret, "replicas"))) {
            const region = asString(field(replica, "region")) ?? "unknown";
            ctx.line(secret, "secretMonth", 1, `replica in ${region}`, { region });
        }
    }
}

function managedSecret(ctx: PricingContext, r: BudgetResource): void {
    if (asBoolean(prop(r, "manageMasterUserPassword")) === true) {
        ctx.line(r, "secretMonth", 1, "master password secret RDS manages in Secrets Manager");
    }
}

/** The cross-region transfer line of one replication path. */
function transfer(
    ctx: PricingContext,
    r: BudgetResource,
    use: StoreUsage,
    path: string,
    region?: string,
): void {
    ctx.line(
        r,
        "interRegionGb",
        use.gbWrittenPerMonth,
        `cross-region replication ${path}: ${use.gbWrittenPerMonth} GB written/month`,
        { usage: true, region },
    );
}

function priceAurora(ctx: PricingContext): void {
    const { resources, hours, usage } = ctx;
    for (const instance of ofType(resources, dataTypes.clusterInstance)) {
        const instanceClass = stringProp(instance, "instanceClass") ?? "";
        if (instanceClass === "db.serverless") {
            ctx.line(
                instance,
                "auroraServerlessAcuHour",
                usage.auroraServerlessAcus * hours,
                `${usage.auroraServerlessAcus} ACU (usage.auroraServerlessAcus) × ${hours} h`,
                { usage: true },
            );
            continue;
        }
        const hourly = ctx.prices.prices.auroraInstanceHour.byClass?.[instanceClass];
        if (hourly === undefined) {
            ctx.unpriced(instance, `no price for Aurora class ${JSON.stringify(instanceClass)}`);
            continue;
        }
        ctx.line(instance, "auroraInstanceHour", hours, `${instanceClass} × ${hours} h`, {
            unitUsd: hourly,
            unit: `${instanceClass} instance-hour`,
        });
    }
    const globals = ofType(resources, storeTypes.globalCluster);
    for (const cluster of ofType(resources, storeTypes.cluster)) {
        const globalId = stringProp(cluster, "globalClusterIdentifier");
        const global = globals.find(
            (g) =>
                globalId !== undefined && identifiersOf(g, "globalClusterIdentifier").has(globalId),
        );
        const use = storeUsage(usage, cluster.name, global?.name);
        ctx.line(cluster, "auroraStorageGbMonth", use.gbStored, `${use.gbStored} GB stored`, {
            usage: true,
        });
        managedSecret(ctx, cluster);
        const ioOptimized = stringProp(cluster, "storageType") === "aurora-iopt1";
        const secondary =
            globalId !== undefined &&
            prop(cluster, "masterUsername") === undefined &&
            asBoolean(prop(cluster, "manageMasterUserPassword")) !== true;
        const ios = (use.gbWrittenPerMonth * auroraIosPerGb) / 1e6;
        if (secondary) {
            if (!ioOptimized) {
                ctx.line(
                    cluster,
                    "auroraReplicatedWriteIoPerMillion",
                    ios,
                    `${ios.toFixed(4)} M replicated write I/Os (${use.gbWrittenPerMonth} GB in 4 KiB I/Os)`,
                    { usage: true },
                );
            }
            transfer(ctx, cluster, use, `into ${regionOf(cluster)}`);
        } else if (!ioOptimized) {
            ctx.line(
                cluster,
                "auroraIoPerMillion",
                ios,
                `${ios.toFixed(4)} M write I/Os (${use.gbWrittenPerMonth} GB in 4 KiB I/Os)`,
                { usage: true },
            );
        }
    }
}

function priceRds(ctx: PricingContext): void {
    const { resources, hours, usage } = ctx;
    const instances = ofType(resources, storeTypes.instance);
    for (const instance of instances) {
        const instanceClass = stringProp(instance, "instanceClass") ?? "";
        const hourly = ctx.prices.prices.rdsInstanceHour.byClass?.[instanceClass];
        const copies = asBoolean(prop(instance, "multiAz")) ? 2 : 1;
        if (hourly === undefined) {
            ctx.unpriced(instance, `no price for RDS class ${JSON.stringify(instanceClass)}`);
        } else {
            ctx.line(
                instance,
                "rdsInstanceHour",
                copies * hours,
                `${instanceClass} × ${copies} × ${hours} h`,
                { unitUsd: hourly, unit: `${instanceClass} instance-hour` },
            );
        }
        const source = stringProp(instance, "replicateSourceDb");
        const origin = source
            ? instances.find((i) => i !== instance && identifiersOf(i).has(source))
            : undefined;
        const use = storeUsage(usage, instance.name, origin?.name);
        const storage = numberProp(instance, "allocatedStorage") ?? use.gbStored;
        ctx.line(
            instance,
            "rdsGp3GbMonth",
            storage * copies,
            `${storage} GB allocated × ${copies}`,
        );
        managedSecret(ctx, instance);
        if (source) {
            transfer(ctx, instance, use, `into ${regionOf(instance)}`);
        }
    }
}

function priceDynamo(ctx: PricingContext): void {
    const { resources, usage } = ctx;
    const tables = ofType(resources, storeTypes.table);
    const writes = (use: StoreUsage) => (use.gbWrittenPerMonth * writeUnitsPerGb) / 1e6;
    for (const table of tables) {
        if ((stringProp(table, "billingMode") ?? "PROVISIONED") !== "PAY_PER_REQUEST") {
            ctx.unpriced(
                table,
                "provisioned capacity is not priced; the model prices on-demand tables",
            );
            continue;
        }
        const use = storeUsage(usage, table.name);
        const m = writes(use);
        ctx.line(
            table,
            "dynamodbWritePerMillion",
            m,
            `${m.toFixed(4)} M writes (${use.gbWrittenPerMonth} GB in 1 KB items)`,
            { usage: true },
        );
        ctx.line(table, "dynamodbStorageGbMonth", use.gbStored, `${use.gbStored} GB stored`, {
            usage: true,
        });
        for (const replica of asArray(prop(table, "replicas"))) {
            const region = asString(field(replica, "regionName")) ?? "unknown";
            ctx.line(
                table,
                "dynamodbReplicatedWritePerMillion",
                m,
                `replica ${region}: ${m.toFixed(4)} M replicated writes`,
                { usage: true, region },
            );
            ctx.line(
                table,
                "dynamodbStorageGbMonth",
                use.gbStored,
                `replica ${region}: ${use.gbStored} GB stored`,
                { usage: true, region },
            );
            transfer(ctx, table, use, `to ${region}`);
        }
    }
    for (const replica of ofType(resources, storeTypes.tableReplica)) {
        const arn = stringProp(replica, "globalTableArn") ?? "";
        const source = tables.find((t) =>
            [...identifiersOf(t)].some((id) => arn === id || arn.endsWith(`/${id}`)),
        );
        const use = storeUsage(usage, replica.name, source?.name);
        const m = writes(use);
        ctx.line(
            replica,
            "dynamodbReplicatedWritePerMillion",
            m,
            `${m.toFixed(4)} M replicated writes`,
            { usage: true },
        );
        ctx.line(replica, "dynamodbStorageGbMonth", use.gbStored, `${use.gbStored} GB stored`, {
            usage: true,
        });
        transfer(ctx, replica, use, `into ${regionOf(replica)}`);
    }
}

function priceS3(ctx: PricingContext): void {
    const { resources, usage } = ctx;
    const buckets = ofType(resources, storeTypes.bucket, storeTypes.bucketV2);
    const bucketFor = (id: string | undefined) =>
        id === undefined
            ? undefined
            : buckets.find((b) =>
                  [...identifiersOf(b)].some((i) => i === id || `arn:aws:s3:::${i}` === id),
              );
    for (const bucket of buckets) {
        const use = storeUsage(usage, bucket.name);
        ctx.line(bucket, "s3StandardGbMonth", use.gbStored, `${use.gbStored} GB Standard`, {
            usage: true,
        });
    }
    for (const config of ofType(resources, storeTypes.replication)) {
        const source = bucketFor(stringProp(config, "bucket"));
        const sourceRegion = source ? regionOf(source) : regionOf(config);
        const use = storeUsage(usage, config.name, source?.name);
        for (const rule of asArray(prop(config, "rules"))) {
            if ((asString(field(rule, "status")) ?? "Enabled") !== "Enabled") {
                continue;
            }
            const destination = field(rule, "destination");
            const target = bucketFor(asString(field(destination, "bucket")));
            const targetRegion = target ? regionOf(target) : undefined;
            const to = target
                ? `${target.name} (${targetRegion})`
                : (asString(field(destination, "bucket")) ?? "destination");
            if (targetRegion !== sourceRegion) {
                transfer(ctx, config, use, `${sourceRegion} → ${to}`, sourceRegion);
            }
            const puts = use.objectsReplicatedPerMonth / 1000;
            ctx.line(
                config,
                "s3PutPer1000",
                puts,
                `${use.objectsReplicatedPerMonth.toLocaleString("en-US")} replication PUTs at ${to}`,
                { usage: true, region: targetRegion },
            );
            const rtc =
                asString(field(field(destination, "replicationTime"), "status")) === "Enabled";
            if (rtc) {
                ctx.line(
                    config,
                    "s3RtcGb",
                    use.gbWrittenPerMonth,
                    `RTC: ${use.gbWrittenPerMonth} GB replicated`,
                    { usage: true, global: true },
                );
            }
            if (rtc || asString(field(field(destination, "metrics"), "status")) === "Enabled") {
                // S3 UG, replication metrics: four metrics per rule, billed as custom metrics.
                ctx.line(
                    config,
                    "cloudWatchCustomMetricMonth",
                    4,
                    "4 replication metrics of the rule",
                    { region: sourceRegion },
                );
            }
        }
    }
    for (const point of ofType(resources, dataTypes.multiRegionAccessPoint)) {
        const regions = asArray(field(prop(point, "details"), "regions"));
        const first = bucketFor(asString(field(regions[0], "bucket")));
        const use = storeUsage(usage, point.name, first?.name);
        ctx.line(
            point,
            "s3MrapRoutingGb",
            use.gbWrittenPerMonth,
            `${use.gbWrittenPerMonth} GB routed (the store's writes)`,
            { usage: true, global: true },
        );
    }
}
