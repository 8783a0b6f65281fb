/**
 * Shared helpers for tests that run programs through the offline engine. Every test that needs
 * recorded resources goes through here, so the engine is exercised exactly as `npm start` uses it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RunOptions, runStacks } from "../../check/engine/engine";
import { RecordedResource, StackRecord } from "../../check/engine/types";

/** The project root, which holds this project's `Pulumi.yaml`. */
export const projectRoot = path.resolve(__dirname, "../..");

const runs = new Map<string, Promise<StackRecord[]>>();

/**
 * Run this project's stacks (or another program's) offline. Runs are deterministic, so each
 * distinct set of options runs once per mocha process and every later test reads the same,
 * deeply frozen records: a test that tried to change them would throw instead of leaking into
 * the next one. A failed run is not kept, so each test sees its own rejection.
 */
export function runProject(options: Partial<RunOptions> = {}): Promise<StackRecord[]> {
    const key = JSON.stringify({ projectDir: projectRoot, ...options });
    let run = runs.get(key);
    if (!run) {
        run = runStacks({ projectDir: projectRoot, ...options }).then(deepFreeze);
        run.catch(() => runs.delete(key));
        runs.set(key, run);
    }
    return run;
}

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value as object)) {
            deepFreeze(child);
        }
    }
    return value;
}

/** The record of `stack`; fails with the stacks that did run. */
export function stackOf(records: readonly StackRecord[], stack: string): StackRecord {
    const found = records.find((r) => r.stack === stack);
    if (!found) {
        throw new Error(`no stack ${stack}; ran: ${records.map((r) => r.stack).join(", ")}`);
    }
    return found;
}

/** Every resource of `type` in a stack. */
export function resourcesOf(record: StackRecord, type: string): RecordedResource[] {
    return record.resources.filter((r) => r.type === type);
}

/** The one resource of `type` named `name`; fails listing the names of that type. */
export function resourceNamed(record: StackRecord, type: string, name: string): RecordedResource {
    const matches = resourcesOf(record, type).filter((r) => r.name === name);
    if (matches.length !== 1) {
        const names = resourcesOf(record, type).map((r) => r.name);
        throw new Error(
            `expected one ${type} named ${name} in ${record.stack}, found ${matches.length}; names: ${names.join(", ")}`,
        );
    }
    return matches[0];
}

/** The one resource of `type`; fails when there are none or several. */
export function onlyResource(record: StackRecord, type: string): RecordedResource {
    const matches = resourcesOf(record, type);
    if (matches.length !== 1) {
        throw new Error(`expected exactly one ${type} in ${record.stack}, found ${matches.length}`);
    }
    return matches[0];
}

/** Expect `promise` to reject, and return the error's message. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error("expected the promise to reject, but it resolved");
}

/**
 * A JavaScript program of one stack, `dev` in us-east-1, in a new folder under the system's
 * temporary folder (the caller removes it): `index.js` is `source`.
 */
export function writeJsProgram(name: string, source: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mrf-${name}-`));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n    aws:region: us-east-1\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, main: "index.js" }));
    fs.writeFileSync(path.join(dir, "index.js"), source);
    return dir;
}
