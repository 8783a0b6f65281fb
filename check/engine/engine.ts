/**
 * The offline engine: runs a Pulumi TypeScript program under the Node SDK's mocks, once per
 * stack, and records what a real `pulumi up` would create. Stacks run in dependency order and
 * each StackReference reads the outputs recorded for the stack it names, so a multi-stack
 * deployment is checked as a whole without the CLI, plugins or an AWS account.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { shapeFor } from "./aws-shapes";
import { ConstraintError, checkConstraints } from "./constraints";
import { answerInvoke } from "./invokes";
import { ProjectFile, loadProject, loadStackConfig, selectStacks } from "./project";
import { RecordedResource, SourceLocation, StackRecord } from "./types";

/** Options for one engine run. */
export interface RunOptions {
    /** Folder with `Pulumi.yaml`. */
    projectDir: string;
    /** Stacks to run; default every `Pulumi.<stack>.yaml`. They run in dependency order. */
    stacks?: string[];
    /** `KEY=VALUE` config overrides applied to every stack. */
    overrides?: string[];
    /** `KEY=VALUE` overrides for one stack each, applied after `overrides`. */
    stackOverrides?: Record<string, string[]>;
    /** Organization in StackReference names; DIY backends use "organization". */
    organization?: string;
    /** Invoke results by token, for invokes the engine does not answer itself. */
    invokeFixtures?: Record<string, Record<string, unknown>>;
}

/** A failure of the program itself (it threw, or a resource could not be registered). */
export class ProgramError extends Error {
    constructor(
        public readonly stack: string,
        public readonly cause: unknown,
        /** What the program had registered before it failed. */
        public readonly registered: readonly RecordedResource[] = [],
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

const rootStackType = "pulumi:pulumi:Stack";
const stackReferenceType = "pulumi:pulumi:StackReference";
const roleOrder: Record<string, number> = { primary: 0, secondary: 1, global: 2 };

/**
 * Order stacks so that each runs after the stacks it references: by role (primary, then
 * secondaries, then global), and by name within a role. Stacks without a role keep their
 * relative order after those with one.
 */
export function orderStacks(stacks: { stack: string; role?: string }[]): string[] {
    return stacks
        .map((s, index) => ({ ...s, index }))
        .sort((a, b) => {
            const ra = roleOrder[a.role ?? ""] ?? 3;
            const rb = roleOrder[b.role ?? ""] ?? 3;
            return ra !== rb
                ? ra - rb
                : ra === 3
                  ? a.index - b.index
                  : a.stack.localeCompare(b.stack);
        })
        .map((s) => s.stack);
}

/** Run the program for each stack and return what each would create. */
export async function runStacks(options: RunOptions): Promise<StackRecord[]> {
    const project = loadProject(options.projectDir);
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
    const order = orderStacks(
        requested.map((stack) => ({
            stack,
            role: configs.get(stack)!.values[`${project.name}:role`],
        })),
    );
    const organization = options.organization ?? "organization";
    const records: StackRecord[] = [];
    for (const stack of order) {
        records.push(
            await runStack(
                project,
                stack,
                configs.get(stack)!,
                organization,
                records,
                options.invokeFixtures ?? {},
            ),
        );
    }
    return records;
}

interface ProviderInfo {
    region: string;
}

async function runStack(
    project: ProjectFile,
    stack: string,
    config: { values: Record<string, string>; secretKeys: string[] },
    organization: string,
    previous: readonly StackRecord[],
    invokeFixtures: Record<string, Record<string, unknown>>,
): Promise<StackRecord> {
    const stackRegion = config.values["aws:region"] ?? "us-east-1";
    const providers = new Map<string, ProviderInfo>();
    const resources: RecordedResource[] = [];
    const seenUrns = new Set<string>();
    const failures: unknown[] = [];
    // Errors the engine itself raised (an unanswerable invoke, a dangling StackReference) are the
    // root cause of whatever the program then reports, so they are reported first.
    const engineErrors: unknown[] = [];
    const fullName = `${organization}/${project.name}/${stack}`;
    const sites = new Map<string, SourceLocation>();

    const regionOf = (inputs: Record<string, unknown>, providerRef: string | undefined): string => {
        if (typeof inputs.region === "string" && inputs.region !== "") {
            return inputs.region;
        }
        const providerUrn = providerRef ? providerRef.slice(0, providerRef.lastIndexOf("::")) : "";
        return providers.get(providerUrn)?.region ?? stackRegion;
    };

    const mocks: pulumi.runtime.Mocks = {
        newResource(args) {
            if (args.type === stackReferenceType) {
                const name = String(args.inputs.name);
                const referenced = previous.find((r) => r.fullName === name);
                if (!referenced) {
                    const err = new Error(
                        `StackReference ${JSON.stringify(name)}: no stack of that name has run before ${stack}. ` +
                            `Stacks run so far: ${previous.map((r) => r.fullName).join(", ") || "none"}. ` +
                            `Include it with --stack, or fix the reference name in config.`,
                    );
                    engineErrors.push(err);
                    throw err;
                }
                return {
                    id: name,
                    state: { name, outputs: referenced.outputs, secretOutputNames: [] },
                };
            }
            if (!args.custom) {
                // Components have no state of their own, except remote (multi-language)
                // components such as awsx's, whose outputs the provider would compute.
                const remote = shapeFor({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    region: stackRegion,
                    stack,
                });
                return {
                    id: undefined,
                    state: {
                        ...args.inputs,
                        ...(args.type.startsWith("awsx:") ? remote.outputs : {}),
                    },
                };
            }
            const region = regionOf(args.inputs, args.provider);
            const shape = shapeFor({
                type: args.type,
                name: args.name,
                inputs: args.inputs,
                region,
                stack,
            });
            return { id: shape.id, state: { ...args.inputs, id: shape.id, ...shape.outputs } };
        },
        call(args) {
            const region = regionOf(args.inputs, args.provider);
            try {
                return answerInvoke(
                    { token: args.token, inputs: args.inputs, region },
                    invokeFixtures,
                );
            } catch (err) {
                engineErrors.push(err);
                throw err;
            }
        },
    };

    await pulumi.runtime.setMocks(mocks, project.name, stack, false, organization);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
    // The real engine qualifies a URN's type with every ancestor's type except the root stack's;
    // the mock monitor prefixes the stack type and only the nearest parent's, so URNs would differ.
    monitor.newUrn = (parent, type, name) => {
        const parentType = parent ? parent.split("::")[2] : rootStackType;
        const qualified = parentType === rootStackType ? type : `${parentType}$${type}`;
        return `urn:pulumi:${stack}::${project.name}::${qualified}::${name}`;
    };
    wrapMonitor(monitor, (kind, req, response) => {
        const urn: string = response.getUrn();
        const type: string = req.getType();
        if (seenUrns.has(urn)) {
            failures.push(
                new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`),
            );
            return;
        }
        seenUrns.add(urn);
        if (type === rootStackType) {
            return;
        }
        const inputs = plain(
            req.getObject ? req.getObject()?.toJavaScript() : req.getProperties()?.toJavaScript(),
        ) as Record<string, unknown>;
        const outputs = plain(
            (kind === "register" ? response.getObject() : response.getProperties())?.toJavaScript(),
        ) as Record<string, unknown>;
        const providerRef: string = req.getProvider?.() || "";
        const providerMap: Map<string, string> | undefined = req.getProvidersMap?.();
        const componentProvider = providerMap?.get("aws");
        const region = regionOf(inputs ?? {}, providerRef || componentProvider);
        if (type.startsWith("pulumi:providers:aws")) {
            providers.set(urn, {
                region: typeof inputs.region === "string" ? inputs.region : stackRegion,
            });
        }
        const parent: string = req.getParent?.() || "";
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap?.().forEach(
            (deps: { getUrnsList(): string[] }, key: string) => {
                propertyDependencies[key] = deps.getUrnsList();
            },
        );
        resources.push({
            urn,
            type,
            name: req.getName(),
            region,
            parent: parent && parent.split("::")[2] !== rootStackType ? parent : undefined,
            provider: providerRef || componentProvider || undefined,
            custom: kind === "read" ? true : req.getCustom(),
            inputs: inputs ?? {},
            outputs: outputs ?? {},
            protect: req.getProtect?.() === true,
            retainOnDelete: req.getRetainondelete?.() === true,
            dependencies: req.getDependenciesList?.() ?? [],
            propertyDependencies,
            stack,
            source: sites.get(`${type}::${req.getName()}`),
        });
    });

    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    // The SDK reads `new Error().stack` for every promise it makes (for leak reports). Under
    // ts-node each read source-maps every frame, which was most of the engine's time on large
    // programs; while the program runs, stacks are formatted plainly and only the one frame a
    // construction site needs is source-mapped.
    const mappedStackTrace = Error.prepareStackTrace;
    Error.prepareStackTrace = plainStackTrace;
    let outputs: Record<string, unknown> = {};
    try {
        clearProgramModules(project.dir);
        const result = await pulumi.runtime.runInPulumiStack(async () => {
            // A legacy stack transformation runs synchronously inside each resource's
            // constructor, so its stack trace shows where the program constructed it.
            pulumi.runtime.registerStackTransformation((args) => {
                const site = captureConstructionSite(project.dir, mappedStackTrace);
                if (site) {
                    sites.set(`${args.type}::${args.name}`, site);
                }
                return undefined;
            });
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const loaded = require(project.main);
            const entry =
                loaded && typeof loaded === "object" && "default" in loaded
                    ? loaded.default
                    : loaded;
            return typeof entry === "function" ? await entry() : loaded;
        });
        outputs = (plain(result) as Record<string, unknown>) ?? {};
        await waitForRegistrations();
    } catch (err) {
        failures.unshift(err);
    } finally {
        // Give rejected registrations one turn to surface before the handler goes.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onRejection);
        Error.prepareStackTrace = mappedStackTrace;
    }
    if (engineErrors.length > 0 || failures.length > 0) {
        throw new ProgramError(stack, engineErrors[0] ?? failures[0], resources);
    }
    const all = [...previous.flatMap((r) => r.resources), ...resources];
    const violations = checkConstraints(resources, all);
    if (violations.length > 0) {
        throw new ConstraintError(stack, violations);
    }
    const role = config.values[`${project.name}:role`];
    return {
        stack,
        fullName,
        project: project.name,
        role,
        region: stackRegion,
        resources,
        outputs,
    };
}

/** The parts of the SDK's MockMonitor the engine intercepts. */
interface MonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    // The request/response objects are protobuf messages; typed loosely on purpose.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    registerResource(req: any, callback: (err: unknown, response: any) => void): void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readResource(req: any, callback: (err: unknown, response: any) => void): void;
}

function wrapMonitor(
    monitor: MonitorLike,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    record: (kind: "register" | "read", req: any, response: any) => void,
) {
    const register = monitor.registerResource.bind(monitor);
    const read = monitor.readResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        register(req, (err, response) => {
            if (!err) {
                record("register", req, response);
            }
            callback(err, response);
        });
    monitor.readResource = (req, callback) =>
        read(req, (err, response) => {
            if (!err) {
                record("read", req, response);
            }
            callback(err, response);
        });
}

/** Waits until every resource registration the program started has finished. */
async function waitForRegistrations() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
}

/** Node caches modules; a program must be evaluated afresh for every stack. */
function clearProgramModules(dir: string) {
    const root = path.resolve(dir) + path.sep;
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(root) && !file.includes(`${path.sep}node_modules${path.sep}`)) {
            delete require.cache[file];
        }
    }
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

/** V8's own stack format, without source maps. */
function plainStackTrace(err: Error, frames: NodeJS.CallSite[]): string {
    return `${err}${frames.map((f) => `\n    at ${f}`).join("")}`;
}

/**
 * Where the program is constructing a resource right now: the first frame in its own files,
 * source-mapped by `mapped` (ts-node's formatter, when present) so lines are TypeScript lines.
 */
function captureConstructionSite(
    programDir: string,
    mapped: typeof Error.prepareStackTrace,
): SourceLocation | undefined {
    const current = Error.prepareStackTrace;
    const holder: { stack?: unknown } = {};
    let frames: NodeJS.CallSite[];
    Error.prepareStackTrace = (_err, callSites) => callSites;
    try {
        Error.captureStackTrace(holder, captureConstructionSite);
        // V8 formats the stack when it is first read, so it is read before the formatter goes.
        frames = holder.stack as NodeJS.CallSite[];
    } finally {
        Error.prepareStackTrace = current;
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
    const text = mapped ? mapped(new Error(), [frame]) : plainStackTrace(new Error(), [frame]);
    return constructionSite(String(text), programDir);
}

/**
 * The first stack frame in the program's own files: not in node_modules and not in the engine.
 * ts-node maps compiled frames back to TypeScript lines.
 */
export function constructionSite(stack: string, programDir: string): SourceLocation | undefined {
    const root = path.resolve(programDir) + path.sep;
    const engineDir = path.resolve(__dirname, "..") + path.sep;
    for (const line of stack.split("\n").slice(1)) {
        const match = /\(?((?:[A-Za-z]:)?[^():]+):(\d+):(\d+)\)?\s*$/.exec(line);
        if (!match) {
            continue;
        }
        const file = match[1].trim();
        if (
            file.startsWith(root) &&
            !file.includes(`${path.sep}node_modules${path.sep}`) &&
            !file.startsWith(engineDir)
        ) {
            return { file: path.relative(root, file), line: Number(match[2]) };
        }
    }
    return undefined;
}
