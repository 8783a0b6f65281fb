/**
 * Each cross-field config rule (stacks/config/rules.ts) rejects its own case with its exact
 * message, called on a typed config that is valid but for the one change; the table walks every
 * rule in `configRules`, so a rule added without a rejecting case fails the coverage test.
 */
import * as assert from "assert";
import { parseStackConfig, projectName, StackConfig } from "../../../stacks/config";
import { configRules, Problem, replicaRegionsWithoutStack } from "../../../stacks/config/rules";

const ns = (key: string) => `${projectName}:${key}`;
const approver = "arn:aws:iam::123456789012:role/failover-approver";

/** A valid config of `role` in `region`, with the project's defaults. */
function valid(role: "primary" | "secondary" | "global", region = "us-east-1"): StackConfig {
    const raw: Record<string, string> = { "aws:region": region, [ns("role")]: role };
    if (role === "primary") {
        raw[ns("data")] = JSON.stringify({ replicaRegions: ["us-west-2"] });
    }
    if (role === "global") {
        // The plan's approval role trusts named approvers only (approversWithApproval).
        raw[ns("failover")] = JSON.stringify({ approvers: [approver] });
    }
    return parseStackConfig(raw);
}

type Change = (c: StackConfig) => StackConfig;
const app =
    (fields: Partial<StackConfig["app"]>): Change =>
    (c) => ({ ...c, app: { ...c.app, ...fields } });
const data =
    (fields: Partial<StackConfig["data"]>): Change =>
    (c) => ({ ...c, data: { ...c.data, ...fields } });

const primary = () => valid("primary");
const secondary = () => valid("secondary", "us-west-2");
const global = () => valid("global");
const p = (key: string, message: string): Problem => ({ key, message });
const nginx = "docker.io/library/nginx:1.27";
const topic = "arn:aws:sns:us-east-1:123456789012:ops";

/** [rule name, what, base config, change, the problems it reports]. */
const cases: [string, string, () => StackConfig, Change, Problem[]][] = [
    [
        "imageWritablePaths",
        "an nginx image without /var/run writable",
        primary,
        app({
            image: "public.ecr.aws/nginx/nginx:1.27",
            writablePaths: ["/tmp", "/var/cache/nginx"],
        }),
        [
            p(
                "app.writablePaths",
                '["/tmp","/var/cache/nginx"] leaves out /var/run, which public.ecr.aws/nginx/nginx:1.27 writes to; with a read-only root file system its tasks would exit at start (https://hub.docker.com/_/nginx (Running nginx in read-only mode)); add it',
            ),
        ],
    ],
    [
        "imageWritablePaths",
        "the same on the global stack, which runs no tasks",
        global,
        app({ image: "public.ecr.aws/nginx/nginx:1.27", writablePaths: [] }),
        [],
    ],
    [
        "fargateTaskSize",
        "memory no Fargate size has for the CPU",
        primary,
        app({ cpu: 256, memory: 4096 }),
        [
            p(
                "app.memory",
                "4096 with app.cpu 256 is not a Fargate task size; memory for cpu 256 must be one of 512, 1024, 2048",
            ),
        ],
    ],
    [
        "capacityFitsStrategy",
        "a regional maxCount below desiredCount",
        primary,
        app({ desiredCount: 6, maxCount: 4 }),
        [p("app.maxCount", "4 is below app.desiredCount 6; it must be at least the full capacity")],
    ],
    [
        "capacityFitsStrategy",
        "the global stack's maxCount below desiredCount",
        global,
        app({ desiredCount: 6, maxCount: 5 }),
        [p("app.maxCount", "5 is below app.desiredCount 6; it must be at least the full capacity")],
    ],
    [
        "capacityFitsStrategy",
        "the global stack's maxCount equal to desiredCount (boundary)",
        global,
        app({ desiredCount: 6, maxCount: 6 }),
        [],
    ],
    [
        "imageReachable",
        "an image outside ECR without egress",
        primary,
        app({ image: nginx, outboundInternet: false }),
        [
            p(
                "app.image",
                `"${nginx}" is not in ECR, and tasks have no internet egress; use a public.ecr.aws image (pulled through the ECR cache), a private ECR image, or set app.outboundInternet to true`,
            ),
        ],
    ],
    [
        "imageReachable",
        "the same image with egress",
        primary,
        app({ image: nginx, outboundInternet: true }),
        [],
    ],
    [
        "imageReachable",
        "the same image on the global stack, which runs no tasks",
        global,
        app({ image: nginx, outboundInternet: false }),
        [],
    ],
    [
        "azCountFitsRegion",
        "more zones than the region has",
        primary,
        (c) => ({ ...app({ azCount: 3 })(c), region: "us-west-1" }),
        [
            p(
                "app.azCount",
                "3 is more than the 2 Availability Zones us-west-1 offers a new account; use at most 2 (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html)",
            ),
        ],
    ],
    [
        "azCountFitsRegion",
        "exactly the zones the region has (boundary)",
        primary,
        (c) => ({ ...app({ azCount: 2 })(c), region: "us-west-1" }),
        [],
    ],
    [
        "azCountFitsRegion",
        "the global stack, which builds no VPC",
        global,
        (c) => ({ ...app({ azCount: 3 })(c), region: "us-west-1" }),
        [],
    ],
    [
        "routingFitsStrategy",
        "dns-failover with active-active",
        primary,
        (c) => ({
            ...c,
            strategy: "active-active",
            routing: { ...c.routing, mode: "dns-failover" },
        }),
        [
            p(
                "routing.mode",
                '"dns-failover" serves one region at a time, which contradicts strategy "active-active"; use dns-latency or global-accelerator',
            ),
        ],
    ],
    [
        "routingFitsStrategy",
        "cloudfront with active-active",
        primary,
        (c) => ({ ...c, strategy: "active-active", routing: { ...c.routing, mode: "cloudfront" } }),
        [
            p(
                "routing.mode",
                '"cloudfront" origin failover always prefers one origin, which contradicts strategy "active-active"; use dns-latency or global-accelerator',
            ),
        ],
    ],
    [
        "routingFitsStrategy",
        "dns-latency with a standby",
        primary,
        (c) => ({ ...c, strategy: "pilot-light", routing: { ...c.routing, mode: "dns-latency" } }),
        [
            p(
                "routing.mode",
                '"dns-latency" sends users to every region, but strategy "pilot-light" keeps a standby that does not serve traffic; use dns-failover, global-accelerator or cloudfront',
            ),
        ],
    ],
    [
        "routingFitsStrategy",
        "dns-latency with active-active",
        primary,
        (c) => ({
            ...c,
            strategy: "active-active",
            routing: { ...c.routing, mode: "dns-latency" },
        }),
        [],
    ],
    [
        "supportedEngineVersions",
        "versions past end of standard support",
        primary,
        data({ auroraEngineVersion: "12.9", rdsEngine: "mysql", rdsEngineVersion: "5.7.44" }),
        [
            p(
                "data.auroraEngineVersion",
                '"12.9" is aurora-postgresql 12, which is past the end of RDS standard support; use a supported major version such as 16',
            ),
            p(
                "data.rdsEngineVersion",
                '"5.7.44" is mysql 5.7, which is past the end of RDS standard support; use a supported major version such as 8.0',
            ),
        ],
    ],
    [
        "databaseEngineSupport",
        "an unknown Aurora version and class with the aurora store",
        primary,
        data({
            stores: ["aurora"],
            auroraEngineVersion: "99.1",
            auroraInstanceClass: "db.t1.micro",
        }),
        [
            p(
                "data.auroraEngineVersion",
                '"99.1" is not a aurora-postgresql version; aurora-postgresql versions are <major>.<minor> with a PostgreSQL major 10 to 18, e.g. 16.6 (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html)',
            ),
            p(
                "data.auroraInstanceClass",
                '"db.t1.micro" is not an Aurora instance class; use db.serverless (Aurora Serverless v2), db.r5, db.r6g, db.r6gd, db.r6i, db.r6id, db.r7g, db.r7i, db.r8g, db.r8gd or db.x2g from large up, or db.t3 or db.t4g medium or large (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html)',
            ),
        ],
    ],
    [
        "databaseEngineSupport",
        "the same values without the aurora store",
        primary,
        data({
            stores: ["dynamodb"],
            auroraEngineVersion: "99.1",
            auroraInstanceClass: "db.t1.micro",
        }),
        [],
    ],
    [
        "mrscRegionSet",
        "MRSC regions without strong consistency",
        primary,
        data({ mrscRegions: ["us-east-2"] }),
        [
            p(
                "data.mrscRegions",
                '["us-east-2"] and data.mrscWitnessRegion "" apply only to data.dynamodbConsistency "strong" with the dynamodb store; remove them or enable MRSC',
            ),
        ],
    ],
    [
        "mrscRegionSet",
        "strong consistency without a region set",
        primary,
        data({ stores: ["dynamodb"], dynamodbConsistency: "strong", mrscRegions: [] }),
        [
            p(
                "data.mrscRegions",
                "[] has 0 distinct regions; MRSC needs exactly 3 (3 replicas, or 2 replicas and a witness)",
            ),
            p(
                "data.mrscRegions",
                '[] must include the primary\'s region "us-east-1", where the table is created',
            ),
        ],
    ],
    [
        "failoverSwitchOnSecondary",
        "activate on a primary",
        primary,
        (c) => ({ ...c, failover: { ...c.failover, activate: true } }),
        [
            p(
                "failover.activate",
                'true is only meaningful on a secondary stack; this stack\'s role is "primary"',
            ),
        ],
    ],
    [
        "failoverSwitchOnSecondary",
        "activate on a secondary",
        secondary,
        (c) => ({ ...c, failover: { ...c.failover, activate: true } }),
        [],
    ],
    [
        "globalHasTwoRegions",
        "one regional stack",
        global,
        (c) => ({ ...c, regionalStacks: ["organization/multi-region-failover/primary"] }),
        [p("regionalStacks", "has 1 stack; failover needs at least 2 regional stacks")],
    ],
    [
        "credentialReplicaRegions",
        "databases with no replica regions",
        primary,
        data({ stores: ["aurora", "rds"], replicaRegions: [] }),
        [
            p(
                "data.replicaRegions",
                '[] is empty, but aurora and rds keep their credentials in a secret that must be replicated to every secondary\'s region before it exists; list them, e.g. ["us-west-2"]',
            ),
        ],
    ],
    [
        "credentialReplicaRegions",
        "the primary's own region as a replica region",
        primary,
        data({ stores: ["aurora"], replicaRegions: ["us-east-1"] }),
        [
            p(
                "data.replicaRegions",
                '["us-east-1"] includes this primary\'s own region "us-east-1"; list the secondaries\' regions',
            ),
        ],
    ],
    [
        "credentialReplicaRegions",
        "no database, no replica regions",
        primary,
        data({ stores: ["dynamodb"], replicaRegions: [] }),
        [],
    ],
    [
        "auroraWriteForwarding",
        "write forwarding without Aurora",
        primary,
        data({ stores: ["dynamodb"], auroraWriteForwarding: true }),
        [p("data.auroraWriteForwarding", "true needs the aurora store in data.stores")],
    ],
    [
        "auroraWriteForwarding",
        "write forwarding on a version without it",
        primary,
        data({ stores: ["aurora"], auroraEngineVersion: "14.8", auroraWriteForwarding: true }),
        [
            p(
                "data.auroraWriteForwarding",
                "true, but aurora-postgresql 14.8 does not support global write forwarding (Aurora PostgreSQL 14.9+, 15.4+, 16+; Aurora MySQL 2.08.1+)",
            ),
        ],
    ],
    [
        "auroraWriteForwarding",
        "write forwarding on the first version with it (boundary)",
        primary,
        data({ stores: ["aurora"], auroraEngineVersion: "14.9", auroraWriteForwarding: true }),
        [],
    ],
    [
        "auroraCapacityRange",
        "a minimum above the maximum",
        primary,
        data({ auroraMinCapacity: 8, auroraMaxCapacity: 4 }),
        [
            p(
                "data.auroraMinCapacity",
                "8 is above data.auroraMaxCapacity 4; the minimum must be at most the maximum",
            ),
        ],
    ],
    [
        "auroraCapacityRange",
        "a minimum equal to the maximum (boundary)",
        primary,
        data({ auroraMinCapacity: 4, auroraMaxCapacity: 4 }),
        [],
    ],
    [
        "livenessApartFromHealth",
        "the liveness path equal to the health path",
        primary,
        app({ livenessPath: "/", healthPath: "/" }),
        [
            p(
                "app.livenessPath",
                "\"/\" is also app.healthPath; the ALB's liveness check must be a shallow path apart from the health path that checks the region's data",
            ),
        ],
    ],
    [
        "livenessOnlyWithDns",
        "a liveness path behind CloudFront",
        primary,
        (c) => ({
            ...app({ livenessPath: "/live" })(c),
            routing: { ...c.routing, mode: "cloudfront" },
        }),
        [
            p(
                "app.livenessPath",
                '"/live" cannot be used with routing.mode "cloudfront": behind an edge the target group\'s healthy hosts (the serving alarm) decide failover, so it must check app.healthPath; leave app.livenessPath empty or use dns-failover or dns-latency',
            ),
        ],
    ],
    [
        "livenessOnlyWithDns",
        "a liveness path behind Global Accelerator",
        primary,
        (c) => ({
            ...app({ livenessPath: "/live" })(c),
            routing: { ...c.routing, mode: "global-accelerator" },
        }),
        [
            p(
                "app.livenessPath",
                '"/live" cannot be used with routing.mode "global-accelerator": behind an edge the target group\'s healthy hosts (the serving alarm) decide failover, so it must check app.healthPath; leave app.livenessPath empty or use dns-failover or dns-latency',
            ),
        ],
    ],
    [
        "livenessOnlyWithDns",
        "a liveness path with dns-failover",
        primary,
        app({ livenessPath: "/live" }),
        [],
    ],
    [
        "alertsOneTarget",
        "a topic ARN and emails",
        primary,
        (c) => ({ ...c, alerts: { ...c.alerts, topicArn: topic, email: ["ops@example.com"] } }),
        [
            p(
                "alerts.topicArn",
                `"${topic}" is set with alerts.email or alerts.httpsEndpoints; set either topicArn (an existing topic) or email/httpsEndpoints (subscriptions of a new topic), not both`,
            ),
        ],
    ],
    [
        "alertsOneTarget",
        "a topic ARN and HTTPS endpoints",
        primary,
        (c) => ({
            ...c,
            alerts: {
                ...c.alerts,
                topicArn: topic,
                httpsEndpoints: ["https://hooks.example.com/x"],
            },
        }),
        [
            p(
                "alerts.topicArn",
                `"${topic}" is set with alerts.email or alerts.httpsEndpoints; set either topicArn (an existing topic) or email/httpsEndpoints (subscriptions of a new topic), not both`,
            ),
        ],
    ],
    [
        "alertsOneTarget",
        "a topic ARN alone",
        primary,
        (c) => ({ ...c, alerts: { ...c.alerts, topicArn: topic } }),
        [],
    ],
    [
        "rdsNeedsActivePassive",
        "rds with strategy active-active",
        primary,
        (c) => ({ ...c, strategy: "active-active", data: { ...c.data, stores: ["rds"] } }),
        [
            p(
                "data.stores",
                'includes "rds" with strategy "active-active": the Region switch plan of an active-active deployment is active/active, and its RDS promote block supports active/passive plans only (https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html); use "aurora" (a global database the plan switches over) or a standby strategy',
            ),
        ],
    ],
    [
        "rdsNeedsActivePassive",
        "rds with a standby strategy",
        primary,
        (c) => ({ ...c, strategy: "warm-standby", data: { ...c.data, stores: ["rds"] } }),
        [],
    ],
    [
        "approversWithApproval",
        "approval on and no approvers",
        global,
        (c) => ({ ...c, failover: { ...c.failover, approval: true, approvers: [] } }),
        [
            p(
                "failover.approvers",
                'is empty, but failover.approval is true: name the IAM roles or users that may approve a Region switch run, e.g. ["arn:aws:iam::123456789012:role/failover-approver"] (the approval role never trusts the whole account), or set failover.approval to false',
            ),
        ],
    ],
    [
        "approversWithApproval",
        "approval off and no approvers",
        global,
        (c) => ({ ...c, failover: { ...c.failover, approval: false, approvers: [] } }),
        [],
    ],
];

describe("config rules, each rejecting its own case", () => {
    it("every rule in configRules has a rejecting case", () => {
        const covered = new Set(cases.filter(([, , , , e]) => e.length > 0).map(([name]) => name));
        assert.deepStrictEqual(
            configRules.map((r) => r.name).filter((name) => !covered.has(name)),
            [],
        );
    });

    it("every rule accepts the valid base configs", () => {
        for (const base of [valid("primary"), valid("secondary", "us-west-2"), valid("global")]) {
            for (const rule of configRules) {
                assert.deepStrictEqual(rule(base), [], `${rule.name} on ${base.role}`);
            }
        }
    });

    for (const [name, what, base, change, expected] of cases) {
        it(`${name}: ${what}`, () => {
            const rule = configRules.find((r) => r.name === name);
            assert.ok(rule, `${name} is in configRules`);
            assert.deepStrictEqual(rule(change(base())), expected);
        });
    }
});

describe("replicaRegionsWithoutStack (across stacks)", () => {
    it("names each replica region no secondary runs in", () => {
        assert.strictEqual(
            replicaRegionsWithoutStack(["us-west-2", "eu-west-1"], ["us-west-2"]),
            'data.replicaRegions: the primary replicates its database credentials to "eu-west-1", where no listed secondary stack runs (secondaries: "us-west-2"); remove it from data.replicaRegions on the primary, or list the stack in regionalStacks',
        );
    });

    it("accepts replica regions that are all secondaries' regions", () => {
        assert.strictEqual(
            replicaRegionsWithoutStack(["us-west-2"], ["us-west-2", "eu-west-1"]),
            undefined,
        );
    });
});
