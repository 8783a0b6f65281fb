/**
 * The fixes the budget offers (policies/budget/fixes.ts), each with its exact text, changes and
 * saving, on graphs whose RTO is the step sum (the capacity comes from the regional contracts).
 * Target tracking cannot scale from zero tasks
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html);
 * S3 Replication Time Control needs the V2 rule form (a filter) and metrics
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html).
 */
import * as assert from "assert";
import {
    BudgetGraph,
    BudgetResource,
    Fix,
    applyChanges,
    estimateRpo,
    fixLine,
    suggestFixes,
    withRtcRule,
} from "../../policies/budget";
import { appGraph, withProps } from "./fixtures";

const routing = appGraph("warm-standby").filter((r) => r.stack === "global");
const capacity = (region: string, desired: number, max: number) => ({
    stack: region === "us-east-1" ? "primary" : "secondary",
    region,
    capacity: {
        desiredCount: desired,
        fullCapacity: 3,
        minCount: desired,
        maxCount: max,
        servesTraffic: desired >= 3,
    },
});
const fullPair = [capacity("us-east-1", 3, 6), capacity("us-west-2", 3, 6)];
const healthFix = (now: string): Pick<Fix, "text" | "changes"> => ({
    text: `Set requestInterval 10 and failureThreshold 1 on the Route 53 health checks (now ${now}); one failed probe then fails over, so a single blip can too.`,
    changes: ["health-us-east-1", "health-us-west-2"].map((resource) => ({
        resource,
        stack: "global",
        set: { requestInterval: 10, failureThreshold: 1 },
    })),
});
const defaultChecks = "health-us-east-1 (global) 10 s × 3, health-us-west-2 (global) 10 s × 3";

describe("budget fixes: what is offered, and what it saves", () => {
    it("a standby running nothing: full capacity, autoscaling from one task, faster checks; largest saving first", () => {
        const fixes = suggestFixes({
            resources: routing,
            contracts: [capacity("us-east-1", 3, 6), capacity("us-west-2", 0, 2)],
        });
        assert.deepStrictEqual(fixes, [
            {
                text: "Run standby us-west-2 (secondary) at full capacity, 3 tasks instead of 0 (its ECS service's desiredCount; an active-active standby, or a warm standby at 100%): no scale-up after the failover.",
                changes: [
                    {
                        contract: "secondary",
                        capacity: { desiredCount: 3, minCount: 3, maxCount: 3 },
                    },
                ],
                rtoSeconds: 156,
                rpoSeconds: 0,
                savesRtoSeconds: 990,
                savesRpoSeconds: 0,
            },
            {
                text: "Let autoscaling raise standby us-west-2 (secondary) to full capacity: run 1 task (now 0; target tracking cannot scale from zero) with a maximum of 3 or more (now 2); target tracking then scales it without a deployment or a person.",
                changes: [
                    {
                        contract: "secondary",
                        capacity: { desiredCount: 1, minCount: 1, maxCount: 3 },
                    },
                ],
                rtoSeconds: 396,
                rpoSeconds: 0,
                savesRtoSeconds: 750,
                savesRpoSeconds: 0,
            },
            {
                ...healthFix(defaultChecks),
                rtoSeconds: 1106,
                rpoSeconds: 0,
                savesRtoSeconds: 40,
                savesRpoSeconds: 0,
            },
        ]);
    });

    it("a standby running tasks below autoscaling's reach: raise the maximum; full capacity keeps a larger maximum", () => {
        const fixes = suggestFixes({
            resources: routing,
            contracts: [capacity("us-east-1", 3, 6), capacity("us-west-2", 1, 2)],
        });
        assert.deepStrictEqual(
            fixes.map((f) => [f.text, f.changes, f.savesRtoSeconds]),
            [
                [
                    "Run standby us-west-2 (secondary) at full capacity, 3 tasks instead of 1 (its ECS service's desiredCount; an active-active standby, or a warm standby at 100%): no scale-up after the failover.",
                    [
                        {
                            contract: "secondary",
                            capacity: { desiredCount: 3, minCount: 3, maxCount: 3 },
                        },
                    ],
                    960,
                ],
                [
                    "Let autoscaling raise standby us-west-2 (secondary) to full capacity: set its maximum to 3 or more (now 2); target tracking then scales it without a deployment or a person.",
                    [
                        {
                            contract: "secondary",
                            capacity: { desiredCount: 1, minCount: 1, maxCount: 3 },
                        },
                    ],
                    720,
                ],
                [healthFix(defaultChecks).text, healthFix(defaultChecks).changes, 20],
            ],
        );
        const autoscaled = suggestFixes({
            resources: routing,
            contracts: [capacity("us-east-1", 3, 6), capacity("us-west-2", 1, 9)],
        });
        assert.deepStrictEqual(autoscaled[0]!.changes, [
            { contract: "secondary", capacity: { desiredCount: 3, minCount: 3, maxCount: 9 } },
        ]);
        assert.ok(!autoscaled.some((f) => f.text.startsWith("Let autoscaling")));
    });

    it("a long TTL on a routed non-alias record, and a slow check, each with its saving", () => {
        const resources = withProps(
            withProps(routing, "health-us-east-1", { requestInterval: 30, failureThreshold: 1 }),
            "app-us-east-1",
            { aliases: undefined, ttl: 120, records: ["192.0.2.1"] },
        );
        assert.deepStrictEqual(suggestFixes({ resources, contracts: fullPair }), [
            {
                text: "Set ttl 60 on record app-us-east-1 (global) (now 120): resolvers keep the failed answer for the TTL.",
                changes: [{ resource: "app-us-east-1", stack: "global", set: { ttl: 60 } }],
                rtoSeconds: 156,
                rpoSeconds: 0,
                savesRtoSeconds: 60,
                savesRpoSeconds: 0,
            },
            {
                ...healthFix(
                    "health-us-east-1 (global) 30 s × 1, health-us-west-2 (global) 10 s × 3",
                ),
                rtoSeconds: 196,
                rpoSeconds: 0,
                savesRtoSeconds: 20,
                savesRpoSeconds: 0,
            },
        ]);
    });

    it("checks already at 10 s × 1, and TTLs at 60 s, offer nothing; neither do metric, calculated or ARC checks", () => {
        const fast = (resources: readonly BudgetResource[]) =>
            withProps(
                withProps(resources, "health-us-east-1", { failureThreshold: 1 }),
                "health-us-west-2",
                { failureThreshold: 1 },
            );
        assert.deepStrictEqual(suggestFixes({ resources: fast(routing), contracts: fullPair }), []);
        const ttl60 = withProps(fast(routing), "app-us-east-1", {
            aliases: undefined,
            ttl: 60,
            records: ["192.0.2.1"],
        });
        assert.deepStrictEqual(suggestFixes({ resources: ttl60, contracts: fullPair }), []);
        for (const type of ["CALCULATED", "cloudwatch_metric", "RECOVERY_CONTROL"]) {
            const graph: BudgetGraph = {
                resources: withProps(fast(routing), "health-us-east-1", {
                    type,
                    requestInterval: 30,
                    failureThreshold: 3,
                }),
                contracts: fullPair,
            };
            assert.ok(
                !suggestFixes(graph).some((f) => f.text.startsWith("Set requestInterval")),
                type,
            );
        }
    });

    it("a check with only one setting slow is offered (interval 11, or threshold 2); unset means 30 s × 3", () => {
        for (const [set, now] of [
            [{ requestInterval: 11, failureThreshold: 1 }, "11 s × 1"],
            [{ requestInterval: 10, failureThreshold: 2 }, "10 s × 2"],
            [{ requestInterval: undefined, failureThreshold: undefined }, "30 s × 3"],
        ] as const) {
            const resources = withProps(
                withProps(routing, "health-us-west-2", { failureThreshold: 1 }),
                "health-us-east-1",
                set,
            );
            const fixes = suggestFixes({ resources, contracts: fullPair });
            assert.strictEqual(fixes.length, 1, JSON.stringify(set));
            assert.strictEqual(
                fixes[0]!.text,
                `Set requestInterval 10 and failureThreshold 1 on the Route 53 health checks (now health-us-east-1 (global) ${now}); one failed probe then fails over, so a single blip can too.`,
            );
            assert.deepStrictEqual(fixes[0]!.changes, [
                {
                    resource: "health-us-east-1",
                    stack: "global",
                    set: { requestInterval: 10, failureThreshold: 1 },
                },
            ]);
        }
    });

    /** Fast checks on both records, and app-us-east-1 a plain record with no TTL. */
    const withoutTtl = () =>
        withProps(
            withProps(
                withProps(routing, "health-us-east-1", { failureThreshold: 1 }),
                "health-us-west-2",
                { failureThreshold: 1 },
            ),
            "app-us-east-1",
            { aliases: undefined, records: ["192.0.2.1"] },
        );

    it("a routed record without a TTL is offered 60 s (now unset)", () => {
        const resources = withoutTtl();
        const [fix] = suggestFixes({ resources, contracts: fullPair });
        assert.strictEqual(
            fix!.text,
            "Set ttl 60 on record app-us-east-1 (global) (now unset): resolvers keep the failed answer for the TTL.",
        );
        // 16 s check (10 s × 1 + 6 s), 300 s assumed TTL + 60 s propagation: 376 s, then 136 s.
        assert.deepStrictEqual([fix!.savesRtoSeconds, fix!.rtoSeconds], [240, 136]);
    });

    it("takes the caller's estimate of the design as the one each fix is measured from", () => {
        const resources = withoutTtl();
        const graph = { resources, contracts: fullPair };
        // The design's own estimate (376 s) gives what the model gives without one.
        assert.deepStrictEqual(
            suggestFixes(graph, {}, { rto: 376, rpo: estimateRpo(graph).rpoSeconds }),
            suggestFixes(graph),
        );
        // Another estimate is taken as given: the fix saves 400 − 136 s from it.
        const [fix] = suggestFixes(graph, {}, { rto: 400, rpo: estimateRpo(graph).rpoSeconds });
        assert.deepStrictEqual([fix!.savesRtoSeconds, fix!.rtoSeconds], [264, 136]);
    });
});

describe("budget fixes: S3 Replication Time Control", () => {
    const bucket = (name: string, region: string): BudgetResource => ({
        urn: `urn:${name}`,
        type: "aws:s3/bucket:Bucket",
        name,
        region,
        stack: "primary",
        inputs: { bucket: name, arn: `arn:aws:s3:::${name}` },
    });
    const replication = (rules: unknown[]): BudgetResource => ({
        urn: "urn:rep",
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
        name: "rep",
        region: "us-east-1",
        stack: "primary",
        inputs: { bucket: "a", rules },
    });
    const fastChecks = withProps(
        withProps(routing, "health-us-east-1", { failureThreshold: 1 }),
        "health-us-west-2",
        { failureThreshold: 1 },
    );
    const dest = { bucket: "arn:aws:s3:::b" };

    it("rules without RTC are rewritten, V1 rules to V2; the RPO becomes bounded", () => {
        const rules = [
            { id: "v1", prefix: "logs/", status: "Enabled", destination: dest },
            { id: "v2", filter: {}, destination: dest },
            { id: "off", status: "Disabled", destination: dest },
        ];
        const fixes = suggestFixes({
            resources: [
                ...fastChecks,
                bucket("a", "us-east-1"),
                bucket("b", "us-west-2"),
                replication(rules),
            ],
            contracts: fullPair,
        });
        assert.deepStrictEqual(fixes, [
            {
                text: "Enable S3 Replication Time Control on rep (primary) (2 rule(s) without it): 99.99% of objects within 15 minutes, with an SLA, for $0.015/GB more. RTC exists only in the V2 rule form, so its V1 rule (no filter) becomes V2: the prefix moves into filter, and deleteMarkerReplication Enabled keeps the delete-marker replication V1 did.",
                changes: [
                    {
                        resource: "rep",
                        stack: "primary",
                        set: { rules: [withRtcRule(rules[0]), withRtcRule(rules[1]), rules[2]] },
                    },
                ],
                rtoSeconds: 136,
                rpoSeconds: 900,
                savesRtoSeconds: 0,
                savesRpoSeconds: Number.POSITIVE_INFINITY,
            },
        ]);
        assert.strictEqual(
            fixLine(fixes[0]!),
            `${fixes[0]!.text} Estimate after it: RPO 900 s (bounded).`,
        );
    });

    it("two V1 rules are named in the plural; rules with RTC already offer nothing", () => {
        const v1 = (id: string) => ({ id, prefix: id, destination: dest });
        const [fix] = suggestFixes({
            resources: [
                ...fastChecks,
                bucket("a", "us-east-1"),
                bucket("b", "us-west-2"),
                replication([v1("x"), v1("y")]),
            ],
            contracts: fullPair,
        });
        assert.match(
            fix!.text,
            /\(2 rule\(s\) without it\).* so its 2 V1 rules \(no filter\) become V2: /,
        );
        const withRtc = replication([withRtcRule(v1("x"))]);
        assert.deepStrictEqual(
            suggestFixes({
                resources: [
                    ...fastChecks,
                    bucket("a", "us-east-1"),
                    bucket("b", "us-west-2"),
                    withRtc,
                ],
                contracts: fullPair,
            }),
            [],
        );
        const v2Only = suggestFixes({
            resources: [
                ...fastChecks,
                bucket("a", "us-east-1"),
                bucket("b", "us-west-2"),
                replication([{ filter: { prefix: "" }, destination: dest }]),
            ],
            contracts: fullPair,
        });
        assert.ok(v2Only[0]!.text.endsWith("for $0.015/GB more."), v2Only[0]!.text);
    });

    it("a manifest's s3-crr store (not its replica entry) is offered s3-crr-rtc", () => {
        const store = (identifier: string, sourceArn?: string) => ({
            kind: "s3" as const,
            identifier,
            arn: `arn:aws:s3:::${identifier}`,
            region: "us-east-1",
            replication: "s3-crr" as const,
            sourceArn,
        });
        const fixes = suggestFixes({
            resources: fastChecks,
            contracts: [
                {
                    ...fullPair[0]!,
                    dataStores: [store("assets"), store("replica", "arn:aws:s3:::assets")],
                },
                fullPair[1]!,
            ],
        });
        assert.deepStrictEqual(fixes, [
            {
                text: "Enable S3 Replication Time Control on the replication of bucket assets in primary (its dataStores output says s3-crr): 99.99% of objects within 15 minutes, with an SLA, for $0.015/GB more.",
                changes: [{ contract: "primary", dataStore: "assets", replication: "s3-crr-rtc" }],
                rtoSeconds: 136,
                rpoSeconds: 900,
                savesRtoSeconds: 0,
                savesRpoSeconds: Number.POSITIVE_INFINITY,
            },
        ]);
    });

    it("withRtcRule: V2 keeps its filter; V1 moves a prefix into it, keeps its own delete-marker setting", () => {
        const rtc = {
            replicationTime: { status: "Enabled", time: { minutes: 15 } },
            metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
        };
        assert.deepStrictEqual(withRtcRule({ filter: { prefix: "p" }, destination: dest }), {
            filter: { prefix: "p" },
            destination: { ...dest, ...rtc },
        });
        assert.deepStrictEqual(
            withRtcRule({
                prefix: "",
                destination: dest,
                deleteMarkerReplication: { status: "Disabled" },
            }),
            {
                filter: {},
                deleteMarkerReplication: { status: "Disabled" },
                destination: { ...dest, ...rtc },
            },
        );
        assert.deepStrictEqual(withRtcRule({ filter: null }), {
            filter: {},
            deleteMarkerReplication: { status: "Enabled" },
            destination: rtc,
        });
    });
});

describe("budget fixes: applying changes and their lines", () => {
    const res = (
        name: string,
        stack: string | undefined,
        inputs?: Record<string, unknown>,
    ): BudgetResource => ({
        urn: `urn:${stack}:${name}`,
        type: "t",
        name,
        stack,
        inputs,
        outputs: { kept: 1 },
    });

    it("sets props on the named resource of the named stack (or any stack when none is named)", () => {
        const graph = {
            resources: [res("a", "s1", { x: 1 }), res("a", "s2", { x: 1 }), res("b", "s1")],
        };
        const changed = applyChanges(graph, [
            { resource: "a", stack: "s2", set: { x: 2 } },
            { resource: "a", stack: "s2", set: { y: 3 } },
            { resource: "b", set: { z: 4 } },
        ]);
        assert.deepStrictEqual(
            changed.resources.map((r) => [r.name, r.stack, r.inputs, r.outputs]),
            [
                ["a", "s1", { x: 1 }, { kept: 1 }],
                ["a", "s2", { x: 2, y: 3 }, { kept: 1, x: 2, y: 3 }],
                ["b", "s1", undefined, { kept: 1, z: 4 }],
            ],
        );
        assert.strictEqual(changed.resources[0], graph.resources[0]);
        assert.ok(!("contracts" in changed));
    });

    it("changes a contract's capacity or a data store's replication, and only that contract's", () => {
        const graph: BudgetGraph = {
            resources: [],
            contracts: [
                {
                    ...capacity("us-west-2", 1, 2),
                    dataStores: [
                        {
                            kind: "s3",
                            identifier: "a",
                            arn: "",
                            region: "r",
                            replication: "s3-crr",
                        },
                        {
                            kind: "s3",
                            identifier: "b",
                            arn: "",
                            region: "r",
                            replication: "s3-crr",
                        },
                    ],
                },
                capacity("us-east-1", 3, 6),
                { stack: "nocap", region: "x" },
            ],
        };
        const changed = applyChanges(graph, [
            { contract: "secondary", capacity: { desiredCount: 3 } },
            { contract: "secondary", dataStore: "b", replication: "s3-crr-rtc" },
            { contract: "nocap", capacity: { desiredCount: 3 } },
        ]);
        assert.deepStrictEqual(changed.contracts, [
            {
                ...graph.contracts![0],
                capacity: { ...graph.contracts![0]!.capacity!, desiredCount: 3 },
                dataStores: [
                    graph.contracts![0]!.dataStores![0],
                    { ...graph.contracts![0]!.dataStores![1]!, replication: "s3-crr-rtc" },
                ],
            },
            graph.contracts![1],
            { stack: "nocap", region: "x" },
        ]);
    });

    it("fixLine: the savings in seconds, or bounded for an unbounded figure; RTO before RPO", () => {
        const fix = (savesRtoSeconds: number, savesRpoSeconds: number): Fix => ({
            text: "Do it.",
            changes: [],
            rtoSeconds: 100,
            rpoSeconds: 5,
            savesRtoSeconds,
            savesRpoSeconds,
        });
        assert.strictEqual(fixLine(fix(20, 0)), "Do it. Estimate after it: RTO 100 s (−20 s).");
        assert.strictEqual(fixLine(fix(0, 7)), "Do it. Estimate after it: RPO 5 s (−7 s).");
        assert.strictEqual(
            fixLine(fix(Infinity, 1)),
            "Do it. Estimate after it: RTO 100 s (bounded), RPO 5 s (−1 s).",
        );
        assert.strictEqual(fixLine(fix(0, 0)), "Do it. Estimate after it: .");
    });
});
