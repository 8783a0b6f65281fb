/**
 * The offline engine: runs a Pulumi program under the Node SDK's mocks, once per stack, and
 * records what a real `pulumi up` would create. Stacks run in StackReference order
 * (project/stack-order.ts) and each StackReference reads the outputs recorded for the stack it
 * names, so a multi-stack deployment is checked as a whole without the CLI, plugins or an AWS
 * account.
 *
 * Each stack runs in a worker thread (`worker.ts`) that streams its resources back as they
 * register; this side checks AWS's constraints, enforces the deadline and hands each resource to
 * `onResource` (the check analyzes it while the program is still running).
 */
import * as path from "path";
import { performance } from "perf_hooks";
import { MessageChannel, Worker } from "worker_threads";
import { WorkerPool } from "./pool";
import { ConstraintError, checkConstraints } from "./constraints";
import {
    ProjectError,
    ProjectFile,
    loadProject,
    loadStackConfig,
    selectStacks,
} from "../../project/project";
import { UnknownInvokeError } from "./invokes";
import { StackQueue, orderStacks } from "../../project/stack-order";
import { tierUpLater } from "./jit";
import { knownTypeErrors, typeCheckInWorker, typeCheckMessage } from "./typecheck";
import { RecordedResource, RunProblem, StackRecord } from "./types";
import { programDirOf } from "./sdk";
import type { SerializedError, StackJob, WorkerMessage } from "./worker";

/**
 * Per-stack deadline when none is given: 10,000 resources take about 5 minutes on a 2-core
 * machine running a dozen other jobs, so a hang is stopped after three times that.
 */
export const defaultTimeoutMs = 900_000;

/** Options for one engine run. */
export interface RunOptions {
    /** Folder with `Pulumi.yaml`. */
    projectDir: string;
    /** Stacks to run; default every `Pulumi.<stack>.yaml`. They run in StackReference order. */
    stacks?: string[];
    /** `KEY=VALUE` config overrides applied to every stack. */
    overrides?: string[];
    /** `KEY=VALUE` overrides for one stack each, applied after `overrides`. */
    stackOverrides?: Record<string, string[]>;
    /** Organization in StackReference names; DIY backends use "organization". */
    organization?: string;
    /** Invoke results by token, for invokes the engine does not answer itself. */
    invokeFixtures?: Record<string, Record<string, unknown>>;
    /**
     * Outputs of stacks outside this run, by the name a StackReference gives (`--stack-outputs`);
     * a stack that ran answers its own references first.
     */
    stackOutputs?: Record<string, Record<string, unknown>>;
    /** How long one stack's program may run before it is stopped (exit 2); ms. */
    timeoutMs?: number;
    /** Told of each stack and each resource as the run goes (the check analyzes them). */
    observer?: RunObserver;
    /** The program's own stdout and stderr; discarded when not given, never the report's. */
    onProgramOutput?: (text: string) => void;
    /** Told when each stack's program starts: `ran` stacks done so far, `left` still to run. */
    onStackStart?: (stack: string, ran: number, left: number) => void;
    /**
     * Workers shared with other runs of the same program (`compare`'s rows), so that their SDK
     * loads once; the caller closes it. Without it the run's own worker is stopped at its end.
     */
    pool?: WorkerPool;
}

/** Follows a run as it goes. */
export interface RunObserver {
    /** Before a stack's program starts. */
    stackStarted(stack: StackStart): void;
    /** Each resource as it registers, in registration order. */
    resource(resource: RecordedResource): void;
    /** When a stack's record is complete and its constraints passed. */
    stackDone(record: StackRecord): void;
}

/** What is known about a stack before its program runs. */
export interface StackStart {
    stack: string;
    fullName: string;
    project: string;
    organization: string;
    region: string;
}

/** A failure of the program itself (it threw, or a resource could not be registered). */
export class ProgramError extends Error {
    constructor(
        public readonly stack: string,
        public readonly cause: unknown,
        /** What the program had registered before it failed. */
        public readonly registered: readonly RecordedResource[] = [],
        /** Invokes it got no answer for before it failed (the likely cause). */
        public readonly missingInvokes: readonly RunProblem[] = [],
    ) {
        super(`stack ${stack}: ${errorText(cause)}`);
        this.name = "ProgramError";
    }
}

function errorText(err: unknown): string {
    if (err instanceof Error) {
        return err.message;
    }
    return String(err);
}

export { orderStacks } from "../../project/stack-order";

/** What a run found: the stacks that ran, and every problem of the program found on the way. */
export interface RunOutcome {
    records: StackRecord[];
    problems: RunProblem[];
}

/**
 * Run the program for each stack and return what each would create. The first problem (an
 * input AWS would refuse, a missing invoke answer, a program error) is thrown; `collectStacks`
 * returns them all instead.
 */
export async function runStacks(options: RunOptions): Promise<StackRecord[]> {
    const { records, problems } = await collectStacks(options);
    if (problems.length > 0) {
        throw problemError(problems);
    }
    return records;
}

/** The error the first stack with problems is reported with by `runStacks`. */
function problemError(problems: readonly RunProblem[]): Error {
    const stack = problems[0].stack;
    const ofStack = problems.filter((p) => p.stack === stack);
    const program = ofStack.find((p) => p.kind === "program");
    const inputs = ofStack.filter((p) => p.kind === "input");
    if (inputs.length > 0 && !program) {
        return new ConstraintError(
            stack,
            inputs.map((p) => ({ urn: p.urn!, type: p.type!, name: p.name!, message: p.message })),
        );
    }
    const invokes = ofStack.filter((p) => p.kind === "invoke");
    return new ProgramError(
        stack,
        new Error([...invokes, ...(program ? [program] : [])].map((p) => p.message).join("; ")),
    );
}

/**
 * Run the program for each stack, each after the stacks it references, and collect every
 * problem: inputs AWS would refuse and missing invoke answers do not stop the run; a stack whose
 * program fails stops it (the stacks after it would read what it never produced).
 */
export async function collectStacks(options: RunOptions): Promise<RunOutcome> {
    const project = loadProject(path.resolve(options.projectDir));
    // One worker runs the stacks one after another (./pool). It starts before anything else, so
    // that its SDK loads while the type check runs; it is given back (or stopped) on every way out.
    const programDir = programDirOf(project.main);
    const execArgv = acceptedByWorkers(workerExecArgv(process.execArgv, process.cwd()));
    const pool = options.pool ?? new WorkerPool();
    const spare: Spare = { worker: pool.acquire(programDir, execArgv) };
    try {
        // As pulumi up: a program that does not type-check never runs (./typecheck).
        const typeErrors = await typeCheck(project, execArgv);
        if (typeErrors.length > 0) {
            throw new ProjectError(typeCheckMessage(typeErrors));
        }
        // A short batch run from here on: V8 optimizes later (./jit), not during the type check.
        tierUpLater();
        return await runQueue(project, options, runPlan(project, options), {
            programDir,
            execArgv,
            spare,
            pool,
        });
    } finally {
        if (spare.worker) {
            pool.release(programDir, execArgv, spare.worker, true);
        }
        if (!options.pool) {
            void pool.close();
        }
    }
}

/** The worker for the next stack: loading its SDK, or warm from the stack before. */
interface Spare {
    worker?: Worker;
}

/** The stacks to run, in StackReference order, and each one's config. */
function runPlan(project: ProjectFile, options: RunOptions) {
    const requested = selectStacks(project.dir, options.stacks ?? []);
    const configs = new Map(
        requested.map((stack) => [
            stack,
            loadStackConfig(project, stack, [
                ...(options.overrides ?? []),
                ...(options.stackOverrides?.[stack] ?? []),
            ]),
        ]),
    );
    const queue = new StackQueue(
        orderStacks(
            requested.map((stack) => ({
                stack,
                role: configs.get(stack)!.values[`${project.name}:role`],
            })),
        ),
    );
    return { configs, queue };
}

/**
 * Run the planned stacks, each after the stacks it references: in the spare worker, which takes
 * the next stack when this one ended cleanly, else in a new one.
 */
async function runQueue(
    project: ProjectFile,
    options: RunOptions,
    { configs, queue }: ReturnType<typeof runPlan>,
    workers: { programDir: string; execArgv: string[]; spare: Spare; pool: WorkerPool },
): Promise<RunOutcome> {
    const { programDir, execArgv, spare, pool } = workers;
    const organization = options.organization ?? "organization";
    const records: StackRecord[] = [];
    const problems: RunProblem[] = [];
    // The Pulumi CLI runs a program in its project folder, so `./www` or `fs.readFileSync(
    // "Pulumi.README.md")` mean the program's files. Worker threads share the process's working
    // directory (and cannot change it), so it is the project folder while stacks run.
    const leave = await enterProjectDir(project.dir);
    try {
        for (let stack = queue.next(); stack !== undefined; stack = queue.next()) {
            const stackWorker: StackWorker = {
                worker: spare.worker ?? pool.acquire(programDir, execArgv),
                reusable: false,
            };
            spare.worker = undefined;
            const config = configs.get(stack)!;
            options.onStackStart?.(stack, records.length, queue.remaining() + 1);
            try {
                const ran = await runStack(
                    project,
                    stack,
                    config,
                    organization,
                    records,
                    options,
                    stackWorker,
                );
                records.push(ran.record);
                problems.push(...ran.problems);
                queue.done(stack);
            } catch (err) {
                const needed = neededFirst(err, queue);
                if (needed === undefined) {
                    problems.push(...programProblems(stack, err));
                    break;
                }
                // It read a stack of this run that has not run yet: that one goes first.
                queue.waitFor(stack, needed);
            } finally {
                if (stackWorker.reusable) {
                    spare.worker = stackWorker.worker;
                } else {
                    pool.release(programDir, execArgv, stackWorker.worker, false);
                }
            }
        }
    } finally {
        leave();
    }
    return { records, problems };
}

/** Type checks of this process still running, by program: concurrent runs share one. */
const typeChecks = new Map<string, Promise<string[]>>();

/**
 * The program's type errors: known at once when its files did not change since the last check
 * (no TypeScript is loaded), else from a check in a worker thread of its own. Runs of the same
 * program at the same time (compare's rows) wait for one check.
 */
async function typeCheck(project: ProjectFile, execArgv: string[]): Promise<string[]> {
    const known = knownTypeErrors(project.dir, project.main);
    if (known) {
        return known;
    }
    const key = `${project.dir}\0${project.main}`;
    let running = typeChecks.get(key);
    if (!running) {
        running = typeCheckInWorker(project.dir, project.main, execArgv).errors.finally(() =>
            typeChecks.delete(key),
        );
        typeChecks.set(key, running);
    }
    return running;
}

/** The stack of this run a failed stack's StackReference needed before it, if that was why. */
function neededFirst(err: unknown, queue: StackQueue): string | undefined {
    const cause = err instanceof ProgramError ? err.cause : undefined;
    const needed =
        cause instanceof Error && cause.name === "StackReferenceError"
            ? (cause as Error & { referencedStack?: string | null }).referencedStack
            : undefined;
    return typeof needed === "string" && queue.pending(needed) ? needed : undefined;
}

/** A stack that could not finish: its missing invokes (the likely cause) and its error. */
function programProblems(stack: string, err: unknown): RunProblem[] {
    const missing = err instanceof ProgramError ? err.missingInvokes : [];
    const after =
        missing.length > 0
            ? " (it ran on empty answers for the missing invokes; supply them and run again)"
            : "";
    const text = err instanceof ProgramError ? errorText(err.cause) : errorText(err);
    return [
        ...missing,
        {
            kind: "program",
            stack,
            // As the program said it (a config error lists its problems on lines of their own);
            // the one-line forms (stderr, tables) fold it.
            message: `${text}${after}`,
        },
    ];
}

/** The folder runs are in now, how many, and how to tell waiting runs it is free again. */
let inProjectDir:
    | { dir: string; runs: number; previous: string; free: Promise<void>; release(): void }
    | undefined;

/**
 * Make `dir` the working directory for one run; the returned function gives it back. Runs of
 * the same folder share it; a run of another folder waits until they are done, since the
 * working directory is the process's.
 */
export async function enterProjectDir(dir: string): Promise<() => void> {
    while (inProjectDir && inProjectDir.dir !== dir) {
        await inProjectDir.free;
    }
    if (!inProjectDir) {
        let release = () => {};
        const free = new Promise<void>((resolve) => (release = resolve));
        inProjectDir = { dir, runs: 0, previous: process.cwd(), free, release };
        process.chdir(dir);
    }
    const current = inProjectDir;
    current.runs += 1;
    return () => {
        current.runs -= 1;
        if (current.runs === 0) {
            process.chdir(current.previous);
            inProjectDir = undefined;
            current.release();
        }
    };
}

async function runStack(
    project: ProjectFile,
    stack: string,
    config: { values: Record<string, string>; secretKeys: string[] },
    organization: string,
    previous: readonly StackRecord[],
    options: RunOptions,
    worker: StackWorker,
): Promise<{ record: StackRecord; problems: RunProblem[] }> {
    const region = config.values["aws:region"] ?? "us-east-1";
    const fullName = `${organization}/${project.name}/${stack}`;
    options.observer?.stackStarted({
        stack,
        fullName,
        project: project.name,
        organization,
        region,
    });
    const { resources, outputs, maskedOutputs, sdkVersion, missingInvokes } = await runInWorker(
        {
            projectDir: project.dir,
            projectName: project.name,
            main: project.main,
            stack,
            organization,
            stackRegion: region,
            // The region the engine places the stack in is the one the program reads too
            // (`aws.config.region`, a Lambda callback's serialized provider config).
            config: { ...config, values: { "aws:region": region, ...config.values } },
            previous: [
                ...previous.map((r) => ({ fullName: r.fullName, outputs: r.outputs })),
                ...Object.entries(options.stackOutputs ?? {}).map(([fullName, outputs]) => ({
                    fullName,
                    outputs,
                    external: true,
                })),
            ],
            invokeFixtures: options.invokeFixtures ?? {},
        },
        options,
        worker,
    );
    const all = [...previous.flatMap((r) => r.resources), ...resources];
    const bySite = new Map(resources.map((r) => [r.urn, r.source]));
    const problems: RunProblem[] = [
        ...missingInvokes,
        ...checkConstraints(resources, all, project.dir).map(
            (v): RunProblem => ({
                kind: "input",
                stack,
                message: v.message,
                urn: v.urn,
                type: v.type,
                name: v.name,
                source: bySite.get(v.urn),
            }),
        ),
    ];
    const record: StackRecord = {
        stack,
        fullName,
        project: project.name,
        role: config.values[`${project.name}:role`],
        region,
        resources,
        outputs,
        ...(maskedOutputs ? { maskedOutputs } : {}),
        sdkVersion,
    };
    options.observer?.stackDone(record);
    return { record, problems };
}

/** How long a worker past its deadline has to say what it is waiting for. */
const pendingReportMs = 3_000;

/** A stack's worker, and whether it can take another stack once this one has run. */
interface StackWorker {
    worker: Worker;
    /** Set when the stack's run ended with the worker's event loop drained (`end`). */
    reusable: boolean;
}

/** Where each worker's stdout and stderr go: the run of its latest stack. */
const outputSinks = new WeakMap<Worker, { write?: (text: string) => void }>();

/** Send the worker's output to this run's `onProgramOutput` from now on. */
function routeOutput(worker: Worker, write: ((text: string) => void) | undefined) {
    let sink = outputSinks.get(worker);
    if (!sink) {
        const created: { write?: (text: string) => void } = {};
        for (const stream of [worker.stdout, worker.stderr]) {
            stream.on("data", (text: string) => created.write?.(text));
        }
        outputSinks.set(worker, created);
        sink = created;
    }
    sink.write = write;
}

/**
 * Run one stack's program in `worker`; settles when the worker's event loop has drained (its
 * `end`), or when the worker stops (a deadline, `process.exit`, a crash).
 */
function runInWorker(
    job: Omit<StackJob, "control">,
    options: RunOptions,
    stackWorker: StackWorker,
): Promise<{
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    maskedOutputs?: Record<string, unknown>;
    sdkVersion: string;
    missingInvokes: RunProblem[];
}> {
    const { worker } = stackWorker;
    const { port1: control, port2 } = new MessageChannel();
    worker.ref();
    routeOutput(worker, options.onProgramOutput);
    worker.postMessage({ ...job, control: port2 } satisfies StackJob, [port2]);
    const resources: RecordedResource[] = [];
    const missingInvokes: RunProblem[] = [];
    const fail = (message: string) =>
        new ProgramError(job.stack, new Error(message), resources, missingInvokes);
    let end: Extract<WorkerMessage, { kind: "end" }> | undefined;
    let exitCalled: number | undefined;
    let sdkVersion = "";
    let crash: Error | undefined;
    let pendingReport: string[] | undefined;
    let lastResourceAt = performance.now();
    return new Promise((resolve, reject) => {
        const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
        let timedOut = false;
        const expire = () => {
            timedOut = true;
            control.postMessage("pending?");
            setTimeout(() => void worker.terminate(), pendingReportMs).unref();
        };
        // Loading the SDK gets a deadline of its own; the program's starts when it is loaded.
        let deadline = setTimeout(expire, timeoutMs);
        const settle = () => {
            clearTimeout(deadline);
            control.close();
            worker.off("message", onMessage);
            worker.off("error", onError);
            worker.off("exit", onExit);
            // The worker waits for its next stack without holding this process open.
            worker.unref();
            const outcome = stackOutcome();
            if ("error" in outcome) {
                reject(outcome.error);
            } else {
                resolve(outcome.ran);
            }
        };
        const stackOutcome = () => {
            if (timedOut) {
                return { error: timeoutError(timeoutMs, pendingReport) };
            }
            if (exitCalled !== undefined) {
                return {
                    error: fail(
                        `the program called process.exit(${exitCalled}); a Pulumi program returns (or resolves) instead of exiting`,
                    ),
                };
            }
            if (end && end.errors.length > 0) {
                const cause = deserializeError(end.errors[0]);
                return { error: new ProgramError(job.stack, cause, resources, missingInvokes) };
            }
            if (end?.pending) {
                return {
                    error: fail(
                        `the program never finished: nothing was left to run while it still waited for ${end.pending.join("; ")}`,
                    ),
                };
            }
            if (end?.outputs) {
                const ran = { resources, outputs: end.outputs, sdkVersion, missingInvokes };
                return { ran: { ...ran, maskedOutputs: end.maskedOutputs } };
            }
            return {
                error: fail(
                    crash ? crash.message : "the program's worker stopped without a result",
                ),
            };
        };
        const timeoutError = (ms: number, pending: string[] | undefined) => {
            const seconds = `${(ms / 1000).toFixed(ms < 1000 ? 1 : 0)} s`;
            // A large program's registrations run as one long stretch of microtasks, so its
            // worker cannot answer either; what it registered tells the two apart.
            const progress =
                resources.length === 0
                    ? "no resource registered"
                    : `${resources.length} resource${resources.length === 1 ? "" : "s"} registered, the last ${((performance.now() - lastResourceAt) / 1000).toFixed(0)} s before it was stopped`;
            return fail(
                pending
                    ? `the program did not finish within ${seconds} (--timeout); still pending: ${pending.join("; ") || "nothing the engine can name"}`
                    : `the program did not finish within ${seconds} (--timeout) and did not answer within ${pendingReportMs / 1000} s: it is running code that never yields (a busy loop, or a program too large for the deadline: ${progress})`,
            );
        };
        const onMessage = (message: WorkerMessage) => {
            switch (message.kind) {
                case "resource":
                    lastResourceAt = performance.now();
                    resources.push(message.resource);
                    options.observer?.resource(message.resource);
                    break;
                case "sdk":
                    sdkVersion = message.sdk.version;
                    clearTimeout(deadline);
                    deadline = setTimeout(expire, timeoutMs);
                    break;
                case "end":
                    end = message;
                    // Past its deadline the worker is being stopped: the deadline's error stands.
                    if (!timedOut) {
                        stackWorker.reusable = message.reusable === true;
                        if (stackWorker.reusable) {
                            settle();
                        }
                    }
                    break;
                case "exit-called":
                    exitCalled = message.code;
                    break;
                case "missing-invoke":
                    missingInvokes.push(missingInvokeProblem(job.stack, message));
                    break;
                case "pending":
                    pendingReport = message.pending;
                    void worker.terminate();
                    break;
                default:
                    break;
            }
        };
        const onError = (err: Error) => (crash = err);
        const onExit = () => {
            stackWorker.reusable = false;
            settle();
        };
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);
    });
}

/** A missing invoke answer as a problem, naming the flag and the fixture that supplies it. */
function missingInvokeProblem(
    stack: string,
    message: Extract<WorkerMessage, { kind: "missing-invoke" }>,
): RunProblem {
    return {
        kind: "invoke",
        stack,
        token: message.token,
        source: message.source,
        message: new UnknownInvokeError(message.token).message,
    };
}

/** The program's error, with the name and data (e.g. a ConfigError's `problems`) it had. */
function deserializeError(serialized: SerializedError): Error {
    const err = Object.assign(new Error(serialized.message), serialized.data);
    err.name = serialized.name;
    return err;
}

/** A flag every Worker refuses (it sets the process's title): see `rejectedByWorkers`. */
const refusedProbe = "--title=multi-region-failover-probe";

/**
 * Which of `execArgv` a worker thread refuses: V8's flags and those of the whole process
 * (`--max-old-space-size=8192`, `--stack-size`, `--title`), which Node applies to every thread
 * already. A Worker refuses them in its constructor, before its thread starts, and names each in
 * its error; `refusedProbe`, refused always, makes sure it throws, so no thread starts here.
 */
export function rejectedByWorkers(execArgv: readonly string[]): string[] {
    let probe: Worker;
    try {
        probe = new Worker("", { eval: true, execArgv: [...execArgv, refusedProbe] });
    } catch (err) {
        const { code, message } = err as { code?: string; message: string };
        if (code !== "ERR_WORKER_INVALID_EXEC_ARGV") {
            throw err;
        }
        return message
            .slice(message.indexOf(": ") + 2)
            .split(", ")
            .filter((flag) => flag !== refusedProbe);
    }
    // A Node that took the probe started a thread with nothing to run: it is stopped.
    void probe.terminate();
    return [];
}

/** `execArgv` without the `rejected` flags, and the value after one given without `=`. */
export function withoutFlags(execArgv: readonly string[], rejected: readonly string[]): string[] {
    const kept: string[] = [];
    for (let i = 0; i < execArgv.length; i++) {
        if (!rejected.includes(execArgv[i])) {
            kept.push(execArgv[i]);
        } else if (!execArgv[i].includes("=") && !(execArgv[i + 1] ?? "-").startsWith("-")) {
            i++;
        }
    }
    return kept;
}

/**
 * The flags of `execArgv` a stack's worker can take. A check run as `node
 * --max-old-space-size=8192 …` for a large program stopped with "Initiated Worker with invalid
 * execArgv flags"; those flags already hold for the worker, which goes without them. Node names
 * the refused flags only up to a flag given its value apart, so it is asked again.
 */
export function acceptedByWorkers(
    execArgv: readonly string[],
    rejectedBy: (argv: readonly string[]) => string[] = rejectedByWorkers,
): string[] {
    let argv = [...execArgv];
    for (let round = 0; round < 8 && argv.length > 0; round++) {
        const rejected = rejectedBy(argv);
        const kept = withoutFlags(argv, rejected);
        if (kept.length === argv.length) {
            break;
        }
        argv = kept;
    }
    return argv;
}

/** Node flags whose value is a module to preload. */
const preloadFlags = ["-r", "--require", "--import", "--loader", "--experimental-loader"];

/**
 * The Node flags a stack's worker inherits, with every preload (`-r ./x.js`, `--import=y`)
 * resolved from `cwd`: a worker starts while the process is in the program's folder, where a
 * relative preload of the check's would not be found.
 */
export function workerExecArgv(execArgv: readonly string[], cwd: string): string[] {
    const absolute = (value: string) => {
        if (path.isAbsolute(value) || value.startsWith("file:")) {
            return value;
        }
        try {
            return require.resolve(value, { paths: [cwd] });
        } catch {
            return path.resolve(cwd, value);
        }
    };
    const out: string[] = [];
    for (let i = 0; i < execArgv.length; i++) {
        const arg = execArgv[i];
        const eq = arg.indexOf("=");
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        if (!preloadFlags.includes(flag)) {
            out.push(arg);
        } else if (eq > 0) {
            out.push(`${flag}=${absolute(arg.slice(eq + 1))}`);
        } else if (i + 1 < execArgv.length) {
            out.push(arg, absolute(execArgv[++i]));
        }
    }
    return out;
}
