/**
 * Preloaded into the policy pack's process (`node -r`), as the engine's workers load the SDK:
 *
 * - The SDK's closure-serialization modules (TypeScript and npm's Arborist, about half of
 *   `@pulumi/policy`'s start) and its Automation API load only if something uses them
 *   (`deferredSdkRequests`). A pack never serializes a closure, so they never load; if one did,
 *   it would get the real module on first use.
 * - The pack's HTTP/2 server lets the check send a whole request at once (`widenWindows`).
 * - On a machine of two cores, V8 optimizes only what stays hot (`tierUpLater`).
 */
import type * as http2 from "http2";
import * as path from "path";
import { deferSdkModules } from "../engine/sdk";
import { tierUpLater } from "../engine/jit";
import { packReceiveWindowBytes, widenWindows } from "./pack-process";

const sdkFile = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
deferSdkModules((file) => file.includes(sdkFile));
// The module object itself, the one `@grpc/grpc-js` requires (an `import *` would be a copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
widenWindows(require("http2") as typeof http2, packReceiveWindowBytes);
// A pack answers a check's few requests and ends: V8 optimizes only what stays hot (../engine/jit).
tierUpLater();
