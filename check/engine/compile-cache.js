// @ts-check
/**
 * A require hook for TypeScript files with a persistent transpile cache, so that the check, the
 * policy pack and a checked program pay for TypeScript only when a file changed. On a hit nothing
 * of TypeScript is loaded; on a miss the file is transpiled as `ts-node --transpile-only` would
 * (`ts.transpileModule` with the nearest tsconfig.json's compiler options, CommonJS modules).
 *
 * Plain JavaScript so that Node can load it before anything can compile TypeScript:
 * `node -r ./check/engine/compile-cache.js bin/main.ts`.
 *
 * Source maps are kept in memory, not installed as a stack formatter: the engine maps the one
 * frame it needs (a construction site) with `sourcePosition`.
 */
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports */
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const cacheDir =
    process.env.MRF_COMPILE_CACHE ||
    path.join(__dirname, "..", "..", "node_modules", ".cache", "multi-region-failover");

/** @type {Map<string, string>} file -> source map JSON */
const sourceMaps = new Map();
/** @type {Map<string, { text: string, map: object }>} file -> its source map parsed, and from what */
const parsedMaps = new Map();
/** @type {Map<string, { file: string, text: string } | null>} folder -> nearest tsconfig */
const tsconfigs = new Map();
/** @type {Map<string, object>} tsconfig file -> compiler options */
const parsedOptions = new Map();
/** @type {any} */
let ts;

const typescriptVersion = (() => {
    try {
        return JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8"))
            .version;
    } catch {
        return "none";
    }
})();

/** @param {string} dir */
function nearestTsconfig(dir) {
    if (tsconfigs.has(dir)) {
        return tsconfigs.get(dir) ?? null;
    }
    const file = path.join(dir, "tsconfig.json");
    let found = null;
    if (fs.existsSync(file)) {
        found = { file, text: fs.readFileSync(file, "utf8") };
    } else if (path.dirname(dir) !== dir && path.basename(dir) !== "node_modules") {
        found = nearestTsconfig(path.dirname(dir));
    }
    tsconfigs.set(dir, found);
    return found;
}

/** @param {{ file: string } | null} config */
function compilerOptions(config) {
    const key = config ? config.file : "";
    if (!parsedOptions.has(key)) {
        // Without a tsconfig.json (a program in a bare folder, or this package's own sources
        // once installed under node_modules), transpile for the Node this runs on, as ts-node's
        // defaults would: TypeScript's own default target (ES5) would turn classes into
        // functions, and a class extending the SDK's (ES2015) classes would fail to construct.
        let options = {
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
            resolveJsonModule: true,
        };
        if (config) {
            const read = ts.readConfigFile(config.file, ts.sys.readFile);
            options = ts.parseJsonConfigFileContent(
                read.config ?? {},
                ts.sys,
                path.dirname(config.file),
            ).options;
        }
        parsedOptions.set(key, {
            ...options,
            // CommonJS whatever the program's `module` (NodeNext, ES2022, Preserve): imports
            // become `require`, which the hooks here resolve, as ts-node --transpile-only does.
            module: ts.ModuleKind.CommonJS,
            verbatimModuleSyntax: false,
            sourceMap: true,
            inlineSourceMap: false,
            inlineSources: false,
            declaration: false,
            declarationMap: false,
            noEmit: false,
            outDir: undefined,
        });
    }
    return parsedOptions.get(key);
}

/**
 * The JavaScript and source map for a TypeScript file, from the cache when the file, its
 * tsconfig and the TypeScript version are unchanged.
 * @param {string} filename
 * @param {string} source
 * @returns {{ code: string, map: string }}
 */
function transpile(filename, source) {
    const config = nearestTsconfig(path.dirname(filename));
    const key = crypto
        .createHash("sha256")
        .update(`${typescriptVersion}\0${filename}\0${config ? config.text : ""}\0${source}`)
        .digest("hex");
    const cached = path.join(cacheDir, `${key}.json`);
    try {
        return JSON.parse(fs.readFileSync(cached, "utf8"));
    } catch {
        // A miss (or a torn entry): transpile and write it.
    }
    ts ??= require("typescript");
    const out = ts.transpileModule(source, {
        fileName: filename,
        compilerOptions: compilerOptions(config),
        reportDiagnostics: false,
    });
    const entry = {
        code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"),
        map: out.sourceMapText ?? "",
    };
    writeAtomically(cached, JSON.stringify(entry));
    return entry;
}

/**
 * Write a cache entry under a unique name and rename it, so that a concurrent reader never sees
 * half a file. A read-only cache folder only costs speed.
 * @param {string} file
 * @param {string | Buffer} data
 */
function writeAtomically(file, data) {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        fs.writeFileSync(tmp, data);
        fs.renameSync(tmp, file);
    } catch {
        // Only speed is lost.
    }
}

/** @type {Record<string, (module: any, filename: string) => void>} */
// @ts-expect-error Module._extensions is not in Node's public types.
const extensions = Module._extensions;
/** @param {any} module @param {string} filename */
function compileTypeScript(module, filename) {
    const { code, map } = transpile(filename, fs.readFileSync(filename, "utf8"));
    if (map) {
        sourceMaps.set(filename, map);
    }
    module._compile(code, filename);
}
extensions[".ts"] = compileTypeScript;
// ES module TypeScript (`.mts`, `.cts`) is compiled to CommonJS like `.ts`, as `ts-node
// --transpile-only` runs a program whose package is `"type": "module"`.
extensions[".mts"] = compileTypeScript;
extensions[".cts"] = compileTypeScript;

/** The TypeScript file an ESM-style import names by its output: `./x.js` is `./x.ts`. */
const outputToSource = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

/**
 * Under `"moduleResolution": "nodenext"` or `"bundler"` a TypeScript file imports its sibling by
 * the name it will have once compiled (`import { x } from "./x.js"` for `x.ts`), as TypeScript
 * and ts-node resolve it. A relative `.js`/`.mjs`/`.cjs` import from a TypeScript file that
 * does not exist as JavaScript resolves to the TypeScript source beside it.
 * @param {string} request @param {any} parent
 * @returns {string[]}
 */
function sourceCandidates(request, parent) {
    const from = parent && typeof parent.filename === "string" ? parent.filename : "";
    if (!/\.[mc]?tsx?$/.test(from) || !(request.startsWith("./") || request.startsWith("../"))) {
        return [];
    }
    const ext = path.extname(request);
    const targets = outputToSource[/** @type {".js"} */ (ext)] ?? [];
    return targets.map((t) => request.slice(0, -ext.length) + t);
}

// @ts-expect-error Module._resolveFilename is not in Node's public types.
const resolveFilename = Module._resolveFilename;
// @ts-expect-error Module._resolveFilename is not in Node's public types.
Module._resolveFilename = function (request, parent, isMain, options) {
    try {
        return resolveFilename.call(this, request, parent, isMain, options);
    } catch (err) {
        for (const candidate of sourceCandidates(request, parent)) {
            try {
                return resolveFilename.call(this, candidate, parent, isMain, options);
            } catch {
                // Try the next source extension; the original error is the one to report.
            }
        }
        throw err;
    }
};

/**
 * V8's code cache for the JavaScript of node_modules (the SDK, @pulumi/aws, the policy SDK,
 * gRPC): Node 20 parses and compiles every module afresh on every start, and each check loads the
 * SDK in every stack's worker and in the pack. With the compiled code kept per file (path, size, mtime),
 * loading `@pulumi/pulumi` and `@pulumi/aws` took 0.31 s of CPU instead of 0.50 s (measured
 * 2026-12-06, load 30). `MRF_CODE_CACHE=0` turns it off. The module function is called exactly as
 * Node's own loader calls it (`Module.wrap`, the same five arguments).
 */
const vm = require("vm");
const codeCacheDir = path.join(cacheDir, "v8");
const dynamicImport = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
const compile = Module.prototype._compile;
const nodeModules = `${path.sep}node_modules${path.sep}`;
if (process.env.MRF_CODE_CACHE !== "0" && dynamicImport) {
    /** @this {any} @param {string} content @param {string} filename */
    Module.prototype._compile = function compileWithCodeCache(content, filename) {
        if (!filename.endsWith(".js") || !filename.includes(nodeModules)) {
            return compile.call(this, content, filename);
        }
        // Keyed by path, size and modification time (npm writes every file it installs), not
        // by hashing the content, which cost a third of the saving.
        let stat;
        try {
            stat = fs.statSync(filename);
        } catch {
            return compile.call(this, content, filename);
        }
        const key = crypto
            .createHash("sha1")
            .update(`${filename}\0${content.length}\0${stat.size}\0${stat.mtimeMs}`)
            .digest("hex");
        const file = path.join(codeCacheDir, key);
        /** @type {Buffer | undefined} */
        let cachedData;
        try {
            cachedData = fs.readFileSync(file);
        } catch {
            // A miss: compiled below and written for the next start.
        }
        const script = new vm.Script(Module.wrap(content), {
            filename,
            cachedData,
            importModuleDynamically: dynamicImport,
        });
        if (cachedData === undefined || script.cachedDataRejected) {
            writeAtomically(file, script.createCachedData());
        }
        // The module's own `require`, as Node's loader builds it for the module function.
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        const mod = this;
        /** @param {string} id */
        const req = (id) => mod.require(id);
        req.resolve = (/** @type {string} */ request, /** @type {any} */ options) =>
            // @ts-expect-error Module._resolveFilename is not in Node's public types.
            Module._resolveFilename(request, mod, false, options);
        req.resolve.paths = (/** @type {string} */ request) =>
            // @ts-expect-error Module._resolveLookupPaths is not in Node's public types.
            Module._resolveLookupPaths(request, mod);
        req.main = require.main;
        req.extensions = extensions;
        req.cache = require.cache;
        return script
            .runInThisContext({ displayErrors: true })
            .call(mod.exports, mod.exports, req, mod, filename, path.dirname(filename));
    };
}

/**
 * The TypeScript position of a 1-based line and column of a file this hook compiled; the same
 * position for files it did not compile.
 * @param {string} file
 * @param {number} line
 * @param {number} column
 * @returns {{ line: number, column: number }}
 */
function sourcePosition(file, line, column) {
    const map = sourceMaps.get(file);
    if (!map) {
        return { line, column };
    }
    // Parsed once per compiled text: a loop of resources asks for the same file thousands of times.
    let parsed = parsedMaps.get(file);
    if (!parsed || parsed.text !== map) {
        parsed = { text: map, map: new Module.SourceMap(JSON.parse(map)) };
        parsedMaps.set(file, parsed);
    }
    const entry = parsed.map.findEntry(line - 1, column - 1);
    return entry && typeof entry.originalLine === "number"
        ? { line: entry.originalLine + 1, column: entry.originalColumn + 1 }
        : { line, column };
}

module.exports = { sourcePosition, cacheDir };
