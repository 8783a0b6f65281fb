/**
 * The seam between the deploy and drill commands and the Pulumi engine. The real factory wraps
 * the Automation API's LocalWorkspace, which drives the `pulumi` CLI; tests inject a fake, since
 * neither the CLI nor a backend can run offline.
 */
import type { EngineEvent, OutputMap, PreviewResult, UpResult } from "@pulumi/pulumi/automation";

/** Options both `preview` and `up` take. */
export interface OperationOptions {
    /** Local policy pack folders, as `--policy-pack`. */
    policyPacks: string[];
    /** Policy config JSON files, one per pack, as `--policy-pack-config`. */
    policyPackConfigs?: string[];
    /** Receives the engine's progress output as it is printed. */
    onOutput: (chunk: string) => void;
    /** Receives the engine's structured events (the preview gate reads each resource's step). */
    onEvent?: (event: EngineEvent) => void;
}

/** The part of an Automation API `Stack` the commands use. */
export interface DeployableStack {
    preview(options: OperationOptions): Promise<Pick<PreviewResult, "changeSummary">>;
    up(options: OperationOptions): Promise<Pick<UpResult, "summary">>;
    outputs(): Promise<OutputMap>;
}

/** Selects (creating when missing) the stack `fullName` of the program in `workDir`. */
export type StackFactory = (fullName: string, workDir: string) => Promise<DeployableStack>;

/** The Pulumi CLI is not installed or not on PATH. */
export class PulumiCliMissingError extends Error {
    constructor() {
        super(
            "the Pulumi CLI was not found (spawn pulumi ENOENT): the Automation API drives the `pulumi` command. " +
                "Install it (https://www.pulumi.com/docs/iac/download-install/) and make sure `pulumi version` works in this shell",
        );
        this.name = "PulumiCliMissingError";
    }
}

/** Fields of the Automation API's CommandError (its `commandResult` is private in the types). */
interface CommandResultLike {
    code?: number;
    stderr?: string;
    err?: { code?: string; message?: string };
}

function commandResultOf(err: unknown): CommandResultLike | undefined {
    const result = (err as { commandResult?: unknown } | null)?.commandResult;
    return result !== null && typeof result === "object"
        ? (result as CommandResultLike)
        : undefined;
}

/** Whether `err` is the CommandError LocalWorkspace throws when it cannot spawn `pulumi`. */
export function isPulumiCliMissing(err: unknown): boolean {
    const result = commandResultOf(err);
    if (result?.err?.code === "ENOENT") {
        return true;
    }
    return err instanceof Error && /ENOENT: pulumi\b|spawn pulumi ENOENT/.test(err.message);
}

/**
 * One paragraph that says what went wrong. A CommandError's message is the whole command result
 * (code, stdout, stderr); its stderr's last lines are what the engine reported.
 */
export function describeError(err: unknown): string {
    if (isPulumiCliMissing(err)) {
        return new PulumiCliMissingError().message;
    }
    const name = (err as Error | null)?.name;
    if (name === "ConcurrentUpdateError") {
        return "another update is in progress on this stack; wait for it, or run `pulumi cancel` if it was interrupted";
    }
    const result = commandResultOf(err);
    if (result?.stderr) {
        const lines = result.stderr
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l !== "");
        if (lines.length > 0) {
            return `${lines.slice(-5).join(" / ")} (exit code ${result.code ?? "unknown"})`;
        }
    }
    return err instanceof Error ? err.message : String(err);
}

/** The real factory: `LocalWorkspace.createOrSelectStack` on the program folder. */
export const localStackFactory: StackFactory = async (fullName, workDir) => {
    // Imported here so that loading this module never needs the Automation API's dependencies.
    const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: fullName, workDir });
    return {
        preview: (options) => stack.preview(options),
        up: (options) => stack.up(options),
        outputs: () => stack.outputs(),
    };
};
