/**
 * The URNs a run of this project's stacks registers, sorted. `test/region-urns.test.ts` compares
 * them with `test/fixtures/urns/before.json`, recorded once from main before `RegionalApplication`
 * was split into parts, so a refactor that renames or re-parents a resource fails.
 *
 * Record the baseline (only ever from the code the refactor starts from):
 *   npx ts-node --transpile-only test/helpers/urns.ts > test/fixtures/urns/before.json
 */
import { runProject } from "./engine";

/** Every URN of every default stack, sorted. */
export async function defaultStackUrns(): Promise<string[]> {
    const records = await runProject();
    return records.flatMap((r) => r.resources.map((resource) => resource.urn)).sort();
}

if (require.main === module) {
    defaultStackUrns().then(
        (urns) => process.stdout.write(`${JSON.stringify(urns, null, 4)}\n`),
        (err: unknown) => {
            process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
        },
    );
}
