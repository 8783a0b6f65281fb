/**
 * The old generation a stack worker's heap starts with. A program constructs its resources
 * synchronously, and every one stays live until it registers, so the worker's heap only grows
 * while the program runs; V8 sizes a new heap's old generation small and marks the whole heap
 * again each time it outgrows its limit (three full collections on a 2,750-resource program, the
 * last of a 390 MB heap, for almost nothing freed). A worker that starts with room for the run
 * skips them: 0.5 s less CPU on that program, for 10 to 60 MB more peak memory
 * (bench/RESULTS.md). Node's Worker takes no initial heap size, and V8 reads its flag when it
 * creates an isolate, so the engine sets the flag for the process before its first worker starts.
 * A size given to node by the user (`--initial-old-space-size`, `--initial-heap-size`) is kept.
 */
import * as os from "os";
import * as v8 from "v8";
import { givenToNode } from "./v8-flags";

/** The most a worker's old generation starts with, in MB. */
export const maxInitialOldSpaceMb = 1024;

/** Node flags that size a new heap's old generation; a user who gives one keeps it. */
const sizingFlags = ["--initial-old-space-size", "--initial-heap-size"];

/**
 * The initial old generation for the engine's workers, in MB: an eighth of the machine's memory,
 * at most `maxInitialOldSpaceMb`; undefined when node's arguments `nodeOptions` already size it.
 */
export function workerInitialOldSpaceMb(
    totalMemoryBytes: number,
    nodeOptions: readonly string[],
): number | undefined {
    if (givenToNode(nodeOptions, sizingFlags)) {
        return undefined;
    }
    return Math.max(0, Math.min(maxInitialOldSpaceMb, Math.floor(totalMemoryBytes / 8 / 2 ** 20)));
}

let configured = false;

/** Set the flag once, before the first worker's isolate is created; later calls do nothing. */
export function configureWorkerHeaps(): void {
    if (configured) {
        return;
    }
    configured = true;
    const size = workerInitialOldSpaceMb(os.totalmem(), process.execArgv);
    if (size) {
        v8.setFlagsFromString(`--initial-old-space-size=${size}`);
    }
}
