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
        default:
            throw new Error(`unknown journal change ${JSON.stringify(change)}`);
    }
}

/** A journal file; every write replaces the file atomically (temporary file, fsync, rename). */
export class Journal {
    constructor(readonly file: string) {}

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

/** Whether a process with this ID is alive (and not this one). */
export function otherProcessAlive(pid: number): boolean {
    if (pid === process.pid) {
        return false;
    }
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}
