/**
 * Evaluates a policy pack over the stacks the offline engine recorded, in the order and shape the
 * Pulumi engine uses: ConfigureStack, Configure (with the CLI's resolved config), Analyze for each
 * resource's inputs, then AnalyzeStack with every resource's outputs. Analyze is not called when
 * the pack has no enabled policy it could run (`analyzesEachResource`): its answer is empty then.
 */
import { RunObserver, RunOptions, StackStart, collectStacks } from "../engine/engine";
import { StackRecord, RecordedResource, RunProblem } from "../engine/types";
import { withDeploymentFacts } from "../../policies/lib/deployment";
import {
    AnalyzerClient,
    AnalyzerResourceInput,
    Diagnostic,
    PackInfo,
    encodeStackResource,
} from "./client";
import { ResolvedPolicyConfig, analyzesEachResource, resolvePolicyConfig } from "./policy-config";

/** A violation attached to the stack and resource it was found on. */
export interface Violation extends Diagnostic {
    stack: string;
    /** Logical name and type of the resource at `urn`, when it is one of the stack's resources. */
    resourceName?: string;
    resourceType?: string;
}

/** The outcome of evaluating a pack over a set of stacks. */
export interface PackEvaluation {
    pack: PackInfo;
    config: Record<string, ResolvedPolicyConfig>;
    violations: Violation[];
}

/** The provider version whose default provider the real engine would register. */
const defaultAwsProviderName = "default_7_48_0";

/**
 * Evaluate a pack over `records`, with the user's `--policy-config` JSON. `pack` is the pack's
 * folder, or a client already starting. The pack is stopped afterwards either way.
 */
export async function evaluatePack(
    records: readonly StackRecord[],
    pack: string | Promise<AnalyzerClient>,
    userConfig: unknown = {},
): Promise<PackEvaluation> {
    const client = typeof pack === "string" ? AnalyzerClient.start(pack) : pack;
    const evaluation = new StreamingEvaluation(client, userConfig);
    try {
        for (const record of records) {
            evaluation.stackStarted({
                ...record,
                organization: record.fullName.split("/")[0],
            });
            record.resources.forEach((r) => evaluation.resource(r));
            evaluation.stackDone(record);
        }
        return await evaluation.finish();
    } finally {
        await closeWhenStarted(client);
    }
}

/**
 * Run the program's stacks and evaluate the pack over each resource as it registers, the way the
 * Pulumi engine calls Analyze during an update: the pack works on one core while the program runs
 * on the other. The pack is started first and stopped on every way out.
 */
export async function runAndEvaluate<T = undefined>(
    run: Omit<RunOptions, "observer">,
    pack: string,
    userConfig: unknown = {},
    alongside?: Alongside<T>,
): Promise<{
    records: StackRecord[];
    evaluation: PackEvaluation;
    problems: RunProblem[];
    /** What `alongside` returned (undefined without one). */
    alongside: T | undefined;
}> {
    const client = AnalyzerClient.start(pack);
    try {
        const evaluation = new StreamingEvaluation(client, userConfig);
        // Every problem of the program is collected, and the stacks that ran are still judged.
        const { records, problems } = await collectStacks({ ...run, observer: evaluation });
        const finished = await evaluation.finishAlongside(alongside ?? (() => undefined));
        return {
            records,
            evaluation: finished.evaluation,
            problems,
            alongside: finished.alongside,
        };
    } finally {
        await closeWhenStarted(client);
    }
}

/**
 * Work of the check's own (the budget) that needs every stack's records and the resolved policy
 * config but not the pack's answers: it runs while the pack evaluates the last stack's stack
 * policies, the longest wait of a check, instead of after it.
 */
export type Alongside<T> = (
    records: readonly StackRecord[],
    config: Readonly<Record<string, ResolvedPolicyConfig>>,
) => T;

/** Stop the pack and wait until its process has gone, so that no caller leaves it behind. */
async function closeWhenStarted(client: Promise<AnalyzerClient>): Promise<void> {
    let started: AnalyzerClient;
    try {
        started = await client;
    } catch {
        // It never started (and its process has ended); the start's error is the one reported.
        return;
    }
    await started.close();
}

/** One stack's analysis while its program runs. */
interface StackAnalysis {
    start: StackStart;
    /** Its AnalyzeStack request, each resource encoded as it registers; its providers. */
    request: StackRequest;
    /** Diagnostics of the default provider (analyzed when a resource first uses it). */
    defaultProvider?: Promise<Diagnostic[]>;
    perResource: Promise<Diagnostic[]>[];
    /** Settles when ConfigureStack and Configure have been sent for this stack. */
    configured: Promise<void>;
}

/**
 * A pack evaluation fed resource by resource (a `RunObserver`): ConfigureStack and Configure when
 * a stack starts, Analyze for each resource's inputs as it registers (at most
 * `analyzeConcurrency` in flight; none when `analyzesEachResource` says no), AnalyzeStack with
 * every output when the stack is done.
 * Stacks are analyzed one after another, and violations are in the resources' order, whatever
 * order the answers come in.
 */
export class StreamingEvaluation implements RunObserver {
    private readonly ready: Promise<{
        client: AnalyzerClient;
        pack: PackInfo;
        config: Record<string, ResolvedPolicyConfig>;
    }>;
    /**
     * Whether Analyze can say anything (`analyzesEachResource`), once the pack's info is in: no
     * Analyze input is built when it cannot.
     */
    private analyzesResources?: boolean;
    /** Serializes the stacks: each stack's requests start after the previous stack's last. */
    private chain: Promise<unknown>;
    private current?: StackAnalysis;
    private readonly done: { stack: StackAnalysis; record: StackRecord }[] = [];
    private readonly slots = new Slots(analyzeConcurrency);

    constructor(client: Promise<AnalyzerClient>, userConfig: unknown) {
        this.ready = client.then(async (c) => {
            const pack = await c.info();
            const config = resolvePolicyConfig(pack.policies, userConfig, pack.initialConfig);
            this.analyzesResources = analyzesEachResource(pack.policies, config);
            return { client: c, pack, config };
        });
        this.chain = quiet(this.ready);
    }

    stackStarted(start: StackStart): void {
        const configured = this.chain.then(async () => {
            const { client, config } = await this.ready;
            await client.configureStack(start.stack, start.project, start.organization);
            await client.configure(config);
        });
        this.current = {
            start,
            request: new StackRequest(start),
            perResource: [],
            configured,
        };
        this.chain = quiet(configured);
    }

    resource(resource: RecordedResource): void {
        const stack = this.current!;
        stack.request.add(resource);
        if (this.analyzesResources === false) {
            return;
        }
        const input = analyzerResource(resource, "inputs", stack.request.providers, stack.start);
        if (usesDefaultProvider(resource) && !stack.defaultProvider) {
            stack.defaultProvider = this.analyze(stack, defaultProviderResource(stack.start));
        }
        stack.perResource.push(this.analyze(stack, input));
    }

    stackDone(record: StackRecord): void {
        const stack = this.current!;
        this.current = undefined;
        // AnalyzeStack waits for the last stack: the project-wide policies judge each stack with
        // every other stack's facts (policies/lib/deployment.ts), and a later stack (the global
        // one, which owns S3 replication) can hold what an earlier one depends on.
        this.done.push({ stack, record });
    }

    /** Every stack's violations, once the last stack's analysis is done. */
    async finish(): Promise<PackEvaluation> {
        return (await this.finishAlongside(() => undefined)).evaluation;
    }

    /**
     * `finish`, running `alongside` once on this thread while the pack works on the last
     * AnalyzeStack (at the end when no stack ran). An error it throws ends the evaluation.
     */
    async finishAlongside<T>(
        alongside: Alongside<T>,
    ): Promise<{ evaluation: PackEvaluation; alongside: T }> {
        const { client, pack, config } = await this.ready;
        const records = this.done.map((d) => d.record);
        const violations: Violation[] = [];
        let result: { value: T } | undefined;
        // Every Analyze call has its answer before the stacks are reconfigured one by one.
        const perStack = await Promise.all(
            this.done.map(({ stack }) =>
                Promise.all([stack.defaultProvider ?? [], ...stack.perResource]),
            ),
        );
        for (const [index, { stack, record }] of this.done.entries()) {
            await client.configureStack(
                stack.start.stack,
                stack.start.project,
                stack.start.organization,
            );
            await client.configure(withDeploymentFacts(config, records, record.stack));
            const answer = client.analyzeStack(stack.request.finish(record));
            void quiet(answer);
            if (index === this.done.length - 1) {
                await requestSent();
                result = { value: alongside(records, config) };
            }
            const all = [...perStack[index].flat(), ...(await answer)];
            const byUrn = new Map(record.resources.map((r) => [r.urn, r]));
            violations.push(
                ...all.map((d) => {
                    const resource = byUrn.get(d.urn);
                    return {
                        ...d,
                        message: violationText(d),
                        stack: record.stack,
                        resourceName: resource?.name,
                        resourceType: resource?.type,
                    };
                }),
            );
        }
        result ??= { value: alongside(records, config) };
        return { evaluation: { pack, config, violations }, alongside: result.value };
    }

    private analyze(stack: StackAnalysis, resource: AnalyzerResourceInput) {
        const result = stack.configured.then(async () => {
            const { client } = await this.ready;
            if (!this.analyzesResources) {
                return [];
            }
            return this.slots.run(async () =>
                // Resource diagnostics carry no URN; the engine attaches the analyzed resource's.
                (await client.analyze(resource)).map((d) => ({
                    ...d,
                    urn: d.urn || resource.urn,
                })),
            );
        });
        void quiet(result);
        return result;
    }
}

/**
 * Settles once the event loop has turned twice: the gRPC call's request, handed to the transport
 * synchronously, has then been written to the socket, so the pack works while this thread does.
 */
function requestSent(): Promise<void> {
    return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** A promise that settles with `p` but never rejects (its rejection is read elsewhere). */
function quiet(p: Promise<unknown>): Promise<unknown> {
    return p.then(
        () => undefined,
        () => undefined,
    );
}

/**
 * At most `limit` tasks running at once, started in the order they were asked for: a finishing
 * task hands its slot to the next waiting one, so a newcomer can never overtake the queue.
 */
export class Slots {
    private running = 0;
    private readonly waiting: (() => void)[] = [];

    constructor(private readonly limit: number) {}

    async run<T>(task: () => Promise<T>): Promise<T> {
        if (this.running < this.limit) {
            this.running++;
        } else {
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        }
        try {
            return await task();
        } finally {
            const next = this.waiting.shift();
            if (next) {
                next();
            } else {
                this.running--;
            }
        }
    }
}

/**
 * Analyze calls kept in flight at once. One call at a time left the pack idle during every round
 * trip; a bounded window keeps it busy without queueing thousands of requests in memory.
 */
const analyzeConcurrency = 16;

/** The SDK reports `description + "\n" + message`; reports show the two apart. */
function violationText(d: Diagnostic): string {
    const prefix = `${d.description}\n`;
    return d.description && d.message.startsWith(prefix)
        ? d.message.slice(prefix.length)
        : d.message;
}

function defaultProviderResource(stack: {
    stack: string;
    project: string;
    region: string;
}): AnalyzerResourceInput {
    return {
        type: "pulumi:providers:aws",
        urn: `urn:pulumi:${stack.stack}::${stack.project}::pulumi:providers:aws::${defaultAwsProviderName}`,
        name: defaultAwsProviderName,
        properties: { region: stack.region },
        protect: false,
        dependencies: [],
        propertyDependencies: {},
    };
}

function usesDefaultProvider(r: RecordedResource): boolean {
    return !r.provider && r.type.startsWith("aws:");
}

/** One resource as the analyzer protocol carries it, with its provider's inputs. */
function analyzerResource(
    r: RecordedResource,
    properties: "inputs" | "outputs",
    providers: ReadonlyMap<string, RecordedResource>,
    stack: { stack: string; project: string; region: string },
): AnalyzerResourceInput {
    let provider: AnalyzerResourceInput["provider"];
    const explicit = r.provider && providers.get(r.provider.slice(0, r.provider.lastIndexOf("::")));
    if (explicit) {
        provider = {
            type: explicit.type,
            urn: explicit.urn,
            name: explicit.name,
            properties: explicit.inputs,
        };
    } else if (r.type.startsWith("aws:")) {
        const p = defaultProviderResource(stack);
        provider = { type: p.type, urn: p.urn, name: p.name, properties: p.properties };
    } else if (r.custom && !r.type.startsWith("pulumi:")) {
        // The real engine gives every custom resource a provider, the package's default one
        // when the program gave none; a component has none (analysis-coverage tells them apart).
        const pkg = r.type.split(":")[0];
        provider = {
            type: `pulumi:providers:${pkg}`,
            urn: `urn:pulumi:${stack.stack}::${stack.project}::pulumi:providers:${pkg}::default`,
            name: "default",
            properties: {},
        };
    }
    return {
        type: r.type,
        urn: r.urn,
        name: r.name,
        properties: properties === "inputs" ? r.inputs : r.outputs,
        protect: r.protect,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        provider,
    };
}

/**
 * A finished stack's resources in AnalyzeStack's order, the root stack resource first, then the
 * default provider the real engine registers from the stack's config when a resource has no
 * explicit one. `StackRequest` builds the same request as the resources register; a test holds
 * the two equal byte for byte.
 */
export function analyzerResources(record: StackRecord): AnalyzerResourceInput[] {
    const providers = new Map(
        record.resources
            .filter((r) => r.type.startsWith("pulumi:providers:"))
            .map((r) => [r.urn, r]),
    );
    return [
        stackRootResource(record),
        ...(record.resources.some(usesDefaultProvider) ? [defaultProviderResource(record)] : []),
        ...record.resources.map((r) => analyzerResource(r, "outputs", providers, record)),
    ];
}

/**
 * The root stack resource, its outputs as properties, as the engine sends it in AnalyzeStack:
 * policies read a stack's exported contract (strategy, dataStores) from it.
 */
function stackRootResource(record: StackRecord): AnalyzerResourceInput {
    return {
        type: "pulumi:pulumi:Stack",
        urn: `urn:pulumi:${record.stack}::${record.project}::pulumi:pulumi:Stack::${record.project}-${record.stack}`,
        name: `${record.project}-${record.stack}`,
        properties: record.outputs,
        protect: false,
        dependencies: [],
        propertyDependencies: {},
    };
}

/**
 * A stack's AnalyzeStack request, built as its resources register: each resource's outputs are
 * encoded when it arrives (the main thread is mostly idle while a program runs), and `finish`
 * puts the root stack resource and the default provider first, as `analyzerResources` orders
 * them. A resource registers after its explicit provider, so the providers seen so far are
 * those `analyzerResources` would find.
 */
export class StackRequest {
    /** Every provider resource seen so far, by URN. */
    readonly providers = new Map<string, RecordedResource>();
    private readonly encoded: Uint8Array[] = [];
    private defaultProvider = false;

    constructor(private readonly stack: { stack: string; project: string; region: string }) {}

    add(resource: RecordedResource): void {
        if (resource.type.startsWith("pulumi:providers:")) {
            this.providers.set(resource.urn, resource);
        }
        this.defaultProvider ||= usesDefaultProvider(resource);
        this.encoded.push(
            encodeStackResource(analyzerResource(resource, "outputs", this.providers, this.stack)),
        );
    }

    /** The request's resources, encoded; `record` is the finished stack these were added from. */
    finish(record: StackRecord): Uint8Array[] {
        return [
            encodeStackResource(stackRootResource(record)),
            ...(this.defaultProvider ? [encodeStackResource(defaultProviderResource(record))] : []),
            ...this.encoded,
        ];
    }
}
