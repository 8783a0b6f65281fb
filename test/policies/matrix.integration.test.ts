/**
 * Whole programs through the offline engine and the pack: deliberately broken programs each
 * produce exactly the violations they were written for, and this project's own stacks produce
 * no mandatory violation in any strategy or routing mode.
 */
import * as assert from "assert";
import * as path from "path";
import { runStacks } from "../../check/engine/engine";
import { parseStackConfig, projectName, routingModes, strategies } from "../../stacks/config";
import { runProject } from "../helpers/engine";
import { evaluateRecords } from "./offline";

const fixtures = path.resolve(__dirname, "../fixtures");

async function violationsOf(program: string) {
    const records = await runStacks({ projectDir: path.join(fixtures, program) });
    return (await evaluateRecords(records)).map((v) => [v.policy, v.level, v.resource, v.message]);
}

describe("policy pack over broken programs", () => {
    it("broken-ttl: a latency record with a TTL of 300", async () => {
        assert.deepStrictEqual(await violationsOf("broken-ttl"), [
            [
                "dns-ttl-max",
                "mandatory",
                "api-use1",
                'Lower ttl on record "api-use1" (app.example.com) from 300 to 60 or less: a latency record with a 300 s TTL keeps resolvers sending users to a failed endpoint for up to 300 s after failover.',
            ],
        ]);
    });

    it("secondary-without-health-check: Route 53 treats a SECONDARY without a check as healthy", async () => {
        assert.deepStrictEqual(await violationsOf("secondary-without-health-check"), []);
    });

    it("broken-compute-two-regions: services in two regions, the database in one", async () => {
        assert.deepStrictEqual(await violationsOf("broken-compute-two-regions"), [
            [
                "compute-requires-data-replication",
                "mandatory",
                "orders-db",
                'Replicate RDS instance "orders-db" into us-west-2; add a cross-region read replica with replicateSourceDb there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api-usw2" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.',
            ],
        ]);
    });

    it("broken-s3-same-region: S3 replication to a bucket in the same region", async () => {
        assert.deepStrictEqual(await violationsOf("broken-s3-same-region"), [
            [
                "replication-cross-region",
                "mandatory",
                "assets-replication",
                'Move the destination of rule "all" of replication "assets-replication" to another region: bucket "assets-replica" is in us-east-1, the same region as source bucket "assets", so a regional failure loses both copies. Create the destination bucket with a provider (or region) for the recovery region.',
            ],
        ]);
    });
});

/** Whether the program's config accepts this pairing; some modes contradict some strategies. */
function accepted(strategy: string, mode: string): boolean {
    try {
        parseStackConfig({
            "aws:region": "us-east-1",
            [`${projectName}:strategy`]: strategy,
            [`${projectName}:routing`]: JSON.stringify({ mode }),
        });
        return true;
    } catch {
        return false;
    }
}

describe("policy pack over this project's stacks", () => {
    it("covers every strategy and every routing mode", () => {
        const pairs = strategies.flatMap((s) => routingModes.filter((m) => accepted(s, m)));
        assert.deepStrictEqual(new Set(pairs), new Set(routingModes));
        for (const strategy of strategies) {
            assert.ok(
                routingModes.some((m) => accepted(strategy, m)),
                strategy,
            );
        }
    });

    for (const strategy of strategies) {
        for (const mode of routingModes.filter((m) => accepted(strategy, m))) {
            it(`has no mandatory violation with strategy ${strategy} and routing mode ${mode}`, async () => {
                const records = await runProject({
                    overrides: [`strategy=${strategy}`, `routing.mode=${mode}`],
                });
                const mandatory = (await evaluateRecords(records)).filter(
                    (v) => v.level === "mandatory",
                );
                assert.deepStrictEqual(mandatory, []);
            });
        }
    }
});
