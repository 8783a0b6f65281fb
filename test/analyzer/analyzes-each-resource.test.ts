import * as assert from "assert";
import {
    EnforcementLevel,
    PolicyInfo,
    ResolvedPolicyConfig,
    analyzesEachResource,
} from "../../check/analyzer/policy-config";

function policy(name: string, kind: PolicyInfo["kind"], level: EnforcementLevel): PolicyInfo {
    return { name, description: name, enforcementLevel: level, kind };
}

function configured(
    levels: Record<string, EnforcementLevel>,
): Record<string, ResolvedPolicyConfig> {
    return Object.fromEntries(
        Object.entries(levels).map(([name, level]) => [
            name,
            { enforcementLevel: level, properties: {} },
        ]),
    );
}

const cases: [string, PolicyInfo[], Record<string, EnforcementLevel>, boolean][] = [
    ["a pack with no policy", [], {}, false],
    [
        "stack policies only, whatever their levels",
        [policy("a", "stack", "mandatory"), policy("b", "stack", "advisory")],
        { a: "mandatory", b: "advisory" },
        false,
    ],
    [
        "a resource policy at its own level",
        [policy("a", "stack", "mandatory"), policy("r", "resource", "advisory")],
        { a: "mandatory", r: "advisory" },
        true,
    ],
    [
        "a resource policy the config disables",
        [policy("a", "stack", "mandatory"), policy("r", "resource", "mandatory")],
        { a: "mandatory", r: "disabled" },
        false,
    ],
    [
        "a resource policy disabled by the pack, enabled by the config",
        [policy("r", "resource", "disabled")],
        { r: "advisory" },
        true,
    ],
    [
        "a resource policy at remediate (its Analyze reports it as mandatory)",
        [policy("r", "resource", "remediate")],
        { r: "remediate" },
        true,
    ],
    [
        "a resource policy the config does not name: the pack's own level",
        [policy("r", "resource", "disabled")],
        {},
        false,
    ],
];

describe("whether the check calls Analyze for each resource", () => {
    for (const [when, policies, levels, expected] of cases) {
        it(`${expected ? "calls" : "does not call"} it for ${when}`, () => {
            assert.strictEqual(analyzesEachResource(policies, configured(levels)), expected);
        });
    }
});
