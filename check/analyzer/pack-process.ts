/**
 * How the check starts the policy pack's process: its V8 threads and the HTTP/2 window its server
 * grants. Kept apart from `pack-preload.ts`, which runs in the pack when loaded, so that the
 * check and the tests can read these without patching their own process.
 */
import type * as http2 from "http2";

/**
 * V8 background threads for the pack's process (`--v8-pool-size`): one per four cores, at least
 * one. Node's default is four, and on a 2-core machine the pack's garbage-collection helpers then
 * compete with the stack's worker and the check's main thread, which have the critical path: the
 * 2,750-resource benchmark took about 0.15 s less with one (three alternating pairs).
 */
export function packV8Threads(cores: number): number {
    return Math.max(1, Math.floor(cores / 4));
}

/**
 * The receive window the pack's HTTP/2 server grants, for each stream and for its connection.
 * Node's default, 64 KiB, has the check send an AnalyzeStack request of a large stack (1.1 MB
 * for 2,750 resources) in about twenty rounds, each waiting for the pack's window update and
 * for the check's event loop; while the check's thread computes the budget beside the pack
 * (evaluate.ts, `finishAlongside`), the rest of the request waited for it. The check is the
 * only client, so the window bounds nothing the pack needs bounded.
 */
export const packReceiveWindowBytes = 32 * 1024 * 1024;

/** Have servers made with `module.createServer` grant `bytes` of receive window. */
export function widenWindows(module: Pick<typeof http2, "createServer">, bytes: number): void {
    const createServer = module.createServer;
    module.createServer = ((options?: http2.ServerOptions, listener?: () => void) => {
        const settings = { ...options?.settings, initialWindowSize: bytes };
        const server = createServer({ ...options, settings }, listener);
        server.on("session", (session) => session.setLocalWindowSize(bytes));
        return server;
    }) as typeof http2.createServer;
}
