/**
 * The check's exit-code mapping, in the fast tier (the integration tier runs it through the CLI):
 * 0 pass, 1 a mandatory violation or data that would be lost, 2 when nothing was checked. The
 * codes are written as numbers on purpose: they are the contract CI scripts read.
 */
import * as assert from "assert";
import { ExitCode } from "../../cli/args";
import { ProjectError } from "../../project/project";
import { RecordedResource, StackRecord } from "../../check/engine/types";
import { assertSomethingChecked, checkExitCode } from "../../check/verdict";

function resource(type: string, name: string): RecordedResource {
    return {
        urn: `urn:pulumi:dev::shop::${type}::${name}`,
        type,
        name,
        region: "us-east-1",
        custom: true,
        inputs: {},
        outputs: {},
        protect: false,
        retainOnDelete: false,
        dependencies: [],
        propertyDependencies: {},
        stack: "dev",
    };
}

function record(stack: string, resources: RecordedResource[]): StackRecord {
    return {
        stack,
        fullName: `organization/shop/${stack}`,
        project: "shop",
        region: "us-east-1",
        resources,
        outputs: {},
    };
}

describe("check exit codes", () => {
    it("keeps the documented numbers", () => {
        assert.deepStrictEqual(ExitCode, {
            ok: 0,
            failed: 1,
            error: 2,
            restoreFailed: 3,
            interrupted: 130,
        });
    });

    const cases: [string, { stacks: number; mandatory: number; lost: number }, number][] = [
        [
            "a pass: stacks checked, nothing mandatory, nothing lost",
            { stacks: 3, mandatory: 0, lost: 0 },
            0,
        ],
        ["one mandatory violation", { stacks: 1, mandatory: 1, lost: 0 }, 1],
        ["many mandatory violations", { stacks: 2, mandatory: 7, lost: 0 }, 1],
        ["one resource whose data would be lost", { stacks: 1, mandatory: 0, lost: 1 }, 1],
        ["both a violation and a loss", { stacks: 1, mandatory: 2, lost: 3 }, 1],
        ["no stack checked, nothing else found", { stacks: 0, mandatory: 0, lost: 0 }, 2],
        ["no stack checked, even with findings", { stacks: 0, mandatory: 1, lost: 1 }, 2],
    ];
    for (const [what, counts, code] of cases) {
        it(`${what}: exit ${code}`, () => {
            assert.strictEqual(checkExitCode(counts), code);
        });
    }
});

describe("no stack checked is never a pass", () => {
    it("refuses zero stacks, naming the folder", () => {
        assert.throws(
            () => assertSomethingChecked([], "/work/app"),
            (err: unknown) =>
                err instanceof ProjectError && err.message === "no stack was checked in /work/app",
        );
    });

    it("refuses a stack with only a provider and a StackReference, naming the stack", () => {
        const plumbing = record("dev", [
            resource("pulumi:providers:aws", "default"),
            resource("pulumi:pulumi:StackReference", "net"),
        ]);
        const real = record("prod", [resource("aws:s3/bucket:Bucket", "assets")]);
        assert.throws(
            () => assertSomethingChecked([real, plumbing], "/work/app"),
            (err: unknown) =>
                err instanceof ProjectError &&
                err.message ===
                    "stack dev: the program registered no resources, so nothing was checked; is /work/app the program (Pulumi.yaml main), and does it create its resources when loaded?",
        );
    });

    it("refuses a stack whose only resource is a component, which creates nothing itself", () => {
        const component = { ...resource("shop:index:Site", "site"), custom: false };
        assert.throws(
            () => assertSomethingChecked([record("dev", [component])], "/work/app"),
            (err: unknown) =>
                err instanceof ProjectError &&
                err.message.startsWith("stack dev: the program registered no resources"),
        );
    });

    it("accepts stacks that each registered a resource of their own", () => {
        assert.deepStrictEqual(
            assertSomethingChecked(
                [
                    record("dev", [resource("aws:s3/bucket:Bucket", "assets")]),
                    record("prod", [resource("aws:sns/topic:Topic", "events")]),
                ],
                "/work/app",
            ),
            [],
        );
    });
});
