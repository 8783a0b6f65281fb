import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * The floors of the house (docs/architecture.md): a source file may import its own folder and the
 * folders on lower floors, never a folder on its own floor or above, and the imports between files
 * form no circle. Floors, lowest first:
 *
 *   0  policies/ (the pack stands alone), cli/ (the grammar every command shares),
 *      project/ (a Pulumi project on disk)
 *   1  components/
 *   2  stacks/
 *   3  check/
 *   4  deploy/
 *   5  drill/
 *   6  bench/, examples/, bin/ (the dispatcher)
 *
 * An import is every module specifier a file names: `import`, `export ... from`, `import x =
 * require()`, `require()` and `import()` with a literal, type-only imports included (a type is a
 * dependency a reader follows too). Specifiers that do not start with `.` are packages.
 */
const floors: Record<string, number> = {
    policies: 0,
    cli: 0,
    project: 0,
    components: 1,
    stacks: 2,
    check: 3,
    deploy: 4,
    drill: 5,
    bench: 6,
    examples: 6,
    bin: 6,
};
const root = path.join(__dirname, "..");
/** Folders below the source folders that are not the project's source. */
const skipped = new Set(["node_modules", ".generated"]);

/** Every module specifier `text` names. */
export function specifiersOf(text: string, fileName = "inline.ts"): string[] {
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        if (
            (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
            node.moduleSpecifier &&
            ts.isStringLiteral(node.moduleSpecifier)
        ) {
            found.push(node.moduleSpecifier.text);
        } else if (
            ts.isImportEqualsDeclaration(node) &&
            ts.isExternalModuleReference(node.moduleReference) &&
            ts.isStringLiteral(node.moduleReference.expression)
        ) {
            found.push(node.moduleReference.expression.text);
        } else if (
            ts.isCallExpression(node) &&
            node.arguments.length === 1 &&
            ts.isStringLiteralLike(node.arguments[0]) &&
            ((ts.isIdentifier(node.expression) && node.expression.text === "require") ||
                node.expression.kind === ts.SyntaxKind.ImportKeyword)
        ) {
            found.push(node.arguments[0].text);
        } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
            const literal = node.argument.literal;
            if (ts.isStringLiteral(literal)) {
                found.push(literal.text);
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/** The repository-relative file a relative specifier of `from` names, as Node and tsc resolve it. */
function resolveImport(from: string, specifier: string, exists: (rel: string) => boolean) {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    const candidates = [
        base,
        `${base}.ts`,
        `${base}.js`,
        base.replace(/\.js$/, ".ts"),
        `${base}/index.ts`,
        `${base}/index.js`,
    ];
    return candidates.find(exists);
}

/** The folder a repository-relative path is on. */
const folderOf = (file: string) => file.split("/")[0];

/** Every import that breaks the floor order, as `from -> to (floor a imports floor b)`. */
export function floorViolations(graph: Map<string, string[]>): string[] {
    const out: string[] = [];
    for (const [from, targets] of graph) {
        for (const to of targets) {
            const a = folderOf(from);
            const b = folderOf(to);
            if (a === b || !(b in floors)) {
                continue;
            }
            if (!(a in floors) || floors[b] >= floors[a]) {
                out.push(`${from} -> ${to} (${a}/ imports ${b}/)`);
            }
        }
    }
    return out.sort();
}

/** Every circle of imports (strongly connected component of two or more files), each sorted. */
export function circles(graph: Map<string, string[]>): string[][] {
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const found: string[][] = [];
    const connect = (v: string): void => {
        index.set(v, next);
        low.set(v, next);
        next += 1;
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!graph.has(w)) {
                continue;
            }
            if (!index.has(w)) {
                connect(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, index.get(w)!));
            }
        }
        if (low.get(v) === index.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1) {
                found.push(component.sort());
            }
        }
    };
    for (const v of [...graph.keys()].sort()) {
        if (!index.has(v)) {
            connect(v);
        }
    }
    return found.sort((x, y) => x[0].localeCompare(y[0]));
}

/** Every source file of a floor folder, repository-relative with `/`, sorted. */
function sourceFiles(dir: string): string[] {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) {
        return [];
    }
    const out: string[] = [];
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) {
            if (!skipped.has(entry.name)) {
                out.push(...sourceFiles(rel));
            }
        } else if (
            /\.(ts|js|cjs|mjs)$/.test(entry.name) ||
            (dir === "bin" && !entry.name.includes("."))
        ) {
            if (!entry.name.endsWith(".d.ts")) {
                out.push(rel);
            }
        }
    }
    return out.sort();
}

/** The project's import graph: every source file and the project files it imports. */
function projectGraph(): { graph: Map<string, string[]>; unresolved: string[] } {
    const exists = (rel: string) => {
        const full = path.join(root, rel);
        return fs.existsSync(full) && fs.statSync(full).isFile();
    };
    const graph = new Map<string, string[]>();
    const unresolved: string[] = [];
    for (const file of Object.keys(floors).flatMap(sourceFiles)) {
        const targets = new Set<string>();
        for (const specifier of specifiersOf(fs.readFileSync(path.join(root, file), "utf8"))) {
            if (!specifier.startsWith(".")) {
                continue;
            }
            const target = resolveImport(file, specifier, exists);
            if (target === undefined) {
                unresolved.push(`${file}: ${specifier}`);
            } else {
                targets.add(target);
            }
        }
        graph.set(file, [...targets].sort());
    }
    return { graph, unresolved };
}

describe("imports", () => {
    describe("specifiersOf", () => {
        it("reads every form of import, type-only ones included", () => {
            const text = [
                'import * as a from "./a";',
                'import type { B } from "../b";',
                'export { c } from "./c";',
                'export * from "./d";',
                'import e = require("./e");',
                'const f = require("./f");',
                'const g = import("./g");',
                'let h: import("./h").H;',
                'import "fs";',
                "const i = require(name);",
            ].join("\n");
            assert.deepStrictEqual(specifiersOf(text), [
                "./a",
                "../b",
                "./c",
                "./d",
                "./e",
                "./f",
                "./g",
                "./h",
                "fs",
            ]);
        });
    });

    describe("floorViolations", () => {
        it("allows its own folder and lower floors, refuses the same floor and higher ones", () => {
            const graph = new Map([
                ["stacks/a.ts", ["stacks/b.ts", "components/c.ts", "policies/lib/d.ts"]],
                ["components/c.ts", ["stacks/b.ts"]],
                ["policies/lib/d.ts", ["project/p.ts"]],
                ["deploy/x.ts", ["check/y.ts", "drill/z.ts"]],
            ]);
            assert.deepStrictEqual(floorViolations(graph), [
                "components/c.ts -> stacks/b.ts (components/ imports stacks/)",
                "deploy/x.ts -> drill/z.ts (deploy/ imports drill/)",
                "policies/lib/d.ts -> project/p.ts (policies/ imports project/)",
            ]);
        });
    });

    describe("circles", () => {
        it("finds each circle once, and no circle in a chain", () => {
            const graph = new Map([
                ["a", ["b"]],
                ["b", ["c"]],
                ["c", ["a", "d"]],
                ["d", ["e"]],
                ["e", []],
                ["x", ["y"]],
                ["y", ["x"]],
            ]);
            assert.deepStrictEqual(circles(graph), [
                ["a", "b", "c"],
                ["x", "y"],
            ]);
        });
    });

    describe("the project", () => {
        const { graph, unresolved } = projectGraph();

        it("reads the source tree and resolves every relative import", () => {
            assert.ok(graph.size > 150, `expected the source tree, found ${graph.size} files`);
            assert.deepStrictEqual(unresolved, []);
        });

        it("imports only from its own folder and lower floors", () => {
            assert.deepStrictEqual(floorViolations(graph), []);
        });

        it("has no circle of imports", () => {
            assert.deepStrictEqual(
                circles(graph).map((c) => c.join(" -> ")),
                [],
            );
        });

        it("imports no command file (<folder>/cli.ts) from another folder: bin/ dispatches", () => {
            const commandFiles = ["check/cli.ts", "deploy/cli.ts", "drill/cli.ts"];
            const offenders = [...graph]
                .flatMap(([from, targets]) => targets.map((to) => [from, to]))
                .filter(
                    ([from, to]) =>
                        commandFiles.includes(to) &&
                        folderOf(from) !== folderOf(to) &&
                        folderOf(from) !== "bin",
                )
                .map(([from, to]) => `${from} -> ${to}`);
            assert.deepStrictEqual(offenders, []);
        });
    });
});
