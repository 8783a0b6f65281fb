// Mutation testing of the code that judges programs (issue #30): `npm run mutate` runs every
// folder below incrementally (only mutants whose code or tests changed since the last run are
// re-run; the incremental file is git-ignored, as are the reports). On a shared machine, run one
// folder at a time, with the tests that cover it:
// `MUTATE_TESTS='test/check/**/*.test.ts' npm run mutate -- --mutate project/stateful.ts`.
// Stryker 10 needs Node >= 22 (this project's machines have 20: docs/testing.md says how). Scores per folder,
// with date and commit, are recorded in docs/testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
    mutate: [
        "policies/rules/**/*.ts",
        "policies/lib/**/*.ts",
        "policies/budget/**/*.ts",
        "policies/simulation/**/*.ts",
        "check/engine/constraints/**/*.ts",
        "project/stateful.ts",
        "stacks/config/rules.ts",
        "stacks/config/fields.ts",
    ],
    testRunner: "mocha",
    mochaOptions: {
        config: ".mocharc.json",
        // The fast tests that exercise the code above; the integration tier starts processes
        // that would not see the mutants.
        // MUTATE_TESTS (comma-separated globs) narrows them for a one-folder run: a mutant of a
        // module-level table (project/stateful.ts) is "static" and runs every spec listed here.
        spec: process.env.MUTATE_TESTS?.split(",") ?? [
            "test/policies/**/*.test.ts",
            "test/budget/**/*.test.ts",
            "test/simulation/**/*.test.ts",
            "test/dynamics/**/*.test.ts",
            "test/engine/*constraints*.test.ts",
            "test/check/**/*.test.ts",
            "test/stacks/**/*.test.ts",
            "test/config*.test.ts",
        ],
        ignore: ["test/**/*.integration.test.ts"],
    },
    checkers: ["typescript"],
    // A narrower project for the checker: see tsconfig.stryker.json.
    tsconfigFile: "tsconfig.stryker.json",
    coverageAnalysis: "perTest",
    incremental: true,
    incrementalFile: "reports/stryker-incremental.json",
    reporters: ["clear-text", "progress", "json"],
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    concurrency: 1,
    timeoutMS: 20000,
    tempDirName: ".stryker-tmp",
    cleanTempDir: "always",
};
