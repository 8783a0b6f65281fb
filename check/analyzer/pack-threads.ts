/**
 * V8 background threads for the pack's process (`--v8-pool-size`): one per four cores, at least
 * one. Node's default is four, and on a 2-core machine the pack's garbage-collection helpers then
 * compete with the stack's worker and the check's main thread, which have the critical path: the
 * 2,750-resource benchmark took about 0.15 s less with one (three alternating pairs).
 */
export function packV8Threads(cores: number): number {
    return Math.max(1, Math.floor(cores / 4));
}
