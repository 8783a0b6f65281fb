/**
 * The failover budget of a whole check run. The model lives in the pack (`policies/budget`); the
 * check sees every stack at once, so it feeds the model the real resources of every stack and the
 * regional contracts the stacks exported, where the `failover-objectives` policy sees only the
 * routing stack and its StackReferences.
 */
import {
    CostEstimate,
    FailoverBudget,
    Objectives,
    RegionalContract,
    contractFromOutputs,
    defaultPrices,
    estimateCost,
    failoverBudget,
    parseUsage,
} from "../policies/budget";
import { PackEvaluation } from "./analyzer/evaluate";
import { StackRecord } from "./engine/types";

/** RTO, RPO and cost of a run, with the objectives they were checked against. */
export interface RunBudget {
    failover: FailoverBudget;
    cost: CostEstimate;
    /** Where each objective came from. */
    objectiveSources: { rtoSeconds: string; rpoSeconds: string };
    /** Fixes not offered because the engine would refuse them (./fixes), with its reasons. */
    withheldFixes?: { text: string; refusals: string[] }[];
}

/** The regional contracts the run's stacks exported. */
export function contractsOf(records: readonly StackRecord[]): RegionalContract[] {
    return records
        .map((r) => contractFromOutputs(r.fullName, r.outputs))
        .filter((c): c is RegionalContract => c !== undefined && c.capacity !== undefined);
}

/**
 * The objectives to check: the `failover-objectives` policy config (its schema defaults when no
 * file is given), unless a regional stack declares a stricter one. Same rule as the policy.
 */
export function objectivesOf(
    contracts: readonly RegionalContract[],
    evaluation?: Pick<PackEvaluation, "config">,
): { objectives: Objectives; sources: RunBudget["objectiveSources"] } | undefined {
    const configured = evaluation?.config["failover-objectives"]?.properties ?? {};
    const objectives: Partial<Objectives> = {};
    const sources = { rtoSeconds: "", rpoSeconds: "" };
    for (const key of ["rtoSeconds", "rpoSeconds"] as const) {
        if (typeof configured[key] === "number") {
            objectives[key] = configured[key] as number;
            sources[key] = "policy config";
        }
        for (const contract of contracts) {
            const declared = contract.objectives?.[key];
            if (
                declared !== undefined &&
                (objectives[key] === undefined || declared < objectives[key]!)
            ) {
                objectives[key] = declared;
                sources[key] = `declared by ${contract.stack}`;
            }
        }
    }
    if (objectives.rtoSeconds === undefined || objectives.rpoSeconds === undefined) {
        return undefined;
    }
    return { objectives: objectives as Objectives, sources };
}

/**
 * The budget of a run: every stack's resources, their contracts, and the objectives. Of the pack's
 * evaluation it reads only the resolved config, so it can run before the pack has answered.
 */
export function runBudget(
    records: readonly StackRecord[],
    evaluation?: Pick<PackEvaluation, "config">,
): RunBudget {
    const contracts = contractsOf(records);
    const graph = { resources: records.flatMap((r) => r.resources), contracts };
    const target = objectivesOf(contracts, evaluation);
    // The pack's failover-objectives policy carries the workload's usage in its config.
    const usage = evaluation?.config["failover-objectives"]?.properties.usage;
    parseUsage(usage, '"failover-objectives".usage'); // one line naming the policy's key
    return {
        failover: failoverBudget(graph, target?.objectives),
        cost: estimateCost(graph, defaultPrices, usage),
        objectiveSources: target?.sources ?? { rtoSeconds: "none", rpoSeconds: "none" },
    };
}

/** Seconds for people: "unbounded" for null, minutes past 120 s. */
export function formatSeconds(seconds: number | null): string {
    if (seconds === null) {
        return "unbounded";
    }
    if (seconds < 120) {
        return `${seconds} s`;
    }
    const minutes = seconds / 60;
    return `${seconds} s (${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} min)`;
}

/** Dollars with cents and thousands separators. */
export function formatUsd(usd: number): string {
    return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
