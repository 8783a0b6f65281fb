/**
 * The engine's stack workers. Loading `@pulumi/pulumi` and `@pulumi/aws` is most of a stack's
 * start (about 0.3 s of CPU each time), so a worker whose stack ended cleanly runs the next one:
 * the next stack of the same run, or, when the caller shares a pool across runs (`compare`'s
 * rows), a stack of another run of the same program. Between stacks the worker resets the SDK
 * with `setMocks` and forgets the program's modules and environment (`worker.ts`), so each stack
 * still starts as a fresh `pulumi up` would. A worker that did not end cleanly (a deadline, a
 * `process.exit`, a crash) is never reused.
 */
import * as path from "path";
import { Worker } from "worker_threads";
import type { WorkerStart } from "./worker";
import { configureWorkerHeaps } from "./worker-heap";

/** Idle workers by program and Node flags, ready for a stack of that program. */
export class WorkerPool {
    private readonly idle = new Map<string, Worker[]>();
    private closed = false;
    private readonly watched = new WeakSet<Worker>();

    /** A worker for a stack of the program in `programDir`: an idle one, else a new one. */
    acquire(programDir: string, execArgv: string[]): Worker {
        const ready = this.idle.get(poolKey(programDir, execArgv));
        return ready?.pop() ?? startWorker(programDir, execArgv);
    }

    /**
     * Give a worker back after its stack: kept for the next stack when `reusable` (its stack
     * ended with the event loop drained), else stopped.
     */
    release(programDir: string, execArgv: string[], worker: Worker, reusable: boolean): void {
        if (!reusable || this.closed) {
            void worker.terminate();
            return;
        }
        // An idle worker must not keep the process alive.
        worker.unref();
        const key = poolKey(programDir, execArgv);
        const ready = this.idle.get(key) ?? [];
        ready.push(worker);
        this.idle.set(key, ready);
        // One listener per worker, however often it comes back: a worker that dies while idle
        // leaves the pool.
        if (!this.watched.has(worker)) {
            this.watched.add(worker);
            worker.once("exit", () => {
                const list = this.idle.get(key) ?? [];
                const index = list.indexOf(worker);
                if (index >= 0) {
                    list.splice(index, 1);
                }
            });
        }
    }

    /** Stop every idle worker; a worker released later is stopped at once. */
    async close(): Promise<void> {
        this.closed = true;
        const all = [...this.idle.values()].flat();
        this.idle.clear();
        await Promise.all(all.map((worker) => worker.terminate()));
    }
}

function poolKey(programDir: string, execArgv: string[]): string {
    return [programDir, ...execArgv].join("\0");
}

/**
 * A worker for stacks of the program in `programDir`. It loads the SDK at once and runs our
 * TypeScript through the compile cache, wherever this file came from; its jobs come by message.
 * Until one does it does not hold this process open.
 */
export function startWorker(programDir: string, execArgv: string[]): Worker {
    configureWorkerHeaps();
    const ext = path.extname(__filename);
    const cache = path.join(__dirname, "compile-cache.js");
    const entry = path.join(__dirname, `worker${ext}`);
    const worker = new Worker(
        `require(${JSON.stringify(cache)});\nrequire(${JSON.stringify(entry)});`,
        {
            eval: true,
            execArgv,
            workerData: { programDir } satisfies WorkerStart,
            stdout: true,
            stderr: true,
        },
    );
    for (const stream of [worker.stdout, worker.stderr]) {
        stream.setEncoding("utf8");
    }
    // Waiting for its job, it must not keep the process alive; `runInWorker` refs it.
    worker.unref();
    return worker;
}
