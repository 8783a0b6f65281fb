import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { ConfigError, configDefaults, parseStackConfig, projectName } from "../stacks/config";
import { staleFiles } from "../stacks/config/generate";
import { configKeyTable, pulumiConfigBlock } from "../stacks/config/render";

const ns = (key: string) => `${projectName}:${key}`;

/** A valid primary config, as the engine would deliver it. */
function baseline(): Record<string, string> {
    return { "aws:region": "us-east-1", [ns("role")]: "primary" };
}

function problemsOf(overrides: Record<string, string | undefined>): readonly string[] {
    const raw: Record<string, string> = { ...baseline() };
    for (const [key, value] of Object.entries(overrides)) {
        if (value === undefined) {
            delete raw[key];
        } else {
            raw[key] = value;
        }
    }
    try {
        parseStackConfig(raw);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
        return err.problems;
    }
    assert.fail("expected the config to be rejected");
}

describe("stack config", () => {
    it("fills every default for a minimal stack", () => {
        const config = parseStackConfig(baseline());
        assert.deepStrictEqual(config, {
            role: "primary",
            strategy: "warm-standby",
            region: "us-east-1",
            app: configDefaults.app,
            dns: configDefaults.dns,
            routing: { ...configDefaults.routing, mode: "dns-failover" },
            data: configDefaults.data,
            objectives: { rtoSeconds: 900, rpoSeconds: 900 },
            failover: configDefaults.failover,
            primaryStack: "organization/multi-region-failover/primary",
            regionalStacks: [
                "organization/multi-region-failover/primary",
                "organization/multi-region-failover/secondary",
            ],
        });
    });

    it("defaults the routing mode from the strategy", () => {
        const config = parseStackConfig({ ...baseline(), [ns("strategy")]: "active-active" });
        assert.strictEqual(config.routing.mode, "dns-latency");
    });

    const objectivesByStrategy: [string, number][] = [
        ["active-active", 300],
        ["warm-standby", 900],
        ["pilot-light", 1800],
        ["active-passive", 3600],
    ];
    for (const [strategy, rtoSeconds] of objectivesByStrategy) {
        it(`defaults the objectives of ${strategy} to RTO ${rtoSeconds} s and RPO 900 s`, () => {
            const config = parseStackConfig({ ...baseline(), [ns("strategy")]: strategy });
            assert.deepStrictEqual(config.objectives, { rtoSeconds, rpoSeconds: 900 });
        });
    }

    it("keeps a declared objective and defaults the other from the strategy", () => {
        const config = parseStackConfig({
            ...baseline(),
            [ns("strategy")]: "pilot-light",
            [ns("objectives")]: JSON.stringify({ rpoSeconds: 60 }),
        });
        assert.deepStrictEqual(config.objectives, { rtoSeconds: 1800, rpoSeconds: 60 });
    });

    it("merges partial objects with the defaults and coerces numeric strings", () => {
        const config = parseStackConfig({
            ...baseline(),
            [ns("routing")]: JSON.stringify({ ttlSeconds: "30", healthCheckIntervalSeconds: 30 }),
        });
        assert.strictEqual(config.routing.ttlSeconds, 30);
        assert.strictEqual(config.routing.healthCheckIntervalSeconds, 30);
        assert.strictEqual(config.routing.healthCheckFailureThreshold, 3);
    });

    const badInputs: [string, Record<string, string | undefined>, string][] = [
        [
            "an unknown strategy",
            { [ns("strategy")]: "hot-standby" },
            'strategy: "hot-standby" is not allowed; use one of active-passive, pilot-light, warm-standby, active-active',
        ],
        [
            "an unknown role",
            { [ns("role")]: "tertiary" },
            'role: "tertiary" is not allowed; use one of primary, secondary, global',
        ],
        [
            "a missing region",
            { "aws:region": undefined },
            "aws:region: is not set; set it in Pulumi.<stack>.yaml, e.g. us-east-1",
        ],
        [
            "an unknown region",
            { "aws:region": "us-middle-1" },
            'aws:region: "us-middle-1" is not a known AWS region; known: us-east-1, us-east-2, us-west-1, us-west-2, ca-central-1, eu-west-1, eu-west-2, eu-west-3, eu-central-1, eu-north-1, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-southeast-1, ap-southeast-2, ap-south-1, sa-east-1',
        ],
        [
            "a misspelt key",
            { [ns("stratgy")]: "pilot-light" },
            'stratgy: unknown key "multi-region-failover:stratgy"; did you mean multi-region-failover:strategy? known keys: role, strategy, app, dns, routing, data, objectives, failover, primaryStack, regionalStacks',
        ],
        [
            "an unknown field in an object",
            { [ns("app")]: JSON.stringify({ imag: "nginx:1" }) },
            "app.imag: unknown field; did you mean app.image? known fields: image, port, healthPath, cpu, memory, desiredCount, maxCount, standbyPercent, pilotLightCount, azCount, outboundInternet, writablePaths",
        ],
        [
            "an unknown key like no known one",
            { [ns("zzzzzz")]: "1" },
            'zzzzzz: unknown key "multi-region-failover:zzzzzz"; known keys: role, strategy, app, dns, routing, data, objectives, failover, primaryStack, regionalStacks',
        ],
        [
            "a field named after an Object.prototype member",
            { [ns("app")]: JSON.stringify({ constructor: 1 }) },
            "app.constructor: unknown field; known fields: image, port, healthPath, cpu, memory, desiredCount, maxCount, standbyPercent, pilotLightCount, azCount, outboundInternet, writablePaths",
        ],
        [
            "an object key given a scalar",
            { [ns("routing")]: "fast" },
            'routing: "fast" is invalid; it must be an object with fields ttlSeconds, healthCheckIntervalSeconds, healthCheckFailureThreshold, healthCheckRegions, arc, cloudfrontConnectionTimeoutSeconds, cloudfrontConnectionAttempts, mode, evaluateTargetHealth',
        ],
        [
            "a :latest image",
            { [ns("app")]: JSON.stringify({ image: "nginx:latest" }) },
            'app.image: "nginx:latest" must be an image reference pinned by tag or digest (not :latest)',
        ],
        [
            "a port out of range",
            { [ns("app")]: JSON.stringify({ port: 70000 }) },
            "app.port: 70000 is invalid; it must be an integer from 1 to 65535",
        ],
        [
            "a health path without a slash",
            { [ns("app")]: JSON.stringify({ healthPath: "health" }) },
            'app.healthPath: "health" must start with / and be at most 255 characters without spaces (Route 53 ResourcePath)',
        ],
        [
            "an invalid Fargate size",
            { [ns("app")]: JSON.stringify({ cpu: 256, memory: 4096 }) },
            "app.memory: 4096 with app.cpu 256 is not a Fargate task size; memory for cpu 256 must be one of 512, 1024, 2048",
        ],
        [
            "a ceiling below full capacity",
            { [ns("app")]: JSON.stringify({ desiredCount: 4, maxCount: 2 }) },
            "app.maxCount: 2 is below app.desiredCount 4; it must be at least the full capacity",
        ],
        [
            "a standby share of 0%",
            { [ns("app")]: JSON.stringify({ standbyPercent: 0 }) },
            "app.standbyPercent: 0 is invalid; it must be an integer from 1 to 100",
        ],
        [
            "a bad domain",
            { [ns("dns")]: JSON.stringify({ domain: "not a domain" }) },
            'dns.domain: "not a domain" must be a fully qualified domain name such as app.example.com',
        ],
        [
            "a bad hosted zone ID",
            { [ns("dns")]: JSON.stringify({ hostedZoneId: "zone-1" }) },
            'dns.hostedZoneId: "zone-1" must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ',
        ],
        [
            "an unknown routing mode",
            { [ns("routing")]: JSON.stringify({ mode: "anycast" }) },
            'routing.mode: "anycast" is not allowed; use one of dns-failover, dns-latency, global-accelerator, cloudfront',
        ],
        [
            "a health check interval Route 53 does not offer",
            { [ns("routing")]: JSON.stringify({ healthCheckIntervalSeconds: 15 }) },
            "routing.healthCheckIntervalSeconds: 15 is invalid; allowed: 10 or 30 (Route 53 request interval)",
        ],
        [
            "a failure threshold above 10",
            { [ns("routing")]: JSON.stringify({ healthCheckFailureThreshold: 11 }) },
            "routing.healthCheckFailureThreshold: 11 is invalid; it must be an integer from 1 to 10",
        ],
        [
            "a negative TTL",
            { [ns("routing")]: JSON.stringify({ ttlSeconds: -1 }) },
            "routing.ttlSeconds: -1 is invalid; it must be an integer from 0 to 2147483647",
        ],
        [
            "two health checker regions",
            { [ns("routing")]: JSON.stringify({ healthCheckRegions: ["us-east-1", "us-west-2"] }) },
            'routing.healthCheckRegions: ["us-east-1","us-west-2"] needs at least 3 distinct regions',
        ],
        [
            "a health checker region Route 53 does not use",
            {
                [ns("routing")]: JSON.stringify({
                    healthCheckRegions: ["us-east-1", "us-west-2", "eu-central-1"],
                }),
            },
            'routing.healthCheckRegions: ["us-east-1","us-west-2","eu-central-1"] has regions Route 53 health checkers do not run from: eu-central-1; allowed: us-east-1, us-west-1, us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, sa-east-1',
        ],
        [
            "dns-failover with active-active",
            {
                [ns("strategy")]: "active-active",
                [ns("routing")]: JSON.stringify({ mode: "dns-failover" }),
            },
            'routing.mode: "dns-failover" serves one region at a time, which contradicts strategy "active-active"; use dns-latency or global-accelerator',
        ],
        [
            "latency routing to a standby that serves nothing",
            {
                [ns("strategy")]: "pilot-light",
                [ns("routing")]: JSON.stringify({ mode: "dns-latency" }),
            },
            'routing.mode: "dns-latency" sends users to every region, but strategy "pilot-light" keeps a standby that does not serve traffic; use dns-failover, global-accelerator or cloudfront',
        ],
        [
            "an unknown data store",
            { [ns("data")]: JSON.stringify({ stores: ["dynamodb", "redis"] }) },
            'data.stores: ["dynamodb","redis"] has unknown stores "redis"; allowed: aurora, rds, dynamodb, s3',
        ],
        [
            "a zero RTO",
            { [ns("objectives")]: JSON.stringify({ rtoSeconds: 0 }) },
            "objectives.rtoSeconds: 0 is invalid; it must be an integer from 1 to 31536000",
        ],
        [
            "the failover switch on a primary",
            { [ns("failover")]: JSON.stringify({ activate: true }) },
            'failover.activate: true is only meaningful on a secondary stack; this stack\'s role is "primary"',
        ],
        [
            "a non-boolean switch",
            { [ns("role")]: "secondary", [ns("failover")]: JSON.stringify({ activate: "yes" }) },
            'failover.activate: "yes" is invalid; it must be true or false',
        ],
        [
            "a stack reference that is not fully qualified",
            { [ns("primaryStack")]: "primary" },
            'primaryStack: "primary" must be a fully qualified stack name <org>/<project>/<stack>, e.g. organization/multi-region-failover/primary',
        ],
        [
            "a global stack with one region",
            {
                [ns("role")]: "global",
                [ns("regionalStacks")]: JSON.stringify([
                    "organization/multi-region-failover/primary",
                ]),
            },
            "regionalStacks: has 1 stack; failover needs at least 2 regional stacks",
        ],
    ];

    for (const [what, overrides, message] of badInputs) {
        it(`rejects ${what}`, () => {
            assert.deepStrictEqual(problemsOf(overrides), [message]);
        });
    }

    it("reports every problem together", () => {
        const problems = problemsOf({
            [ns("strategy")]: "hot",
            [ns("app")]: JSON.stringify({ port: 0, cpu: 300 }),
        });
        assert.deepStrictEqual(problems, [
            'strategy: "hot" is not allowed; use one of active-passive, pilot-light, warm-standby, active-active',
            "app.port: 0 is invalid; it must be an integer from 1 to 65535",
            "app.memory: 512 with app.cpu 300 is not a Fargate task size; cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384",
        ]);
        const err = (() => {
            try {
                parseStackConfig({ ...baseline(), [ns("strategy")]: "hot", [ns("role")]: "x" });
            } catch (e) {
                return e as Error;
            }
            return undefined;
        })();
        assert.strictEqual(
            err?.message,
            'invalid configuration (2 problems):\n  - role: "x" is not allowed; use one of primary, secondary, global\n  - strategy: "hot" is not allowed; use one of active-passive, pilot-light, warm-standby, active-active',
        );
    });

    it("ignores other namespaces' keys", () => {
        assert.strictEqual(
            parseStackConfig({ ...baseline(), "aws:profile": "prod" }).region,
            "us-east-1",
        );
    });

    it("declares in Pulumi.yaml the same defaults the program applies", () => {
        const project = yaml.load(
            fs.readFileSync(path.join(__dirname, "..", "Pulumi.yaml"), "utf8"),
        ) as { config: Record<string, { type: string; default: unknown; description: string }> };
        const declared = Object.fromEntries(
            Object.entries(project.config).map(([k, v]) => [k, v.default]),
        );
        assert.deepStrictEqual(declared, configDefaults);
        for (const [key, spec] of Object.entries(project.config)) {
            assert.ok(spec.type, `${key} has a type`);
            assert.ok(spec.description && spec.description.length > 20, `${key} has a description`);
        }
    });
});

describe("files generated from the config schema", () => {
    const root = path.join(__dirname, "..");

    it("Pulumi.yaml and docs/configuration.md are what npm run generate writes", () => {
        assert.deepStrictEqual(staleFiles(), []);
    });

    it("notices a stale Pulumi.yaml default and a stale docs row", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "config-generate-"));
        try {
            fs.mkdirSync(path.join(dir, "docs"));
            const pulumiYaml = fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8");
            fs.writeFileSync(
                path.join(dir, "Pulumi.yaml"),
                pulumiYaml.replace("port: 80", "port: 81"),
            );
            const doc = fs.readFileSync(path.join(root, "docs", "configuration.md"), "utf8");
            fs.writeFileSync(path.join(dir, "docs", "configuration.md"), doc);
            assert.deepStrictEqual(staleFiles(dir), ["Pulumi.yaml"]);
            fs.writeFileSync(
                path.join(dir, "docs", "configuration.md"),
                doc.replace("| `app.port` | `80` |", "| `app.port` | `8080` |"),
            );
            assert.deepStrictEqual(staleFiles(dir), ["Pulumi.yaml", "docs/configuration.md"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("declares each key's type in Pulumi.yaml from the schema's JSON Schema", () => {
        const block = pulumiConfigBlock();
        assert.deepStrictEqual(
            Object.fromEntries(Object.entries(block).map(([k, v]) => [k, v.type])),
            {
                role: "string",
                strategy: "string",
                app: "object",
                dns: "object",
                routing: "object",
                data: "object",
                objectives: "object",
                failover: "object",
                primaryStack: "string",
                regionalStacks: "array",
            },
        );
        assert.deepStrictEqual(block.regionalStacks, {
            type: "array",
            items: { type: "string" },
            default: [
                "organization/multi-region-failover/primary",
                "organization/multi-region-failover/secondary",
            ],
            description:
                "Fully qualified names of every regional stack, primary first, read by the global stack",
        });
    });

    it("writes one docs row per field with its default, allowed values and meaning", () => {
        const rows = configKeyTable().split("\n");
        assert.ok(rows.includes("| `app.port` | `80` | 1-65535 | Port the container listens on |"));
        assert.ok(
            rows.includes(
                "| `routing.healthCheckIntervalSeconds` | `10` | `10`, `30` | Route 53 health check request interval, seconds |",
            ),
        );
        assert.ok(
            rows.includes(
                "| `routing.mode` | follows `strategy`: `dns-latency` for active-active, else `dns-failover` | `dns-failover`, `dns-latency`, `global-accelerator`, `cloudfront` | How users move between regions ([routing.md](routing.md)) |",
            ),
        );
        // Header and separator, 4 scalar keys, and the fields of app, dns, routing, data,
        // objectives and failover.
        assert.strictEqual(rows.length, 2 + 4 + 12 + 2 + 9 + 16 + 2 + 1);
    });
});
