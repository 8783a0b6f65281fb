import * as assert from "assert";
import { ConfigError, parseStackConfig, projectName } from "../stacks/config";

const ns = (key: string) => `${projectName}:${key}`;

function parse(role: string, region: string, keys: Record<string, unknown>) {
    const raw: Record<string, string> = { "aws:region": region, [ns("role")]: role };
    for (const [key, value] of Object.entries(keys)) {
        raw[ns(key)] = JSON.stringify(value);
    }
    return parseStackConfig(raw);
}

function problems(role: string, region: string, keys: Record<string, unknown>): readonly string[] {
    try {
        parse(role, region, keys);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
        return err.problems;
    }
    return [];
}

describe("data and health config keys of the data layer", () => {
    it("accepts the secondaries' regions on a primary with databases", () =>
        assert.deepStrictEqual(
            parse("primary", "us-east-1", {
                data: { stores: ["aurora", "rds"], replicaRegions: ["us-west-2", "eu-west-1"] },
            }).data.replicaRegions,
            ["us-west-2", "eu-west-1"],
        ));
    it("requires them on a primary with databases, and never its own region", () => {
        assert.deepStrictEqual(problems("primary", "us-east-1", { data: { stores: ["rds"] } }), [
            'data.replicaRegions: [] is empty, but rds keep their credentials in a secret that must be replicated to every secondary\'s region before it exists; list them, e.g. ["us-west-2"]',
        ]);
        assert.deepStrictEqual(
            problems("primary", "us-east-1", {
                data: { stores: ["aurora"], replicaRegions: ["us-east-1"] },
            }),
            [
                'data.replicaRegions: ["us-east-1"] includes this primary\'s own region "us-east-1"; list the secondaries\' regions',
            ],
        );
    });
    it("ignores them without databases and on other roles", () => {
        assert.deepStrictEqual(problems("primary", "us-east-1", { data: { stores: ["s3"] } }), []);
        assert.deepStrictEqual(
            problems("secondary", "us-west-2", { data: { stores: ["aurora"] } }),
            [],
        );
    });
    it("rejects unknown and repeated regions", () =>
        assert.deepStrictEqual(
            problems("primary", "us-east-1", {
                data: { stores: ["s3"], replicaRegions: ["us-west-2", "mars-1", "us-west-2"] },
            }).map((p) => p.split(";")[0]),
            [
                'data.replicaRegions: ["us-west-2","mars-1","us-west-2"] has unknown regions "mars-1"',
            ],
        ));
    it("accepts write forwarding on a supported Aurora version", () =>
        assert.strictEqual(
            parse("secondary", "us-west-2", {
                data: { stores: ["aurora"], auroraWriteForwarding: true },
            }).data.auroraWriteForwarding,
            true,
        ));
    it("rejects write forwarding without Aurora or on a version without it", () => {
        assert.deepStrictEqual(
            problems("secondary", "us-west-2", {
                data: { stores: ["dynamodb"], auroraWriteForwarding: true },
            }),
            ["data.auroraWriteForwarding: true needs the aurora store in data.stores"],
        );
        assert.deepStrictEqual(
            problems("secondary", "us-west-2", {
                data: {
                    stores: ["aurora"],
                    auroraWriteForwarding: true,
                    auroraEngine: "aurora-mysql",
                    auroraEngineVersion: "5.7.mysql_aurora.2.07.9",
                },
            }).filter((p) => p.startsWith("data.auroraWriteForwarding")),
            [
                "data.auroraWriteForwarding: true, but aurora-mysql 5.7.mysql_aurora.2.07.9 does not support global write forwarding (Aurora PostgreSQL 14.9+, 15.4+, 16+; Aurora MySQL 2.08.1+)",
            ],
        );
    });
    it("takes an Aurora Serverless v2 capacity range in half ACUs, 0.5 to 256", () => {
        assert.deepStrictEqual(
            [
                parse("primary", "us-east-1", {}).data,
                parse("primary", "us-east-1", {
                    data: { auroraMinCapacity: 1.5, auroraMaxCapacity: 256 },
                }).data,
            ].map((d) => [d.auroraMinCapacity, d.auroraMaxCapacity]),
            [
                [0.5, 16],
                [1.5, 256],
            ],
        );
        assert.deepStrictEqual(
            problems("primary", "us-east-1", {
                data: { auroraMinCapacity: 0, auroraMaxCapacity: 0.5 },
            }),
            [
                "data.auroraMinCapacity: 0 is invalid; it must be a number from 0.5 to 256 in steps of 0.5",
                "data.auroraMaxCapacity: 0.5 is invalid; it must be a number from 1 to 256 in steps of 0.5",
            ],
        );
        assert.deepStrictEqual(
            problems("primary", "us-east-1", {
                data: { auroraMinCapacity: 2.25, auroraMaxCapacity: 512 },
            }),
            [
                "data.auroraMinCapacity: 2.25 is invalid; it must be a number from 0.5 to 256 in steps of 0.5",
                "data.auroraMaxCapacity: 512 is invalid; it must be a number from 1 to 256 in steps of 0.5",
            ],
        );
        assert.deepStrictEqual(
            problems("primary", "us-east-1", {
                data: { auroraMinCapacity: 32, auroraMaxCapacity: 16 },
            }),
            [
                "data.auroraMinCapacity: 32 is above data.auroraMaxCapacity 16; the minimum must be at most the maximum",
            ],
        );
    });
    it("keeps the ALB's liveness path apart from the health path", () => {
        assert.strictEqual(
            parse("primary", "us-east-1", {
                app: { healthPath: "/healthz", livenessPath: "/livez" },
            }).app.livenessPath,
            "/livez",
        );
        assert.deepStrictEqual(
            problems("primary", "us-east-1", {
                app: { healthPath: "/healthz", livenessPath: "/healthz" },
            }),
            [
                "app.livenessPath: \"/healthz\" is also app.healthPath; the ALB's liveness check must be a shallow path apart from the health path that checks the region's data",
            ],
        );
    });
    it("takes a liveness path with the DNS routing modes only", () => {
        const app = JSON.stringify({ healthPath: "/healthz", livenessPath: "/livez" });
        for (const [strategy, mode] of [
            ["active-passive", "dns-failover"],
            ["active-active", "dns-latency"],
        ]) {
            assert.strictEqual(
                parseStackConfig({
                    "aws:region": "us-east-1",
                    [ns("role")]: "primary",
                    [ns("strategy")]: strategy,
                    [ns("routing")]: JSON.stringify({ mode }),
                    [ns("app")]: app,
                }).app.livenessPath,
                "/livez",
                mode,
            );
        }
        for (const mode of ["cloudfront", "global-accelerator"]) {
            assert.deepStrictEqual(
                problems("primary", "us-east-1", {
                    routing: { mode },
                    app: { healthPath: "/healthz", livenessPath: "/livez" },
                }),
                [
                    `app.livenessPath: "/livez" cannot be used with routing.mode "${mode}": behind an edge the target group's healthy hosts (the serving alarm) decide failover, so it must check app.healthPath; leave app.livenessPath empty or use dns-failover or dns-latency`,
                ],
            );
            assert.strictEqual(
                parse("primary", "us-east-1", { routing: { mode } }).app.livenessPath,
                "",
                mode,
            );
        }
    });
});
