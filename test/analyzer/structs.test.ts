/**
 * Configure sends the deployment's facts in eight policies' config; converting them once must not
 * change a byte of what the pack receives.
 */
import * as assert from "assert";
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import { sharedStruct } from "../../check/analyzer/structs";

describe("analyzer: shared config values", () => {
    const facts = {
        self: "organization/p/primary",
        stacks: [{ stack: "primary", resources: [{ urn: "urn:a", props: { ttl: 60, on: true } }] }],
        none: null,
    };
    const config: Record<string, Record<string, unknown>> = {
        "dns-ttl-max": { maxTtlSeconds: 60, deployment: facts },
        "failover-simulation": { deployment: facts, regions: ["us-east-1", "us-west-2"] },
        "no-facts": { label: "x", zero: 0, off: false, nothing: null },
    };

    it("encodes each policy's properties exactly as Struct.fromJavaScript does", () => {
        const shared = new Map<object, Value>();
        for (const [name, properties] of Object.entries(config)) {
            assert.deepStrictEqual(
                Buffer.from(sharedStruct(properties, shared).serializeBinary()),
                Buffer.from(
                    Struct.fromJavaScript(properties as Record<string, never>).serializeBinary(),
                ),
                name,
            );
        }
    });

    it("converts an object the policies share once, and only objects", () => {
        const shared = new Map<object, Value>();
        const a = sharedStruct(config["dns-ttl-max"], shared);
        const b = sharedStruct(config["failover-simulation"], shared);
        assert.strictEqual(a.getFieldsMap().get("deployment"), b.getFieldsMap().get("deployment"));
        assert.deepStrictEqual([...shared.keys()], [facts, config["failover-simulation"].regions]);
    });

    it("refuses undefined as Struct.fromJavaScript does", () => {
        assert.throws(
            () => sharedStruct({ gone: undefined }, new Map()),
            /^Error: Unexpected struct type\.$/,
        );
    });
});
