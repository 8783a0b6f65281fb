/**
 * V8 flags the engine sets for its whole process (worker-heap.ts, jit.ts) give way to the same
 * flag given to node by the user: node's own arguments, since Node refuses V8's flags in
 * NODE_OPTIONS.
 */

/**
 * Whether `nodeOptions` give one of `flags`, as `--flag=value` or `--flag value`; V8 reads `_`
 * and `-` in a flag's name alike.
 */
export function givenToNode(nodeOptions: readonly string[], flags: readonly string[]): boolean {
    const names = new Set(flags.map((f) => f.replace(/_/g, "-")));
    return nodeOptions.some((o) => names.has(o.split("=")[0].replace(/_/g, "-")));
}
