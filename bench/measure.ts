/**
 * Running one measured child process for the benchmark: its wall time, the CPU it and its
 * children used (Linux /proc), and how much CPU the rest of the machine used meanwhile
 * (`others.ts`), so that every figure is reported next to how busy the machine was.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import { performance } from "perf_hooks";
import { CpuTicks, cpuTicks, othersCores } from "./others";

/** What one run of a child process measured. */
export interface Run {
    /** Wall time of the child process, node's own start included. */
    wallMs: number;
    /** User + system CPU of the child and its children; null off Linux. */
    cpuMs: number | null;
    /** Cores other processes kept busy on average during the run (`others.ts`); null off Linux. */
    othersCores: number | null;
    /** The child's last stdout line (the bench scripts print their JSON there). */
    lastLine: string;
}

let ticksPerSecond: number | undefined;

/** Clock ticks per second (USER_HZ), asked once, when a run is first measured. */
function clockTicks(): number {
    if (ticksPerSecond === undefined) {
        try {
            ticksPerSecond =
                Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
        } catch {
            ticksPerSecond = 100;
        }
    }
    return ticksPerSecond;
}

/** The machine's CPU counters (Linux); null elsewhere. */
function machineTicks(): CpuTicks | null {
    try {
        return cpuTicks(fs.readFileSync("/proc/stat", "utf8"));
    } catch {
        return null;
    }
}

/** This process's own CPU so far (it reads the child's pipes while the child runs). */
function selfCpuMs(): number {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
}

/** CPU of this process's reaped descendants (Linux /proc); null elsewhere. */
function childrenCpuMs(): number | null {
    try {
        const stat = fs.readFileSync("/proc/self/stat", "utf8");
        // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks();
    } catch {
        return null;
    }
}

/**
 * Run `node args` in `cwd` and measure it. Exit codes in `okCodes` count as success (a check that
 * finds a mandatory violation exits 1 and is still a complete run).
 */
export function runNode(args: readonly string[], cwd: string, okCodes = [0]): Promise<Run> {
    const cpuBefore = childrenCpuMs();
    const selfBefore = selfCpuMs();
    const ticksBefore = machineTicks();
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("exit", (code) => {
            const wallMs = performance.now() - started;
            const ticksAfter = machineTicks();
            const cpuAfter = childrenCpuMs();
            const selfMs = selfCpuMs() - selfBefore;
            if (code === null || !okCodes.includes(code)) {
                const last = stderr.trim().split("\n").pop() ?? "";
                reject(new Error(`node ${args.join(" ")} exited with ${code}: ${last}`));
                return;
            }
            const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
            resolve({
                wallMs,
                cpuMs,
                othersCores:
                    ticksBefore && ticksAfter && cpuMs !== null
                        ? othersCores({
                              before: ticksBefore,
                              after: ticksAfter,
                              tickMs: 1000 / clockTicks(),
                              ownCpuMs: cpuMs + selfMs,
                              wallMs,
                          })
                        : null,
                lastLine: stdout.trim().split("\n").pop() ?? "",
            });
        });
    });
}

/** The median of some runs by wall time, so a row's columns all come from one run. */
export function median<T extends { wallMs: number }>(runs: readonly T[]): T {
    const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
    return byWall[Math.floor((byWall.length - 1) / 2)];
}
