/**
 * A custom resource of a type its provider does not have fails `pulumi up` (the provider's
 * schema has no such resource). Offline, a type is known when the provider's SDK installed for
 * the program defines it (`@pulumi/<package>`, resolved from the program's folder, else from
 * this package's) - a class whose `__pulumiType` is the token. A type the check cannot verify
 * (a provider whose SDK is not installed, a hand-written token) is an error unless the program
 * declares it in its package.json:
 *
 *     "multi-region-failover": { "resourceTypes": ["mycloud:index/widget:Widget"] }
 *
 * Components are the program's own types and are never checked, nor are the engine's `pulumi:`
 * types and dynamic providers (`pulumi-nodejs:dynamic:Resource`).
 */
import * as fs from "fs";
import * as path from "path";
import { RecordedResource } from "../types";

/**
 * The token's file in its package: `aws:s3/bucket:Bucket` is s3/bucket.js, `x:index/y:Y` y.js,
 * `x:index:Y` y.js.
 */
function moduleFile(packageDir: string, token: string): string | undefined {
    const [, module, type] = token.split(":");
    if (!module) {
        return undefined;
    }
    // `docker-build:index:Image` (no file part): the class's file is the type, camel-cased.
    const parts =
        module === "index" && type
            ? // Stryker disable next-line StringLiteral: equivalent, path.join drops an empty first part and "index" is dropped below, so both name the same file.
              ["index", type[0].toLowerCase() + type.slice(1)]
            : module.split("/");
    const rel = parts[0] === "index" ? parts.slice(1) : parts;
    // Stryker disable next-line ConditionalExpression: equivalent, without the guard an empty path is "<package dir>.js", which defines no type either.
    return rel.length === 0 ? undefined : path.join(packageDir, ...rel) + ".js";
}

const packageDirs = new Map<string, string | null>();
const definedIn = new Map<string, boolean>();

function packageDir(pkg: string, programDir: string): string | undefined {
    const key = `${programDir}\0${pkg}`;
    if (!packageDirs.has(key)) {
        let dir: string | null = null;
        // Stryker disable next-line StringLiteral: equivalent, require.resolve walks up from any folder inside this package to the same node_modules.
        for (const from of [programDir, path.join(__dirname, "..", "..", "..")]) {
            try {
                dir = path.dirname(
                    require.resolve(`@pulumi/${pkg}/package.json`, { paths: [from] }),
                );
                break;
            } catch {
                // Not installed there.
            }
        }
        packageDirs.set(key, dir);
    }
    return packageDirs.get(key) ?? undefined;
}

/** Whether the package's SDK defines the type (its module file names the token). */
function defined(dir: string, token: string): boolean {
    const file = moduleFile(dir, token);
    if (!file) {
        return false;
    }
    const key = `${file}\0${token}`;
    if (!definedIn.has(key)) {
        // Stryker disable next-line BooleanLiteral: equivalent, both the try and the catch assign it.
        let found = false;
        try {
            const text = fs.readFileSync(file, "utf8");
            found = text.includes(`'${token}'`) || text.includes(`"${token}"`);
        } catch {
            found = false;
        }
        definedIn.set(key, found);
    }
    return definedIn.get(key)!;
}

/** The types a program declares in its package.json, for providers the check cannot verify. */
export function declaredTypes(programDir: string): string[] {
    try {
        const doc = JSON.parse(fs.readFileSync(path.join(programDir, "package.json"), "utf8")) as {
            "multi-region-failover"?: { resourceTypes?: unknown };
        };
        const list = doc["multi-region-failover"]?.resourceTypes;
        return Array.isArray(list) ? list.filter((t): t is string => typeof t === "string") : [];
    } catch {
        return [];
    }
}

/** Problems of one resource's type, or none. */
export function unknownTypeProblems(
    resource: RecordedResource,
    programDir: string,
    declared: readonly string[],
): string[] {
    const type = resource.type;
    if (!resource.custom || type.startsWith("pulumi:") || type.startsWith("pulumi-nodejs:")) {
        return [];
    }
    if (declared.includes(type)) {
        return [];
    }
    const pkg = type.split(":")[0];
    const dir = packageDir(pkg, programDir);
    const declare = `if the type is right, declare it in ${path.join(programDir, "package.json")} as "multi-region-failover": {"resourceTypes": [${JSON.stringify(type)}]}`;
    if (!dir) {
        return [
            `unknown resource type: no @pulumi/${pkg} is installed for the program, so the check cannot tell whether pulumi up would accept it; ${declare}`,
        ];
    }
    if (!defined(dir, type)) {
        const version = (
            JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
                version?: string;
            }
        ).version;
        return [
            `unknown resource type: @pulumi/${pkg} ${version ?? ""} has no such resource, so pulumi up would fail; check the token, or ${declare}`,
        ];
    }
    return [];
}
