/**
 * Fixes for a design that misses its objectives: concrete changes to named resources (or to a
 * regional stack's exported capacity), each applied to the graph and re-estimated before it is
 * offered, so every fix the budget prints shortens this design's RTO or RPO, by the seconds it
 * says. A change the model cannot re-estimate (another database engine, another routing
 * service) is never offered as a fix.
 */
import { BudgetAssumptions, withDefaults } from "./assumptions";
import { estimateRpo, estimateRto } from "./budget";
import { RegionCapacity, regionCapacities, scaleUpPath, standbys } from "./capacity";
import {
    BudgetGraph,
    BudgetResource,
    RegionalContract,
    asArray,
    asString,
    contractsOf,
    describe,
    field,
    numberProp,
    ofType,
    prop,
    regionOf,
    stringProp,
} from "./graph";
import { routedRecords, types } from "./routing";
import { storeTypes } from "./stores";

/** One change: props to set on a resource, or capacity fields on a stack's contract. */
export type FixChange =
    | { resource: string; stack?: string; set: Record<string, unknown> }
    | { contract: string; capacity: Record<string, number> }
    | { contract: string; dataStore: string; replication: string };

export interface Fix {
    /** What to change, naming the resource and the values. */
    text: string;
    changes: FixChange[];
    /** RTO and RPO after the change, by the same model. */
    rtoSeconds: number | null;
    rpoSeconds: number | null;
    /** Seconds of RTO (or RPO) the change saves, by the same model. */
    savesRtoSeconds: number;
    savesRpoSeconds: number;
}

/** `graph` with `changes` applied: the props merged into inputs and outputs alike. */
export function applyChanges(graph: BudgetGraph, changes: readonly FixChange[]): BudgetGraph {
    const resources = graph.resources.map((r) => {
        const mine = changes.filter(
            (c): c is Extract<FixChange, { resource: string }> =>
                "resource" in c && c.resource === r.name && (c.stack ?? r.stack) === r.stack,
        );
        if (mine.length === 0) {
            return r;
        }
        const set = Object.assign({}, ...mine.map((c) => c.set)) as Record<string, unknown>;
        return {
            ...r,
            inputs: r.inputs ? { ...r.inputs, ...set } : r.inputs,
            outputs: { ...r.outputs, ...set },
        };
    });
    const contractChanges = changes.filter(
        (c): c is Extract<FixChange, { contract: string }> => "contract" in c,
    );
    if (contractChanges.length === 0) {
        return { ...graph, resources };
    }
    const contracts = contractsOf(graph).map((c): RegionalContract => {
        let result = c;
        for (const change of contractChanges.filter((x) => x.contract === c.stack)) {
            if ("dataStore" in change) {
                result = {
                    ...result,
                    dataStores: result.dataStores?.map((d) =>
                        d.identifier === change.dataStore
                            ? { ...d, replication: change.replication as typeof d.replication }
                            : d,
                    ),
                };
            } else if (result.capacity) {
                result = { ...result, capacity: { ...result.capacity, ...change.capacity } };
            }
        }
        return result;
    });
    return { resources, contracts };
}

type Candidate = Pick<Fix, "text" | "changes">;

/** Route 53 health checks probing every 10 s and failing on the first miss. */
function healthCheckCandidates(resources: readonly BudgetResource[]): Candidate[] {
    const slow = ofType(resources, types.healthCheck).filter((c) => {
        const type = (stringProp(c, "type") ?? "").toUpperCase();
        return (
            !["CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"].includes(type) &&
            ((numberProp(c, "requestInterval") ?? 30) > 10 ||
                (numberProp(c, "failureThreshold") ?? 3) > 1)
        );
    });
    if (slow.length === 0) {
        return [];
    }
    const now = slow
        .map(
            (c) =>
                `${describe(c)} ${numberProp(c, "requestInterval") ?? 30} s × ${numberProp(c, "failureThreshold") ?? 3}`,
        )
        .join(", ");
    return [
        {
            text: `Set requestInterval 10 and failureThreshold 1 on the Route 53 health checks (now ${now}); one failed probe then fails over, so a single blip can too.`,
            changes: slow.map((c) => ({
                resource: c.name,
                stack: c.stack,
                set: { requestInterval: 10, failureThreshold: 1 },
            })),
        },
    ];
}

/** Routed non-alias records at a TTL of 60 s. */
function ttlCandidates(resources: readonly BudgetResource[]): Candidate[] {
    const long = routedRecords(resources).filter(
        (r) => asArray(prop(r, "aliases")).length === 0 && (numberProp(r, "ttl") ?? 300) > 60,
    );
    return long.map((r) => ({
        text: `Set ttl 60 on record ${describe(r)} (now ${numberProp(r, "ttl") ?? "unset"}): resolvers keep the failed answer for the TTL.`,
        changes: [{ resource: r.name, stack: r.stack, set: { ttl: 60 } }],
    }));
}

/** The standby's capacity: full, or within autoscaling's reach. */
function capacityCandidates(graph: BudgetGraph, capacities: RegionCapacity[]): Candidate[] {
    const candidates: Candidate[] = [];
    const contracts = contractsOf(graph);
    for (const standby of standbys(capacities)) {
        if (scaleUpPath(standby) === "none") {
            continue;
        }
        const contract = contracts.find(
            (c) => c.capacity && (c.region ?? c.stack) === standby.region,
        );
        const what = `standby ${standby.region}${contract ? ` (${contract.stack})` : ""}`;
        const change = (capacity: { desired: number; min: number; max: number }): FixChange[] => {
            if (contract) {
                return [
                    {
                        contract: contract.stack,
                        capacity: {
                            desiredCount: capacity.desired,
                            minCount: capacity.min,
                            maxCount: capacity.max,
                        },
                    },
                ];
            }
            return serviceChanges(graph.resources, standby.region, capacity);
        };
        candidates.push({
            text: `Run ${what} at full capacity, ${standby.full} tasks instead of ${standby.running} (its ECS service's desiredCount; an active-active standby, or a warm standby at 100%): no scale-up after the failover.`,
            changes: change({
                desired: standby.full,
                min: standby.full,
                max: Math.max(standby.max, standby.full),
            }),
        });
        if (scaleUpPath(standby) === "deployment") {
            const desired = Math.max(1, standby.running);
            candidates.push({
                text:
                    standby.running > 0
                        ? `Let autoscaling raise ${what} to full capacity: set its maximum to ${standby.full} or more (now ${standby.max}); target tracking then scales it without a deployment or a person.`
                        : `Let autoscaling raise ${what} to full capacity: run ${desired} task (now 0; target tracking cannot scale from zero) with a maximum of ${standby.full} or more (now ${standby.max}); target tracking then scales it without a deployment or a person.`,
                changes: change({ desired, min: desired, max: standby.full }),
            });
        }
    }
    return candidates;
}

/** ECS services and scalable targets of a region without a contract. */
function serviceChanges(
    resources: readonly BudgetResource[],
    region: string,
    capacity: { desired: number; min: number; max: number },
): FixChange[] {
    const changes: FixChange[] = [];
    for (const service of ofType(resources, "aws:ecs/service:Service").filter(
        (s) => regionOf(s) === region,
    )) {
        changes.push({
            resource: service.name,
            stack: service.stack,
            set: { desiredCount: capacity.desired },
        });
        const serviceName = stringProp(service, "name") ?? service.name;
        for (const target of ofType(resources, "aws:appautoscaling/target:Target").filter((t) =>
            (stringProp(t, "resourceId") ?? "").endsWith(`/${serviceName}`),
        )) {
            changes.push({
                resource: target.name,
                stack: target.stack,
                set: { minCapacity: capacity.min, maxCapacity: capacity.max },
            });
        }
    }
    return changes;
}

/**
 * `rule` with Replication Time Control and its metrics (AWS requires both). RTC exists only in the
 * V2 rule form, the one with a filter; a V1 rule (a top-level prefix, no filter) is rewritten to
 * V2, its prefix moved into the filter, and with deleteMarkerReplication Enabled, since V1
 * replicated delete markers (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html).
 */
export function withRtcRule(rule: unknown): Record<string, unknown> {
    const destination = {
        ...(field(rule, "destination") as object),
        replicationTime: { status: "Enabled", time: { minutes: 15 } },
        metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
    };
    if (field(rule, "filter") != null) {
        return { ...(rule as object), destination };
    }
    const { prefix, ...rest } = rule as Record<string, unknown>;
    return {
        ...rest,
        filter: typeof prefix === "string" && prefix !== "" ? { prefix } : {},
        deleteMarkerReplication: field(rule, "deleteMarkerReplication") ?? { status: "Enabled" },
        destination,
    };
}

/** S3 replication rules without Replication Time Control. */
function rtcCandidates(resources: readonly BudgetResource[]): Candidate[] {
    const candidates: Candidate[] = [];
    for (const config of ofType(resources, storeTypes.replication)) {
        const rules = asArray(prop(config, "rules"));
        const without = rules.filter(
            (rule) =>
                (asString(field(rule, "status")) ?? "Enabled") === "Enabled" &&
                asString(field(field(field(rule, "destination"), "replicationTime"), "status")) !==
                    "Enabled",
        );
        if (without.length === 0) {
            continue;
        }
        const withRtc = rules.map((rule) => (without.includes(rule) ? withRtcRule(rule) : rule));
        const v1 = without.filter((rule) => field(rule, "filter") == null);
        candidates.push({
            text:
                `Enable S3 Replication Time Control on ${describe(config)} (${without.length} rule(s) without it): 99.99% of objects within 15 minutes, with an SLA, for $0.015/GB more.` +
                (v1.length > 0
                    ? ` RTC exists only in the V2 rule form, so ${v1.length === 1 ? "its V1 rule" : `its ${v1.length} V1 rules`} (no filter) ${v1.length === 1 ? "becomes" : "become"} V2: the prefix moves into filter, and deleteMarkerReplication Enabled keeps the delete-marker replication V1 did.`
                    : ""),
            changes: [{ resource: config.name, stack: config.stack, set: { rules: withRtc } }],
        });
    }
    return candidates;
}

/** Stores a regional stack's manifest lists as replicated without RTC. */
function manifestRtcCandidates(graph: BudgetGraph): Candidate[] {
    return contractsOf(graph).flatMap((c) =>
        (c.dataStores ?? [])
            .filter((d) => d.replication === "s3-crr" && !d.sourceArn)
            .map((d) => ({
                text: `Enable S3 Replication Time Control on the replication of bucket ${d.identifier} in ${c.stack} (its dataStores output says s3-crr): 99.99% of objects within 15 minutes, with an SLA, for $0.015/GB more.`,
                changes: [
                    { contract: c.stack, dataStore: d.identifier, replication: "s3-crr-rtc" },
                ],
            })),
    );
}

/**
 * Fixes that shorten this design's RTO or RPO, each re-estimated with the same assumptions;
 * the largest saving first. Candidates that save nothing (another step is slower) are dropped.
 * `estimated` is the design's own RTO and RPO by the same model, when the caller has them.
 */
export function suggestFixes(
    graph: BudgetGraph,
    overrides: Partial<BudgetAssumptions> = {},
    estimated?: { rto: number | null; rpo: number | null },
): Fix[] {
    const assumptions = withDefaults(overrides);
    // The caller's estimate of this graph with these overrides, when it has one: the RTO model
    // plays the whole failover simulation, the larger part of the budget's time.
    const before = estimated ?? {
        rto: estimateRto(graph, assumptions).rtoSeconds,
        rpo: estimateRpo(graph, assumptions).rpoSeconds,
    };
    const candidates = [
        ...capacityCandidates(graph, regionCapacities(graph)),
        ...healthCheckCandidates(graph.resources),
        ...ttlCandidates(graph.resources),
        ...rtcCandidates(graph.resources),
        ...manifestRtcCandidates(graph),
    ];
    const fixes: Fix[] = [];
    for (const candidate of candidates) {
        const changed = applyChanges(graph, candidate.changes);
        const rto = estimateRto(changed, assumptions).rtoSeconds;
        const rpo = estimateRpo(changed, assumptions).rpoSeconds;
        const saves = (was: number | null, now: number | null) =>
            now === null ? 0 : was === null ? Number.POSITIVE_INFINITY : was - now;
        const savesRto = saves(before.rto, rto);
        const savesRpo = saves(before.rpo, rpo);
        if (savesRto > 0 || savesRpo > 0) {
            fixes.push({
                ...candidate,
                rtoSeconds: rto,
                rpoSeconds: rpo,
                savesRtoSeconds: Math.max(0, savesRto),
                savesRpoSeconds: Math.max(0, savesRpo),
            });
        }
    }
    return fixes.sort(
        (a, b) => b.savesRtoSeconds - a.savesRtoSeconds || b.savesRpoSeconds - a.savesRpoSeconds,
    );
}

/** A fix as one line: the change, then what the model estimates after it. */
export function fixLine(fix: Fix): string {
    const effects = [
        fix.savesRtoSeconds > 0
            ? `RTO ${fix.rtoSeconds} s (${Number.isFinite(fix.savesRtoSeconds) ? `−${fix.savesRtoSeconds} s` : "bounded"})`
            : undefined,
        fix.savesRpoSeconds > 0
            ? `RPO ${fix.rpoSeconds} s (${Number.isFinite(fix.savesRpoSeconds) ? `−${fix.savesRpoSeconds} s` : "bounded"})`
            : undefined,
    ].filter((e) => e !== undefined);
    return `${fix.text} Estimate after it: ${effects.join(", ")}.`;
}
