/**
 * Preloaded into the policy pack's process (`node -r`), as the engine's workers load the SDK:
 *
 * - The SDK's closure-serialization modules (TypeScript and npm's Arborist, about half of
 *   `@pulumi/policy`'s start) load only if something uses them. A pack never serializes a
 *   closure, so they never load; if one did, it would get the real module on first use.
 * - The pack's HTTP/2 server lets the check send a whole request at once (`widenWindows`).
 */
import type * as http2 from "http2";
import * as path from "path";
import { deferClosureModules } from "../engine/sdk";

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

const sdkFile = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
deferClosureModules((file) => file.includes(sdkFile));
// The module object itself, the one `@grpc/grpc-js` requires (an `import *` would be a copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
widenWindows(require("http2") as typeof http2, packReceiveWindowBytes);
