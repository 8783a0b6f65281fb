/**
 * The floor a check is measured against: the same program under plain `pulumi.runtime.setMocks`
 * with trivial mocks (inputs echoed back as state), loaded through the same compile cache, in a
 * fresh process. No constraints, no recording, no pack: what the SDK alone costs. Prints one
 * JSON line for `bench/run.ts`.
 */
import * as path from "path";
import { performance } from "perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { loadProject, loadStackConfig, listStacks } from "../project/project";

/** What the floor measured, in milliseconds from this process's start. */
export interface FloorTiming {
    resources: number;
    totalMs: number;
    maxRssBytes: number;
}

async function runFloor(projectDir: string): Promise<FloorTiming> {
    const project = loadProject(projectDir);
    const [stack] = listStacks(projectDir);
    const config = loadStackConfig(project, stack);
    let resources = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                resources++;
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        },
        project.name,
        stack,
        false,
    );
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    await pulumi.runtime.runInPulumiStack(async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded = require(project.main);
        return typeof loaded === "function" ? await loaded() : loaded;
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        waitForRPCs(): Promise<void>;
    };
    await settings.waitForRPCs();
    return {
        resources,
        totalMs: performance.now(),
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
}

if (require.main === module) {
    runFloor(path.resolve(process.argv[2])).then(
        (timing) => {
            process.stdout.write(JSON.stringify(timing) + "\n");
            process.exit(0);
        },
        (err) => {
            process.stderr.write(`bench floor failed: ${(err as Error).message}\n`);
            process.exit(1);
        },
    );
}
