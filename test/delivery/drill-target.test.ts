import * as assert from "assert";
import { DrillError } from "../../drill/drill";
import { globalOutputsOf } from "../../drill/target";

/** drill/target.ts reads the global stack's outputs field by field, never casts them. */
describe("drill target: the global stack's outputs, read against the contract", () => {
    it("keeps well-formed fields", () => {
        assert.deepStrictEqual(
            globalOutputsOf(
                {
                    routingMode: "dns-failover",
                    healthCheckIds: { "us-east-1": "hc-1" },
                    arcClusterEndpoints: [{ region: "us-west-2", endpoint: "https://a" }],
                    canaries: [{ name: "c", region: "us-east-1", checks: "https://x/health" }],
                    endpoint: "https://app.example.com",
                },
                "global",
            ),
            {
                routingMode: "dns-failover",
                healthCheckIds: { "us-east-1": "hc-1" },
                routingControlArns: undefined,
                arcClusterEndpoints: [{ region: "us-west-2", endpoint: "https://a" }],
                fisTemplateIds: undefined,
                canaries: [{ name: "c", region: "us-east-1", checks: "https://x/health" }],
            },
        );
    });

    it("drops a malformed optional field: a map with a number, a list entry missing a key", () => {
        const read = globalOutputsOf(
            {
                routingMode: "dns-latency",
                healthCheckIds: { "us-east-1": 7 },
                arcClusterEndpoints: [{ region: "us-west-2" }],
            },
            "global",
        );
        assert.strictEqual(read.healthCheckIds, undefined);
        assert.strictEqual(read.arcClusterEndpoints, undefined);
    });

    it("fails naming the stack when routingMode is missing", () => {
        assert.throws(() => globalOutputsOf({ healthCheckIds: {} }, "edge"), {
            name: DrillError.name,
            message:
                "the global stack edge exports no routingMode; run `pulumi up` on it with this version",
        });
    });
});
