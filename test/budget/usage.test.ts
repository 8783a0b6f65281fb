/**
 * The workload usage the cost model reads (policies/budget/usage.ts): every setting accepted on
 * its boundary (0 and up) and every bad value refused with one line naming the key, the value and
 * what is allowed; the contract's usage output and the merge of two usage objects.
 */
import * as assert from "assert";
import {
    UsageError,
    contractUsage,
    defaultUsage,
    gbServedPerMonth,
    mergeUsage,
    parseUsage,
    storeUsage,
} from "../../policies/budget";

const scalarKeys = [
    "requestsPerMonth",
    "averageResponseKb",
    "dnsQueriesPerMonth",
    "logGbPerMonthPerGroup",
    "natGbPerMonthPerVpc",
    "endpointGbPerMonth",
    "cachedImageGb",
    "experimentRunsPerMonth",
    "auroraServerlessAcus",
] as const;
const storeKeys = ["gbWrittenPerMonth", "gbStored", "objectsReplicatedPerMonth"] as const;

function problems(raw: unknown, where?: string): readonly string[] {
    try {
        parseUsage(raw, where);
    } catch (err) {
        assert.ok(err instanceof UsageError);
        assert.strictEqual(err.name, "UsageError");
        assert.strictEqual(err.message, err.problems.join("; "));
        return err.problems;
    }
    assert.fail("no UsageError");
}

describe("budget usage: parsing", () => {
    it("the defaults, each a stated figure", () => {
        assert.deepStrictEqual(defaultUsage, {
            requestsPerMonth: 10_000_000,
            averageResponseKb: 10,
            dnsQueriesPerMonth: 1_000_000,
            logGbPerMonthPerGroup: 5,
            natGbPerMonthPerVpc: 10,
            endpointGbPerMonth: 1,
            cachedImageGb: 0.1,
            experimentRunsPerMonth: 1,
            auroraServerlessAcus: 2,
            store: { gbWrittenPerMonth: 10, gbStored: 50, objectsReplicatedPerMonth: 100_000 },
            stores: {},
        });
        assert.deepStrictEqual(parseUsage(undefined), defaultUsage);
        assert.deepStrictEqual(parseUsage(null), defaultUsage);
        assert.deepStrictEqual(parseUsage({}), defaultUsage);
    });

    it("a parsed usage is a copy: changing it leaves the defaults alone", () => {
        const usage = parseUsage({});
        usage.store.gbStored = 1;
        usage.stores.x = {};
        assert.strictEqual(defaultUsage.store.gbStored, 50);
        assert.deepStrictEqual(defaultUsage.stores, {});
    });

    for (const key of scalarKeys) {
        it(`${key}: 0 and 2.5 accepted, -1, NaN, Infinity and "5" refused`, () => {
            assert.strictEqual(parseUsage({ [key]: 0 })[key], 0);
            assert.strictEqual(parseUsage({ [key]: 2.5 })[key], 2.5);
            for (const [bad, shown] of [
                [-1, "-1"],
                [NaN, "null"],
                [Infinity, "null"],
                ["5", '"5"'],
                [null, "null"],
            ] as const) {
                assert.deepStrictEqual(problems({ [key]: bad }), [
                    `usage.${key}: ${shown} must be a number ≥ 0`,
                ]);
            }
        });
    }

    for (const key of storeKeys) {
        it(`store.${key} and stores.<name>.${key}: 0 accepted, -0.5 refused`, () => {
            const usage = parseUsage({ store: { [key]: 0 }, stores: { orders: { [key]: 7 } } });
            assert.strictEqual(usage.store[key], 0);
            assert.deepStrictEqual(usage.stores, { orders: { [key]: 7 } });
            assert.deepStrictEqual(problems({ store: { [key]: -0.5 } }), [
                `usage.store.${key}: -0.5 must be a number ≥ 0`,
            ]);
            assert.deepStrictEqual(problems({ stores: { t: { [key]: "1" } } }), [
                `usage.stores.t.${key}: "1" must be a number ≥ 0`,
            ]);
        });
    }

    it("a partial store keeps the other defaults", () => {
        assert.deepStrictEqual(parseUsage({ store: { gbStored: 3 } }).store, {
            gbWrittenPerMonth: 10,
            gbStored: 3,
            objectsReplicatedPerMonth: 100_000,
        });
    });

    it("refuses what is not an object, naming where", () => {
        for (const [raw, shown] of [
            [[1], "[1]"],
            ["x", '"x"'],
            [3, "3"],
        ] as const) {
            assert.throws(() => parseUsage(raw, "policy usage"), {
                name: "UsageError",
                message: `policy usage: ${shown} must be an object`,
            });
        }
    });

    it("lists every problem at once, each naming what is allowed", () => {
        assert.deepStrictEqual(
            problems(
                {
                    requests: 1,
                    requestsPerMonth: -5,
                    store: { gbStored: -1, size: 2 },
                    stores: { a: [], b: "x", c: null, d: { gbStored: 1 } },
                },
                "u",
            ),
            [
                "u.requests: not a usage setting; settings: requestsPerMonth, averageResponseKb, dnsQueriesPerMonth, logGbPerMonthPerGroup, natGbPerMonthPerVpc, endpointGbPerMonth, cachedImageGb, experimentRunsPerMonth, auroraServerlessAcus, store, stores",
                "u.requestsPerMonth: -5 must be a number ≥ 0",
                "u.store.gbStored: -1 must be a number ≥ 0",
                "u.store.size: not a store usage setting; settings: gbWrittenPerMonth, gbStored, objectsReplicatedPerMonth",
                "u.stores.a: [] must be an object",
                'u.stores.b: "x" must be an object',
                "u.stores.c: null must be an object",
            ],
        );
    });

    it("store must be an object; stores must be an object of store names", () => {
        assert.deepStrictEqual(problems({ store: 5 }), ["usage.store: 5 must be an object"]);
        assert.deepStrictEqual(problems({ store: null }), ["usage.store: null must be an object"]);
        for (const [stores, shown] of [
            [null, "null"],
            [[], "[]"],
            ["x", '"x"'],
        ] as const) {
            assert.deepStrictEqual(problems({ stores }), [
                `usage.stores: ${shown} must be an object of store names`,
            ]);
        }
    });
});

describe("budget usage: derived figures", () => {
    it("GB served: requests × KiB over 1024 × 1024", () => {
        assert.strictEqual(gbServedPerMonth(defaultUsage), (10_000_000 * 10) / 1048576);
        assert.strictEqual(
            gbServedPerMonth({ ...defaultUsage, requestsPerMonth: 1048576, averageResponseKb: 2 }),
            2,
        );
    });

    it("a store's usage: the first of its names with overrides, else the defaults", () => {
        const usage = parseUsage({
            stores: { table: { gbStored: 1 }, arn: { gbStored: 2, gbWrittenPerMonth: 3 } },
        });
        assert.deepStrictEqual(storeUsage(usage, undefined, "arn", "table"), {
            gbWrittenPerMonth: 3,
            gbStored: 2,
            objectsReplicatedPerMonth: 100_000,
        });
        assert.deepStrictEqual(storeUsage(usage, "table", "arn").gbStored, 1);
        assert.strictEqual(storeUsage(usage, "none", undefined), usage.store);
        assert.strictEqual(storeUsage(usage), usage.store);
    });

    it("the contract's usage: store keys gathered under store", () => {
        assert.deepStrictEqual(
            contractUsage({ requestsPerMonth: 5, gbStored: 7, objectsReplicatedPerMonth: 1 }),
            {
                requestsPerMonth: 5,
                store: { gbStored: 7, objectsReplicatedPerMonth: 1 },
            },
        );
        assert.deepStrictEqual(contractUsage({ requestsPerMonth: 5 }), { requestsPerMonth: 5 });
        assert.deepStrictEqual(contractUsage({ gbWrittenPerMonth: 2 }), {
            store: { gbWrittenPerMonth: 2 },
        });
        for (const odd of [null, undefined, "x", 3, [1]]) {
            assert.strictEqual(contractUsage(odd), undefined);
        }
    });

    it("merging: the upper object wins by key, store and stores merge by field", () => {
        assert.deepStrictEqual(
            mergeUsage(
                {
                    requestsPerMonth: 1,
                    averageResponseKb: 2,
                    store: { gbStored: 1, gbWrittenPerMonth: 1 },
                    stores: { a: { gbStored: 1 } },
                },
                { requestsPerMonth: 9, store: { gbStored: 5 }, stores: { b: { gbStored: 2 } } },
            ),
            {
                requestsPerMonth: 9,
                averageResponseKb: 2,
                store: { gbStored: 5, gbWrittenPerMonth: 1 },
                stores: { a: { gbStored: 1 }, b: { gbStored: 2 } },
            },
        );
        // A store that is not an object on either side is replaced, not merged.
        assert.deepStrictEqual(mergeUsage({ store: 5 }, { store: { gbStored: 1 } }), {
            store: { gbStored: 1 },
        });
        assert.deepStrictEqual(mergeUsage({ store: { gbStored: 1 } }, { store: 7 }), { store: 7 });
    });

    it("merging odd values: a non-object under yields the upper; a missing upper keeps the under", () => {
        const under = { requestsPerMonth: 1 };
        assert.strictEqual(mergeUsage(undefined, under), under);
        assert.strictEqual(mergeUsage([1], under), under);
        assert.strictEqual(mergeUsage(null, under), under);
        assert.strictEqual(mergeUsage(under, undefined), under);
        assert.strictEqual(mergeUsage(under, null), under);
        assert.strictEqual(mergeUsage(under, "x"), "x");
        assert.deepStrictEqual(mergeUsage(under, [2]), [2]);
    });
});
