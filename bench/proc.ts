/** Peak memory of child processes, from Linux's /proc (null elsewhere). */
import * as fs from "fs";

/** The largest VmHWM (peak RSS) among this process's live children, in bytes. */
export function peakRssOfChildren(): number | null {
    let peak: number | null = null;
    let entries: string[];
    try {
        entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
    } catch {
        return null;
    }
    for (const pid of entries) {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) !== process.pid) {
                continue;
            }
            const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
            if (kb) {
                peak = Math.max(peak ?? 0, Number(kb[1]) * 1024);
            }
        } catch {
            // It ended while we looked.
        }
    }
    return peak;
}
