import * as assert from "assert";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { deepFreeze, holdsUnknown, shareReads } from "../../policies/lib/shared-reads";

const unknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const sentinels = new Set([unknownString, "dd056dcd-154b-4c76-9bd3-c8f88648b5ff"]);

/** Stand-ins for `@pulumi/policy`'s deserialize and proxy modules, counting their calls. */
function fakeModules() {
    const calls = { deserialize: 0, proxy: 0 };
    const deserialize = {
        deserializeProperties: (struct: object, proxySecrets: boolean): Record<string, unknown> => {
            calls.deserialize++;
            return { ...(struct as { props: Record<string, unknown> }).props, proxySecrets };
        },
    };
    const proxy = {
        unknownCheckingProxy: (value: unknown) => {
            calls.proxy++;
            return { proxied: value };
        },
        unknownBooleanValue: "unknown-boolean",
        unknownNumberValue: "unknown-number",
        unknownStringValue: unknownString,
        unknownArrayValue: "unknown-array",
        unknownAssetValue: "unknown-asset",
        unknownArchiveValue: "unknown-archive",
        unknownObjectValue: "unknown-object",
    };
    return { deserialize, proxy, calls };
}

describe("shared reads: one read-only copy of each resource for the pack's policies", () => {
    const holds: [string, unknown, boolean][] = [
        ["a plain string", "bucket", false],
        ["an unknown string", unknownString, true],
        ["an unknown deep in an array", { rules: [{ id: "a" }, { id: unknownString }] }, true],
        ["numbers, booleans and null", { a: 1, b: true, c: null, d: [2, false] }, false],
        ["a key that looks unknown, with a known value", { [unknownString]: "x" }, false],
        ["an empty object", {}, false],
    ];
    for (const [what, value, expected] of holds) {
        it(`holdsUnknown: ${what} → ${expected}`, () => {
            assert.strictEqual(holdsUnknown(value, sentinels), expected);
        });
    }

    it("deepFreeze freezes every level and returns the same object", () => {
        const value = { tags: { a: "1" }, rules: [{ id: "r" }] };
        assert.strictEqual(deepFreeze(value), value);
        assert.ok(Object.isFrozen(value));
        assert.ok(Object.isFrozen(value.tags));
        assert.ok(Object.isFrozen(value.rules));
        assert.ok(Object.isFrozen(value.rules[0]));
        assert.throws(() => {
            (value.tags as Record<string, string>).a = "2";
        }, TypeError);
    });

    it("deserializes a property set once for every policy, frozen and without the proxy", () => {
        const { deserialize, proxy, calls } = fakeModules();
        assert.strictEqual(shareReads(deserialize, proxy), true);
        const struct = { props: { bucket: "logs", tags: { team: "a" } } };
        const first = deserialize.deserializeProperties(struct, false);
        const second = deserialize.deserializeProperties(struct, false);
        assert.strictEqual(second, first);
        assert.strictEqual(calls.deserialize, 1);
        assert.ok(Object.isFrozen(first) && Object.isFrozen(first.tags));
        assert.strictEqual(proxy.unknownCheckingProxy(first), first);
        assert.strictEqual(calls.proxy, 0);
        // Another struct (another resource, or the next request) is its own copy.
        const other = deserialize.deserializeProperties({ props: { bucket: "logs" } }, false);
        assert.notStrictEqual(other, first);
        assert.strictEqual(calls.deserialize, 2);
    });

    it("keeps @pulumi/policy's own path for a set holding an unknown value", () => {
        const { deserialize, proxy, calls } = fakeModules();
        shareReads(deserialize, proxy);
        const struct = { props: { arn: unknownString } };
        const first = deserialize.deserializeProperties(struct, false);
        const second = deserialize.deserializeProperties(struct, false);
        assert.notStrictEqual(second, first);
        assert.strictEqual(calls.deserialize, 2);
        assert.ok(!Object.isFrozen(first));
        assert.deepStrictEqual(proxy.unknownCheckingProxy(first), { proxied: first });
        assert.strictEqual(calls.proxy, 1);
    });

    it("never touches remediation's deserialization (secrets kept on write)", () => {
        const { deserialize, proxy, calls } = fakeModules();
        shareReads(deserialize, proxy);
        const struct = { props: { bucket: "logs" } };
        const first = deserialize.deserializeProperties(struct, true);
        const second = deserialize.deserializeProperties(struct, true);
        assert.notStrictEqual(second, first);
        assert.strictEqual(calls.deserialize, 2);
        assert.ok(!Object.isFrozen(first));
        assert.strictEqual(first.proxySecrets, true);
    });

    const shapes: [string, unknown, unknown][] = [
        ["no deserialize module", undefined, fakeModules().proxy],
        ["no deserializeProperties", {}, fakeModules().proxy],
        ["no unknownCheckingProxy", fakeModules().deserialize, { unknownStringValue: "x" }],
        [
            "a sentinel missing",
            fakeModules().deserialize,
            { ...fakeModules().proxy, unknownObjectValue: undefined },
        ],
    ];
    for (const [what, d, p] of shapes) {
        it(`patches nothing when @pulumi/policy looks otherwise: ${what}`, () => {
            const before = d && { ...(d as object) };
            assert.strictEqual(shareReads(d, p), false);
            assert.deepStrictEqual(d && { ...(d as object) }, before);
        });
    }

    it("applies to the pinned @pulumi/policy: its modules have the shape, a real struct is shared", () => {
        // Copies of the modules' exports, so that this test patches nothing others load.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const deserialize = { ...require("@pulumi/policy/deserialize") };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const proxy = { ...require("@pulumi/policy/proxy") };
        assert.strictEqual(shareReads(deserialize, proxy), true);
        const struct = Struct.fromJavaScript({ bucket: "logs", versioning: { enabled: true } });
        const props = deserialize.deserializeProperties(struct, false);
        assert.deepStrictEqual(props, { bucket: "logs", versioning: { enabled: true } });
        assert.strictEqual(deserialize.deserializeProperties(struct, false), props);
        assert.strictEqual(proxy.unknownCheckingProxy(props), props);
        // A preview's unknown still reaches the policy through @pulumi/policy's checking proxy.
        const unknown = Struct.fromJavaScript({ arn: unknownString });
        const checked = proxy.unknownCheckingProxy(
            deserialize.deserializeProperties(unknown, false),
        ) as { arn: string };
        assert.throws(() => checked.arn, /string value at \.arn can't be known during preview/);
    });
});
