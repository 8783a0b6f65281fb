/** What processes a test left behind (Linux /proc). */
import * as fs from "fs";

/** Pids of the live children of `pid`, with their command lines. */
export function childrenOf(pid: number): { pid: number; cmdline: string }[] {
    const found: { pid: number; cmdline: string }[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) {
            continue;
        }
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            // Fields after the parenthesised command name: state, ppid, ...
            const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            if (Number(ppid) === pid && state !== "Z") {
                const cmdline = fs
                    .readFileSync(`/proc/${entry}/cmdline`, "utf8")
                    .split("\0")
                    .join(" ")
                    .trim();
                found.push({ pid: Number(entry), cmdline });
            }
        } catch {
            // It ended while we looked.
        }
    }
    return found;
}

/** Whether a process is still running (and not a zombie). */
export function alive(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] !== "Z";
    } catch {
        return false;
    }
}

/** Poll `check` until it holds or `ms` pass; returns its last value. */
export async function eventually<T>(check: () => T, ms = 10_000): Promise<T> {
    const until = Date.now() + ms;
    let value = check();
    while (!value && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        value = check();
    }
    return value;
}
