/**
 * The order stacks run in: each after the stacks its StackReferences read. What a program
 * references is only known when it runs (the names usually come from config), so the order is
 * found as the run goes: stacks start in a hinted order (this project's `role` config, else as
 * listed), and a stack that reads a stack still to run is moved after it and run again. A stack
 * that ends up waiting on itself through others is a cycle, refused naming it.
 *
 * Kept apart from loading the program (project.ts, worker.ts) so either can change alone.
 */

const roleOrder: Record<string, number> = { primary: 0, secondary: 1, global: 2 };

/**
 * The starting order, a hint only: by role (primary, then secondaries, then global), by name
 * within a role; stacks without a role keep their relative order after those with one. Any
 * order is correct in the end, since references reorder it; a good hint avoids re-runs.
 */
export function orderStacks(stacks: { stack: string; role?: string }[]): string[] {
    return stacks
        .map((s, index) => ({ ...s, index }))
        .sort((a, b) => {
            const ra = roleOrder[a.role ?? ""] ?? 3;
            const rb = roleOrder[b.role ?? ""] ?? 3;
            return ra !== rb
                ? ra - rb
                : ra === 3
                  ? a.index - b.index
                  : a.stack.localeCompare(b.stack);
        })
        .map((s) => s.stack);
}

/**
 * The stack of this project a StackReference name means, or undefined for another project's.
 * Pulumi accepts `stack`, `project/stack` and `org/project/stack`; offline there is one
 * organization, so the organization part is not compared.
 */
export function referencedStack(name: string, project: string): string | undefined {
    const parts = name.split("/");
    if (parts.length === 1) {
        return parts[0];
    }
    const [refProject, stack] = parts.slice(-2);
    return parts.length <= 3 && refProject === project ? stack : undefined;
}

/** Raised when stacks read each other's outputs in a cycle (exit 2). */
export class StackCycleError extends Error {
    constructor(public readonly cycle: readonly string[]) {
        super(
            `stacks reference each other in a cycle, so none of them can run first: ${cycle.join(" -> ")}; ` +
                "a stack can only read the outputs of stacks deployed before it",
        );
        this.name = "StackCycleError";
    }
}

/**
 * The run queue: `next()` gives the stack to run, `done()` records one that ran, and
 * `waitFor(a, b)` moves `a` after `b` when `a` read `b` before `b` ran.
 */
export class StackQueue {
    private readonly queue: string[];
    private readonly ran: string[] = [];
    private readonly waiting = new Map<string, string>();

    constructor(order: readonly string[]) {
        this.queue = [...order];
    }

    next(): string | undefined {
        return this.queue[0];
    }

    /** Stacks still to run after the current one. */
    remaining(): number {
        return Math.max(0, this.queue.length - 1);
    }

    done(stack: string): void {
        this.queue.splice(this.queue.indexOf(stack), 1);
        this.ran.push(stack);
        this.waiting.delete(stack);
    }

    /** Whether `stack` is one of this run's and has not run yet. */
    pending(stack: string): boolean {
        return this.queue.includes(stack);
    }

    /** `stack` reads `needed`, which has not run: run `needed` first. Throws on a cycle. */
    waitFor(stack: string, needed: string): void {
        const chain = [stack, needed];
        for (let at = needed; this.waiting.has(at); ) {
            at = this.waiting.get(at)!;
            chain.push(at);
            if (at === stack) {
                throw new StackCycleError(chain);
            }
        }
        if (needed === stack) {
            throw new StackCycleError(chain);
        }
        this.waiting.set(stack, needed);
        this.queue.splice(this.queue.indexOf(stack), 1);
        this.queue.splice(this.queue.indexOf(needed) + 1, 0, stack);
    }
}
