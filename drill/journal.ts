/**
 * The drill's journal: written before the drill changes anything, removed once the change is
 * undone. A drill killed with SIGKILL, a lost laptop lid or a CI runner that vanished leaves it
 * behind, and the next run (or `npm run drill -- --restore`) finishes the undo from it. Each
 * entry says what was changed, how to undo it, and the AWS CLI command an operator can run by
 * hand.
 */
import * as fs from "fs";
import * as path from "path";

/** What a drill changed, with everything needed to put it back. */
export type JournalChange =
    | { kind: "health-check-inverted"; healthCheckId: string }
    | {
          kind: "routing-control-off";
          routingControlArn: string;
          arcEndpoints: { region: string; endpoint: string }[];
      }
    | {
          kind: "fis-experiment";
          /** The region the experiment runs in. */
          region: string;
          experimentTemplateId: string;
          /** Tag value the experiment was started with, to find it when the ID was never seen. */
          runTag: string;
          /** Known once StartExperiment answered. */
          experimentId?: string;
      }
    | {
          kind: "plan-execution";
          planArn: string;
          /** The Region the drill activated (where its execution runs). */
          activateRegion: string;
          /** The Region to activate again. */
          failbackRegion: string;
          /** Known once StartPlanExecution answered. */
          executionId?: string;
      };

export interface JournalEntry {
    /** Unique per change. */
    id: string;
    /** The process that made the change; a live one means another drill is still running. */
    pid: number;
    /** ISO time the entry was written (before the change). */
    writtenAt: string;
    /** What was changed, for people. */
    description: string;
    /** How to undo it, for people. */
    undo: string;
    /** The same undo as an AWS CLI command. */
    awsCli: string;
    change: JournalChange;
}

interface JournalFile {
    version: 1;
    entries: JournalEntry[];
}

/** The undo of a change, in words and as an AWS CLI command. */
export function describeUndo(change: JournalChange): { undo: string; awsCli: string } {
    switch (change.kind) {
        case "health-check-inverted":
            return {
                undo: `un-invert Route 53 health check ${change.healthCheckId}`,
                awsCli: `aws route53 update-health-check --health-check-id ${change.healthCheckId} --no-inverted`,
            };
        case "routing-control-off": {
            const first = change.arcEndpoints[0];
            return {
                undo: `turn ARC routing control ${change.routingControlArn} back On`,
                awsCli: `aws route53-recovery-cluster update-routing-control-state --routing-control-arn ${change.routingControlArn} --routing-control-state On --endpoint-url ${first?.endpoint ?? "<a cluster endpoint>"} --region ${first?.region ?? "<its region>"}`,
            };
        }
        case "fis-experiment":
            return {
                undo: `stop FIS experiment ${change.experimentId ?? `tagged drill-run=${change.runTag}`} of template ${change.experimentTemplateId} in ${change.region}`,
                awsCli: change.experimentId
                    ? `aws fis stop-experiment --id ${change.experimentId} --region ${change.region}`
                    : `aws fis list-experiments --experiment-template-id ${change.experimentTemplateId} --region ${change.region} (then aws fis stop-experiment --id <the running one tagged drill-run=${change.runTag}> --region ${change.region})`,
            };
        case "plan-execution":
            return {
                undo: `${change.executionId ? `cancel Region switch execution ${change.executionId} if it still runs, then ` : ""}fail back: activate ${change.failbackRegion} again with plan ${change.planArn}`,
                awsCli: [
                    ...(change.executionId
                        ? [
                              `aws arc-region-switch cancel-plan-execution --region ${change.activateRegion} --plan-arn ${change.planArn} --execution-id ${change.executionId}`,
                          ]
                        : []),
                    `aws arc-region-switch start-plan-execution --region ${change.failbackRegion} --plan-arn ${change.planArn} --target-region ${change.failbackRegion} --action activate --mode graceful`,
                ].join(" && "),
            };
        default:
            throw new Error(`unknown journal change ${JSON.stringify(change)}`);
    }
}

/**
 * File systems whose "files" are the kernel's, not a disk's: a journal there is never durable,
 * and writing one can block or spin (a journal path under /proc did, at 100% CPU).
 */
const specialRoots = ["/proc", "/sys", "/dev"];

/** The special file system a journal path is on, or undefined for an ordinary path. */
export function specialFileSystem(file: string): string | undefined {
    let resolved = path.resolve(file);
    try {
        // Resolve symbolic links in the part that exists (/tmp/x -> /proc/self/...).
        let existing = resolved;
        while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
            existing = path.dirname(existing);
        }
        resolved = path.join(fs.realpathSync(existing), path.relative(existing, resolved));
    } catch {
        // Unreadable: judged by the path as given.
    }
    return specialRoots.find((root) => resolved === root || resolved.startsWith(`${root}/`));
}

/** A journal file; every write replaces the file atomically (temporary file, fsync, rename). */
export class Journal {
    constructor(readonly file: string) {
        const special = specialFileSystem(file);
        if (special) {
            throw new Error(
                `--journal ${file}: ${special} is a special file system, not a disk; put the journal in an ordinary file (default .drill/journal.json in the project folder)`,
            );
        }
    }

    entries(): JournalEntry[] {
        let text: string;
        try {
            text = fs.readFileSync(this.file, "utf8");
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code === "ENOENT") {
                return [];
            }
            throw err;
        }
        const doc = JSON.parse(text) as JournalFile;
        if (doc.version !== 1 || !Array.isArray(doc.entries)) {
            throw new Error(
                `${this.file} is not a drill journal (version ${String(doc.version)}); read it and undo by hand`,
            );
        }
        return doc.entries;
    }

    /** Record a change before making it. */
    record(change: JournalChange, description: string, pid = process.pid): JournalEntry {
        const entry: JournalEntry = {
            id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
            pid,
            writtenAt: new Date().toISOString(),
            description,
            ...describeUndo(change),
            change,
        };
        this.write([...this.entries(), entry]);
        return entry;
    }

    /** Replace an entry's change (say, once the experiment ID is known). */
    update(id: string, change: JournalChange): void {
        this.write(
            this.entries().map((e) =>
                e.id === id ? { ...e, ...describeUndo(change), change } : e,
            ),
        );
    }

    /** Forget an entry once its change is undone. */
    remove(id: string): void {
        this.write(this.entries().filter((e) => e.id !== id));
    }

    private write(entries: JournalEntry[]): void {
        if (entries.length === 0) {
            fs.rmSync(this.file, { force: true });
            return;
        }
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        const fd = fs.openSync(tmp, "w");
        try {
            fs.writeSync(fd, JSON.stringify({ version: 1, entries }, null, 2) + "\n");
            fs.fsyncSync(fd);
        } finally {
            fs.closeSync(fd);
        }
        fs.renameSync(tmp, this.file);
    }
}

/** Reads a process's command line (Linux: /proc/<pid>/cmdline); undefined where that cannot be read. */
export type CommandLineReader = (pid: number) => string | undefined;

function procCommandLine(pid: number): string | undefined {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
        return undefined;
    }
}

/**
 * Whether the process that wrote an entry is a drill still running (and not this one). A pid is
 * reused once its process ends: a live process whose command line (where the system shows it)
 * does not run the drill is someone else's, and the entry is stale, so it does not block restore.
 */
export function otherProcessAlive(
    pid: number,
    commandLine: CommandLineReader = procCommandLine,
): boolean {
    if (pid === process.pid) {
        return false;
    }
    try {
        process.kill(pid, 0);
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EPERM") {
            return false;
        }
    }
    const cmd = commandLine(pid);
    return cmd === undefined || isDrillCommand(cmd);
}

/** A command line that runs the drill: `drill` as an argument, or a script of drill/. */
export function isDrillCommand(cmd: string): boolean {
    return cmd
        .split(" ")
        .some((word) => word === "drill" || /(^|\/)drill\/cli\.(ts|js)$/.test(word));
}
