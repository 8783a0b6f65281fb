/**
 * The task volume name RegionalApplication gives a writable path (`/var/run` → `var-run`), so the
 * config can refuse two paths that would need the same volume. The component's own `volumeName`
 * lives in a module that loads the AWS SDK, too heavy for config parsing (the deploy and drill
 * tools read config too); test/config.test.ts keeps the two equal on a table of paths.
 */
export function volumeName(path: string): string {
    return path.replace(/^\/+|\/+$/g, "").replace(/[^A-Za-z0-9]+/g, "-") || "root";
}
