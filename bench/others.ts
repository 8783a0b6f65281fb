/**
 * How much of the machine other processes used while a measured run went on: the machine's busy
 * time over the run (Linux `/proc/stat`) minus the CPU the run itself used (the measured child and
 * its descendants, reaped, and this process). A run is only comparable with its floor when the
 * rest of the machine stayed nearly idle during both; the load average cannot say that, because
 * the run's own processes (the check and its pack on two cores) raise it as much as anything else.
 *
 * Pure arithmetic here; `measure.ts` reads the counters.
 */

/** The machine's CPU time counters from the first line of `/proc/stat`, in clock ticks. */
export interface CpuTicks {
    /** Every state but idle and iowait (user, nice, system, irq, softirq, steal). */
    busy: number;
    /** All states. */
    total: number;
}

/**
 * The first (`cpu `) line of `/proc/stat` as busy and total ticks. Its fields are user, nice,
 * system, idle, iowait, irq, softirq, steal, guest, guest_nice (proc(5)); guest time is already
 * counted in user, so it is not added again. Steal (another guest of the hypervisor running on our
 * core) is counted as busy: it takes the core from the run as another process would.
 */
export function cpuTicks(procStat: string): CpuTicks {
    const line = procStat.split("\n").find((l) => l.startsWith("cpu "));
    if (!line) {
        throw new Error("/proc/stat has no cpu line");
    }
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
        .trim()
        .split(/\s+/)
        .slice(1, 9)
        .map((v) => Number(v) || 0);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
}

/** What was measured around one run. */
export interface OthersSample {
    before: CpuTicks;
    after: CpuTicks;
    /** Milliseconds per clock tick (10 at the usual 100 Hz). */
    tickMs: number;
    /** CPU the run used: the child and its reaped descendants, plus the measuring process. */
    ownCpuMs: number;
    /** The run's wall time. */
    wallMs: number;
}

/**
 * Cores other processes kept busy on average during the run: (machine busy time − the run's own
 * CPU) / wall time. Never below 0: the kernel counts the machine's ticks and a process's CPU on
 * different clocks, so a quiet machine can come out a few milliseconds negative.
 */
export function othersCores(s: OthersSample): number {
    if (s.wallMs <= 0) {
        return 0;
    }
    const busyMs = (s.after.busy - s.before.busy) * s.tickMs;
    return Math.max(0, busyMs - s.ownCpuMs) / s.wallMs;
}

/** Others may use this many cores on average during a run and its floor for an aim to be judged. */
export const quietOthersCores = 0.25;

/**
 * Whether a comparison can be judged: others' CPU was known and at most `quietOthersCores` during
 * every run it compares. Undefined when it can; otherwise the reason, for the verdict column.
 */
export function notJudgedReason(others: readonly (number | null)[]): string | undefined {
    if (others.some((o) => o === null)) {
        return "not judged (others' CPU unknown off Linux)";
    }
    const most = Math.max(...(others as number[]));
    return most > quietOthersCores
        ? `not judged (others used ${most.toFixed(2)} cores > ${quietOthersCores})`
        : undefined;
}
