import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * Issues 12 and 28: no function in any source folder is longer than about 150 lines.
 *
 * Rule: each function-like node (declaration, method, constructor, accessor, arrow function,
 * function expression) is measured on its own, as the number of lines its body spans, from the line
 * of the opening `{` to the line of the closing `}` inclusive (an expression-bodied arrow counts the
 * lines of its expression). A nested function counts on its own, and its lines also count towards
 * every function around it. That is the simplest honest rule: it is the span a reader must hold in
 * their head, so an outer function cannot get under the limit by moving its body into one closure
 * it declares inline.
 */
const maxLines = 150;
const root = path.join(__dirname, "..");
const dirs = [
    "components",
    "stacks",
    "check",
    "policies",
    "deploy",
    "drill",
    "bench",
    "examples",
    "cli",
    "project",
    "bin",
];

interface FunctionSpan {
    /** 1-based line of the function's start (its name or keyword, not its decorators or comments). */
    line: number;
    name: string;
    lines: number;
}

/** The name a reader would search for: the declared name, the variable or property it is assigned to, else a kind. */
function functionName(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
    if (ts.isConstructorDeclaration(node)) {
        const owner = node.parent;
        return ts.isClassLike(owner) && owner.name
            ? `${owner.name.text}.constructor`
            : "constructor";
    }
    if (node.name) {
        const own = node.name.getText(source);
        const owner = node.parent;
        return ts.isClassLike(owner) && owner.name ? `${owner.name.text}.${own}` : own;
    }
    const parent = node.parent;
    if (
        ts.isVariableDeclaration(parent) ||
        ts.isPropertyAssignment(parent) ||
        ts.isPropertyDeclaration(parent)
    ) {
        return parent.name.getText(source);
    }
    return ts.isArrowFunction(node) ? "<arrow>" : "<function>";
}

/** Every function-like node of `text` with a body, and the number of lines that body spans. */
function measureFunctions(text: string, fileName = "inline.ts"): FunctionSpan[] {
    const source = ts.createSourceFile(
        fileName,
        text,
        ts.ScriptTarget.Latest,
        true,
        ts.ScriptKind.TS,
    );
    const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
    const found: FunctionSpan[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
            const fn = node as ts.FunctionLikeDeclaration;
            const body = fn.body!;
            found.push({
                line: lineOf(fn.getStart(source)),
                name: functionName(fn, source),
                lines: lineOf(body.getEnd()) - lineOf(body.getStart(source)) + 1,
            });
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/** Every .ts file under `dir`, relative to the repository root, sorted. */
function tsFiles(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            out.push(...tsFiles(rel));
        } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
            out.push(rel);
        }
    }
    return out.sort();
}

describe("function length", () => {
    describe("measureFunctions", () => {
        const cases: { title: string; source: string; expected: FunctionSpan[] }[] = [
            {
                title: "a one-line function declaration",
                source: "function f() { return 1; }\n",
                expected: [{ line: 1, name: "f", lines: 1 }],
            },
            {
                title: "a declaration's body from `{` to `}`, not its leading comment",
                source: "// why\nfunction g(\n    a: number,\n) {\n    return a;\n}\n",
                expected: [{ line: 2, name: "g", lines: 3 }],
            },
            {
                title: "a class's constructor and methods, named after the class",
                source: "class C {\n    constructor() {\n        x();\n    }\n    m() {}\n    get v() {\n        return 1;\n    }\n}\n",
                expected: [
                    { line: 2, name: "C.constructor", lines: 3 },
                    { line: 5, name: "C.m", lines: 1 },
                    { line: 6, name: "C.v", lines: 3 },
                ],
            },
            {
                title: "arrow functions and function expressions named after their variable or property",
                source: "const a = () => {\n    b();\n};\nconst o = { p: function () {\n    return 2;\n} };\n",
                expected: [
                    { line: 1, name: "a", lines: 3 },
                    { line: 4, name: "p", lines: 3 },
                ],
            },
            {
                title: "an expression-bodied arrow spans its expression",
                source: "const s = (x: number) =>\n    x +\n    1;\n",
                expected: [{ line: 1, name: "s", lines: 2 }],
            },
            {
                title: "a nested callback counts on its own and inside its outer function",
                source: "function outer() {\n    items.map((i) => {\n        return i;\n    });\n}\n",
                expected: [
                    { line: 1, name: "outer", lines: 5 },
                    { line: 2, name: "<arrow>", lines: 3 },
                ],
            },
            {
                title: "overload signatures and abstract methods have no body and are skipped",
                source: "function h(a: string): void;\nfunction h(a: unknown) {}\nabstract class D { abstract k(): void; }\n",
                expected: [{ line: 2, name: "h", lines: 1 }],
            },
        ];
        for (const { title, source, expected } of cases) {
            it(title, () => {
                assert.deepStrictEqual(measureFunctions(source), expected);
            });
        }

        it("reports a function one line over the limit and not one at it", () => {
            const body = (n: number) => `function f${n}() {\n${"    x();\n".repeat(n - 2)}}\n`;
            const spans = measureFunctions(body(maxLines) + body(maxLines + 1));
            assert.deepStrictEqual(
                spans.map((s) => [s.name, s.lines]),
                [
                    [`f${maxLines}`, maxLines],
                    [`f${maxLines + 1}`, maxLines + 1],
                ],
            );
            assert.deepStrictEqual(
                spans.filter((s) => s.lines > maxLines).map((s) => s.name),
                [`f${maxLines + 1}`],
            );
        });
    });

    it(`no function in ${dirs.join("/, ")}/ spans more than ${maxLines} lines`, () => {
        const files = dirs.flatMap(tsFiles);
        assert.ok(files.length > 20, `expected the source tree, found ${files.length} files`);
        const offenders = files.flatMap((file) =>
            measureFunctions(fs.readFileSync(path.join(root, file), "utf8"), file)
                .filter((s) => s.lines > maxLines)
                .map((s) => `${file}:${s.line} ${s.name} (${s.lines} lines)`),
        );
        assert.deepStrictEqual(offenders, []);
    });
});
