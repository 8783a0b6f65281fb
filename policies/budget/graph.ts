/**
 * The resource graph the budget model reads, and safe accessors for it.
 *
 * The model takes resources as the engine records them (or as a stack policy sees them), never
 * this project's config, so it estimates any Pulumi program. The types here are structural and
 * minimal on purpose: the pack is published alone and must not import from the program or the
 * check command. Every accessor tolerates missing, mistyped or odd values; under a policy the
 * props may be wrapped by the SDK's unknown-checking proxy, so they are read field by field and
 * never spread or enumerated.
 */
import type { ObjectivesContract, RegionalCapacity } from "../lib/contract";
import type { DataStoreManifestEntry } from "../lib/manifest";
import { oncePer } from "../lib/memo";

/** One resource: the fields the model reads from a recorded resource or a policy resource. */
export interface BudgetResource {
    urn: string;
    /** Type token, e.g. `aws:route53/healthCheck:HealthCheck`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Region the resource lives in, when known. */
    region?: string;
    /** Inputs as the provider receives them. */
    inputs?: Record<string, unknown>;
    /** Outputs as state records them (a stack policy sees only these). */
    outputs?: Record<string, unknown>;
    /** The stack that created it; cost is reported per stack. */
    stack?: string;
    /** False for a component resource (AWS bills its children, not it). */
    custom?: boolean;
}

/**
 * Capacity a regional stack exports in its contract (`capacity` output, policies/lib/contract.ts);
 * `readyForTraffic` is absent from stacks deployed before it existed.
 */
export type CapacityFacts = Omit<RegionalCapacity, "readyForTraffic"> &
    Partial<Pick<RegionalCapacity, "readyForTraffic">>;

/** What the model reads from a regional stack's exported contract (StackReference outputs). */
export interface RegionalContract {
    /** The referenced stack's name, for sources in the breakdown. */
    stack: string;
    role?: string;
    strategy?: string;
    region?: string;
    capacity?: CapacityFacts;
    dataStores?: DataStoreManifestEntry[];
    /** Objectives the stack declares, when it exports `objectives`. */
    objectives?: Partial<ObjectivesContract>;
    /** The workload's usage the stack exports (`usage` output, raw), for the cost estimate. */
    usage?: unknown;
}

/** The model's input: every resource (of one or more stacks) plus regional contracts. */
export interface BudgetGraph {
    resources: readonly BudgetResource[];
    /**
     * Contracts of regional stacks, e.g. read from StackReference outputs. When absent they are
     * derived from the `pulumi:pulumi:StackReference` resources in `resources`.
     */
    contracts?: readonly RegionalContract[];
}

export const stackReferenceType = "pulumi:pulumi:StackReference";

/** A property of a resource: outputs first (what state holds), then inputs. */
export function prop(resource: BudgetResource, key: string): unknown {
    const fromOutputs = field(resource.outputs, key);
    return fromOutputs !== undefined ? fromOutputs : field(resource.inputs, key);
}

/** `obj[key]` when `obj` is an object, else undefined. */
export function field(obj: unknown, key: string): unknown {
    if (obj === null || typeof obj !== "object") {
        return undefined;
    }
    return (obj as Record<string, unknown>)[key];
}

/** A finite number, also from a numeric string (config values arrive as strings). */
export function asNumber(value: unknown): number | undefined {
    if (typeof value === "number") {
        return Number.isFinite(value) ? value : undefined;
    }
    if (typeof value === "string" && value.trim() !== "") {
        const parsed = Number(value);
        return Number.isFinite(parsed) ? parsed : undefined;
    }
    return undefined;
}

export function asString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
    if (typeof value === "boolean") {
        return value;
    }
    if (value === "true" || value === "false") {
        return value === "true";
    }
    return undefined;
}

/** The array at `value`, or an empty array. */
export function asArray(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

export function numberProp(resource: BudgetResource, key: string): number | undefined {
    return asNumber(prop(resource, key));
}

export function stringProp(resource: BudgetResource, key: string): string | undefined {
    return asString(prop(resource, key));
}

/** `ofType`'s answers per resource list: the model asks for the same types many times over. */
const answersFor = oncePer(
    (_resources: readonly BudgetResource[]) => new Map<string, readonly BudgetResource[]>(),
);

/**
 * The resources of the given types, in order. The list is shared by every caller that asks for
 * the same types of the same `resources` (which are never changed once built), so it is frozen.
 */
export function ofType(
    resources: readonly BudgetResource[],
    ...types: string[]
): readonly BudgetResource[] {
    const answers = answersFor(resources);
    const key = types.join("\0");
    let found = answers.get(key);
    if (!found) {
        found = Object.freeze(resources.filter((r) => types.includes(r.type)));
        answers.set(key, found);
    }
    return found;
}

/** The region of a resource: its own `region`, else the v7 `region` property, else "unknown". */
export function regionOf(resource: BudgetResource): string {
    return resource.region ?? stringProp(resource, "region") ?? "unknown";
}

/** The region named in an ARN (`arn:aws:<service>:<region>:...`), when it has one. */
export function regionOfArn(arn: string | undefined): string | undefined {
    if (!arn?.startsWith("arn:")) {
        return undefined;
    }
    const region = arn.split(":")[3];
    return region ? region : undefined;
}

/** Identifiers another resource may use to point at `resource`: id, arn, name and friends. */
export function identifiersOf(resource: BudgetResource, ...extraKeys: string[]): Set<string> {
    const ids = new Set<string>();
    for (const key of [
        "id",
        "arn",
        "name",
        "bucket",
        "identifier",
        "clusterIdentifier",
        ...extraKeys,
    ]) {
        const value = stringProp(resource, key);
        if (value) {
            ids.add(value);
        }
    }
    return ids;
}

/** How the breakdown names a resource: its logical name and stack. */
export function describe(resource: BudgetResource): string {
    return resource.stack ? `${resource.name} (${resource.stack})` : resource.name;
}

/**
 * Regional contracts: the graph's own when given, else read from the StackReference resources'
 * `outputs`. A reference whose outputs carry none of the contract keys is skipped.
 */
export function contractsOf(graph: BudgetGraph): RegionalContract[] {
    if (graph.contracts) {
        return [...graph.contracts];
    }
    const contracts: RegionalContract[] = [];
    for (const ref of ofType(graph.resources, stackReferenceType)) {
        const outputs = prop(ref, "outputs");
        const contract = contractFromOutputs(stringProp(ref, "name") ?? ref.name, outputs);
        if (contract) {
            contracts.push(contract);
        }
    }
    return contracts;
}

/** Read a regional contract from a stack's outputs; undefined when it holds none of its keys. */
export function contractFromOutputs(stack: string, outputs: unknown): RegionalContract | undefined {
    if (outputs === null || typeof outputs !== "object") {
        return undefined;
    }
    const capacity = capacityFrom(field(outputs, "capacity"));
    const dataStores = manifestFrom(field(outputs, "dataStores"));
    const objectives = objectivesFrom(field(outputs, "objectives"));
    const region = asString(field(outputs, "region"));
    const usage = field(outputs, "usage");
    if (!capacity && !dataStores && !objectives && !region && usage === undefined) {
        return undefined;
    }
    return {
        stack,
        role: asString(field(outputs, "role")),
        strategy: asString(field(outputs, "strategy")),
        region,
        capacity,
        dataStores,
        objectives,
        ...(usage !== undefined ? { usage } : {}),
    };
}

function capacityFrom(value: unknown): CapacityFacts | undefined {
    const desiredCount = asNumber(field(value, "desiredCount"));
    const fullCapacity = asNumber(field(value, "fullCapacity"));
    if (desiredCount === undefined || fullCapacity === undefined) {
        return undefined;
    }
    return {
        desiredCount,
        fullCapacity,
        minCount: asNumber(field(value, "minCount")) ?? desiredCount,
        maxCount: asNumber(field(value, "maxCount")) ?? desiredCount,
        servesTraffic: asBoolean(field(value, "servesTraffic")) ?? desiredCount >= fullCapacity,
    };
}

function manifestFrom(value: unknown): DataStoreManifestEntry[] | undefined {
    if (!Array.isArray(value)) {
        return undefined;
    }
    const entries: DataStoreManifestEntry[] = [];
    for (const item of value) {
        const kind = asString(field(item, "kind"));
        const replication = asString(field(item, "replication"));
        const region = asString(field(item, "region"));
        if (!kind || !replication || !region) {
            continue;
        }
        entries.push({
            kind: kind as DataStoreManifestEntry["kind"],
            identifier: asString(field(item, "identifier")) ?? "",
            arn: asString(field(item, "arn")) ?? "",
            region,
            replication: replication as DataStoreManifestEntry["replication"],
            sourceArn: asString(field(item, "sourceArn")),
        });
    }
    return entries;
}

function objectivesFrom(value: unknown): RegionalContract["objectives"] {
    const rtoSeconds = asNumber(field(value, "rtoSeconds"));
    const rpoSeconds = asNumber(field(value, "rpoSeconds"));
    if (rtoSeconds === undefined && rpoSeconds === undefined) {
        return undefined;
    }
    return { rtoSeconds, rpoSeconds };
}
