/**
 * The real-program corpus: public Pulumi AWS TypeScript programs (listed in
 * test/corpus/public/SOURCES.md, checked out by the person running it into the folder
 * MRF_PUBLIC_CORPUS names; their code is not in this repository), each run as
 * `multi-region-failover check --program <dir>` with the config its README asks for. The manifest
 * (corpus.json) records per program what the check answered and how that answer was classified by
 * hand (docs/corpus.md); the integration test holds the check to it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../bin/main";

/** Where the public programs were checked out, if someone did (one subfolder per name). */
export const corpusDir: string | undefined = process.env.MRF_PUBLIC_CORPUS;

const manifestFile = path.join(__dirname, "..", "corpus", "public", "corpus.json");

/** One program's manifest entry. */
export interface CorpusEntry {
    /** `KEY=VALUE` config, as `pulumi config set` after the README. */
    config: Record<string, string>;
    /** Outputs of stacks outside the folder that its StackReferences name. */
    stackOutputs?: Record<string, Record<string, unknown>>;
    /** The exit code the check gives it: 0 pass, 1 flagged, 2 no verdict. */
    exit?: 0 | 1 | 2;
    /** For exit 2, the start of the one-line reason; for 1, each mandatory policy it breaks. */
    because?: string[];
}

export function corpusManifest(): Record<string, CorpusEntry> {
    return JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Record<string, CorpusEntry>;
}

/** What the check answered for one program. */
export interface CorpusResult {
    code: number;
    /** The error line (exit 2), without `error: `. */
    error?: string;
    /** Mandatory policies violated (exit 1), sorted, unique. */
    mandatory: string[];
    /** Advisory policies reported, sorted, unique. */
    advisory: string[];
}

/** Run the check on corpus program `name` as its entry says. */
export async function runCorpusProgram(name: string, entry: CorpusEntry): Promise<CorpusResult> {
    if (!corpusDir) {
        throw new Error("MRF_PUBLIC_CORPUS names no folder of public programs");
    }
    const dir = path.join(corpusDir, name);
    const args = ["--program", dir, "--format", "json"];
    for (const [key, value] of Object.entries(entry.config)) {
        args.push("--config", `${key}=${value}`);
    }
    let outputsFile: string | undefined;
    if (entry.stackOutputs) {
        outputsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "corpus-")), "outputs.json");
        fs.writeFileSync(outputsFile, JSON.stringify(entry.stackOutputs));
        args.push("--stack-outputs", outputsFile);
    }
    let stdout = "";
    let stderr = "";
    const code = await main(args, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
    });
    const errorLine = stderr.split("\n").find((l) => l.startsWith("error: "));
    const violations =
        code === 2 || stdout === ""
            ? []
            : (
                  JSON.parse(stdout) as {
                      stacks: { violations: { policy: string; enforcementLevel: string }[] }[];
                  }
              ).stacks.flatMap((s) => s.violations);
    const policies = (level: string) =>
        [
            ...new Set(violations.filter((v) => v.enforcementLevel === level).map((v) => v.policy)),
        ].sort();
    return {
        code,
        error: errorLine?.slice("error: ".length),
        mandatory: policies("mandatory"),
        advisory: policies("advisory"),
    };
}
