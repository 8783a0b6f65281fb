/**
 * When V8 optimizes a hot function. V8 counts a function's work against an "interrupt budget"
 * and hands it to TurboFan, its optimizing compiler, on background threads, when the budget runs
 * out. A check is a short batch run: most functions run a few thousand times and the run is over
 * in seconds. On a machine of two cores, the compiler's threads took about 2.6 s of CPU during a
 * 2,750-resource check, from the same two cores the program's worker, the check's main thread
 * and the policy pack need. With a budget of 262,144, about four times Node 20's default
 * (67,584), V8 compiles only what stays hot: that check took 1.1 s less CPU and 0.37 s less wall
 * time (six alternating pairs, bench/RESULTS.md). With more cores the compiler's threads have cores of their own and
 * the earlier optimization pays, so V8's default stays there.
 *
 * The budget is a flag of the whole process. The engine sets it once a program's type check is
 * done (TypeScript's checker, long and hot, is slower with it: 5.8 s instead of 5.2 s on a
 * 150-resource program), and the policy pack's process sets it when it starts.
 */
import * as os from "os";
import * as v8 from "v8";
import { givenToNode } from "./v8-flags";

/** The interrupt budget of a check on a machine of two cores or fewer. */
export const batchInterruptBudget = 262_144;

/** The interrupt budget for a machine of `cores` cores; undefined keeps V8's. */
export function interruptBudgetFor(cores: number): number | undefined {
    return cores <= 2 ? batchInterruptBudget : undefined;
}

let applied = false;

/** Set the budget for this process, once, unless node was given its own; later calls do nothing. */
export function tierUpLater(cores: number = os.availableParallelism()): void {
    if (applied) {
        return;
    }
    applied = true;
    const budget = interruptBudgetFor(cores);
    if (budget !== undefined && !givenToNode(process.execArgv, ["--interrupt-budget"])) {
        v8.setFlagsFromString(`--interrupt-budget=${budget}`);
    }
}
