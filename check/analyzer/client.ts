/**
 * Starts a policy pack the way the Pulumi engine does (a child process that prints its gRPC port
 * on the first line of stdout) and speaks the analyzer protocol to it. Levels, messages and URNs
 * in the results are the pack's own answers; nothing here re-implements policy evaluation.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { BinaryWriter } from "google-protobuf";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import { analyzerMethods as methods } from "./methods";
import { packV8Threads } from "./pack-process";
import { sharedStruct } from "./structs";
import { UnaryChannel, UnaryMethod } from "./unary";
import { EnforcementLevel, PolicyInfo, ResolvedPolicyConfig } from "./policy-config";

/** A violation as the analyzer reports it. */
export interface Diagnostic {
    policy: string;
    policyPack: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    urn: string;
    severity: string;
}

/** What the pack says about itself. */
export interface PackInfo {
    name: string;
    version: string;
    description: string;
    policies: PolicyInfo[];
    initialConfig: Record<string, ResolvedPolicyConfig>;
}

/** A resource in the form the analyzer protocol carries it. */
export interface AnalyzerResourceInput {
    type: string;
    urn: string;
    name: string;
    /** Inputs for `analyze`, outputs for `analyzeStack` (as the engine does). */
    properties: Record<string, unknown>;
    protect: boolean;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider?: { type: string; urn: string; name: string; properties: Record<string, unknown> };
}

/** Raised when the pack cannot be started or answers with an error. */
export class AnalyzerError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AnalyzerError";
    }
}

const levelNames: Record<number, EnforcementLevel> = {
    [analyzerPb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerPb.EnforcementLevel.DISABLED]: "disabled",
    [analyzerPb.EnforcementLevel.REMEDIATE]: "remediate",
};
const levelValues: Record<EnforcementLevel, analyzerPb.EnforcementLevel> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
    remediate: analyzerPb.EnforcementLevel.REMEDIATE,
};
const severityNames: Record<number, string> = {
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** The file a pack folder runs: package.json `main`, else index.js, else index.ts. */
export function packEntry(packDir: string): string {
    const pkgFile = path.join(packDir, "package.json");
    if (!fs.existsSync(pkgFile)) {
        throw new AnalyzerError(
            `policy pack ${packDir} has no package.json (the SDK reads its version)`,
        );
    }
    const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: string; version?: string };
    if (!pkg.version) {
        throw new AnalyzerError(`policy pack ${pkgFile} has no "version"`);
    }
    for (const candidate of [pkg.main, "index.js", "index.ts"]) {
        if (candidate && fs.existsSync(path.join(packDir, candidate))) {
            return path.join(packDir, candidate);
        }
    }
    throw new AnalyzerError(
        `policy pack ${packDir} has no entry point (package.json main, index.js or index.ts)`,
    );
}

/** A running policy pack and a gRPC client connected to it. */
export class AnalyzerClient {
    /** Settles when the pack's process has exited (after `close`, or if it dies). */
    readonly exited: Promise<void>;

    private constructor(
        private readonly child: ChildProcess,
        private readonly channel: UnaryChannel,
        /** The port the pack printed, on 127.0.0.1. */
        readonly port: number,
    ) {
        this.exited =
            child.exitCode !== null || child.signalCode !== null
                ? Promise.resolve()
                : new Promise((resolve) => child.once("exit", () => resolve()));
    }

    /** The pack's process id (the benchmark reads its peak memory). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /**
     * Start the pack in `packDir` and connect to it. `timeoutMs` counts only time in which the
     * pack's port line could have been read: while this process's event loop is held up, the
     * pack is not waited for, so a busy machine or a long synchronous step cannot time it out.
     */
    static async start(packDir: string, timeoutMs = 60_000): Promise<AnalyzerClient> {
        const entry = packEntry(packDir);
        const args = [
            `--v8-pool-size=${packV8Threads(os.availableParallelism())}`,
            "-r",
            path.join(__dirname, "..", "engine", "compile-cache.js"),
            "-r",
            path.join(__dirname, `parent-watch${path.extname(__filename)}`),
            "-r",
            path.join(__dirname, `pack-preload${path.extname(__filename)}`),
            entry,
        ];
        // The SDK reads package.json from the working directory, so the pack runs in its folder.
        const child = spawn(process.execPath, args, {
            cwd: packDir,
            stdio: ["pipe", "pipe", "pipe"],
        });
        track(child);
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            let stderr = "";
            let failure: AnalyzerError | undefined;
            // A failed start rejects once the pack's process has gone, never before.
            const fail = (message: string) => {
                failure ??= new AnalyzerError(message);
                child.kill();
            };
            const stop = waitUpTo(timeoutMs, () =>
                fail(`policy pack ${packDir} did not report a port within ${timeoutMs} ms`),
            );
            const onData = (chunk: Buffer) => {
                stdout += chunk.toString();
                if (!stdout.includes("\n")) {
                    return;
                }
                stop();
                child.stdout!.off("data", onData);
                child.stdout!.resume();
                const line = stdout.split("\n")[0];
                const port = Number(line.trim());
                if (Number.isInteger(port) && port > 0) {
                    resolve(port);
                } else {
                    fail(
                        `policy pack ${packDir} printed ${JSON.stringify(line)} instead of its port`,
                    );
                }
            };
            child.stdout!.on("data", onData);
            child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
            child.on("exit", (code) => {
                stop();
                const reason = stderr.trim().split("\n").slice(-3).join(" ") || `exit code ${code}`;
                reject(
                    failure ??
                        new AnalyzerError(`policy pack ${packDir} failed to start: ${reason}`),
                );
            });
        });
        return new AnalyzerClient(child, new UnaryChannel(`http://127.0.0.1:${port}`), port);
    }

    /**
     * One call to the pack. Calls made before the connection is up wait for it; a pack that dies
     * meanwhile ends the wait.
     */
    private call<Req, Res>(method: UnaryMethod<Req, Res>, req: Req): Promise<Res> {
        const answer = this.channel.call(method, req);
        const died = this.exited.then(() => {
            throw this.exitError();
        });
        return Promise.race([answer, died]).catch(async (err: unknown) => {
            if (err instanceof AnalyzerError) {
                throw err;
            }
            // A dropped connection is most often the pack's process ending: its exit says why.
            const exited = await Promise.race([
                this.exited.then(() => true),
                new Promise<false>((resolve) => setTimeout(() => resolve(false), exitWaitMs)),
            ]);
            throw exited ? this.exitError() : new AnalyzerError((err as Error).message);
        });
    }

    private exitError(): AnalyzerError {
        const how = this.child.signalCode ?? `code ${this.child.exitCode}`;
        return new AnalyzerError(`the policy pack's process exited (${how}) before it answered`);
    }

    /** GetAnalyzerInfo: the pack's name, version and policies. */
    async info(): Promise<PackInfo> {
        const info = await this.call(methods.getAnalyzerInfo, new Empty());
        const initialConfig: Record<string, ResolvedPolicyConfig> = {};
        info.getInitialconfigMap().forEach((config, name) => {
            initialConfig[name] = {
                enforcementLevel: levelNames[config.getEnforcementlevel()],
                properties: (config.getProperties()?.toJavaScript() ?? {}) as Record<
                    string,
                    unknown
                >,
            };
        });
        return {
            name: info.getName(),
            version: info.getVersion(),
            description: info.getDescription(),
            initialConfig,
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: levelNames[p.getEnforcementlevel()],
                    configSchema: schema
                        ? {
                              properties: (schema.getProperties()?.toJavaScript() ??
                                  {}) as NonNullable<PolicyInfo["configSchema"]>["properties"],
                              required: schema.getRequiredList(),
                          }
                        : undefined,
                    severity: severityNames[p.getSeverity()] ?? "",
                    remediationSteps: p.getRemediationSteps(),
                    url: p.getUrl(),
                    kind:
                        p.getPolicyType() === analyzerPb.PolicyType.POLICY_TYPE_STACK
                            ? "stack"
                            : "resource",
                };
            }),
        };
    }

    /** ConfigureStack: tells the pack which stack it analyzes, as the engine does first. */
    async configureStack(stack: string, project: string, organization: string): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setStack(stack);
        req.setProject(project);
        req.setOrganization(organization);
        req.setDryRun(false);
        await this.call(methods.configureStack, req);
    }

    /** Configure: every policy's effective level and properties. */
    async configure(config: Readonly<Record<string, ResolvedPolicyConfig>>): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        const shared = new Map<object, Value>();
        for (const [name, policy] of Object.entries(config)) {
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(levelValues[policy.enforcementLevel]);
            pc.setProperties(sharedStruct(policy.properties, shared));
            map.set(name, pc);
        }
        await this.call(methods.configure, req);
    }

    /** Analyze: resource policies over one resource's inputs. */
    async analyze(resource: AnalyzerResourceInput): Promise<Diagnostic[]> {
        const req = withResource(new analyzerPb.AnalyzeRequest(), resource);
        return diagnostics(await this.call(methods.analyze, req));
    }

    /**
     * AnalyzeStack: stack policies over every resource's outputs, each resource encoded ahead
     * (`encodeStackResource`, in the request's order): the request is their bytes in turn.
     */
    async analyzeStack(resources: readonly Uint8Array[]): Promise<Diagnostic[]> {
        return diagnostics(await this.call(encodedAnalyzeStack, resources));
    }

    /** Disconnect and stop the pack; settles when its process has exited. */
    close(): Promise<void> {
        this.channel.close();
        this.child.stdin?.end();
        this.child.kill();
        const stubborn = setTimeout(() => this.child.kill("SIGKILL"), closeGraceMs);
        return this.exited.finally(() => clearTimeout(stubborn));
    }
}

/** AnalyzeStack, its request given as the encoded resources of `encodeStackResource`. */
const encodedAnalyzeStack: UnaryMethod<readonly Uint8Array[], analyzerPb.AnalyzeResponse> = {
    path: methods.analyzeStack.path,
    requestSerialize: (resources) => Buffer.concat(resources),
    responseDeserialize: (bytes) => methods.analyzeStack.responseDeserialize(bytes),
};

/**
 * One resource of an AnalyzeStack request, encoded as the request encodes it: field 1 (its
 * repeated `resources`), so that a request's bytes are its resources' bytes in order. The check
 * encodes each resource as it registers, while the pack waits, instead of all of them after the
 * last stack.
 */
export function encodeStackResource(r: AnalyzerResourceInput): Uint8Array {
    const res = withResource(new analyzerPb.AnalyzerResource(), r);
    if (r.parent) {
        res.setParent(r.parent);
    }
    res.setDependenciesList(r.dependencies);
    const deps = res.getPropertydependenciesMap();
    for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        const pd = new analyzerPb.AnalyzerPropertyDependencies();
        pd.setUrnsList(urns);
        deps.set(key, pd);
    }
    const writer = new BinaryWriter();
    writer.writeMessage(1, res, analyzerPb.AnalyzerResource.serializeBinaryToWriter);
    return writer.getResultBuffer();
}

/** The fields an Analyze request and an AnalyzeStack resource both carry. */
interface ResourceMessage {
    setType(value: string): unknown;
    setUrn(value: string): unknown;
    setName(value: string): unknown;
    setProperties(value: Struct): unknown;
    setOptions(value: analyzerPb.AnalyzerResourceOptions): unknown;
    setProvider(value: analyzerPb.AnalyzerProviderResource): unknown;
}

/** `message` with `r`'s type, URN, name, properties, options and provider set. */
function withResource<T extends ResourceMessage>(message: T, r: AnalyzerResourceInput): T {
    message.setType(r.type);
    message.setUrn(r.urn);
    message.setName(r.name);
    message.setProperties(toStruct(r.properties));
    message.setOptions(options(r));
    if (r.provider) {
        message.setProvider(provider(r.provider));
    }
    return message;
}

function toStruct(value: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(value as Record<string, never>);
}

function options(resource: AnalyzerResourceInput): analyzerPb.AnalyzerResourceOptions {
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(resource.protect);
    if (resource.parent) {
        opts.setParent(resource.parent);
    }
    return opts;
}

function provider(
    p: NonNullable<AnalyzerResourceInput["provider"]>,
): analyzerPb.AnalyzerProviderResource {
    const res = new analyzerPb.AnalyzerProviderResource();
    res.setType(p.type);
    res.setUrn(p.urn);
    res.setName(p.name);
    res.setProperties(toStruct(p.properties));
    return res;
}

function diagnostics(res: analyzerPb.AnalyzeResponse): Diagnostic[] {
    return res.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        policyPack: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: levelNames[d.getEnforcementlevel()],
        urn: d.getUrn(),
        severity: severityNames[d.getSeverity()] ?? "",
    }));
}

/** How long a pack has to exit after SIGTERM before it is killed. */
const closeGraceMs = 5_000;

/** How long a failed call waits to learn whether the pack's process ended. */
const exitWaitMs = 1_000;

/** How often the start-up deadline checks the clock. */
const deadlineTickMs = 250;

/**
 * Calls `expired` once `ms` of readable time has passed; returns a function that cancels it. A
 * tick that arrives late (the event loop was busy) counts as one tick, not as the time it was
 * held up, since nothing could have been read in that time.
 */
export function waitUpTo(ms: number, expired: () => void): () => void {
    let waited = 0;
    let last = performance.now();
    const timer = setInterval(() => {
        const now = performance.now();
        waited += Math.min(now - last, 2 * deadlineTickMs);
        last = now;
        if (waited >= ms) {
            clearInterval(timer);
            expired();
        }
    }, deadlineTickMs);
    return () => clearInterval(timer);
}

/** Children still running; ended when this process exits or is signalled. */
const live = new Set<ChildProcess>();
const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function endChildren() {
    for (const child of live) {
        child.kill();
    }
}

function onSignal(signal: NodeJS.Signals) {
    endChildren();
    uninstall();
    // With our handler gone, the signal's default action (or the program's own handler) runs.
    if (process.listenerCount(signal) === 0) {
        process.kill(process.pid, signal);
    }
}

function install() {
    if (!process.listeners("exit").includes(endChildren)) {
        process.on("exit", endChildren);
        signals.forEach((s) => process.on(s, onSignal));
    }
}

function uninstall() {
    process.off("exit", endChildren);
    signals.forEach((s) => process.off(s, onSignal));
}

function track(child: ChildProcess) {
    live.add(child);
    install();
    child.once("exit", () => {
        live.delete(child);
        if (live.size === 0) {
            uninstall();
        }
    });
}

/** Pids of the packs this process has started and that are still running (tests read it). */
export function livePacks(): number[] {
    return [...live].map((c) => c.pid!).filter((pid) => pid !== undefined);
}
