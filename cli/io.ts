/**
 * Where a command's output goes, the directory it was run from, and an error in one line: what
 * every command shares with the dispatcher (bin/main.ts). Imports nothing of the project.
 */

/** Where the result of a run goes; injectable for tests. */
export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Whether stdout is a terminal (colour in the text report). */
    isTty?: boolean;
    /** Whether stderr is a terminal: slow steps then say what they are doing there. */
    stderrIsTty?: boolean;
    /** The directory relative paths on the command line are resolved from (default: callerDir()). */
    cwd?: string;
}

/**
 * The directory the user ran the command from. npm runs scripts in the package folder
 * (`npm --prefix DIR start` included) and records the caller's directory in INIT_CWD.
 */
export function callerDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
    return env.npm_lifecycle_event !== undefined && env.INIT_CWD ? env.INIT_CWD : cwd;
}

/** The first line of an error, plus its listed problems folded onto the same line. */
export function oneLine(err: unknown): string {
    const text = err instanceof Error ? err.message : String(err);
    const [head, ...rest] = text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "");
    return rest.length === 0 ? head : `${head} ${rest.join(" ")}`;
}
