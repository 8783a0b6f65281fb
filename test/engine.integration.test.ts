import * as assert from "assert";
import * as path from "path";
import { ProgramError } from "../check/engine/engine";
import { projectRoot, rejection, resourcesOf, runProject, stackOf } from "./helpers/engine";

describe("offline engine", () => {
    it("runs primary, secondary and global in order and resolves StackReferences from recorded outputs", async () => {
        const records = await runProject();
        assert.deepStrictEqual(
            records.map((r) => [r.stack, r.role, r.region]),
            [
                ["primary", "primary", "us-east-1"],
                ["secondary", "secondary", "us-west-2"],
                ["global", "global", "us-east-1"],
            ],
        );
        const global = stackOf(records, "global");
        // Reads complete in any order; the names, not their order, are the contract.
        const refs = resourcesOf(global, "pulumi:pulumi:StackReference").sort((a, b) =>
            String(a.inputs.name).localeCompare(String(b.inputs.name)),
        );
        assert.deepStrictEqual(
            refs.map((r) => r.inputs.name),
            [
                "organization/multi-region-failover/primary",
                "organization/multi-region-failover/secondary",
            ],
        );
        assert.deepStrictEqual(refs[0].outputs.outputs, stackOf(records, "primary").outputs);
        assert.strictEqual(stackOf(records, "secondary").outputs.primaryRegion, "us-east-1");
    });

    it("runs two stacks of any name in the order their StackReference needs, without role config", async () => {
        const records = await runProject({
            projectDir: path.join(__dirname, "fixtures", "reference-order"),
        });
        assert.deepStrictEqual(
            records.map((r) => [r.stack, r.role]),
            [
                ["network", undefined],
                ["app", undefined],
            ],
        );
        const app = stackOf(records, "app");
        const subscription = resourcesOf(app, "aws:sns/topicSubscription:TopicSubscription")[0];
        assert.match(
            String(subscription.inputs.topic),
            /^arn:aws:sns:us-east-1:123456789012:events-/,
        );
    });

    it("runs the program afresh for each run in one process", async () => {
        const first = await runProject({ stacks: ["primary"] });
        const second = await runProject({
            stacks: ["primary"],
            overrides: ["strategy=pilot-light"],
        });
        assert.strictEqual(first[0].outputs.strategy, "warm-standby");
        assert.strictEqual(second[0].outputs.strategy, "pilot-light");
    });

    it("fails a StackReference to a stack that has not run, like requireOutput against a missing stack", async () => {
        const message = await rejection(runProject({ stacks: ["secondary"] }));
        assert.match(message, /^stack secondary: /);
        assert.match(
            message,
            /StackReference "organization\/multi-region-failover\/primary": no stack of that name has run before secondary\. Stacks run so far: none\./,
        );
    });

    it("registers nothing when the config is invalid", async () => {
        const err = await runProject({
            stacks: ["primary"],
            overrides: ["strategy=hot-standby"],
        }).catch((e) => e);
        assert.ok(err instanceof ProgramError);
        assert.deepStrictEqual(err.registered, []);
        assert.strictEqual(
            err.message,
            'stack primary: invalid configuration (1 problem):\n  - strategy: "hot-standby" is not allowed; use one of active-passive, pilot-light, warm-standby, active-active',
        );
    });

    it("rejects an unknown stack with the stacks that exist", async () => {
        const message = await rejection(runProject({ stacks: ["tertiary"] }));
        assert.strictEqual(
            message,
            `stack "tertiary" has no Pulumi.tertiary.yaml in ${projectRoot}; stacks: global, primary, secondary`,
        );
    });
});
