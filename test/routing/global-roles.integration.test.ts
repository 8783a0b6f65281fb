import * as assert from "assert";
import * as path from "path";
import { StackRecord } from "../../check/engine/types";
import { primaryFirst } from "../../stacks/global";
import { rejection, resourcesOf, runProject, stackOf } from "../helpers/engine";

const primary = "organization/multi-region-failover/primary";
const secondary = "organization/multi-region-failover/secondary";
const euw1 = "organization/multi-region-failover/secondary-euw1";

describe("global stack: failover order from each stack's role", () => {
    const ordered: [string, [string, string][], string[]][] = [
        [
            "keeps a primary-first list",
            [
                [primary, "primary"],
                [secondary, "secondary"],
            ],
            [primary, secondary],
        ],
        [
            "puts the primary first in a secondary-first list",
            [
                [secondary, "secondary"],
                [primary, "primary"],
            ],
            [primary, secondary],
        ],
        [
            "keeps the secondaries in list order behind the primary",
            [
                [euw1, "secondary"],
                [primary, "primary"],
                [secondary, "secondary"],
            ],
            [primary, euw1, secondary],
        ],
    ];
    for (const [what, stacks, expected] of ordered) {
        it(what, () => {
            const order = primaryFirst(stacks.map(([name, role]) => ({ name, role })));
            assert.deepStrictEqual(
                order.map((s) => s.name),
                expected,
            );
        });
    }

    const refused: [string, [string, string][], string][] = [
        [
            "no primary",
            [
                [secondary, "secondary"],
                [euw1, "secondary"],
            ],
            `regionalStacks: no stack has role "primary" (${secondary}: secondary, ${euw1}: secondary); list the primary stack too`,
        ],
        [
            "two primaries",
            [
                [primary, "primary"],
                [euw1, "primary"],
            ],
            `regionalStacks: ${primary} and ${euw1} all have role "primary"; exactly one regional stack can be the primary (${primary}: primary, ${euw1}: primary)`,
        ],
        [
            "the global stack among the regional ones",
            [
                [primary, "primary"],
                ["organization/multi-region-failover/global", "global"],
            ],
            `regionalStacks: organization/multi-region-failover/global has role "global"; list only primary and secondary stacks (${primary}: primary, organization/multi-region-failover/global: global)`,
        ],
    ];
    for (const [what, stacks, message] of refused) {
        it(`refuses ${what}, naming each stack and its role`, () => {
            assert.throws(() => primaryFirst(stacks.map(([name, role]) => ({ name, role }))), {
                message,
            });
        });
    }

    /** The routing records and health checks of the global stack, by name, with their inputs. */
    function routingOf(global: StackRecord): Record<string, unknown> {
        const types = ["aws:route53/record:Record", "aws:route53/healthCheck:HealthCheck"];
        return Object.fromEntries(
            types.flatMap((t) => resourcesOf(global, t)).map((r) => [r.name, r.inputs]),
        );
    }

    it("builds the same records from a secondary-first list, PRIMARY on the primary's region", async () => {
        const runs = [
            await runProject(),
            await runProject({
                overrides: [`regionalStacks=${JSON.stringify([secondary, primary])}`],
            }),
        ];
        const [asListed, reversed] = runs.map((r) => routingOf(stackOf(r, "global")));
        assert.deepStrictEqual(reversed, asListed);
        const failover = resourcesOf(stackOf(runs[1], "global"), "aws:route53/record:Record").map(
            (r) => [r.inputs.setIdentifier, r.inputs.failoverRoutingPolicies],
        );
        assert.deepStrictEqual(failover, [
            ["us-east-1", [{ type: "PRIMARY" }]],
            ["us-west-2", [{ type: "SECONDARY" }]],
        ]);
    });

    it("fails the global stack when no listed stack is the primary", async () => {
        const message = await rejection(
            runProject({
                projectDir: path.join(__dirname, "..", "fixtures", "three-regions"),
                overrides: [`regionalStacks=${JSON.stringify([secondary, euw1])}`],
            }),
        );
        assert.ok(
            message.includes(
                `regionalStacks: no stack has role "primary" (${secondary}: secondary, ${euw1}: secondary); list the primary stack too`,
            ),
            message,
        );
    });
});
