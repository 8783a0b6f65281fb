/**
 * The pack's property readers (policies/lib/props.ts) and Route 53 record facts
 * (policies/lib/dns.ts), table by table. An alias to an AWS resource is served with that
 * resource's fixed 60 s TTL, and an alias to another record in the zone takes that record's TTL
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html).
 */
import * as assert from "assert";
import {
    aliasKindLabels,
    aliasOf,
    aliasTargetKind,
    effectiveTtl,
    failoverTypeOf,
    recordKey,
    recordTargets,
    RecordResource,
    resolveTtl,
    routingPolicyOf,
} from "../../policies/lib/dns";
import {
    asArray,
    asBoolean,
    asNumber,
    asRecord,
    asString,
    get,
    isPresent,
    isSet,
    isUnknownValueError,
    show,
    tagsOf,
    UnknownTracker,
    unlessUnknown,
} from "../../policies/lib/props";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UnknownValueError } = require("@pulumi/policy/proxy") as {
    UnknownValueError: new (sentinel: unknown, props: string[]) => Error;
};
const unknown = (path = "x") =>
    new UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", [path]);
/** An object whose `key` is unknown during preview, as the SDK's proxy presents it. */
function withUnknown(key: string, rest: Record<string, unknown> = {}): Record<string, unknown> {
    const obj = { ...rest };
    Object.defineProperty(obj, key, {
        enumerable: true,
        get: () => {
            throw unknown(key);
        },
    });
    return obj;
}

describe("pack props: readers", () => {
    it("get walks a path; any non-object on the way is undefined", () => {
        const v = { a: [{ b: 1 }], n: null };
        assert.strictEqual(get(v, "a", 0, "b"), 1);
        assert.strictEqual(get(v), v);
        assert.strictEqual(get(v, "a", 1, "b"), undefined);
        assert.strictEqual(get(v, "n", "b"), undefined);
        assert.strictEqual(get("str", "length"), undefined);
    });

    it("asString: non-empty strings only", () => {
        assert.deepStrictEqual(["a", "", 1, null, undefined].map(asString), [
            "a",
            undefined,
            undefined,
            undefined,
            undefined,
        ]);
    });

    const numbers: [unknown, number | undefined][] = [
        [4, 4],
        [-1.5, -1.5],
        [Infinity, undefined],
        [NaN, undefined],
        ["12", 12],
        [" -3.25 ", -3.25],
        ["1.", undefined],
        [".5", undefined],
        ["1e3", undefined],
        ["12a", undefined],
        ["a12", undefined],
        ["", undefined],
        [true, undefined],
    ];
    for (const [value, expected] of numbers) {
        it(`asNumber(${JSON.stringify(value)}) is ${String(expected)}`, () => {
            assert.strictEqual(asNumber(value), expected);
        });
    }

    it("asBoolean: booleans and the strings true and false", () => {
        assert.deepStrictEqual(
            [true, false, "true", "false", "True", 1, undefined].map(asBoolean),
            [true, false, true, false, undefined, undefined, undefined],
        );
    });

    it("asArray copies an array, or gives an empty one", () => {
        const list = [1];
        assert.notStrictEqual(asArray(list), list);
        assert.deepStrictEqual(asArray(list), [1]);
        assert.deepStrictEqual([{}, "ab", null].map(asArray), [[], [], []]);
    });

    it("asRecord: plain objects, and JSON objects in strings", () => {
        const obj = { a: 1 };
        assert.strictEqual(asRecord(obj), obj);
        assert.deepStrictEqual(asRecord(' {"a":2}'), { a: 2 });
        assert.strictEqual(asRecord("{not json"), undefined);
        assert.strictEqual(asRecord('{"a":1} x'), undefined);
        assert.strictEqual(asRecord("[1]"), undefined);
        assert.strictEqual(asRecord('"{"'), undefined);
        assert.strictEqual(asRecord([1]), undefined);
        assert.strictEqual(asRecord(null), undefined);
        assert.strictEqual(asRecord(5), undefined);
    });

    it("isSet: not undefined, null, empty string or empty list", () => {
        assert.deepStrictEqual([undefined, null, "", [], 0, false, "x", [1], {}].map(isSet), [
            false,
            false,
            false,
            false,
            true,
            true,
            true,
            true,
            true,
        ]);
    });

    it("isPresent: set, or unknown during preview; absent keys are not", () => {
        assert.strictEqual(isPresent({ a: 1 }, "a"), true);
        assert.strictEqual(isPresent({ a: [] }, "a"), false);
        assert.strictEqual(isPresent({}, "a"), false);
        assert.strictEqual(isPresent(withUnknown("a"), "a"), true);
    });

    it("unlessUnknown: the value, the fallback for an unknown, other errors rethrown", () => {
        assert.strictEqual(
            unlessUnknown(() => 1, 2),
            1,
        );
        assert.strictEqual(
            unlessUnknown(() => {
                throw unknown();
            }, 2),
            2,
        );
        assert.throws(
            () =>
                unlessUnknown(() => {
                    throw new TypeError("boom");
                }, 2),
            { name: "TypeError", message: "boom" },
        );
        assert.strictEqual(isUnknownValueError(unknown()), true);
        assert.strictEqual(isUnknownValueError(new Error("x")), false);
    });

    it("UnknownTracker: checks every resource, then rethrows the first unknown", () => {
        const tracker = new UnknownTracker();
        const ran: number[] = [];
        const first = unknown("first");
        tracker.guard(() => {
            ran.push(1);
            throw first;
        });
        tracker.guard(() => {
            ran.push(2);
            throw unknown("second");
        });
        tracker.guard(() => ran.push(3));
        assert.deepStrictEqual(ran, [1, 2, 3]);
        assert.throws(
            () => tracker.rethrow(),
            (err) => err === first,
        );
        assert.throws(
            () =>
                tracker.guard(() => {
                    throw new RangeError("r");
                }),
            { name: "RangeError" },
        );
        new UnknownTracker().rethrow();
    });

    it("tagsOf: string tags, from an object or JSON; unknown and non-string tags left out", () => {
        assert.deepStrictEqual(tagsOf({ a: "1", b: 2, c: null }), { a: "1" });
        assert.deepStrictEqual(tagsOf('{"k":"v"}'), { k: "v" });
        assert.deepStrictEqual(tagsOf(withUnknown("u", { k: "v" })), { k: "v" });
        assert.deepStrictEqual(tagsOf(undefined), {});
    });

    it("show: unset, JSON, or text when JSON cannot", () => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        assert.deepStrictEqual([undefined, "a", 1, null, [1], () => 1].map(show), [
            "unset",
            '"a"',
            "1",
            "null",
            "[1]",
            "() => 1",
        ]);
        assert.strictEqual(show(cyclic), "[object Object]");
    });
});

describe("pack dns: routing policies and aliases", () => {
    const policies: [Record<string, unknown>, string | undefined][] = [
        [{ failoverRoutingPolicies: [{ type: "PRIMARY" }] }, "failover"],
        [{ latencyRoutingPolicies: [{}] }, "latency"],
        [{ weightedRoutingPolicies: [{}] }, "weighted"],
        [{ geolocationRoutingPolicies: [{}] }, "geolocation"],
        [{ geoproximityRoutingPolicy: {} }, "geoproximity"],
        [{ cidrRoutingPolicy: {} }, "CIDR"],
        [{ multivalueAnswerRoutingPolicy: true }, "multivalue answer"],
        [{ multivalueAnswerRoutingPolicy: "true" }, "multivalue answer"],
        [{ multivalueAnswerRoutingPolicy: false }, undefined],
        [{ failoverRoutingPolicies: [] }, undefined],
        [{}, undefined],
    ];
    for (const [props, expected] of policies) {
        it(`routing policy of ${JSON.stringify(props)}: ${String(expected)}`, () => {
            assert.strictEqual(routingPolicyOf(props), expected);
        });
    }

    it("failover type: the first policy's type, only for failover records", () => {
        assert.strictEqual(
            failoverTypeOf({
                failoverRoutingPolicies: [{ type: "SECONDARY" }, { type: "PRIMARY" }],
            }),
            "SECONDARY",
        );
        assert.strictEqual(failoverTypeOf({ failoverRoutingPolicies: [] }), undefined);
        assert.strictEqual(
            failoverTypeOf({ latencyRoutingPolicies: [{ type: "PRIMARY" }] }),
            undefined,
        );
    });

    const kinds: [string, string, string][] = [
        ["d1.cloudfront.net", "", "cloudfront"],
        ["D1.CloudFront.NET.", "", "cloudfront"],
        ["anything", "Z2FDTNDATAQYW2", "cloudfront"],
        ["a1.awsglobalaccelerator.com", "", "global-accelerator"],
        ["anything", "Z2BJ6XQ5FK7U4H", "global-accelerator"],
        ["my-alb-1.us-east-1.elb.amazonaws.com", "", "elb"],
        ["anything", "Z35SXDOTRQ7X7K", "elb"],
        ["bucket.s3-website-us-east-1.amazonaws.com", "", "s3-website"],
        ["s3-website.eu-west-1.amazonaws.com", "", "s3-website"],
        ["mys3-website-x.example.com", "", "other"],
        ["www.example.com", "Z000", "other"],
    ];
    for (const [name, zone, kind] of kinds) {
        it(`alias to ${name} in zone "${zone}": ${kind}`, () => {
            assert.strictEqual(aliasTargetKind(name, zone), kind);
        });
    }

    it("labels every kind", () => {
        assert.deepStrictEqual(aliasKindLabels, {
            elb: "load balancer",
            cloudfront: "CloudFront distribution",
            "s3-website": "S3 website endpoint",
            "global-accelerator": "Global Accelerator",
            other: "alias target",
            unknown: "alias target",
        });
    });

    it("aliasOf: the first alias; none without aliases; unknown targets kept as unknown", () => {
        assert.deepStrictEqual(
            aliasOf({
                aliases: [
                    { name: "x.elb.amazonaws.com", zoneId: "Z", evaluateTargetHealth: "true" },
                    { name: "y" },
                ],
            }),
            {
                name: "x.elb.amazonaws.com",
                zoneId: "Z",
                evaluateTargetHealth: true,
                kind: "elb",
            },
        );
        assert.deepStrictEqual(aliasOf({ aliases: [{}] }), {
            name: "",
            zoneId: "",
            evaluateTargetHealth: false,
            kind: "other",
        });
        assert.strictEqual(aliasOf({ aliases: [] }), undefined);
        assert.strictEqual(aliasOf({ records: ["1.2.3.4"] }), undefined);
        const preview = aliasOf({
            aliases: [withUnknown("name", { evaluateTargetHealth: true })],
        })!;
        assert.deepStrictEqual(
            [preview.name, preview.zoneId, preview.evaluateTargetHealth, preview.kind],
            ["", "", true, "unknown"],
        );
        assert.ok(isUnknownValueError(preview.unknown));
        const broken = {
            aliases: [
                Object.defineProperty({}, "name", {
                    get: () => {
                        throw new SyntaxError("odd");
                    },
                }),
            ],
        };
        assert.throws(() => aliasOf(broken), { name: "SyntaxError" });
    });

    it("effectiveTtl: the record's TTL, 60 s for an AWS alias, unknown for an alias to a record", () => {
        assert.strictEqual(effectiveTtl({ ttl: "300" }), 300);
        assert.strictEqual(effectiveTtl({ ttl: 0 }), 0);
        assert.strictEqual(effectiveTtl({}), undefined);
        assert.strictEqual(effectiveTtl({ aliases: [{ name: "d.cloudfront.net" }], ttl: 5 }), 60);
        assert.strictEqual(effectiveTtl({ aliases: [{ name: "www.example.com" }] }), undefined);
        assert.throws(
            () => effectiveTtl({ aliases: [withUnknown("name")] }),
            (err) => isUnknownValueError(err),
        );
    });

    it("recordKey: zone, lower-case name without its dot, type", () => {
        assert.strictEqual(
            recordKey({ zoneId: "Z1", name: "App.Example.com.", type: "A" }),
            "Z1|app.example.com|A",
        );
        assert.strictEqual(recordKey({}), "||");
    });

    it("recordTargets: the alias name without dualstack., or the string values", () => {
        assert.deepStrictEqual(
            recordTargets({ aliases: [{ name: "DualStack.X.elb.amazonaws.com." }] }),
            ["x.elb.amazonaws.com"],
        );
        assert.deepStrictEqual(recordTargets({ aliases: [{ zoneId: "Z" }] }), []);
        assert.deepStrictEqual(recordTargets({ records: ["A.example.com.", "", 5] }), [
            "a.example.com",
        ]);
        assert.deepStrictEqual(recordTargets({}), []);
    });
});

describe("pack dns: the TTL through alias chains", () => {
    const rec = (name: string, props: Record<string, unknown>): RecordResource => ({
        name,
        urn: `urn:${name}`,
        props: { zoneId: "Z1", ...props },
    });

    it("a record's own TTL, or none", () => {
        const a = rec("a", { ttl: 30 });
        assert.deepStrictEqual(resolveTtl(a, [a]), { ttl: 30, chain: [a] });
        assert.strictEqual(resolveTtl(rec("b", {}), []), undefined);
        assert.strictEqual(resolveTtl(rec("b", { ttl: "x" }), []), undefined);
    });

    it("an alias to an AWS resource: 60 s, with its kind", () => {
        const a = rec("a", { aliases: [{ name: "x.elb.amazonaws.com" }] });
        assert.deepStrictEqual(resolveTtl(a, [a]), { ttl: 60, chain: [a], aliasKind: "elb" });
    });

    it("an alias to records: the largest TTL of the target name, through the chain", () => {
        const top = rec("top", {
            name: "app.example.com",
            aliases: [{ name: "Mid.example.com.", zoneId: "Z1" }],
        });
        const mid1 = rec("mid1", { name: "mid.example.com", ttl: 20 });
        const mid2 = rec("mid2", {
            name: "mid.example.com.",
            aliases: [{ name: "leaf.example.com" }],
        });
        const leaf = rec("leaf", { name: "leaf.example.com", ttl: 90 });
        const other = rec("other", { name: "unrelated.example.com", ttl: 999 });
        assert.deepStrictEqual(resolveTtl(top, [top, mid1, mid2, leaf, other]), {
            ttl: 90,
            chain: [top, mid2, leaf],
        });
        // The first of equal TTLs stays.
        const mid3 = rec("mid3", { name: "mid.example.com", ttl: 20 });
        assert.deepStrictEqual(resolveTtl(top, [top, mid1, mid3]), { ttl: 20, chain: [top, mid1] });
    });

    it("records of another zone are skipped unless the alias names that zone", () => {
        const top = rec("top", { aliases: [{ name: "mid.example.com", zoneId: "Z1" }] });
        const elsewhere = {
            ...rec("x", { name: "mid.example.com", ttl: 40 }),
            props: { name: "mid.example.com", ttl: 40, zoneId: "Z2" },
        };
        assert.strictEqual(resolveTtl(top, [top, elsewhere]), undefined);
        const named = rec("top2", { aliases: [{ name: "mid.example.com", zoneId: "Z2" }] });
        assert.deepStrictEqual(resolveTtl(named, [named, elsewhere])?.ttl, 40);
        const noZone = { ...rec("y", {}), props: { name: "mid.example.com", ttl: 50 } };
        assert.deepStrictEqual(resolveTtl(top, [top, noZone])?.ttl, 50);
    });

    it("a loop, a chain leaving the records, or a record aliasing itself is unknown", () => {
        const a = rec("a", { name: "a.example.com", aliases: [{ name: "b.example.com" }] });
        const b = rec("b", { name: "b.example.com", aliases: [{ name: "a.example.com" }] });
        assert.strictEqual(resolveTtl(a, [a, b]), undefined);
        assert.strictEqual(resolveTtl(a, [a]), undefined);
        const self = rec("s", {
            name: "s.example.com",
            aliases: [{ name: "s.example.com" }],
            ttl: 5,
        });
        assert.strictEqual(resolveTtl(self, [self]), undefined);
    });

    it("follows a chain of at most 16 aliases", () => {
        const chain = Array.from({ length: 19 }, (_, i) =>
            rec(
                `r${i}`,
                i === 18
                    ? { name: `r${i}.example.com`, ttl: 7 }
                    : { name: `r${i}.example.com`, aliases: [{ name: `r${i + 1}.example.com` }] },
            ),
        );
        // From r2: 16 aliases, r18's TTL. From r1: 17, beyond the limit.
        assert.strictEqual(resolveTtl(chain[1]!, chain), undefined);
        assert.deepStrictEqual(resolveTtl(chain[2]!, chain)?.ttl, 7);
    });

    it("an unknown alias target is rethrown", () => {
        const a = rec("a", { aliases: [withUnknown("name")] });
        assert.throws(
            () => resolveTtl(a, [a]),
            (err) => isUnknownValueError(err),
        );
    });
});
