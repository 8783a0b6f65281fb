/**
 * Every numeric config range, walked at its four boundary values through the parser (behaviour,
 * not the generated docs table): just below the minimum and just above the maximum are refused
 * with the exact message, the minimum and the maximum themselves are accepted. The table is the
 * specification, written out by hand; a range changed in schema.ts (app.azCount's minimum 2 to
 * 1, say) fails here, and a numeric field missing from the table fails the coverage test.
 */
import * as assert from "assert";
import { ConfigError, parseStackConfig, projectName } from "../../../stacks/config";
import { projectJsonSchema } from "../../../stacks/config/render";

const ns = (key: string) => `${projectName}:${key}`;

/** [key, minimum, maximum, step (integers: 1), why when not obvious]. */
const ranges: [string, number, number, number][] = [
    ["app.port", 1, 65535, 1],
    ["app.cpu", 256, 16384, 1],
    ["app.memory", 512, 122880, 1],
    ["app.desiredCount", 1, 1000, 1],
    ["app.maxCount", 1, 1000, 1],
    ["app.standbyPercent", 1, 100, 1],
    ["app.pilotLightCount", 1, 1000, 1],
    // Two Availability Zones at least: one zone's loss must leave the region serving.
    ["app.azCount", 2, 6, 1],
    ["routing.ttlSeconds", 0, 2147483647, 1],
    ["routing.healthCheckFailureThreshold", 1, 10, 1],
    ["routing.cloudfrontConnectionTimeoutSeconds", 1, 10, 1],
    ["routing.cloudfrontConnectionAttempts", 1, 3, 1],
    ["data.backupRetentionDays", 7, 35, 1],
    ["data.auroraMinCapacity", 0.5, 256, 0.5],
    ["data.auroraMaxCapacity", 1, 256, 0.5],
    ["data.auroraInstanceCount", 1, 16, 1],
    ["data.rdsAllocatedStorageGb", 20, 65536, 1],
    ["objectives.rtoSeconds", 1, 31536000, 1],
    ["objectives.rpoSeconds", 0, 31536000, 1],
    ["edge.wafRateLimit", 10, 2000000000, 1],
    ["usage.requestsPerMonth", 0, 1000000000000, 1],
    ["usage.averageResponseKb", 0, 10000000, 1],
    ["usage.gbWrittenPerMonth", 0, 1000000000, 1],
    ["usage.gbStored", 0, 1000000000, 1],
    ["usage.objectsReplicatedPerMonth", 0, 1000000000000, 1],
    ["observability.gameDayMinutes", 1, 720, 1],
];

/** The problems a primary in us-east-1 with `key` (section.field) set to `value` reports. */
function problemsWith(key: string, value: number): readonly string[] {
    const [section, field] = key.split(".");
    try {
        parseStackConfig({
            "aws:region": "us-east-1",
            [ns("role")]: "primary",
            [ns(section)]: JSON.stringify({ [field]: value }),
        });
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
        return err.problems;
    }
    return [];
}

/** Numeric fields with a minimum and a maximum in the schema's JSON Schema. */
function rangedFields(): string[] {
    const keys: string[] = [];
    const walk = (prefix: string, node: Record<string, unknown>) => {
        const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
        if (properties) {
            for (const [k, v] of Object.entries(properties)) {
                walk(prefix ? `${prefix}.${k}` : k, v);
            }
        } else if (node.minimum !== undefined || node.maximum !== undefined) {
            keys.push(prefix);
        }
    };
    for (const [k, v] of Object.entries(projectJsonSchema())) {
        walk(k, v as Record<string, unknown>);
    }
    return keys.sort();
}

describe("config ranges, at their boundaries", () => {
    it("the table covers every ranged numeric field of the schema", () => {
        assert.deepStrictEqual(rangedFields(), ranges.map(([key]) => key).sort());
    });

    it("app.azCount 1 is refused: a region spreads over at least two Availability Zones", () => {
        assert.deepStrictEqual(problemsWith("app.azCount", 1), [
            "app.azCount: 1 is invalid; it must be an integer from 2 to 6",
        ]);
    });

    for (const [key, min, max, step] of ranges) {
        const predicate =
            step === 1
                ? `is invalid; it must be an integer from ${min} to ${max}`
                : `is invalid; it must be a number from ${min} to ${max} in steps of ${step}`;
        const refusal = (value: number) => `${key}: ${value} ${predicate}`;
        const own = (problems: readonly string[]) =>
            problems.filter((p) => p.startsWith(`${key}: `) && p.includes(predicate));

        it(`${key}: ${min - step} (below the minimum) is refused`, () => {
            assert.deepStrictEqual(own(problemsWith(key, min - step)), [refusal(min - step)]);
        });
        it(`${key}: ${min} (the minimum) is accepted`, () => {
            assert.deepStrictEqual(own(problemsWith(key, min)), []);
        });
        it(`${key}: ${max} (the maximum) is accepted`, () => {
            assert.deepStrictEqual(own(problemsWith(key, max)), []);
        });
        it(`${key}: ${max + step} (above the maximum) is refused`, () => {
            assert.deepStrictEqual(own(problemsWith(key, max + step)), [refusal(max + step)]);
        });
    }
});
