import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { ConfigError, configDefaults, parseStackConfig, projectName } from "../stacks/config";
import { volumeName as componentVolumeName } from "../components/region/regionalApplication";
import { availabilityZoneCounts, knownRegions } from "../policies/lib/aws-limits";
import { StackConfig } from "../stacks/config";
import { staleFiles } from "../stacks/config/generate";
import { awsConfigKeys } from "../stacks/config/namespaces";
import { volumeName } from "../stacks/config/volumes";
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
            alerts: { email: [], httpsEndpoints: [] },
            edge: { waf: false, wafRateLimit: 2000 },
            logs: { retentionDays: 30, auditRetentionDays: 365 },
            usage: configDefaults.usage,
            observability: { enabled: true, canaryIntervalMinutes: 5, gameDayMinutes: 10 },
            failover: configDefaults.failover,
            primaryStack: "organization/multi-region-failover/primary",
            regionalStacks: [
                "organization/multi-region-failover/primary",
                "organization/multi-region-failover/secondary",
            ],
        });
    });

    it("takes the workload's usage for the cost estimate over the model's defaults", () => {
        const config = parseStackConfig({
            ...baseline(),
            [ns("usage")]: JSON.stringify({ requestsPerMonth: 5, gbStored: "7" }),
        });
        // The model's defaults (policies/budget/usage.ts) for what is not set.
        assert.deepStrictEqual(config.usage, {
            requestsPerMonth: 5,
            averageResponseKb: 10,
            gbWrittenPerMonth: 10,
            gbStored: 7,
            objectsReplicatedPerMonth: 100_000,
        });
    });

    it("rejects usage that is negative, fractional or unknown, naming each key", () => {
        assert.deepStrictEqual(
            problemsOf({
                [ns("usage")]: JSON.stringify({
                    requestsPerMonth: -1,
                    averageResponseKb: 1.5,
                    gbRead: 3,
                }),
            }),
            [
                "usage.gbRead: unknown field; known fields: requestsPerMonth, averageResponseKb, gbWrittenPerMonth, gbStored, objectsReplicatedPerMonth",
                "usage.requestsPerMonth: -1 is invalid; it must be an integer from 0 to 1000000000000",
                "usage.averageResponseKb: 1.5 is invalid; it must be an integer from 0 to 10000000",
            ],
        );
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
            'stratgy: unknown key "multi-region-failover:stratgy"; did you mean multi-region-failover:strategy? known keys: role, strategy, app, dns, routing, data, objectives, alerts, edge, logs, usage, failover, observability, primaryStack, regionalStacks',
        ],
        [
            "an unknown field in an object",
            { [ns("app")]: JSON.stringify({ imag: "nginx:1" }) },
            "app.imag: unknown field; did you mean app.image? known fields: image, port, healthPath, livenessPath, cpu, memory, desiredCount, maxCount, standbyPercent, pilotLightCount, azCount, outboundInternet, writablePaths",
        ],
        [
            "an unknown key like no known one",
            { [ns("zzzzzz")]: "1" },
            'zzzzzz: unknown key "multi-region-failover:zzzzzz"; known keys: role, strategy, app, dns, routing, data, objectives, alerts, edge, logs, usage, failover, observability, primaryStack, regionalStacks',
        ],
        [
            "a field named after an Object.prototype member",
            { [ns("app")]: JSON.stringify({ constructor: 1 }) },
            "app.constructor: unknown field; known fields: image, port, healthPath, livenessPath, cpu, memory, desiredCount, maxCount, standbyPercent, pilotLightCount, azCount, outboundInternet, writablePaths",
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
            "a Region switch approval that is not a boolean",
            { [ns("failover")]: JSON.stringify({ approval: "yes" }) },
            'failover.approval: "yes" is invalid; it must be true or false',
        ],
        [
            "two health checker regions",
            { [ns("routing")]: JSON.stringify({ healthCheckRegions: ["us-east-1", "us-west-2"] }) },
            'routing.healthCheckRegions: ["us-east-1","us-west-2"] needs at least 3 distinct regions, or none for all of them',
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
            "a canary interval canaries cannot run at",
            { [ns("observability")]: JSON.stringify({ canaryIntervalMinutes: 2 }) },
            "observability.canaryIntervalMinutes: 2 is invalid; allowed: 1 or 5 or 10 or 15 or 30 or 60 (minutes between canary runs)",
        ],
        [
            "a game day longer than FIS allows",
            { [ns("observability")]: JSON.stringify({ gameDayMinutes: 721 }) },
            "observability.gameDayMinutes: 721 is invalid; it must be an integer from 1 to 720",
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
                [ns("failover")]: JSON.stringify({ approval: false }),
                [ns("regionalStacks")]: JSON.stringify([
                    "organization/multi-region-failover/primary",
                ]),
            },
            "regionalStacks: has 1 stack; failover needs at least 2 regional stacks",
        ],
        [
            "a misspelt project namespace",
            { "multi-region-failovr:strategy": "pilot-light" },
            'multi-region-failovr:strategy: unknown namespace "multi-region-failovr"; did you mean multi-region-failover:strategy?',
        ],
        [
            "a misspelt namespace and key",
            { "multi-region-failovr:stratgy": "pilot-light" },
            'multi-region-failovr:stratgy: unknown namespace "multi-region-failovr"; did you mean multi-region-failover:strategy?',
        ],
        [
            "a misspelt aws key",
            { "aws:regoin": "us-west-2" },
            "aws:regoin: unknown key of the aws provider; did you mean aws:region? its keys: https://www.pulumi.com/registry/packages/aws/installation-configuration/",
        ],
        [
            "an aws key the provider does not have",
            { "aws:colour": "blue" },
            "aws:colour: unknown key of the aws provider; its keys: https://www.pulumi.com/registry/packages/aws/installation-configuration/",
        ],
        [
            "a misspelt aws namespace",
            { "asw:region": "us-west-2" },
            'asw:region: unknown namespace "asw"; did you mean aws:region?',
        ],
        [
            "an untagged image",
            { [ns("app")]: JSON.stringify({ image: "nginx" }) },
            'app.image: "nginx" has no tag or digest, so ECS would pull :latest; pin it, e.g. nginx:1.0 or nginx@sha256:<digest>',
        ],
        [
            "an untagged image from a registry with a port",
            { [ns("app")]: JSON.stringify({ image: "registry.example.com:5000/team/app" }) },
            'app.image: "registry.example.com:5000/team/app" has no tag or digest, so ECS would pull :latest; pin it, e.g. registry.example.com:5000/team/app:1.0 or registry.example.com:5000/team/app@sha256:<digest>',
        ],
        [
            "more AZs than the region offers",
            { "aws:region": "us-west-1", [ns("role")]: "secondary" },
            "app.azCount: 3 is more than the 2 Availability Zones us-west-1 offers a new account; use at most 2 (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html)",
        ],
        [
            "two writable paths that need one volume",
            { [ns("app")]: JSON.stringify({ writablePaths: ["/tmp", "/var/run", "/var-run/"] }) },
            'app.writablePaths: ["/tmp","/var/run","/var-run/"] has paths that name the same task volume "var-run": "/var/run", "/var-run/"; list each directory once',
        ],
        [
            "a writable path listed twice",
            { [ns("app")]: JSON.stringify({ writablePaths: ["/tmp", "/tmp"] }) },
            'app.writablePaths: ["/tmp","/tmp"] has paths that name the same task volume "tmp": "/tmp", "/tmp"; list each directory once',
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

    const accepted: [string, Record<string, string>, (c: StackConfig) => unknown, unknown][] = [
        [
            "an image pinned by digest",
            {
                [ns("app")]: JSON.stringify({
                    image: `public.ecr.aws/nginx/nginx@sha256:${"a".repeat(64)}`,
                }),
            },
            (c) => c.app.image,
            `public.ecr.aws/nginx/nginx@sha256:${"a".repeat(64)}`,
        ],
        [
            "another package's namespace and a near-aws one that is installed",
            { "awsx:anything": "1", "docker:host": "unix:///var/run/docker.sock", "tls:x": "1" },
            (c) => c.region,
            "us-east-1",
        ],
        [
            "two AZs in us-west-1",
            {
                "aws:region": "us-west-1",
                [ns("app")]: JSON.stringify({ azCount: 2, maxCount: 12 }),
            },
            (c) => c.app.azCount,
            2,
        ],
        [
            "the global stack's azCount above its region's, since it builds no VPC",
            {
                "aws:region": "us-west-1",
                [ns("role")]: "global",
                [ns("failover")]: JSON.stringify({
                    approvers: ["arn:aws:iam::123456789012:role/failover-approver"],
                }),
            },
            (c) => c.app.azCount,
            3,
        ],
    ];
    for (const [what, overrides, read, expected] of accepted) {
        it(`accepts ${what}`, () => {
            assert.deepStrictEqual(
                read(parseStackConfig({ ...baseline(), ...overrides })),
                expected,
            );
        });
    }

    /**
     * Database checks, read per key: other data rules (for example on the regions a database's
     * secret must reach) may add problems of their own to these configs.
     */
    const databases: [string, Record<string, unknown>, string, string[]][] = [
        [
            "rejects an RDS engine with another engine's version",
            { stores: ["rds"], rdsEngine: "mysql" },
            "data.rdsEngineVersion",
            [
                'data.rdsEngineVersion: "16.6" is not a mysql version; mysql versions are 8.0.<patch> or 8.4.<patch>, e.g. 8.0.40 (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html)',
            ],
        ],
        [
            "rejects an Aurora MySQL cluster with a PostgreSQL version",
            { stores: ["aurora"], auroraEngine: "aurora-mysql" },
            "data.auroraEngineVersion",
            [
                'data.auroraEngineVersion: "16.6" is not a aurora-mysql version; aurora-mysql versions are 8.0.mysql_aurora.3.<minor>.<patch>, e.g. 8.0.mysql_aurora.3.08.0 (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.release-calendars.html)',
            ],
        ],
        [
            "rejects an Aurora cluster on a class Aurora does not offer",
            { stores: ["aurora"], auroraInstanceClass: "db.m6g.large" },
            "data.auroraInstanceClass",
            [
                'data.auroraInstanceClass: "db.m6g.large" is not an Aurora instance class; use db.serverless (Aurora Serverless v2), db.r5, db.r6g, db.r6gd, db.r6i, db.r6id, db.r7g, db.r7i, db.r8g, db.r8gd or db.x2g from large up, or db.t3 or db.t4g medium or large (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html)',
            ],
        ],
        [
            "rejects a burstable Aurora class below medium",
            { stores: ["aurora"], auroraInstanceClass: "db.t4g.micro" },
            "data.auroraInstanceClass",
            [
                'data.auroraInstanceClass: "db.t4g.micro" is not an Aurora instance class; use db.serverless (Aurora Serverless v2), db.r5, db.r6g, db.r6gd, db.r6i, db.r6id, db.r7g, db.r7i, db.r8g, db.r8gd or db.x2g from large up, or db.t3 or db.t4g medium or large (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html)',
            ],
        ],
        [
            "rejects Aurora Serverless v2 for an RDS instance",
            { stores: ["rds"], rdsInstanceClass: "db.serverless" },
            "data.rdsInstanceClass",
            [
                'data.rdsInstanceClass: "db.serverless" is not a postgres instance class; use db.m5, db.m5d, db.m6g, db.m6gd, db.m6i, db.m6id, db.m7g, db.m7i, db.m8g, db.r5, db.r5b, db.r5d, db.r6g, db.r6gd, db.r6i, db.r6id, db.r7g, db.r7i, db.r8g or db.x2g from large up, or db.t3 or db.t4g from micro to 2xlarge (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html)',
            ],
        ],
        [
            "accepts Aurora Serverless v2 (db.serverless)",
            { stores: ["aurora"], auroraInstanceClass: "db.serverless" },
            "data.auroraInstanceClass",
            [],
        ],
        [
            "accepts an Aurora MySQL cluster on its own version",
            {
                stores: ["aurora"],
                auroraEngine: "aurora-mysql",
                auroraEngineVersion: "8.0.mysql_aurora.3.08.0",
            },
            "data.auroraEngineVersion",
            [],
        ],
        [
            "accepts a MariaDB replica on db.t4g.micro",
            {
                stores: ["rds"],
                rdsEngine: "mariadb",
                rdsEngineVersion: "10.11.10",
                rdsInstanceClass: "db.t4g.micro",
            },
            "data.rdsInstanceClass",
            [],
        ],
    ];
    for (const [what, data, key, expected] of databases) {
        it(what, () => {
            let problems: readonly string[] = [];
            try {
                parseStackConfig({ ...baseline(), [ns("data")]: JSON.stringify(data) });
            } catch (err) {
                assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
                problems = err.problems;
            }
            assert.deepStrictEqual(
                problems.filter((p) => p.startsWith(`${key}: `)),
                expected,
            );
        });
    }

    it("knows every config key of the installed AWS provider, and no other", () => {
        const vars = fs.readFileSync(
            path.join(__dirname, "..", "node_modules", "@pulumi", "aws", "config", "vars.d.ts"),
            "utf8",
        );
        const declared = [...vars.matchAll(/export declare const (\w+)/g)].map((m) => m[1]);
        assert.deepStrictEqual([...awsConfigKeys].sort(), declared.sort());
    });

    it("has an Availability Zone count for every known region", () => {
        assert.deepStrictEqual(
            Object.keys(availabilityZoneCounts).sort(),
            [...knownRegions].sort(),
        );
    });

    it("names task volumes exactly as RegionalApplication does", () => {
        for (const p of ["/tmp", "/var/run", "/var-run/", "/var/cache/nginx", "//a//b//", "/"]) {
            assert.strictEqual(volumeName(p), componentVolumeName(p), p);
        }
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
                alerts: "object",
                edge: "object",
                logs: "object",
                usage: "object",
                failover: "object",
                observability: "object",
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
                "Fully qualified names of every regional stack, read by the global stack, in any order: the PRIMARY failover record goes to the stack whose role is primary",
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
        // objectives, alerts, edge, logs, usage, failover and observability.
        assert.strictEqual(rows.length, 2 + 4 + 13 + 2 + 9 + 20 + 2 + 3 + 2 + 2 + 5 + 4 + 3);
        assert.ok(
            rows.includes(
                "| `observability.gameDayMinutes` | `10` | 1-720 | How long each timed game-day action (replication pause, network disruption) lasts |",
            ),
        );
    });
});
