// @ts-check
/**
 * A require hook for TypeScript files with a persistent transpile cache, so that the check, the
 * policy pack and a checked program pay for TypeScript only when a file changed. On a hit nothing
 * of TypeScript is loaded; on a miss the file is transpiled as `ts-node --transpile-only` would
 * (`ts.transpileModule` with the nearest tsconfig.json's compiler options, CommonJS modules).
 *
 * Plain JavaScript so that Node can load it before anything can compile TypeScript:
 * `node -r ./check/engine/compile-cache.js check/cli.ts`.
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
            module: ts.ModuleKind.CommonJS,
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
    try {
        fs.mkdirSync(cacheDir, { recursive: true });
        // Written under a unique name and renamed, so a concurrent reader never sees half a file.
        const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        fs.writeFileSync(tmp, JSON.stringify(entry));
        fs.renameSync(tmp, cached);
    } catch {
        // A read-only cache folder only costs speed.
    }
    return entry;
}

/** @type {Record<string, (module: any, filename: string) => void>} */
// @ts-expect-error Module._extensions is not in Node's public types.
const extensions = Module._extensions;
extensions[".ts"] = (module, filename) => {
    const { code, map } = transpile(filename, fs.readFileSync(filename, "utf8"));
    if (map) {
        sourceMaps.set(filename, map);
    }
    module._compile(code, filename);
};

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
    const entry = new Module.SourceMap(JSON.parse(map)).findEntry(line - 1, column - 1);
    return entry && typeof entry.originalLine === "number"
        ? { line: entry.originalLine + 1, column: entry.originalColumn + 1 }
        : { line, column };
}

module.exports = { sourcePosition, cacheDir };
