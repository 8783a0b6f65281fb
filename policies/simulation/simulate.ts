/**
 * The simulation's entry points: play every standard scenario over the model of a resource
 * graph, judge the invariants, and render the result as a runbook-like text, JSON or Mermaid
 * Gantt charts. Deterministic: the same graph gives the same output byte for byte.
 */
import { BudgetAssumptions } from "../budget/assumptions";
import { BudgetGraph, contractsOf } from "../budget/graph";
import { Line } from "./events";
import { extractModel } from "./extract";
import {
    InvariantResult,
    deliberateFailback,
    noDataLeftBehind,
    noFailOpen,
    servedAfter,
    servesWithinRto,
    singleWriter,
    steadyStateGreen,
} from "./invariants";
import { Model } from "./model";
import { History, play } from "./runner";
import { Script, regionScripts, scripts } from "./scenarios";
import { initialState } from "./state";

export interface ScenarioResult {
    name: string;
    region: string;
    servedAfterSeconds: number | null;
    timeline: Line[];
    invariants: InvariantResult[];
}

export interface SimulationReport {
    rtoSeconds: number;
    rtoSource: string;
    scenarios: ScenarioResult[];
    notes: string[];
}

export interface SimulationOptions {
    /** The RTO to hold every phase to; default: the stacks' objectives, a plan's, else 3600 s. */
    rtoSeconds?: number;
    assumptions?: Partial<BudgetAssumptions>;
}

/** The RTO the design declares: the strictest stack objective or plan RTO, else an hour. */
export function designRto(graph: BudgetGraph, model: Model): { seconds: number; source: string } {
    const declared = contractsOf(graph)
        .map((c) => ({
            seconds: c.objectives?.rtoSeconds,
            source: `objectives output of ${c.stack}`,
        }))
        .filter((d): d is { seconds: number; source: string } => d.seconds !== undefined);
    const plans = graph.resources
        .filter((r) => r.type === "aws:arcregionswitch/plan:Plan")
        .map((p) => ({
            seconds: Number((p.outputs ?? p.inputs ?? {})["recoveryTimeObjectiveMinutes"]) * 60,
            source: `recoveryTimeObjectiveMinutes of plan ${p.name}`,
        }))
        .filter((p) => Number.isFinite(p.seconds) && p.seconds > 0);
    const all = [...declared, ...plans].sort(
        (a, b) => a.seconds - b.seconds || a.source.localeCompare(b.source),
    );
    void model;
    return all[0] ?? { seconds: 3600, source: "default objective (3600 s)" };
}

/** The timeline's first lines: what the model assumes because the program does not show it. */
export function assumedLines(model: Model): Line[] {
    return model.regions
        .filter((r) => r.assumed)
        .map((r) => ({
            atSeconds: 0,
            event: `Assumed: ${r.compute?.name ?? "what serves"} serves in ${r.region} while the region is up; ${r.assumed}, so nothing the model can fail on its own`,
            resource: r.compute?.name ?? r.region,
        }));
}

/** Play one script and judge every invariant. */
export function playScript(
    model: Model,
    script: Script,
    rtoSeconds: number,
): { result: ScenarioResult; history: History } {
    const start = initialState(model);
    const history = play(model, start, script.events, script.horizon);
    const invariants = [
        servesWithinRto(model, history, script.phases, rtoSeconds),
        noFailOpen(model, history),
        singleWriter(model, history),
        deliberateFailback(model, history),
        noDataLeftBehind(model, history),
        steadyStateGreen(model, start),
    ];
    return {
        result: {
            name: script.name,
            region: script.region,
            servedAfterSeconds: servedAfter(model, history, script.phases[0]),
            timeline: [...assumedLines(model), ...history.lines],
            invariants,
        },
        history,
    };
}

/** A note for each scenario the event limit stopped (runner.ts, `eventLimit`). */
export function cutShortNotes(
    played: readonly { result: Pick<ScenarioResult, "name">; history: Pick<History, "cutShort"> }[],
): string[] {
    return played.flatMap(({ result, history }) =>
        history.cutShort
            ? [
                  `scenario ${result.name} was cut short at ${history.cutShort.atSeconds} s after ${history.cutShort.events} events: what follows is not judged`,
              ]
            : [],
    );
}

/** Every standard scenario over the graph. */
export function simulate(graph: BudgetGraph, options: SimulationOptions = {}): SimulationReport {
    const model = extractModel(graph, options.assumptions);
    const rto =
        options.rtoSeconds !== undefined
            ? { seconds: options.rtoSeconds, source: "given" }
            : designRto(graph, model);
    const played = scripts(model).map((s) => playScript(model, s, rto.seconds));
    return {
        rtoSeconds: rto.seconds,
        rtoSource: rto.source,
        scenarios: played.map((p) => p.result),
        notes: [...new Set([...model.notes, ...cutShortNotes(played)])],
    };
}

/** One step of the simulated outage, for the failover budget's breakdown. */
export interface TimelineStep {
    step: string;
    seconds: number;
    source: string;
}

/**
 * The simulated outage of the primary region: when users are served again, and the steps of
 * the timeline that got them there (each the time since the step before). Undefined when the
 * graph has no region to take out.
 */
export function simulatedOutage(
    graph: BudgetGraph,
    assumptions: Partial<BudgetAssumptions> = {},
): { servedAfterSeconds: number | null; steps: TimelineStep[]; region: string } | undefined {
    const model = extractModel(graph, assumptions);
    // Every place users can reach counts here, `alone` ones too: the primary's users may have
    // nowhere else to go (a failover record with no partner), and then the RTO is unbounded.
    const places = model.regions.filter((r) => r.compute || r.alb);
    // One region in sight (a stack's own view of a pair whose other half is in another stack):
    // there is nowhere the model can see users go, which is unknown, not down.
    if (places.length < 2 || !places.some((r) => r.region === model.primary)) {
        return undefined;
    }
    const script = regionScripts(model, initialState(model), model.primary).find(
        (s) => s.name === `outage:${model.primary}`,
    )!;
    const { result } = playScript(model, script, Infinity);
    const end = result.servedAfterSeconds;
    const steps: TimelineStep[] = [];
    let last = 0;
    for (const l of result.timeline) {
        if (!l.step || (end !== null && l.atSeconds > end)) {
            continue;
        }
        steps.push({
            step: l.step,
            seconds: l.atSeconds - last,
            source: `${l.resource}: ${l.event}`,
        });
        last = l.atSeconds;
    }
    if (end !== null && end > last) {
        steps.push({
            step: "served",
            seconds: end - last,
            source: "users are served at full capacity with their writes landing",
        });
    }
    return { servedAfterSeconds: end, steps, region: model.primary };
}

const pad = (n: number) => `${n} s`.padStart(8);

/** The text report: a timeline per scenario that reads as a runbook, then its invariants. */
export function simulationText(report: SimulationReport): string {
    const out: string[] = [
        `Failover simulation (RTO ${report.rtoSeconds} s, ${report.rtoSource})`,
        "",
    ];
    for (const s of report.scenarios) {
        const broken = s.invariants.filter((i) => !i.holds).length;
        out.push(
            `== ${s.name}: ${s.servedAfterSeconds === null ? "users not served again" : `users served after ${s.servedAfterSeconds} s`}${broken > 0 ? `, ${broken} invariant(s) broken` : ""}`,
        );
        for (const l of s.timeline) {
            out.push(`${pad(l.atSeconds)}  ${l.event} [${l.resource}]`);
        }
        for (const i of s.invariants) {
            out.push(`  ${i.holds ? "ok  " : "FAIL"} ${i.name}: ${i.message}`);
        }
        out.push("");
    }
    if (report.notes.length > 0) {
        out.push(
            "Assumptions (the worse case where AWS documents nothing; what the program does not show):",
            ...report.notes.map((n) => `  - ${n}`),
            "",
        );
    }
    const failed = report.scenarios.flatMap((s) =>
        s.invariants.filter((i) => !i.holds).map((i) => `${s.name} ${i.name}`),
    );
    out.push(
        failed.length === 0
            ? "Every invariant holds in every scenario."
            : `${failed.length} broken: ${failed.join(", ")}`,
    );
    return out.join("\n") + "\n";
}

/** The JSON report: `{ scenarios: [ { name, region, servedAfterSeconds, timeline, invariants } ] }`. */
export function simulationJson(report: SimulationReport): string {
    return (
        JSON.stringify(
            {
                rtoSeconds: report.rtoSeconds,
                scenarios: report.scenarios.map((s) => ({
                    name: s.name,
                    region: s.region,
                    servedAfterSeconds: s.servedAfterSeconds,
                    timeline: s.timeline.map((l) => ({
                        atSeconds: l.atSeconds,
                        event: l.event,
                        resource: l.resource,
                    })),
                    invariants: s.invariants.map((i) => ({
                        name: i.name,
                        holds: i.holds,
                        message: i.message,
                    })),
                })),
                notes: report.notes,
            },
            null,
            2,
        ) + "\n"
    );
}

/** A Mermaid Gantt chart per scenario: one bar per timeline line, until the next. */
export function simulationMermaid(report: SimulationReport): string {
    const out: string[] = [];
    for (const s of report.scenarios) {
        out.push(
            "```mermaid",
            "gantt",
            `    title ${s.name}`,
            "    dateFormat X",
            "    axisFormat %s",
        );
        const byResource = new Map<string, Line[]>();
        s.timeline.forEach((l) =>
            byResource.set(l.resource, [...(byResource.get(l.resource) ?? []), l]),
        );
        for (const [resource, lines] of byResource) {
            out.push(`    section ${resource.replace(/[:#]/g, " ")}`);
            lines.forEach((l, i) => {
                const end = lines[i + 1]?.atSeconds ?? l.atSeconds + 1;
                const label = l.event.split(" (")[0].replace(/[:#;]/g, " ").slice(0, 80);
                out.push(`    ${label} : ${l.atSeconds}, ${Math.max(end, l.atSeconds + 1)}`);
            });
        }
        out.push("```", "");
    }
    return out.join("\n");
}
