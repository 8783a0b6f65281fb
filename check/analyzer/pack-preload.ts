/**
 * Preloaded into the policy pack's process (`node -r`), as the engine's workers load the SDK: the
 * SDK's closure-serialization modules (TypeScript and npm's Arborist, about half of
 * `@pulumi/policy`'s start) load only if something uses them. A pack never serializes a closure,
 * so they never load; if one did, it would get the real module on first use.
 */
import * as path from "path";
import { deferClosureModules } from "../engine/sdk";

const sdkFile = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
deferClosureModules((file) => file.includes(sdkFile));
