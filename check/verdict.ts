/**
 * The check's verdict as an exit code, and the guard that a run checked something. Pure, so the
 * fast tier tests the mapping the check command (check/cli.ts) returns; moved out of check/cli.ts unchanged
 * for that reason.
 */
import { ExitCode } from "../cli/args";
import { ProjectError } from "../project/project";
import { StackRecord } from "./engine/types";

/** What a finished run found, counted. */
export interface RunCounts {
    /** Stacks the run checked. */
    stacks: number;
    /** Mandatory policy violations. */
    mandatory: number;
    /** Stateful resources `--baseline` found deleted or replaced. */
    lost: number;
}

/**
 * The exit code of `check`: 2 when no stack was checked (nothing verified is never a pass), 1
 * for a mandatory violation or a resource whose data would be lost, else 0. Advisory violations
 * never fail the check.
 */
export function checkExitCode({ stacks, mandatory, lost }: RunCounts): number {
    if (stacks === 0) {
        return ExitCode.error;
    }
    return mandatory > 0 || lost > 0 ? ExitCode.failed : ExitCode.ok;
}

/**
 * Resources that are the program's own cloud resources: not the engine's plumbing, and not
 * components, which create nothing themselves (a component with no children checks nothing).
 */
function ownResources(record: StackRecord) {
    return record.resources.filter(
        (r) =>
            r.custom &&
            !r.type.startsWith("pulumi:providers:") &&
            r.type !== "pulumi:pulumi:StackReference",
    );
}

/**
 * Zero stacks, or a stack with neither resources nor outputs, checked nothing: that is never a
 * pass. A stack that only exports outputs (values it computes, or reads from StackReferences)
 * is what `pulumi up` deploys too; it is checked, with a note per stack that there was nothing
 * to judge, which is returned.
 */
export function assertSomethingChecked(
    records: readonly StackRecord[],
    projectDir: string,
): string[] {
    if (records.length === 0) {
        throw new ProjectError(`no stack was checked in ${projectDir}`);
    }
    const noResources = records.filter((r) => ownResources(r).length === 0);
    const empty = noResources.filter((r) => Object.keys(r.outputs).length === 0);
    const components = empty.flatMap((r) =>
        r.resources.filter((c) => c.remote === true).map((c) => `${c.type} "${c.name}"`),
    );
    if (components.length > 0) {
        throw new ProjectError(
            `stack ${empty.map((r) => r.stack).join(", ")}: the program registers only components whose resources the offline check cannot see (${components.join(", ")}), so nothing was checked; their provider creates them under pulumi preview`,
        );
    }
    if (empty.length > 0) {
        throw new ProjectError(
            `stack ${empty.map((r) => r.stack).join(", ")}: the program registered no resources, so nothing was checked; ` +
                `is ${projectDir} the program (Pulumi.yaml main), and does it create its resources when loaded?`,
        );
    }
    return noResources.map(
        (r) =>
            `stack ${r.stack} registers no resources and exports ${Object.keys(r.outputs).length} output${Object.keys(r.outputs).length === 1 ? "" : "s"} (${Object.keys(r.outputs).join(", ")}): nothing to judge`,
    );
}
