/**
 * The one way out of every command (check, compare, deploy, drill): what the command wrote reaches
 * its reader whole, then the process exits with the command's code.
 *
 * `process.exit` ends the process at once, and a write to a pipe that the reader has not drained
 * yet is still queued in Node: a 500 KB JSON report piped to `jq` was cut at 128 KiB (the pipe's
 * buffer on Linux) with exit 0. So the exit waits for every queued write to be flushed (a write's
 * callback runs once it is handed to the OS, in order), and a write that fails (EPIPE when the
 * reader went away, ENOSPC, EIO) turns the exit code into 2 with one line on stderr. stdio is
 * process-wide, so this lives in one place and `bin/main.ts`'s `run` is its only caller.
 */
import { Writable } from "stream";

/** Exit code of a run whose output could not be written (the usage/environment error). */
const writeFailedCode = 2;

/** A stream the output goes to, and the first error it raised. */
export interface OutputChannel {
    readonly name: string;
    readonly stream: Writable;
    error?: Error;
}

/** Watch a stream for write errors, so an EPIPE is recorded instead of thrown as uncaught. */
export function channel(name: string, stream: Writable): OutputChannel {
    const c: OutputChannel = { name, stream };
    stream.on("error", (err: Error) => {
        c.error ??= err;
    });
    return c;
}

/** Queue `text` on the channel; after a failure nothing more is written to it. */
export function write(c: OutputChannel, text: string): void {
    if (c.error || c.stream.destroyed) {
        return;
    }
    c.stream.write(text, (err) => {
        if (err) {
            c.error ??= err;
        }
    });
}

/** Resolves once every write queued on the stream so far has been flushed (or has failed). */
export function drained(c: OutputChannel): Promise<void> {
    if (c.error || c.stream.destroyed || !c.stream.writable) {
        return Promise.resolve();
    }
    // Writes complete in order: an empty write's callback runs after every earlier one's.
    return new Promise<void>((resolve) => {
        c.stream.write("", (err) => {
            if (err) {
                c.error ??= err;
            }
            resolve();
        });
    });
}

/**
 * The exit code once the output is flushed: the command's own, or 2 when stdout could not be
 * written (then `report` gets the one line to put on stderr, if stderr still works).
 */
export async function finalCode(
    code: number,
    stdout: OutputChannel,
    stderr: OutputChannel,
): Promise<number> {
    await drained(stdout);
    if (stdout.error) {
        const e = stdout.error as NodeJS.ErrnoException;
        write(
            stderr,
            `error: the output could not be written to ${stdout.name} (${e.code ?? e.message}); ` +
                "nothing after that point reached the reader\n",
        );
        code = code === 0 || code === 1 ? writeFailedCode : code;
    }
    await drained(stderr);
    return code;
}

/** Flush stdout and stderr, then end the process with the command's code (or 2, see above). */
export async function exitWhenFlushed(
    code: number,
    stdout: OutputChannel,
    stderr: OutputChannel,
    exit: (code: number) => never = (c) => process.exit(c),
): Promise<never> {
    return exit(await finalCode(code, stdout, stderr));
}

/**
 * The @pulumi/pulumi runtime's leaked-promise notice (runtime/debuggable.js), printed in one
 * write when a worker whose program failed exits with promises outstanding.
 */
export function isLeakNotice(text: string): boolean {
    return (
        /^The Pulumi runtime detected that \d+ promises? (was|were) still active\b/.test(
            text.trimStart(),
        ) ||
        // The SDK's warning for a stack output left undefined: offline, that is the engine's doing
        // (an invoke it could not answer ran on an empty answer, and is reported as the error),
        // so it would only push the one error line down.
        /^warning: \[runtime\] Undefined value \([^)]*\) will not show as a stack output\.\s*$/.test(
            text.trimStart(),
        )
    );
}
