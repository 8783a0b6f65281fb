/**
 * A changed program's type check, timed on its own in a fresh process: the check's cached result
 * for the program is removed first, so TypeScript reads the program and every declaration it
 * reaches (most of them `@pulumi/aws`'s), as the first check after a pull request's change does.
 * The check's own run does this in a worker thread whose memory is freed before the stacks run;
 * this process's peak is that thread's. Prints one JSON line for `bench/run.ts`.
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { cacheFile, typeCheckProgram } from "../check/engine/typecheck";
import { loadProject } from "../project/project";

/** What the cold type check measured. */
export interface TypeCheckTiming {
    errors: number;
    totalMs: number;
    maxRssBytes: number;
}

function coldTypeCheck(projectDir: string): TypeCheckTiming {
    const project = loadProject(projectDir);
    fs.rmSync(cacheFile(project.dir, project.main), { force: true });
    const started = performance.now();
    const errors = typeCheckProgram(project.dir, project.main);
    return {
        errors: errors.length,
        totalMs: performance.now() - started,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
}

if (require.main === module) {
    try {
        process.stdout.write(JSON.stringify(coldTypeCheck(path.resolve(process.argv[2]))) + "\n");
    } catch (err) {
        process.stderr.write(`bench type check failed: ${(err as Error).message}\n`);
        process.exit(1);
    }
}
