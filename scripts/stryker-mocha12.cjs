/**
 * Loaded with `--require` into Stryker's processes (npm run mutate). @stryker-mutator/mocha-runner
 * 10.1.1 requires mocha's CLI helpers by extensionless paths (`mocha/lib/cli/run-helpers`), which
 * mocha 12.0.3 ships as `.cjs` files that `require` does not try. This maps exactly those
 * requests to the `.cjs` file beside them and leaves every other resolution alone. Remove it once
 * the runner resolves mocha 12's files itself.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require("fs");
const Module = require("module");
const path = require("path");

const mochaCli = `${path.sep}mocha${path.sep}lib${path.sep}cli${path.sep}`;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    if (path.isAbsolute(request) && request.includes(mochaCli) && path.extname(request) === "") {
        const cjs = `${request}.cjs`;
        if (fs.existsSync(cjs)) {
            return resolve.call(this, cjs, ...rest);
        }
    }
    return resolve.call(this, request, ...rest);
};
