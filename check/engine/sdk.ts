/**
 * Which `@pulumi/pulumi` a checked program gets. The mocks only see resources registered through
 * the SDK copy they were installed into, so the program's own copy is the one used when it has
 * one (from its folder's resolution path), and this project's otherwise; every `@pulumi/pulumi`
 * import in the worker, the program's, its packages' and the engine's, resolves to that copy.
 * Other `@pulumi/*` packages the program cannot resolve come from this project.
 *
 * Runs inside the engine's worker thread, before the program is loaded.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";

/** The SDK versions the engine drives: mocks, monitor and transformations as it uses them. */
export const supportedSdk = { min: [3, 200, 0], max: [3, Infinity, Infinity] } as const;

/** Where the chosen SDK is and its version. */
export interface SdkChoice {
    dir: string;
    version: string;
    /** True when it came from the program's own node_modules. */
    own: boolean;
}

/** Raised when the program's SDK is one the engine cannot drive (exit 2). */
export class SdkError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SdkError";
    }
}

const engineRoot = path.resolve(__dirname, "..", "..");

function resolvePackageDir(pkg: string, from: string): string | undefined {
    try {
        return path.dirname(require.resolve(`${pkg}/package.json`, { paths: [from] }));
    } catch {
        return undefined;
    }
}

/** The folder a program's packages resolve from: `main` itself when it is a folder. */
export function programDirOf(main: string): string {
    return fs.statSync(main, { throwIfNoEntry: false })?.isDirectory() ? main : path.dirname(main);
}

/** The SDK for a program in `programDir`, checked against the versions the engine drives. */
export function chooseSdk(programDir: string): SdkChoice {
    const own = resolvePackageDir("@pulumi/pulumi", programDir);
    const ours = resolvePackageDir("@pulumi/pulumi", engineRoot)!;
    const dir = fs.realpathSync(own ?? ours);
    const version = String(
        (
            JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
                version?: unknown;
            }
        ).version,
    );
    if (!sdkSupported(version)) {
        throw new SdkError(
            `@pulumi/pulumi ${version} at ${dir} cannot be driven by the offline engine; it drives ${supportedRange()}. Upgrade it: npm install --save-dev "@pulumi/pulumi@${supportedRange()}"`,
        );
    }
    return {
        dir,
        version,
        own: own !== undefined && fs.realpathSync(own) !== fs.realpathSync(ours),
    };
}

/**
 * The SDK this package itself loads (the analyzer protocol, the fallback for programs without
 * one), checked before anything loads it: an SDK the engine cannot drive would otherwise crash
 * part-way with a TypeError instead of saying what to install.
 */
export function assertEngineSdk(): SdkChoice {
    if (resolvePackageDir("@pulumi/pulumi", engineRoot) === undefined) {
        throw new SdkError(
            `@pulumi/pulumi is not installed beside multi-region-failover; install a version it drives: npm install --save-dev "@pulumi/pulumi@${supportedRange()}"`,
        );
    }
    return chooseSdk(engineRoot);
}

/** The peer range package.json declares, from the versions the engine drives. */
export function supportedRange(): string {
    return `>=${supportedSdk.min.join(".")} <${supportedSdk.max[0] + 1}`;
}

/** Whether the engine drives this `@pulumi/pulumi` version. */
export function sdkSupported(version: string): boolean {
    const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
    if (!match) {
        return false;
    }
    const v = match.slice(1, 4).map(Number);
    const cmp = (a: readonly number[], b: readonly number[]) =>
        a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    return cmp(v, supportedSdk.min) >= 0 && v[0] === supportedSdk.max[0];
}

interface ModuleInternals {
    _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
    _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
    _nodeModulePaths(dir: string): string[];
}

/**
 * Route every `@pulumi/pulumi` import to `sdk`, let unresolvable `@pulumi/*` imports fall back to
 * this project's packages, and defer the two modules the SDK loads only for closure
 * serialization (TypeScript and npm's Arborist, most of its load time) until something uses them.
 */
export function installSdk(sdk: SdkChoice): void {
    const internals = Module as unknown as ModuleInternals;
    const resolve = internals._resolveFilename;
    const fallbackParent = {
        id: engineRoot,
        filename: path.join(engineRoot, "package.json"),
        paths: internals._nodeModulePaths(engineRoot),
    };
    internals._resolveFilename = function (request, parent, isMain, options) {
        if (request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/")) {
            const target = sdk.dir + request.slice("@pulumi/pulumi".length);
            return resolve.call(this, target, parent, isMain, options);
        }
        try {
            return resolve.call(this, request, parent, isMain, options);
        } catch (err) {
            if (
                request.startsWith("@pulumi/") &&
                (err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND"
            ) {
                return resolve.call(this, request, fallbackParent, isMain);
            }
            throw err;
        }
    };
    const sdkPrefix = sdk.dir + path.sep;
    deferSdkModules((file) => file.startsWith(sdkPrefix));
    const load = internals._load;
    const traceEvents = workerSafeTraceEvents();
    internals._load = function (request, parent, isMain) {
        if (traceEvents && (request === "trace_events" || request === "node:trace_events")) {
            return traceEvents;
        }
        return load.call(this, request, parent, isMain);
    };
}

/**
 * What the SDK requires when it loads but uses only to serialize a closure (a Lambda callback) or
 * to run the Automation API, neither of which a program usually does: TypeScript and npm's
 * Arborist (most of the SDK's load time), the closure serializer's package-reading modules, and
 * the SDK's own `automation` namespace (execa, js-yaml and the workspace classes). Measured on
 * this machine, with the first two already deferred, the other three made loading
 * `@pulumi/pulumi` and `@pulumi/aws` take 119 ms instead of 144 (five alternating pairs).
 */
export const deferredSdkRequests: readonly string[] = [
    "typescript",
    "@npmcli/arborist",
    "normalize-package-data",
    "fdir",
    "./automation",
];

/**
 * Defer each of `deferredSdkRequests` when a file `fromSdk` accepts requires it: it loads on its
 * first use instead, and its users get the real module then. The engine's workers and the policy
 * pack's process (check/analyzer/pack-preload.ts) both load the SDK this way.
 */
export function deferSdkModules(fromSdk: (file: string) => boolean): void {
    const internals = Module as unknown as ModuleInternals;
    const load = internals._load;
    internals._load = function (request, parent, isMain) {
        if (
            deferredSdkRequests.includes(request) &&
            parent?.filename !== undefined &&
            fromSdk(parent.filename)
        ) {
            return lazyModule(() => load.call(this, request, parent, isMain));
        }
        return load.call(this, request, parent, isMain);
    };
}

/**
 * In a worker thread `require("trace_events")` throws ("Trace events are unavailable"), and the
 * SDK's closure serializer requires every built-in module to know them when it meets one in a
 * Lambda callback (runtime/closure/createClosure.js `computeBuiltInModules`), so every
 * `aws.lambda.CallbackFunction` and magic function (`bucket.onObjectCreated`) failed. In a worker
 * the module is a stand-in: the serializer only uses it as a map key, and anything that uses it
 * gets the error Node would have raised at `require`. Undefined on the main thread.
 */
export function workerSafeTraceEvents(): object | undefined {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if ((require("worker_threads") as typeof import("worker_threads")).isMainThread) {
        return undefined;
    }
    const unavailable = () => {
        const err = new Error("Trace events are unavailable") as NodeJS.ErrnoException;
        err.code = "ERR_TRACE_EVENTS_UNAVAILABLE";
        throw err;
    };
    return new Proxy(
        {},
        {
            get: unavailable,
            has: unavailable,
            ownKeys: unavailable,
            getOwnPropertyDescriptor: unavailable,
        },
    );
}

/**
 * A stand-in for a CommonJS module that loads it on first use. It claims `__esModule` so that
 * TypeScript's `__importStar` keeps the stand-in instead of copying (and so loading) it.
 */
function lazyModule(load: () => unknown): object {
    let real: Record<PropertyKey, unknown> | undefined;
    const get = () => (real ??= load() as Record<PropertyKey, unknown>);
    return new Proxy(
        {},
        {
            get(_target, key) {
                if (key === "__esModule") {
                    return true;
                }
                const mod = get();
                return key === "default" && !mod.__esModule ? mod : Reflect.get(mod, key);
            },
            has: (_target, key) => key in get(),
            ownKeys: () => Reflect.ownKeys(get()),
            getOwnPropertyDescriptor(_target, key) {
                const desc = Reflect.getOwnPropertyDescriptor(get(), key);
                return desc ? { ...desc, configurable: true } : undefined;
            },
        },
    );
}
