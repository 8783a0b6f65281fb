/**
 * One stack of a program under the SDK's mocks, in a worker thread of its own: the program's
 * stdout and stderr, `process.exit`, a busy loop or a promise that never settles cannot touch the
 * check's process, and the SDK's global state is fresh for every stack. Each resource is posted
 * to the engine as it registers; the last message says how the program ended, posted when the
 * worker's event loop has drained (as a Pulumi program's run ends), so late rejections count.
 */
import { createRequire } from "module";
import * as fs from "fs";
import * as path from "path";
import { MessagePort, parentPort, workerData } from "worker_threads";
import type * as pulumiTypes from "@pulumi/pulumi";
import { hasShape, shapeFor } from "./aws-shapes";
import { UnknownInvokeError, answerInvoke } from "./invokes";
import {
    ExpansionContext,
    expandRemoteComponent,
    expandedComponentTypes,
    remoteComponentOutputs,
} from "./remote-components";
import { lightenPromiseTracking } from "./promise-tracking";
import { SdkChoice, chooseSdk, installSdk } from "./sdk";
import { referencedStack } from "../../project/stack-order";
import { RecordedResource, SourceLocation } from "./types";

/** What the engine hands a worker. */
export interface StackJob {
    projectDir: string;
    projectName: string;
    /** Absolute path of the program entry. */
    main: string;
    stack: string;
    organization: string;
    stackRegion: string;
    config: { values: Record<string, string>; secretKeys: string[] };
    /** Outputs of the stacks that ran before, by fully qualified name. */
    previous: { fullName: string; outputs: Record<string, unknown>; external?: boolean }[];
    invokeFixtures: Record<string, Record<string, unknown>>;
    /** Where the engine asks for a report of what is still pending. */
    control: MessagePort;
}

/** Messages from a worker, in order: `sdk`, any `resource`s, then one `end` or `exit-called`. */
export type WorkerMessage =
    | { kind: "sdk"; sdk: SdkChoice }
    | { kind: "resource"; resource: RecordedResource }
    | {
          kind: "end";
          /** Errors the engine raised first (root causes), then the program's. */
          errors: SerializedError[];
          outputs?: Record<string, unknown>;
          /** The same outputs with every secret value "[secret]", for reports. */
          maskedOutputs?: Record<string, unknown>;
          /** Set when the program's promise never settled. */
          pending?: string[];
          /** The worker forgot the program and takes another stack. */
          reusable?: boolean;
      }
    | { kind: "exit-called"; code: number }
    /** An invoke with no answer: the program got an empty result and ran on. */
    | { kind: "missing-invoke"; token: string; source?: SourceLocation }
    | { kind: "pending"; pending: string[] };

const rootStackType = "pulumi:pulumi:Stack";
const stackReferenceType = "pulumi:pulumi:StackReference";

function post(message: WorkerMessage) {
    activity++;
    parentPort!.postMessage(message);
}

/** An error as it crosses to the engine: its message, name and own data (e.g. `problems`). */
export interface SerializedError {
    message: string;
    name: string;
    data: Record<string, unknown>;
}

function serializeError(err: unknown): SerializedError {
    if (!(err instanceof Error)) {
        return { message: String(err), name: "Error", data: {} };
    }
    let data: Record<string, unknown> = {};
    try {
        data = JSON.parse(JSON.stringify({ ...err })) as Record<string, unknown>;
    } catch {
        // Data that does not serialize stays behind; the message is what is reported.
    }
    return { message: err.message, name: err.name, data };
}

interface ProviderInfo {
    region: string;
}

/** What one stack's run has learned so far, shared by the mocks, the monitor hook and the exit hooks. */
interface JobState {
    job: StackJob;
    providers: Map<string, ProviderInfo>;
    seenUrns: Set<string>;
    failures: unknown[];
    // Errors the engine itself raised (an unanswerable invoke, a dangling StackReference) are the
    // root cause of whatever the program then reports, so they are reported first.
    engineErrors: unknown[];
    sites: Map<string, SourceLocation | undefined>;
    registered: Set<string>;
    /** `type::name` of every component registered as remote (multi-language), from its request. */
    remote: Set<string>;
    /** Remote components the engine cannot expand: their outputs are unknown, as in a preview. */
    unknownOutputs: Set<string>;
    settled: boolean;
    outputs?: Record<string, unknown>;
    /** The outputs the root stack registered (secrets masked), once it has. */
    stackOutputs?: Record<string, unknown>;
    // Remote components (awsx) are expanded into the children their provider would register;
    // an expansion reads the subnets recorded so far, so only those are kept here.
    subnets: RecordedResource[];
    expansion: ExpansionContext;
    /** Where the program called each invoke token, in call order (the mock answers in order). */
    invokeSites: Map<string, (SourceLocation | undefined)[]>;
    /** Missing invokes already posted, by token and site, so a loop posts one. */
    missingInvokes: Set<string>;
    regionOf(inputs: Record<string, unknown>, providerRef: string | undefined): string;
}

function newJobState(job: StackJob): JobState {
    const providers = new Map<string, ProviderInfo>();
    const regionOf = (inputs: Record<string, unknown>, providerRef: string | undefined): string => {
        if (typeof inputs.region === "string" && inputs.region !== "") {
            return inputs.region;
        }
        const providerUrn = providerRef ? providerRef.slice(0, providerRef.lastIndexOf("::")) : "";
        return providers.get(providerUrn)?.region ?? job.stackRegion;
    };
    const subnets: RecordedResource[] = [];
    return {
        job,
        providers,
        seenUrns: new Set<string>(),
        failures: [],
        engineErrors: [],
        sites: new Map<string, SourceLocation | undefined>(),
        registered: new Set<string>(),
        remote: new Set<string>(),
        unknownOutputs: new Set<string>(),
        settled: false,
        outputs: undefined,
        subnets,
        expansion: { stack: job.stack, project: job.projectName, recorded: subnets, regionOf },
        invokeSites: new Map(),
        missingInvokes: new Set(),
        regionOf,
    };
}

/** What a worker is started with, before its stack is known. */
export interface WorkerStart {
    /** The program's folder: its SDK (and AWS provider SDK) load while the stack before runs. */
    programDir: string;
}

/** The program's SDK, loaded before the job arrives; a failure waits for the job to report it. */
type Warm = { sdk: SdkChoice } | { error: unknown };

/**
 * Load the program's SDK and its `@pulumi/aws`, most of a stack's start-up, so that the engine can
 * start this worker while the stack before it still runs. Nothing of the program runs here.
 */
function warmUp(programDir: string): Warm {
    try {
        const sdk = chooseSdk(programDir);
        installSdk(sdk);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("@pulumi/pulumi");
        lightenDebuggablePromises();
        skipSdkStackTraces();
        try {
            // Resolved as the program would (its own copy first); a program without it is fine.
            const programRequire = createRequire(path.join(programDir, "index.js"));
            programRequire("@pulumi/aws");
            awsDirs = [
                path.dirname(fs.realpathSync(programRequire.resolve("@pulumi/aws/package.json"))),
            ];
        } catch {
            // Not installed for this program: it loads what it uses when it runs.
        }
        return { sdk };
    } catch (error) {
        return { error };
    }
}

/**
 * The SDK captures the whole stack of every resource it constructs (`Resource.stackTrace`, with
 * `Error.stackTraceLimit` raised to infinity) for the source position and stack trace it sends the
 * engine. The mocks drop both, and the engine finds where the program constructed a resource on
 * its own (`constructionSite`), so the worker's SDK captures none. An SDK without that function
 * keeps what it does.
 */
function skipSdkStackTraces() {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Resource } = require("@pulumi/pulumi/resource") as {
            Resource?: { stackTrace?: (skip: number) => unknown[] };
        };
        if (Resource && typeof Resource.stackTrace === "function") {
            Resource.stackTrace = () => [];
        }
    } catch {
        // Another layout of the SDK.
    }
}

/** The stack this worker runs now; the hooks installed once read it. */
let current: JobState | undefined;

/** The SDK's promise tracking, light (promise-tracking.ts); its own where that cannot apply. */
function lightenDebuggablePromises() {
    try {
        lightenPromiseTracking(
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require("@pulumi/pulumi/runtime/debuggable"),
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require("@pulumi/pulumi/runtime/state"),
        );
    } catch {
        // Another layout of the SDK: its own tracking stays.
    }
}

/** Run one stack; everything it learns is posted to the engine. */
async function runJob(job: StackJob, sdk: SdkChoice) {
    post({ kind: "sdk", sdk });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as typeof pulumiTypes;
    const state = newJobState(job);
    current = state;
    answerPendingReports(state);

    // setMocks resets the SDK's per-stack state (its store, the stack resource, the monitor and
    // every feature flag), as it does between the tests of a program's own unit-test suite.
    await pulumi.runtime.setMocks(
        jobMocks(state),
        job.projectName,
        job.stack,
        false,
        job.organization,
    );
    pulumi.runtime.setAllConfig(job.config.values, job.config.secretKeys);
    const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
    // The real engine qualifies a URN's type with every ancestor's type except the root stack's;
    // the mock monitor prefixes the stack type and only the nearest parent's, so URNs would differ.
    monitor.newUrn = (parent, type, name) => {
        const parentType = parent ? parent.split("::")[2] : rootStackType;
        const qualified = parentType === rootStackType ? type : `${parentType}$${type}`;
        return `urn:pulumi:${job.stack}::${job.projectName}::${qualified}::${name}`;
    };
    wrapMonitor(
        monitor,
        (kind, req, response) => recordRegistration(state, kind, req, response),
        (req) => {
            if (req.getRemote?.() === true) {
                state.remote.add(`${req.getType()}::${req.getName()}`);
            }
        },
    );
    keepStackOutputs(monitor, state);
    await runProgram(pulumi, state);
}

/**
 * What the SDK and the process are given once per worker, reading the stack of the moment: where
 * the program calls each invoke, unknown outputs of remote components, stray failures,
 * `process.exit`, and the end of each stack's run when the event loop drains.
 */
function installHooks() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as typeof pulumiTypes;
    recordInvokeSites(pulumi);
    leaveOutputsUnknown();
    watchProcess();
}

/** What is still pending: resources whose inputs never resolved, else the program's promise. */
function pendingWork(state: JobState): string[] {
    const waiting = [...state.sites.keys()].filter((k) => !state.registered.has(k));
    return [
        ...waiting.map((k) => {
            const [type, name] = k.split("::");
            return `${type} "${name}" (its inputs never resolved)`;
        }),
        ...(state.settled || waiting.length > 0
            ? []
            : ["the program's promise (it awaits something that never resolves)"]),
    ];
}

/** Answers the engine's "what is pending?" on the control port, without keeping the worker alive. */
function answerPendingReports(state: JobState) {
    state.job.control.on("message", () =>
        post({
            kind: "pending",
            pending: [
                ...pendingWork(state),
                ...process
                    .getActiveResourcesInfo()
                    .filter((r) => r !== "MessagePort")
                    .map((r) => `an active ${r} handle`),
            ],
        }),
    );
    state.job.control.unref();
}

/** The SDK mocks: stack references from the stacks run before, shapes for resources, invoke answers. */
function jobMocks(state: JobState): pulumiTypes.runtime.Mocks {
    const { job, engineErrors, regionOf } = state;
    const { stack } = job;
    return {
        newResource(args) {
            if (args.type === stackReferenceType) {
                return stackReferenceState(state, String(args.inputs.name));
            }
            if (!args.custom) {
                // Components have no state of their own, except remote (multi-language)
                // components (as the registration says), whose outputs their provider computes.
                const key = `${args.type}::${args.name}`;
                const region = regionOf(args.inputs, args.provider);
                if (!state.remote.has(key)) {
                    return { id: undefined, state: { ...args.inputs } };
                }
                if (!remoteOutputsKnown(args.type)) {
                    state.unknownOutputs.add(key);
                }
                const remote = shapeFor({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    region,
                    stack,
                }).outputs;
                const component = { ...args, urn: "", region } as never;
                return {
                    id: undefined,
                    state: {
                        ...args.inputs,
                        ...remote,
                        ...remoteComponentOutputs(component, state.expansion),
                    },
                };
            }
            const shape = shapeFor({
                type: args.type,
                name: args.name,
                inputs: args.inputs,
                region: regionOf(args.inputs, args.provider),
                stack,
            });
            return { id: shape.id, state: { ...args.inputs, id: shape.id, ...shape.outputs } };
        },
        call(args) {
            const source = state.invokeSites.get(args.token)?.shift();
            try {
                return answerInvoke(
                    {
                        token: args.token,
                        inputs: args.inputs,
                        region: regionOf(args.inputs, args.provider),
                    },
                    job.invokeFixtures,
                );
            } catch (err) {
                if (!(err instanceof UnknownInvokeError)) {
                    engineErrors.push(err);
                    throw err;
                }
                // Every missing answer is reported in one run: the program gets an empty result
                // and runs on (what it then fails on is reported after the missing answers).
                const key = `${args.token}@${source?.file}:${source?.line}`;
                if (!state.missingInvokes.has(key)) {
                    state.missingInvokes.add(key);
                    post({ kind: "missing-invoke", token: args.token, source });
                }
                return {};
            }
        },
    };
}

/**
 * Keep where the program calls each invoke: the SDK's invoke functions run synchronously in the
 * program's call (the mock answers later, off its stack), so the site is read there.
 */
function recordInvokeSites(pulumi: typeof pulumiTypes) {
    const runtime = pulumi.runtime as unknown as Record<string, unknown>;
    for (const name of ["invoke", "invokeOutput", "invokeSingle", "invokeSingleOutput"]) {
        const original = runtime[name];
        if (typeof original !== "function") {
            continue;
        }
        try {
            runtime[name] = function (this: unknown, token: string, ...rest: unknown[]) {
                const state = current;
                if (state) {
                    const sites = state.invokeSites.get(token) ?? [];
                    sites.push(constructionSite(state.job.projectDir));
                    state.invokeSites.set(token, sites);
                }
                return (original as (...a: unknown[]) => unknown).call(this, token, ...rest);
            };
        } catch {
            // A read-only export in some SDK release: the invoke is then reported without a site.
        }
    }
}

/** Whether the engine computes a remote component's outputs (a shape or an expansion). */
function remoteOutputsKnown(type: string): boolean {
    return (
        hasShape(type) || expandedComponentTypes.includes(type) || type === "awsx:ec2:DefaultVpc"
    );
}

/**
 * A remote component the engine cannot expand gets unknown outputs, as `pulumi preview` shows
 * them before its provider runs: `.apply` callbacks on them do not run, instead of running on
 * `undefined` (the mocks' answer for an output nobody computed) and throwing. The SDK resolves a
 * resource's outputs in `rpc.resolveProperties`; for those components every output the
 * registration did not return is resolved unknown first.
 */
function leaveOutputsUnknown() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rpc = require("@pulumi/pulumi/runtime/rpc") as {
        resolveProperties(...args: unknown[]): unknown;
    };
    const resolve = rpc.resolveProperties;
    type Resolver = (v: unknown, isKnown: boolean, isSecret: boolean, deps: unknown[]) => void;
    rpc.resolveProperties = function (this: unknown, ...args: unknown[]) {
        const [, resolvers, type, name, allProps, deps, err] = args as [
            unknown,
            Record<string, Resolver>,
            string,
            string,
            Record<string, unknown>,
            Record<string, unknown[]>,
            unknown,
        ];
        if (!err && current?.unknownOutputs.has(`${type}::${name}`)) {
            for (const key of Object.keys(resolvers)) {
                if (!(key in allProps) && key !== "id" && key !== "urn") {
                    resolvers[key](undefined, false, false, deps[key] ?? []);
                }
            }
        }
        return resolve.apply(this, args);
    };
}

/** A StackReference's state: the outputs of the named stack, which must have run before. */
function stackReferenceState(state: JobState, name: string) {
    const { job } = state;
    const stackName = referencedStack(name, job.projectName);
    const referenced =
        job.previous.find((r) => r.fullName === name) ??
        job.previous.find((r) => r.fullName.endsWith(`/${job.projectName}/${stackName}`));
    if (!referenced) {
        // `referencedStack` tells the engine which stack to run first, when it is one of the run's.
        const ran = job.previous.filter((r) => !r.external).map((r) => r.fullName);
        const err = Object.assign(
            new Error(
                `StackReference ${JSON.stringify(name)}: no stack of that name has run before ${job.stack}. ` +
                    `Stacks run so far: ${ran.join(", ") || "none"}. ` +
                    `Include it with --stack, fix the reference name in config, or, for a stack outside this folder, ` +
                    `give its outputs with --stack-outputs FILE (JSON: ${JSON.stringify({ [name]: { "<output>": "<value>" } })}).`,
            ),
            { referencedStack: stackName ?? null },
        );
        err.name = "StackReferenceError";
        state.engineErrors.push(err);
        throw err;
    }
    return {
        id: name,
        state: { name, outputs: referenced.outputs, secretOutputNames: [] },
    };
}

/** Records one registered or read resource and posts it (and any remote component's children). */
function recordRegistration(
    state: JobState,
    kind: "register" | "read",
    // The request/response objects are protobuf messages; typed loosely on purpose.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    req: any,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    response: any,
) {
    const { seenUrns, regionOf } = state;
    const { stack, stackRegion } = state.job;
    const urn: string = response.getUrn();
    const type: string = req.getType();
    state.registered.add(`${type}::${req.getName()}`);
    if (seenUrns.has(urn)) {
        state.failures.push(
            new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`),
        );
        return;
    }
    seenUrns.add(urn);
    if (type === rootStackType) {
        return;
    }
    const inputs = (plain(
        req.getObject ? req.getObject()?.toJavaScript() : req.getProperties()?.toJavaScript(),
    ) ?? {}) as Record<string, unknown>;
    const outputs = plain(
        (kind === "register" ? response.getObject() : response.getProperties())?.toJavaScript(),
    ) as Record<string, unknown> | undefined;
    const providerRef: string = req.getProvider?.() || "";
    const componentProvider: string | undefined = req.getProvidersMap?.()?.get("aws");
    if (type.startsWith("pulumi:providers:aws")) {
        state.providers.set(urn, {
            region: typeof inputs.region === "string" ? inputs.region : stackRegion,
        });
    }
    const parent: string = req.getParent?.() || "";
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap?.().forEach((deps: { getUrnsList(): string[] }, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    const resource: RecordedResource = {
        urn,
        type,
        name: req.getName(),
        region: regionOf(inputs, providerRef || componentProvider),
        parent: parent && parent.split("::")[2] !== rootStackType ? parent : undefined,
        provider: providerRef || componentProvider || undefined,
        custom: kind === "read" ? true : req.getCustom(),
        ...(kind === "register" && req.getRemote?.() === true ? { remote: true } : {}),
        inputs,
        outputs: outputs ?? {},
        protect: req.getProtect?.() === true,
        retainOnDelete: req.getRetainondelete?.() === true,
        dependencies: req.getDependenciesList?.() ?? [],
        propertyDependencies,
        stack,
        source: state.sites.get(`${type}::${req.getName()}`),
    };
    post({ kind: "resource", resource });
    for (const record of [resource, ...expandRemoteComponent(resource, state.expansion)]) {
        if (record !== resource) {
            seenUrns.add(record.urn);
            post({ kind: "resource", resource: record });
        }
        if (record.type === "aws:ec2/subnet:Subnet") {
            state.subnets.push(record);
        }
    }
}

/**
 * Collects stray failures, reports `process.exit`, and posts the `end` message when the loop
 * drains: the stack's run is over then, as a Pulumi program's is when its process would exit.
 * The worker then forgets the program (`forgetProgram`) and waits for the next stack.
 */
function watchProcess() {
    process.on("unhandledRejection", (reason) => {
        activity++;
        current?.failures.push(reason);
    });
    process.on("uncaughtException", (err) => {
        activity++;
        current?.failures.push(err);
    });
    const exit = process.exit.bind(process);
    process.exit = ((code?: number) => {
        post({ kind: "exit-called", code: typeof code === "number" ? code : 0 });
        return exit(code);
    }) as typeof process.exit;
    process.on("beforeExit", () => {
        const state = current;
        if (!state) {
            return;
        }
        // Other `beforeExit` listeners may still add work, as @pulumi/aws does: it creates each
        // bucket's BucketNotification then. The stack's run is over only when the loop drains
        // once with nothing done since the drain before.
        const seen = activity;
        setImmediate(() => {
            if (current === state && activity === seen) {
                endJob(state);
            }
        });
    });
}

/** Messages posted and failures caught: whether the program did anything since a drain. */
let activity = 0;

/**
 * Post the stack's `end`. A stack whose program never finished leaves promises the SDK still
 * tracks, so its worker is not reused: it exits, and the SDK prints its leak report as it
 * would at the end of a `pulumi up`. Otherwise the worker forgets the program and listens for
 * the next stack, which refs the port and keeps it alive.
 */
function endJob(state: JobState) {
    current = undefined;
    state.job.control.close();
    const reusable = state.settled;
    if (reusable) {
        forgetProgram();
    }
    post({
        kind: "end",
        errors: [...state.engineErrors, ...state.failures].map(serializeError),
        outputs: state.outputs,
        maskedOutputs: state.stackOutputs,
        pending: state.settled ? undefined : pendingWork(state),
        reusable,
    });
    if (reusable) {
        parentPort!.once("message", startJob);
    }
}

/** What the worker had loaded and its environment once the SDK was warm: kept across stacks. */
let warmModules = new Set<string>();
let warmEnv: Record<string, string | undefined> = {};

/** Remember what the warm-up loaded, so that a stack's run can be forgotten after it. */
function rememberWarmState(sdk: SdkChoice) {
    warmModules = new Set(Object.keys(require.cache));
    // The SDK pair (this package's or the program's own copies) keeps the modules it loads
    // lazily (one per AWS resource type): they only declare classes and register them, and the
    // SDK's per-stack state is reset by `setMocks`.
    sdkDirs = [sdk.dir, ...awsDirs].map((dir) => dir + path.sep);
    warmEnv = { ...process.env };
    warmListeners = new Map(
        process.eventNames().map((event) => [event, new Set<unknown>(process.rawListeners(event))]),
    );
}

let sdkDirs: string[] = [];
/** The process's listeners once the SDK was warm (the engine's hooks, @pulumi/aws's). */
let warmListeners = new Map<string | symbol, Set<unknown>>();
let awsDirs: string[] = [];

/**
 * Forget the program that ran: every module it loaded (its own files and its packages, except
 * the SDK's) is loaded afresh by the next stack, as a new `pulumi up` process would; listeners
 * it added to the process are removed, and environment variables it set or removed are put back.
 */
function forgetProgram() {
    for (const key of Object.keys(require.cache)) {
        if (!warmModules.has(key) && !sdkDirs.some((dir) => key.startsWith(dir))) {
            delete require.cache[key];
        }
    }
    // A listener the program added (a `beforeExit` that registers resources, an `exit` that
    // prints) would run again in the next stack, with this one's state.
    for (const event of process.eventNames()) {
        const warmSet = warmListeners.get(event);
        for (const listener of process.rawListeners(event)) {
            if (!warmSet?.has(listener)) {
                process.removeListener(event, listener as (...args: unknown[]) => void);
            }
        }
    }
    for (const key of Object.keys(process.env)) {
        if (!(key in warmEnv)) {
            delete process.env[key];
        }
    }
    for (const [key, value] of Object.entries(warmEnv)) {
        if (process.env[key] !== value) {
            process.env[key] = value;
        }
    }
}

/** Loads and runs the program inside the SDK's stack, keeping its outputs and any failure. */
async function runProgram(pulumi: typeof pulumiTypes, state: JobState) {
    const { job } = state;
    // The SDK captures `new Error().stack` for every promise it makes (for leak reports); that
    // was half of a large program's time. Stacks are off while the program runs and on only
    // where a construction site is read.
    Error.stackTraceLimit = 0;
    try {
        const result = await pulumi.runtime.runInPulumiStack(async () => {
            // A legacy stack transformation runs synchronously inside each resource's
            // constructor, so its stack trace shows where the program constructed it.
            pulumi.runtime.registerStackTransformation((args) => {
                state.sites.set(`${args.type}::${args.name}`, constructionSite(job.projectDir));
                return undefined;
            });
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const loaded = require(job.main);
            const entry =
                loaded && typeof loaded === "object" && "default" in loaded
                    ? loaded.default
                    : loaded;
            return typeof entry === "function" ? await entry() : loaded;
        });
        state.outputs = (plain(result) as Record<string, unknown>) ?? {};
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const settings = require("@pulumi/pulumi/runtime/settings") as {
            waitForRPCs(): Promise<void>;
        };
        await settings.waitForRPCs();
    } catch (err) {
        state.failures.unshift(err);
    } finally {
        state.settled = true;
    }
}

/** The parts of the SDK's MockMonitor the engine intercepts. */
interface MonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    // The request/response objects are protobuf messages; typed loosely on purpose.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    registerResource(req: any, callback: (err: unknown, response: any) => void): void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readResource(req: any, callback: (err: unknown, response: any) => void): void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    registerResourceOutputs?(req: any, callback: (err: unknown, response: any) => void): void;
}

function wrapMonitor(
    monitor: MonitorLike,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    record: (kind: "register" | "read", req: any, response: any) => void,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    requested: (req: any) => void,
) {
    const register = monitor.registerResource.bind(monitor);
    const read = monitor.readResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        // A component's AWS provider travels in its providers map; the mocks read only
        // `provider`, so a remote component (awsx) built with a us-west-2 provider would get
        // the stack region's outputs. Give the mocks the provider the component's children use.
        const componentAws: string | undefined =
            !req.getCustom?.() && !req.getProvider?.()
                ? req.getProvidersMap?.()?.get("aws")
                : undefined;
        if (componentAws) {
            req.setProvider(componentAws);
        }
        requested(req);
        return register(req, (err, response) => {
            if (!err) {
                record("register", req, response);
            }
            callback(err, response);
        });
    };
    monitor.readResource = (req, callback) =>
        read(req, (err, response) => {
            if (!err) {
                record("read", req, response);
            }
            callback(err, response);
        });
}

/**
 * The root stack's outputs as the SDK serializes them for the engine (registerResourceOutputs),
 * where a secret output is still marked secret: the value the program returned has lost that
 * mark, and a report printed it in clear.
 */
function keepStackOutputs(monitor: MonitorLike, state: JobState) {
    const registerOutputs = monitor.registerResourceOutputs?.bind(monitor);
    if (!registerOutputs) {
        return;
    }
    monitor.registerResourceOutputs = (req, callback) => {
        if (String(req.getUrn()).split("::")[2] === rootStackType) {
            state.stackOutputs = (plain(req.getOutputs()?.toJavaScript()) ?? {}) as Record<
                string,
                unknown
            >;
        }
        registerOutputs(req, callback);
    };
}

const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const resourceSig = "5cf8f73096256a8f31e491e813e4eb8e";
const sigKey = "4dabf18193072939515e22adb298388d";
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Turns serialized property values into plain JSON; secrets are masked. */
export function plain(value: unknown): unknown {
    if (value === unknownValue) {
        return { __pulumiUnknown: true };
    }
    if (Array.isArray(value)) {
        return value.map(plain);
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[sigKey] === secretSig) {
            return "[secret]";
        }
        if (obj[sigKey] === resourceSig) {
            return obj.id ?? obj.urn;
        }
        if (sigKey in obj) {
            return "[asset]";
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) {
            if (v !== undefined) {
                out[k] = plain(v);
            }
        }
        return out;
    }
    return value;
}

/** How deep a construction site can be below the program's own frame. */
const siteFrames = 200;

/**
 * Where the program is constructing a resource right now: the first frame in its own files (not
 * in node_modules, not in the engine), at its TypeScript line when the compile cache compiled it.
 */
function constructionSite(programDir: string): SourceLocation | undefined {
    const limit = Error.stackTraceLimit;
    const format = Error.prepareStackTrace;
    const holder: { stack?: unknown } = {};
    let frames: NodeJS.CallSite[];
    Error.stackTraceLimit = siteFrames;
    Error.prepareStackTrace = (_err, callSites) => callSites;
    try {
        Error.captureStackTrace(holder, constructionSite);
        // V8 formats the stack when it is first read, so it is read before the formatter goes.
        frames = holder.stack as NodeJS.CallSite[];
    } finally {
        Error.prepareStackTrace = format;
        Error.stackTraceLimit = limit;
    }
    const root = path.resolve(programDir) + path.sep;
    const engineDir = path.resolve(__dirname, "..") + path.sep;
    const frame = frames.find((f) => {
        const file = f.getFileName() ?? "";
        return (
            file.startsWith(root) &&
            !file.includes(`${path.sep}node_modules${path.sep}`) &&
            !file.startsWith(engineDir)
        );
    });
    if (!frame) {
        return undefined;
    }
    const file = frame.getFileName()!;
    const { line } = sourcePosition(file, frame.getLineNumber() ?? 0, frame.getColumnNumber() ?? 0);
    return { file: path.relative(root, file), line };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sourcePosition } = require("./compile-cache.js") as {
    sourcePosition(file: string, line: number, column: number): { line: number; column: number };
};

/** The warm-up's result, read by every stack this worker runs. */
let warm: Warm | undefined;

/** Run the stack the engine sent; a failure before the program ran ends the worker. */
function startJob(job: StackJob) {
    if (!warm || "error" in warm) {
        post({
            kind: "end",
            errors: [
                serializeError(
                    warm && "error" in warm ? warm.error : new Error("the worker did not warm up"),
                ),
            ],
        });
        return;
    }
    runJob(job, warm.sdk).catch((err) => {
        // Set up failed before the program ran: nothing of it to forget, but nothing to reuse.
        current = undefined;
        post({ kind: "end", errors: [serializeError(err)] });
    });
}

if (parentPort) {
    warm = warmUp((workerData as WorkerStart).programDir);
    if ("sdk" in warm) {
        installHooks();
        rememberWarmState(warm.sdk);
    }
    // Once a job has arrived the port no longer holds the worker open, so its stack's run ends
    // when the program's event loop drains; `watchProcess` listens again for the next one.
    parentPort.once("message", startJob);
}
