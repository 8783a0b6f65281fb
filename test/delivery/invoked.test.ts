import * as assert from "assert";
import { commandAsRun } from "../../deploy/invoked";

describe("drill and deploy messages suggest the command as the user ran it", () => {
    const bin = "/repo/node_modules/.bin/multi-region-failover";
    const cases: [string, NodeJS.ProcessEnv, string, "drill" | "deploy", string][] = [
        ["npm run drill", { npm_lifecycle_event: "drill" }, bin, "drill", "npm run drill --"],
        ["npm run deploy", { npm_lifecycle_event: "deploy" }, bin, "deploy", "npm run deploy --"],
        [
            "npx",
            { npm_command: "exec", npm_lifecycle_event: "npx" },
            bin,
            "drill",
            "npx multi-region-failover drill",
        ],
        ["npm start --", { npm_lifecycle_event: "start" }, bin, "deploy", "npm start -- deploy"],
        ["the bin", {}, bin, "drill", "multi-region-failover drill"],
        // Another script's name is not this command's.
        [
            "npm run deploy, suggesting drill",
            { npm_lifecycle_event: "deploy" },
            bin,
            "drill",
            "multi-region-failover drill",
        ],
        // A test runner is not the bin.
        [
            "mocha",
            { npm_lifecycle_event: "drill" },
            "/repo/node_modules/.bin/mocha",
            "drill",
            "multi-region-failover drill",
        ],
    ];
    for (const [title, env, script, command, expected] of cases) {
        it(`${title}: ${expected}`, () => {
            assert.strictEqual(commandAsRun(command, env, script), expected);
        });
    }
});
