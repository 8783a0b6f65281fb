/**
 * How much traffic and data the workload has: the input of every usage-driven cost line. The
 * resource graph says what is deployed, never how busy it is, so each figure has a documented
 * default and callers override any of them (the check command and the `failover-objectives`
 * policy read a `usage` object from the policy config).
 */
import { field } from "./graph";

/** Per data store: what is written to it, what it holds, how many objects replicate. */
export interface StoreUsage {
    /** GB written to the store per month; every replica receives it again. */
    gbWrittenPerMonth: number;
    /** GB the store holds (each replica holds the same). */
    gbStored: number;
    /** Objects (S3) replicated per month: one replication PUT each at the destination. */
    objectsReplicatedPerMonth: number;
}

export interface Usage {
    /** User requests per month, across all regions. */
    requestsPerMonth: number;
    /** Average response size, KiB: requests × size is what users download. */
    averageResponseKb: number;
    /** Route 53 queries per month for each non-alias record name that users resolve. */
    dnsQueriesPerMonth: number;
    /** GB of logs ingested per log group per month. */
    logGbPerMonthPerGroup: number;
    /** GB through each VPC's NAT gateways per month (tasks calling the internet). */
    natGbPerMonthPerVpc: number;
    /** GB through each interface VPC endpoint per month (image pulls, log shipping). */
    endpointGbPerMonth: number;
    /** GB of images an ECR pull-through cache rule keeps. */
    cachedImageGb: number;
    /** Runs of each FIS experiment template per month (failover drills). */
    experimentRunsPerMonth: number;
    /** Average Aurora Serverless v2 capacity, ACUs, for `db.serverless` instances. */
    auroraServerlessAcus: number;
    /** Defaults for every data store. */
    store: StoreUsage;
    /** Overrides per store, by the logical name of its primary resource. */
    stores: Record<string, Partial<StoreUsage>>;
}

export const defaultUsage: Readonly<Usage> = {
    requestsPerMonth: 10_000_000,
    averageResponseKb: 10,
    dnsQueriesPerMonth: 1_000_000,
    logGbPerMonthPerGroup: 5,
    natGbPerMonthPerVpc: 10,
    endpointGbPerMonth: 1,
    cachedImageGb: 0.1,
    experimentRunsPerMonth: 1,
    auroraServerlessAcus: 2,
    store: { gbWrittenPerMonth: 10, gbStored: 50, objectsReplicatedPerMonth: 100_000 },
    stores: {},
};

/** Bytes per GiB over bytes per KiB: KiB → GiB. */
const kbPerGb = 1024 * 1024;

/** GB users download per month: requests × average response size. */
export function gbServedPerMonth(usage: Usage): number {
    return (usage.requestsPerMonth * usage.averageResponseKb) / kbPerGb;
}

/** The usage of one store: its own overrides (under any of its names), else the defaults. */
export function storeUsage(usage: Usage, ...names: (string | undefined)[]): StoreUsage {
    for (const name of names) {
        const own = name === undefined ? undefined : usage.stores[name];
        if (own) {
            return { ...usage.store, ...own };
        }
    }
    return usage.store;
}

const scalarKeys = [
    "requestsPerMonth",
    "averageResponseKb",
    "dnsQueriesPerMonth",
    "logGbPerMonthPerGroup",
    "natGbPerMonthPerVpc",
    "endpointGbPerMonth",
    "cachedImageGb",
    "experimentRunsPerMonth",
    "auroraServerlessAcus",
] as const;
const storeKeys = ["gbWrittenPerMonth", "gbStored", "objectsReplicatedPerMonth"] as const;

/** Thrown for a usage input that is not what the model accepts; one line per problem. */
export class UsageError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(problems.join("; "));
        this.name = "UsageError";
    }
}

function readStore(raw: unknown, where: string, problems: string[]): Partial<StoreUsage> {
    const result: Partial<StoreUsage> = {};
    if (raw === undefined) {
        return result;
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        problems.push(`${where}: ${JSON.stringify(raw)} must be an object`);
        return result;
    }
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        if (!(storeKeys as readonly string[]).includes(key)) {
            problems.push(
                `${where}.${key}: not a store usage setting; settings: ${storeKeys.join(", ")}`,
            );
            continue;
        }
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
            problems.push(`${where}.${key}: ${JSON.stringify(value)} must be a number ≥ 0`);
            continue;
        }
        result[key as keyof StoreUsage] = value;
    }
    return result;
}

/**
 * The defaults overlaid with `raw` (the `usage` object of the policy config, or a partial
 * `Usage`). Throws a `UsageError` naming each bad key, its value and what is allowed.
 */
export function parseUsage(raw: unknown, where = "usage"): Usage {
    const usage: Usage = { ...defaultUsage, store: { ...defaultUsage.store }, stores: {} };
    if (raw === undefined || raw === null) {
        return usage;
    }
    const problems: string[] = [];
    if (typeof raw !== "object" || Array.isArray(raw)) {
        throw new UsageError([`${where}: ${JSON.stringify(raw)} must be an object`]);
    }
    const known = [...scalarKeys, "store", "stores"];
    for (const key of Object.keys(raw)) {
        if (!known.includes(key)) {
            problems.push(`${where}.${key}: not a usage setting; settings: ${known.join(", ")}`);
        }
    }
    for (const key of scalarKeys) {
        const value = field(raw, key);
        if (value === undefined) {
            continue;
        }
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
            problems.push(`${where}.${key}: ${JSON.stringify(value)} must be a number ≥ 0`);
            continue;
        }
        usage[key] = value;
    }
    usage.store = { ...usage.store, ...readStore(field(raw, "store"), `${where}.store`, problems) };
    const stores = field(raw, "stores");
    if (stores !== undefined) {
        if (stores === null || typeof stores !== "object" || Array.isArray(stores)) {
            problems.push(
                `${where}.stores: ${JSON.stringify(stores)} must be an object of store names`,
            );
        } else {
            for (const [name, value] of Object.entries(stores as Record<string, unknown>)) {
                usage.stores[name] = readStore(value, `${where}.stores.${name}`, problems);
            }
        }
    }
    if (problems.length > 0) {
        throw new UsageError(problems);
    }
    return usage;
}

/**
 * The usage a regional stack exports in its contract (`usage` output: requestsPerMonth,
 * averageResponseKb and the per-store gbWrittenPerMonth, gbStored, objectsReplicatedPerMonth), as
 * a raw `Usage`; undefined when no contract carries one.
 */
export function contractUsage(outputs: unknown): Record<string, unknown> | undefined {
    if (outputs === null || typeof outputs !== "object" || Array.isArray(outputs)) {
        return undefined;
    }
    const raw: Record<string, unknown> = {};
    const store: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(outputs as Record<string, unknown>)) {
        if ((storeKeys as readonly string[]).includes(key)) {
            store[key] = value;
        } else {
            raw[key] = value;
        }
    }
    return Object.keys(store).length > 0 ? { ...raw, store } : raw;
}

/** `over` laid over `under`, both raw usage objects; `store` and `stores` merge by field. */
export function mergeUsage(under: unknown, over: unknown): unknown {
    const isObject = (v: unknown): v is Record<string, unknown> =>
        v !== null && typeof v === "object" && !Array.isArray(v);
    if (!isObject(under)) {
        return over;
    }
    if (over === undefined || over === null) {
        return under;
    }
    if (!isObject(over)) {
        return over; // parseUsage reports it
    }
    const merged: Record<string, unknown> = { ...under, ...over };
    for (const key of ["store", "stores"]) {
        if (isObject(under[key]) && isObject(over[key])) {
            merged[key] = { ...under[key], ...over[key] };
        }
    }
    return merged;
}
