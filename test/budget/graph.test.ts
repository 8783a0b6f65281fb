/**
 * The budget model's graph accessors (policies/budget/graph.ts) and its default assumptions
 * (assumptions.ts), table by table: every accessor on each kind of odd value the pack may see
 * (missing, mistyped, numeric strings, the SDK's unknowns), with the exact value it returns.
 */
import * as assert from "assert";
import {
    BudgetResource,
    asArray,
    asBoolean,
    asNumber,
    asString,
    contractFromOutputs,
    contractsOf,
    defaultAssumptions,
    describe as describeResource,
    field,
    identifiersOf,
    numberProp,
    ofType,
    prop,
    regionOf,
    regionOfArn,
    stackReferenceType,
    stringProp,
    withDefaults,
} from "../../policies/budget";

function res(extra: Partial<BudgetResource>): BudgetResource {
    return { urn: "urn:x", type: "t", name: "n", ...extra };
}

describe("budget graph: accessors", () => {
    it("prop reads outputs first, then inputs, and keeps a falsy output", () => {
        const r = res({ inputs: { a: 1, b: 2, z: "in" }, outputs: { a: 10, z: 0 } });
        assert.deepStrictEqual(
            [prop(r, "a"), prop(r, "b"), prop(r, "z"), prop(r, "c")],
            [10, 2, 0, undefined],
        );
        assert.strictEqual(prop(res({}), "a"), undefined);
    });

    const fields: [string, unknown, unknown][] = [
        ["an object", { k: 7 }, 7],
        ["null", null, undefined],
        ["a string", "k", undefined],
        ["a number", 5, undefined],
        ["undefined", undefined, undefined],
        ["an array (an object)", Object.assign([1], { k: "a" }), "a"],
    ];
    for (const [what, obj, expected] of fields) {
        it(`field of ${what} is ${String(expected)}`, () => {
            assert.strictEqual(field(obj, "k"), expected);
        });
    }

    const numbers: [unknown, number | undefined][] = [
        [3, 3],
        [0, 0],
        [-2.5, -2.5],
        [Infinity, undefined],
        [NaN, undefined],
        ["42", 42],
        [" 7 ", 7],
        ["", undefined],
        ["   ", undefined],
        ["abc", undefined],
        ["Infinity", undefined],
        [true, undefined],
        [null, undefined],
        [undefined, undefined],
    ];
    for (const [value, expected] of numbers) {
        it(`asNumber(${JSON.stringify(value) ?? "undefined"}) is ${String(expected)}`, () => {
            assert.strictEqual(asNumber(value), expected);
        });
    }

    it("asString keeps strings only", () => {
        assert.deepStrictEqual(["a", "", 1, null, undefined, {}].map(asString), [
            "a",
            "",
            undefined,
            undefined,
            undefined,
            undefined,
        ]);
    });

    it("asBoolean takes booleans and the strings true and false only", () => {
        assert.deepStrictEqual(
            [true, false, "true", "false", "TRUE", "yes", 1, 0, null, undefined].map(asBoolean),
            [
                true,
                false,
                true,
                false,
                undefined,
                undefined,
                undefined,
                undefined,
                undefined,
                undefined,
            ],
        );
    });

    it("asArray returns the array itself, or an empty one", () => {
        const list = [1, 2];
        assert.strictEqual(asArray(list), list);
        assert.deepStrictEqual([{}, "ab", null, undefined, 3].map(asArray), [[], [], [], [], []]);
    });

    it("numberProp and stringProp convert, or say undefined", () => {
        const r = res({ inputs: { n: "12", s: "x", m: "no", t: 4 } });
        assert.deepStrictEqual(
            [numberProp(r, "n"), numberProp(r, "m"), numberProp(r, "s"), numberProp(r, "q")],
            [12, undefined, undefined, undefined],
        );
        assert.deepStrictEqual([stringProp(r, "s"), stringProp(r, "t")], ["x", undefined]);
    });

    it("ofType keeps the resources of any of the types given, in order", () => {
        const a = res({ type: "a", name: "1" });
        const b = res({ type: "b", name: "2" });
        const c = res({ type: "a", name: "3" });
        assert.deepStrictEqual(ofType([a, b, c], "a"), [a, c]);
        assert.deepStrictEqual(ofType([a, b, c], "b", "a"), [a, b, c]);
        assert.deepStrictEqual(ofType([a, b, c]), []);
    });

    it("regionOf: the resource's own region, else its region property, else unknown", () => {
        assert.strictEqual(
            regionOf(res({ region: "eu-west-1", inputs: { region: "x" } })),
            "eu-west-1",
        );
        assert.strictEqual(regionOf(res({ inputs: { region: "us-west-2" } })), "us-west-2");
        assert.strictEqual(regionOf(res({ inputs: { region: 5 } })), "unknown");
        assert.strictEqual(regionOf(res({})), "unknown");
    });

    const arns: [string | undefined, string | undefined][] = [
        ["arn:aws:dynamodb:us-east-1:123456789012:table/t", "us-east-1"],
        ["arn:aws:s3:::bucket", undefined],
        ["arn:aws:iam", undefined],
        ["not-an-arn:aws:x:eu-west-1:1", undefined],
        ["", undefined],
        [undefined, undefined],
    ];
    for (const [arn, expected] of arns) {
        it(`regionOfArn(${String(arn)}) is ${String(expected)}`, () => {
            assert.strictEqual(regionOfArn(arn), expected);
        });
    }

    it("identifiersOf collects every identifier key, plus the extra keys, skipping empty ones", () => {
        const r = res({
            inputs: {
                id: "i",
                arn: "a",
                name: "n",
                bucket: "b",
                identifier: "d",
                clusterIdentifier: "c",
                extra: "e",
                other: "o",
                empty: "",
            },
        });
        assert.deepStrictEqual([...identifiersOf(r)], ["i", "a", "n", "b", "d", "c"]);
        assert.deepStrictEqual(
            [...identifiersOf(r, "extra", "empty")],
            ["i", "a", "n", "b", "d", "c", "e"],
        );
        assert.deepStrictEqual([...identifiersOf(res({ inputs: { id: 3 } }))], []);
    });

    it("describe names the stack when known", () => {
        assert.strictEqual(describeResource(res({ name: "db", stack: "primary" })), "db (primary)");
        assert.strictEqual(describeResource(res({ name: "db" })), "db");
        assert.strictEqual(describeResource(res({ name: "db", stack: "" })), "db");
    });
});

describe("budget graph: regional contracts", () => {
    it("a graph's own contracts win over its stack references (a copy is returned)", () => {
        const contracts = [{ stack: "s", region: "r" }];
        const ref = res({
            type: stackReferenceType,
            inputs: { name: "org/p/x", outputs: { region: "eu-west-1" } },
        });
        const got = contractsOf({ resources: [ref], contracts });
        assert.deepStrictEqual(got, contracts);
        assert.notStrictEqual(got, contracts);
    });

    it("reads contracts from stack references, named by the reference's name property", () => {
        const refs = [
            res({
                type: stackReferenceType,
                name: "logical",
                inputs: {
                    name: "org/p/primary",
                    outputs: { region: "us-east-1", role: "primary" },
                },
            }),
            res({ type: stackReferenceType, name: "bare", inputs: { outputs: { region: "r2" } } }),
            res({ type: stackReferenceType, name: "empty", inputs: { outputs: { other: 1 } } }),
            res({ type: "aws:s3/bucket:Bucket", inputs: { outputs: { region: "r3" } } }),
        ];
        assert.deepStrictEqual(
            contractsOf({ resources: refs }).map((c) => [c.stack, c.region, c.role]),
            [
                ["org/p/primary", "us-east-1", "primary"],
                ["bare", "r2", undefined],
            ],
        );
    });

    it("a stack's outputs without any contract key are no contract", () => {
        for (const outputs of [null, undefined, "x", 3, {}, { role: "primary", strategy: "x" }]) {
            assert.strictEqual(
                contractFromOutputs("s", outputs),
                undefined,
                JSON.stringify(outputs),
            );
        }
    });

    const oneKey: [string, Record<string, unknown>][] = [
        ["capacity", { capacity: { desiredCount: 1, fullCapacity: 2 } }],
        ["dataStores", { dataStores: [] }],
        ["objectives", { objectives: { rpoSeconds: 5 } }],
        ["region", { region: "r" }],
        ["usage (even null)", { usage: null }],
    ];
    for (const [what, outputs] of oneKey) {
        it(`${what} alone makes a contract`, () => {
            assert.notStrictEqual(contractFromOutputs("s", outputs), undefined);
        });
    }

    it("reads every contract field, converting strings, with the capacity defaults", () => {
        assert.deepStrictEqual(
            contractFromOutputs("stk", {
                role: "secondary",
                strategy: "warm-standby",
                region: "us-west-2",
                capacity: { desiredCount: "2", fullCapacity: 3 },
                objectives: { rtoSeconds: "600" },
                usage: { requests: 1 },
            }),
            {
                stack: "stk",
                role: "secondary",
                strategy: "warm-standby",
                region: "us-west-2",
                // minCount and maxCount default to desiredCount; servesTraffic to 2 >= 3.
                capacity: {
                    desiredCount: 2,
                    fullCapacity: 3,
                    minCount: 2,
                    maxCount: 2,
                    servesTraffic: false,
                },
                dataStores: undefined,
                objectives: { rtoSeconds: 600, rpoSeconds: undefined },
                usage: { requests: 1 },
            },
        );
    });

    it("capacity: explicit fields win; servesTraffic defaults to desired >= full on its boundary", () => {
        const cap = (c: unknown) => contractFromOutputs("s", { capacity: c })?.capacity;
        assert.deepStrictEqual(
            cap({
                desiredCount: 3,
                fullCapacity: 3,
                minCount: 1,
                maxCount: 6,
                servesTraffic: "false",
            }),
            { desiredCount: 3, fullCapacity: 3, minCount: 1, maxCount: 6, servesTraffic: false },
        );
        assert.strictEqual(cap({ desiredCount: 3, fullCapacity: 3 })?.servesTraffic, true);
        assert.strictEqual(cap({ desiredCount: 2, fullCapacity: 3 })?.servesTraffic, false);
        assert.strictEqual(cap({ desiredCount: 4, fullCapacity: 3 })?.servesTraffic, true);
        assert.strictEqual(cap({ desiredCount: 3 }), undefined);
        assert.strictEqual(cap({ fullCapacity: 3 }), undefined);
    });

    it("data stores: entries without kind, replication or region are skipped; the rest defaulted", () => {
        const stores = contractFromOutputs("s", {
            dataStores: [
                { kind: "dynamodb", replication: "global-table", region: "r1" },
                {
                    kind: "s3",
                    replication: "crr",
                    region: "r2",
                    identifier: "b",
                    arn: "arn:b",
                    sourceArn: "arn:a",
                },
                { replication: "crr", region: "r" },
                { kind: "s3", region: "r" },
                { kind: "s3", replication: "crr" },
                "junk",
            ],
        })?.dataStores;
        assert.deepStrictEqual(stores, [
            {
                kind: "dynamodb",
                identifier: "",
                arn: "",
                region: "r1",
                replication: "global-table",
                sourceArn: undefined,
            },
            {
                kind: "s3",
                identifier: "b",
                arn: "arn:b",
                region: "r2",
                replication: "crr",
                sourceArn: "arn:a",
            },
        ]);
        assert.strictEqual(
            contractFromOutputs("s", { dataStores: "x", region: "r" })?.dataStores,
            undefined,
        );
    });

    it("objectives: either figure makes them; neither (or non-numbers) is none", () => {
        const obj = (o: unknown) =>
            contractFromOutputs("s", { objectives: o, region: "r" })?.objectives;
        assert.deepStrictEqual(obj({ rtoSeconds: 60 }), { rtoSeconds: 60, rpoSeconds: undefined });
        assert.deepStrictEqual(obj({ rpoSeconds: "1" }), { rtoSeconds: undefined, rpoSeconds: 1 });
        assert.strictEqual(obj({ rtoSeconds: "x" }), undefined);
        assert.strictEqual(obj(undefined), undefined);
    });

    it("a contract without usage has no usage key", () => {
        assert.ok(!("usage" in contractFromOutputs("s", { region: "r" })!));
    });
});

describe("budget assumptions: defaults and overrides", () => {
    it("the defaults, each a stated figure", () => {
        assert.deepStrictEqual(defaultAssumptions, {
            operatorResponseSeconds: 600,
            deploymentSeconds: 300,
            taskStartSeconds: 60,
            autoscalingEvaluationSeconds: 180,
            rdsPromotionSeconds: 600,
            rdsReplicaLagSeconds: 300,
        });
        assert.deepStrictEqual(withDefaults(), defaultAssumptions);
    });

    const overrides: [unknown, number][] = [
        [0, 0],
        [1, 1],
        [12.5, 12.5],
        [-1, 600],
        [NaN, 600],
        [Infinity, 600],
        ["30", 600],
        [null, 600],
    ];
    for (const [value, expected] of overrides) {
        it(`an override of ${String(value)} gives ${expected}`, () => {
            const got = withDefaults({ operatorResponseSeconds: value });
            assert.strictEqual(got.operatorResponseSeconds, expected);
            assert.strictEqual(got.deploymentSeconds, 300);
        });
    }

    it("every key can be overridden, and the defaults are not changed by it", () => {
        const all = {
            operatorResponseSeconds: 1,
            deploymentSeconds: 2,
            taskStartSeconds: 3,
            autoscalingEvaluationSeconds: 4,
            rdsPromotionSeconds: 5,
            rdsReplicaLagSeconds: 6,
        };
        assert.deepStrictEqual(withDefaults({ ...all, unknownKey: 9 } as never), all);
        assert.strictEqual(defaultAssumptions.taskStartSeconds, 60);
    });
});
