// After `tsc -p tsconfig.build.json`: the data files the built modules read at run time, which
// tsc does not emit. The price table is read next to policies/budget/cost.js.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const assets = ["policies/budget/prices.json"];
for (const asset of assets) {
    const target = path.join(root, "dist", asset);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(root, asset), target);
}
