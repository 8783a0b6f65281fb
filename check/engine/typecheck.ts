/**
 * The program is type-checked as `pulumi up` would type-check it, before anything runs.
 *
 * Pulumi's Node.js language host runs a TypeScript program through ts-node, and ts-node checks
 * types unless told not to (the SDK's cmd/run/run.js in @pulumi/pulumi): a type error fails
 * `pulumi up` before the program creates anything, so it fails the check too. The same opt-outs
 * are honoured, in the SDK's order:
 * - `runtime: { name: nodejs, options: { typescript: false } }` in Pulumi.yaml: the program is
 *   not run as TypeScript at all (https://www.pulumi.com/docs/iac/concepts/projects/project-file/);
 * - `PULUMI_NODEJS_TRANSPILE_ONLY=true` (any other value means "check");
 * - otherwise `compilerOptions.noCheck: true` in the program's tsconfig.json
 *   (`PULUMI_NODEJS_TSCONFIG_PATH` names another file, relative to the project folder).
 * Only TypeScript entry points are checked (ts-node compiles .ts files), and only diagnostics in
 * the program's own files: in its folder and not installed (ts-node ignores node_modules; a file
 * imported from outside the folder, such as this repository's components from examples/, is
 * type-checked by its own project, `npm run typecheck`).
 *
 * Checking a program with @pulumi/aws's declarations costs seconds and about 0.5 GB, so it runs in
 * a worker thread of its own (`typeCheckInWorker`) and its result is kept, keyed by the hash of
 * every file the check read (the tsconfig chain included) and the TypeScript version; a check
 * whose files did not change reads the result without loading TypeScript (`knownTypeErrors`).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import * as yaml from "js-yaml";
import type * as tsTypes from "typescript";

/** Changes when what this file reports changes, so that no older result is reused. */
const cacheVersion = 3;

/** ts-node's own default ignores: TS6059 (rootDir), TS18002/18003 (no inputs in tsconfig). */
const ignoredCodes = new Set([6059, 18002, 18003]);

/** Why the check is skipped, or undefined when the program is checked. */
export function typeCheckOptOut(
    projectDir: string,
    main: string,
    env: NodeJS.ProcessEnv = process.env,
): string | undefined {
    if (!/\.(ts|mts|cts|tsx)$/.test(main)) {
        return "the entry point is not TypeScript";
    }
    const doc = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as {
        runtime?: { options?: { typescript?: unknown } };
    };
    if (doc?.runtime?.options?.typescript === false) {
        return "Pulumi.yaml sets runtime.options.typescript: false";
    }
    const env_ = env.PULUMI_NODEJS_TRANSPILE_ONLY;
    if (env_) {
        return env_ === "true" ? "PULUMI_NODEJS_TRANSPILE_ONLY=true" : undefined;
    }
    return undefined;
}

function tsconfigPath(projectDir: string, env: NodeJS.ProcessEnv): string {
    return path.resolve(projectDir, env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
}

/** The compiler options ts-node would use: the tsconfig's, or ts-node's defaults without one. */
function compilerOptions(
    ts: typeof tsTypes,
    configFile: string,
): { options: tsTypes.CompilerOptions; configFiles: string[]; problem?: string } {
    // Read for the cache's key even when absent: a tsconfig added later changes the key.
    const configFiles = [configFile];
    if (!fs.existsSync(configFile)) {
        return {
            configFiles,
            options: {
                target: ts.ScriptTarget.ES2022,
                module: ts.ModuleKind.CommonJS,
                moduleResolution: ts.ModuleResolutionKind.Node10,
                esModuleInterop: true,
                strict: false,
                skipLibCheck: true,
                types: ["node"],
                typeRoots: [path.join(__dirname, "..", "..", "node_modules", "@types")],
            },
        };
    }
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, undefined, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
    });
    if (!parsed) {
        return { options: {}, configFiles, problem: `${configFile} cannot be read` };
    }
    // Every tsconfig it extends decides the options too.
    const source = parsed.options.configFile as tsTypes.TsConfigSourceFile | undefined;
    configFiles.push(...(source?.extendedSourceFiles ?? []));
    const options: tsTypes.CompilerOptions = { ...parsed.options, noEmit: true };
    // The program is loaded as CommonJS whatever its tsconfig's module says (ts-node's require
    // hook, and the engine's compile cache, compile it that way), so it resolves as CommonJS.
    const loadedAs = [ts.ModuleKind.CommonJS, ts.ModuleKind.Node16, ts.ModuleKind.NodeNext];
    if (!loadedAs.includes(options.module ?? ts.ModuleKind.CommonJS)) {
        options.module = ts.ModuleKind.CommonJS;
        options.moduleResolution = ts.ModuleResolutionKind.Node10;
    }
    return { options, configFiles };
}

/** Where results are kept: beside the compile cache. */
function cacheDir(): string {
    return (
        process.env.MRF_COMPILE_CACHE ||
        path.join(__dirname, "..", "..", "node_modules", ".cache", "multi-region-failover")
    );
}

/** One line per diagnostic: `file:line:col TScode message`, files relative to the project. */
function format(ts: typeof tsTypes, projectDir: string, d: tsTypes.Diagnostic): string {
    const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!d.file || d.start === undefined) {
        return `TS${d.code} ${text}`;
    }
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(projectDir, d.file.fileName)}:${line + 1}:${character + 1} TS${d.code} ${text}`;
}

/** The entry file a program folder's `main` names (its index), or undefined when it has none. */
function entryOf(main: string): string | undefined {
    if (fs.existsSync(main) && fs.statSync(main).isDirectory()) {
        return ["index.ts", "index.js"].map((f) => path.join(main, f)).find(fs.existsSync);
    }
    return main;
}

/** The TypeScript a check would load, by its package.json: no need to load TypeScript itself. */
function typeScriptVersion(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("typescript/package.json") as { version: string }).version;
}

/**
 * A result's key: what decides the check besides its files (this file's version, TypeScript's,
 * the entry, which tsconfig, the opt-out variable, this package's folder for ts-node's defaults),
 * then every file the check read (the program's and its tsconfig chain's by content, installed
 * packages by their package.json, which a new version or a reinstall changes; far cheaper than
 * every declaration file).
 */
function cacheKey(
    projectDir: string,
    main: string,
    env: NodeJS.ProcessEnv,
    files: readonly string[],
): string {
    return crypto
        .createHash("sha256")
        .update(
            JSON.stringify([
                cacheVersion,
                typeScriptVersion(),
                main,
                tsconfigPath(projectDir, env),
                env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "",
                fallbackFrom,
            ]),
        )
        .update(
            [...new Set(files.map(packageOf))]
                .map((f) => `${f}\0${f.includes("/node_modules/") ? stamp(f) : safeRead(f)}`)
                .join("\0"),
        )
        .digest("hex");
}

/** Where the result for a program is kept (the benchmark removes it to time a cold check). */
export function cacheFile(projectDir: string, main: string): string {
    return path.join(
        cacheDir(),
        "typecheck",
        `${hashOf(projectDir + (entryOf(main) ?? main))}.json`,
    );
}

/**
 * The program's type errors when they are known without TypeScript (the check is opted out of,
 * or its result is cached and no file it read has changed); undefined when only a check can say.
 * A check with a cached result loads no TypeScript at all.
 */
export function knownTypeErrors(
    projectDir: string,
    main: string,
    env: NodeJS.ProcessEnv = process.env,
): string[] | undefined {
    const entry = entryOf(main);
    if (entry === undefined || typeCheckOptOut(projectDir, entry, env)) {
        return [];
    }
    const cached = readCache(cacheFile(projectDir, entry));
    return cached && cached.key === cacheKey(projectDir, entry, env, cached.files)
        ? cached.errors
        : undefined;
}

/**
 * The program's type errors as `pulumi up` would report them (empty when it type-checks or the
 * check is opted out of). A cached result is returned as is; otherwise TypeScript checks the
 * program and the result is kept.
 */
export function typeCheckProgram(
    projectDir: string,
    main: string,
    env: NodeJS.ProcessEnv = process.env,
): string[] {
    const known = knownTypeErrors(projectDir, main, env);
    if (known) {
        return known;
    }
    const entry = entryOf(main)!;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof tsTypes;
    const configFile = tsconfigPath(projectDir, env);
    const { options, configFiles, problem } = compilerOptions(ts, configFile);
    if (problem) {
        return [problem];
    }
    const keep = (files: string[], errors: string[]) => {
        writeCache(cacheFile(projectDir, entry), {
            key: cacheKey(projectDir, entry, env, files),
            files,
            errors,
        });
        return errors;
    };
    if ((options as { noCheck?: boolean }).noCheck === true && !env.PULUMI_NODEJS_TRANSPILE_ONLY) {
        return keep(configFiles, []);
    }
    const program = ts.createProgram({
        rootNames: [entry],
        options: { ...options, noEmit: true },
        host: fallbackHost(ts, { ...options, noEmit: true }),
    });
    // The program's own files: in its folder, not installed. A file it imports from outside
    // its folder (this repository's components, from examples/) is checked by its own project.
    const inside = path.resolve(projectDir) + path.sep;
    const own = program
        .getSourceFiles()
        .filter(
            (f) =>
                path.resolve(f.fileName).startsWith(inside) &&
                !f.fileName.includes("/node_modules/") &&
                !program.isSourceFileDefaultLibrary(f),
        );
    const errors = own
        .flatMap((f) => [
            ...program.getSyntacticDiagnostics(f),
            ...program.getSemanticDiagnostics(f),
        ])
        .filter((d) => d.category === ts.DiagnosticCategory.Error && !ignoredCodes.has(d.code))
        .map((d) => format(ts, projectDir, d));
    return keep([...configFiles, ...program.getSourceFiles().map((f) => f.fileName)], errors);
}

/** A type check running in a worker thread of its own, and how to stop it. */
export interface TypeCheckRun {
    errors: Promise<string[]>;
    stop(): Promise<void>;
}

/**
 * `typeCheckProgram` in a worker thread: the main thread stays free (the pack's start and the
 * stacks' workers go on meanwhile), and TypeScript's parse of every declaration the program
 * reaches (about 0.5 GB with @pulumi/aws) is freed when the thread ends instead of staying in
 * the check's process.
 */
export function typeCheckInWorker(
    projectDir: string,
    main: string,
    execArgv: string[],
    env: NodeJS.ProcessEnv = process.env,
): TypeCheckRun {
    const cache = path.join(__dirname, "compile-cache.js");
    const entry = path.join(__dirname, `typecheck${path.extname(__filename)}`);
    const worker = new Worker(
        [
            `require(${JSON.stringify(cache)});`,
            `const { parentPort, workerData: w } = require("worker_threads");`,
            `const { typeCheckProgram } = require(${JSON.stringify(entry)});`,
            `parentPort.postMessage(typeCheckProgram(w.projectDir, w.main, w.env));`,
        ].join("\n"),
        { eval: true, execArgv, workerData: { projectDir, main, env: { ...env } } },
    );
    const errors = new Promise<string[]>((resolve, reject) => {
        let result: string[] | undefined;
        let failure: Error | undefined;
        worker.once("message", (found: string[]) => (result = found));
        worker.once("error", (err) => (failure = err));
        worker.once("exit", (code) => {
            if (result) {
                resolve(result);
            } else {
                reject(
                    failure ??
                        new Error(
                            `the type check's worker stopped (exit code ${code}) without a result`,
                        ),
                );
            }
        });
    });
    return { errors, stop: async () => void (await worker.terminate()) };
}

/** This package's node_modules: where a program without its own resolves @pulumi/* at run time. */
const fallbackFrom = path.join(__dirname, "..", "..", "package.json");

/**
 * A compiler host that resolves a module the program cannot resolve from its own folder as
 * this package would, as the check's workers do at run time (NODE_PATH, bin/multi-region-failover).
 */
function fallbackHost(ts: typeof tsTypes, options: tsTypes.CompilerOptions): tsTypes.CompilerHost {
    const host = ts.createCompilerHost(options);
    host.resolveModuleNames = (names, containingFile) =>
        names.map((name) => {
            const own = ts.resolveModuleName(name, containingFile, options, host).resolvedModule;
            return (
                own ??
                ts.resolveModuleName(name, fallbackFrom, options, host).resolvedModule ??
                undefined
            );
        }) as tsTypes.ResolvedModule[];
    host.getDefaultLibLocation = () => path.dirname(ts.getDefaultLibFilePath(options));
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, version, onError, create) => {
        const installed = fileName.includes("/node_modules/");
        const kept = installed
            ? installedFiles.get(`${fileName}\0${JSON.stringify(version)}`)
            : undefined;
        if (kept) {
            return kept;
        }
        const file = getSourceFile(fileName, version, onError, create);
        if (installed && file) {
            installedFiles.set(`${fileName}\0${JSON.stringify(version)}`, file);
        }
        return file;
    };
    return host;
}

/** An installed file's package.json; the program's own files stand for themselves. */
function packageOf(file: string): string {
    const m = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
    return m ? `${m[1]}/package.json` : file;
}

/** Parsed declaration files of installed packages, kept across checks in one process. */
const installedFiles = new Map<string, tsTypes.SourceFile>();

function stamp(file: string): string {
    try {
        const s = fs.statSync(file);
        return `${s.size}:${s.mtimeMs}`;
    } catch {
        return "";
    }
}

/** A file's text; a file that is not there reads differently from an empty one. */
function safeRead(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return "\0absent";
    }
}

function hashOf(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex").slice(0, 32);
}

interface CacheEntry {
    key: string;
    files: string[];
    errors: string[];
}

function readCache(file: string): CacheEntry | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as CacheEntry;
    } catch {
        return undefined;
    }
}

function writeCache(file: string, entry: CacheEntry): void {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(entry));
        fs.renameSync(tmp, file);
    } catch {
        // A cache that cannot be written only costs the next run the check again.
    }
}

/** The one line an exit 2 prints for a program that does not type-check. */
export function typeCheckMessage(errors: readonly string[]): string {
    return (
        `the program does not type-check, so pulumi up would stop before creating anything: ${errors[0]}` +
        (errors.length > 1
            ? ` (and ${errors.length - 1} more type error${errors.length > 2 ? "s" : ""})`
            : "") +
        "; to run it without type checking as pulumi up would, set runtime.options.typescript: false in Pulumi.yaml or PULUMI_NODEJS_TRANSPILE_ONLY=true"
    );
}
