/**
 * Reads a Pulumi project the way the CLI does: `Pulumi.yaml` (name, main, config schema with
 * defaults) and `Pulumi.<stack>.yaml`, then applies `KEY=VALUE` overrides. The result is the flat
 * `namespace:key -> string` map the engine hands to a program.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/** A problem with the project or its config, reported with exit code 2. */
export class ProjectError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ProjectError";
    }
}

/** One declared project config key from `Pulumi.yaml`. */
export interface ConfigDeclaration {
    /** Full key, `namespace:name`. */
    key: string;
    type?: string;
    description?: string;
    default?: unknown;
    /** A plain value set for every stack (`aws:region: us-east-1` or `{ value: ... }`). */
    value?: unknown;
}

/** The parts of `Pulumi.yaml` the engine uses. */
export interface ProjectFile {
    /** The project folder. */
    dir: string;
    name: string;
    /** Absolute path of the program entry (file or folder). */
    main: string;
    config: ConfigDeclaration[];
}

/** Read and validate `<dir>/Pulumi.yaml`. */
export function loadProject(dir: string): ProjectFile {
    const file = path.join(dir, "Pulumi.yaml");
    const doc = readYaml(file);
    if (typeof doc.name !== "string" || doc.name === "") {
        throw new ProjectError(`${file}: "name" is required`);
    }
    const runtime =
        typeof doc.runtime === "string" ? doc.runtime : (doc.runtime as { name?: string })?.name;
    if (runtime !== "nodejs") {
        throw new ProjectError(
            `${file}: runtime ${JSON.stringify(runtime)} is not supported offline; only nodejs programs can be checked`,
        );
    }
    const config: ConfigDeclaration[] = [];
    const declared = (doc.config ?? {}) as Record<string, unknown>;
    for (const [rawKey, spec] of Object.entries(declared)) {
        const key = rawKey.includes(":") ? rawKey : `${doc.name}:${rawKey}`;
        if (spec !== null && typeof spec === "object" && !Array.isArray(spec)) {
            const s = spec as Record<string, unknown>;
            if ("value" in s) {
                config.push({ key, value: s.value });
            } else {
                config.push({
                    key,
                    type: s.type as string | undefined,
                    description: s.description as string | undefined,
                    default: s.default,
                });
            }
        } else {
            config.push({ key, value: spec });
        }
    }
    return { dir, name: doc.name, main: programEntry(dir, doc.main), config };
}

/**
 * What `require` must load to run the program. A folder is a folder: `require("/x/app")` would
 * load a sibling `/x/app.json` or `/x/app.js` first, so a folder entry keeps a trailing separator,
 * which makes Node resolve it as a directory only (its package.json `main`, else index).
 */
export function programEntry(dir: string, main: unknown): string {
    const entry = path.resolve(dir, typeof main === "string" && main !== "" ? main : ".");
    let isDir = false;
    try {
        isDir = fs.statSync(entry).isDirectory();
    } catch {
        // A missing entry is reported by require, naming the path.
    }
    return isDir ? entry + path.sep : entry;
}

/** The stack names that have a `Pulumi.<stack>.yaml` in the project folder, sorted. */
export function listStacks(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** The stack a project without stack files is checked as, unless --stack names another. */
export const defaultStack = "dev";

/**
 * The one stack to run when the project folder has no `Pulumi.<stack>.yaml` at all: the single
 * `--stack` name, else `dev`. Undefined when the folder has stack files (they are the stacks).
 */
export function implicitStack(dir: string, requested: readonly string[]): string | undefined {
    if (listStacks(dir).length > 0) {
        return undefined;
    }
    if (requested.length > 1) {
        throw new ProjectError(
            `${dir} has no Pulumi.<stack>.yaml, so it is checked as one stack; give at most one --stack (got ${requested.join(", ")})`,
        );
    }
    return requested[0] ?? defaultStack;
}

/**
 * The stacks to run: the requested ones (each must have its stack file), else every stack file;
 * a folder without stack files runs its one implicit stack.
 */
export function selectStacks(dir: string, requested: readonly string[]): string[] {
    const implicit = implicitStack(dir, requested);
    if (implicit) {
        return [implicit];
    }
    const available = listStacks(dir);
    for (const stack of requested) {
        if (!available.includes(stack)) {
            throw new ProjectError(
                `stack ${JSON.stringify(stack)} has no Pulumi.${stack}.yaml in ${dir}; stacks: ${available.join(", ")}`,
            );
        }
    }
    return requested.length > 0 ? [...requested] : available;
}

/** Result of reading a stack's config. */
export interface StackConfigMap {
    /** `namespace:key` to the string the program sees. */
    values: Record<string, string>;
    /** Keys whose values are secrets. */
    secretKeys: string[];
}

/**
 * The config a program sees for `stack`: project defaults and values, then the stack file, then
 * overrides. Override keys may be `ns:key`, a bare project key, or a path into an object value
 * (`routing.ttlSeconds=30`), like `pulumi config set --path`.
 */
export function loadStackConfig(
    project: ProjectFile,
    stack: string,
    overrides: readonly string[] = [],
): StackConfigMap {
    const values: Record<string, unknown> = {};
    for (const decl of project.config) {
        if (decl.value !== undefined) {
            values[decl.key] = decl.value;
        } else if (decl.default !== undefined) {
            values[decl.key] = decl.default;
        }
    }
    const secretKeys: string[] = [];
    const file = [".yaml", ".yml"]
        .map((ext) => path.join(project.dir, `Pulumi.${stack}${ext}`))
        .find((f) => fs.existsSync(f));
    if (!file && listStacks(project.dir).length > 0) {
        throw new ProjectError(
            `stack ${JSON.stringify(stack)} has no Pulumi.${stack}.yaml in ${project.dir}`,
        );
    }
    // A project with no stack files at all runs one stack on the project's own config.
    const doc = file ? readYaml(file) : {};
    for (const [rawKey, value] of Object.entries((doc.config ?? {}) as Record<string, unknown>)) {
        const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
        if (value !== null && typeof value === "object" && "secure" in (value as object)) {
            // Secrets are encrypted with a key this machine does not have; the program sees a
            // placeholder, flagged secret, exactly as a policy would see a secret value.
            values[key] = "[secret]";
            secretKeys.push(key);
        } else {
            values[key] = value;
        }
    }
    for (const override of overrides) {
        applyOverride(project.name, values, override);
    }
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
        flat[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { values: flat, secretKeys };
}

/** Path parts that would write through to Object.prototype instead of the config object. */
const forbiddenPathParts = ["__proto__", "constructor", "prototype"];

function applyOverride(projectName: string, values: Record<string, unknown>, override: string) {
    const eq = override.indexOf("=");
    if (eq <= 0) {
        throw new ProjectError(
            `--config ${JSON.stringify(override)} is invalid; use KEY=VALUE, e.g. strategy=pilot-light or routing.ttlSeconds=30`,
        );
    }
    const rawKey = override.slice(0, eq);
    const rawValue = override.slice(eq + 1);
    const qualified = rawKey.includes(":") ? rawKey : `${projectName}:${rawKey}`;
    const [topKey, ...pathParts] = qualified.split(".");
    const forbidden = [topKey.slice(topKey.indexOf(":") + 1), ...pathParts].find((p) =>
        forbiddenPathParts.includes(p),
    );
    if (forbidden !== undefined) {
        throw new ProjectError(
            `--config ${JSON.stringify(override)}: ${JSON.stringify(forbidden)} is not allowed in a config key or path (it would reach the object prototype); use plain key names`,
        );
    }
    if (pathParts.length === 0) {
        values[topKey] = rawValue;
        return;
    }
    const current = values[topKey];
    let root: Record<string, unknown>;
    if (current === undefined) {
        root = {};
    } else if (typeof current === "object" && current !== null && !Array.isArray(current)) {
        root = structuredClone(current) as Record<string, unknown>;
    } else if (typeof current === "string" && current.trim().startsWith("{")) {
        try {
            root = JSON.parse(current) as Record<string, unknown>;
        } catch (err) {
            throw new ProjectError(
                `--config ${JSON.stringify(override)}: ${topKey} is not valid JSON (${(err as Error).message}), so it has no field ${pathParts.join(".")}`,
            );
        }
    } else {
        throw new ProjectError(
            `--config ${JSON.stringify(override)}: ${topKey} is not an object, so it has no field ${pathParts.join(".")}`,
        );
    }
    let node = root;
    for (const part of pathParts.slice(0, -1)) {
        if (typeof node[part] !== "object" || node[part] === null) {
            node[part] = {};
        }
        node = node[part] as Record<string, unknown>;
    }
    node[pathParts[pathParts.length - 1]] = parseScalar(rawValue);
    values[topKey] = root;
}

/** `pulumi config set --path` keeps numbers and booleans typed inside objects; so do we. */
function parseScalar(raw: string): unknown {
    if (raw === "true" || raw === "false") {
        return raw === "true";
    }
    if (/^-?\d+(\.\d+)?$/.test(raw)) {
        return Number(raw);
    }
    if (raw.startsWith("[") || raw.startsWith("{")) {
        try {
            return JSON.parse(raw);
        } catch {
            return raw;
        }
    }
    return raw;
}

function readYaml(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ProjectError(`${file}: not found`);
    }
    try {
        const doc = yaml.load(text);
        if (doc === null || typeof doc !== "object") {
            throw new ProjectError(`${file}: expected a YAML mapping`);
        }
        return doc as Record<string, unknown>;
    } catch (err) {
        if (err instanceof ProjectError) {
            throw err;
        }
        throw new ProjectError(`${file}: invalid YAML: ${(err as Error).message.split("\n")[0]}`);
    }
}
