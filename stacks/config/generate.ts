/**
 * `npm run generate`: writes the files generated from the config schema (render.ts).
 * `npm run generate -- --check` writes nothing and exits 1 when one is stale, for CI.
 */
import * as fs from "fs";
import * as path from "path";
import { generatedFiles } from "./render";

const root = path.resolve(__dirname, "..", "..");

/** The generated files whose content differs from what the schema gives, relative to root. */
export function staleFiles(dir = root): string[] {
    return generatedFiles
        .filter((f) => {
            const current = fs.readFileSync(path.join(dir, f.path), "utf8");
            return f.render(current) !== current;
        })
        .map((f) => f.path);
}

function main(argv: readonly string[]): number {
    if (argv.includes("--check")) {
        const stale = staleFiles();
        for (const file of stale) {
            console.error(`${file} is stale; run npm run generate`);
        }
        return stale.length > 0 ? 1 : 0;
    }
    for (const file of generatedFiles) {
        const target = path.join(root, file.path);
        const current = fs.readFileSync(target, "utf8");
        const next = file.render(current);
        if (next !== current) {
            fs.writeFileSync(target, next);
            console.log(`wrote ${file.path}`);
        }
    }
    return 0;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
