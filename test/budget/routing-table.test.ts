/**
 * The routing layer's timings (policies/budget/routing.ts), one input changed per row, with the
 * exact seconds and sources. Route 53: a check is unhealthy after failureThreshold failed probes
 * requestInterval apart, plus the probe's own timeout (HTTP(S) 4 s connect + 2 s response, string
 * match 8 s, TCP 10 s), defaults 30 s and 3
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html);
 * a disabled check is healthy; an alias to an AWS resource has a fixed 60 s TTL
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html).
 * ELB target groups: interval × unhealthyThreshold (defaults 30 s, 2, healthy 5)
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
 * Global Accelerator: healthCheckIntervalSeconds × thresholdCount (30 s, 3), load balancer
 * endpoints use ELB health (https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-health-check-options.html).
 * CloudFront origin failover: connectionAttempts × connectionTimeout (3, 10 s) per request
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html).
 */
import * as assert from "assert";
import {
    BudgetResource,
    RoutingEstimate,
    effectiveTtl,
    isDatabaseRecord,
    routedRecords,
    routingEstimates,
    types,
} from "../../policies/budget";
import { facts } from "../../policies/budget/facts";

function r(
    type: string,
    name: string,
    props: Record<string, unknown>,
    region?: string,
): BudgetResource {
    return { urn: `urn:${name}`, type, name, inputs: props, region };
}
const record = (name: string, props: Record<string, unknown>) =>
    r(types.record, name, { failoverRoutingPolicies: [{ type: "PRIMARY" }], ttl: 30, ...props });
const check = (id: string, props: Record<string, unknown>) =>
    r(types.healthCheck, id, { id, ...props });

const dns = (resources: BudgetResource[]): RoutingEstimate => {
    const found = routingEstimates(resources).filter((e) => e.mode === "dns");
    assert.strictEqual(found.length, 1);
    return found[0]!;
};
const http = facts.route53HttpTimeout.citation;

describe("budget routing: routed records", () => {
    const policies: [string, unknown, boolean][] = [
        ["failoverRoutingPolicies", [{ type: "PRIMARY" }], true],
        ["latencyRoutingPolicies", [{ region: "r" }], true],
        ["weightedRoutingPolicies", [{ weight: 1 }], true],
        ["geolocationRoutingPolicies", [{ country: "DE" }], true],
        ["geoproximityRoutingPolicy", { awsRegion: "r" }, true],
        ["cidrRoutingPolicy", { collectionId: "c" }, true],
        ["failoverRoutingPolicies", [], false],
        ["cidrRoutingPolicy", null, false],
        ["multivalueAnswerRoutingPolicy", true, false],
    ];
    for (const [key, value, routed] of policies) {
        it(`${key} = ${JSON.stringify(value)} is ${routed ? "" : "not "}routed`, () => {
            const rec = r(types.record, "x", { [key]: value });
            assert.deepStrictEqual(routedRecords([rec]), routed ? [rec] : []);
        });
    }

    it("only records are routed records", () => {
        assert.deepStrictEqual(
            routedRecords([r(types.healthCheck, "x", { failoverRoutingPolicies: [{}] })]),
            [],
        );
    });

    const databaseRecords: [unknown, boolean][] = [
        [["db.cluster-abc.us-east-1.rds.amazonaws.com"], true],
        [["db.cluster-abc.us-east-1.rds.amazonaws.com."], true],
        [["a.rds.amazonaws.com", "b.example.com"], false],
        [["a.rds.amazonaws.com.evil"], false],
        [["xrds.amazonaws.com"], false],
        [[], false],
        [undefined, false],
    ];
    for (const [records, expected] of databaseRecords) {
        it(`records ${JSON.stringify(records)} name a database: ${expected}`, () => {
            assert.strictEqual(isDatabaseRecord(r(types.record, "x", { records })), expected);
        });
    }

    it("a graph whose only routed record names a database has no DNS routing", () => {
        const db = record("writer", { records: ["w.cluster-x.us-east-1.rds.amazonaws.com"] });
        assert.deepStrictEqual(routingEstimates([db]), []);
    });
});

describe("budget routing: Route 53 detection", () => {
    const cases: [string, BudgetResource[], number, number, string][] = [
        [
            "an HTTPS check 10 s × 3",
            [
                record("a", { healthCheckId: "hc" }),
                check("hc", { type: "HTTPS", requestInterval: 10, failureThreshold: 3 }),
            ],
            36,
            30,
            `health check hc: requestInterval 10 s × failureThreshold 3 + 6 s HTTP(S) probe timeout (${http})`,
        ],
        [
            "a check with the defaults 30 s × 3",
            [record("a", { healthCheckId: "hc" }), check("hc", {})],
            96,
            90,
            `health check hc: requestInterval 30 s × failureThreshold 3 + 6 s HTTP(S) probe timeout (${http})`,
        ],
        [
            "a string-match check",
            [
                record("a", { healthCheckId: "hc" }),
                check("hc", { type: "https_str_match", requestInterval: 10, failureThreshold: 1 }),
            ],
            18,
            10,
            `health check hc: requestInterval 10 s × failureThreshold 1 + 8 s string-match probe timeout (${facts.route53StringMatchTimeout.citation})`,
        ],
        [
            "a TCP check",
            [
                record("a", { healthCheckId: "hc" }),
                check("hc", { type: "TCP", requestInterval: 10, failureThreshold: 2 }),
            ],
            30,
            20,
            `health check hc: requestInterval 10 s × failureThreshold 2 + 10 s TCP probe timeout (${facts.route53TcpTimeout.citation})`,
        ],
        [
            "a check found by its logical name",
            [
                record("a", { healthCheckId: "logical" }),
                r(types.healthCheck, "logical", { requestInterval: 10, failureThreshold: 2 }),
            ],
            26,
            20,
            `health check logical: requestInterval 10 s × failureThreshold 2 + 6 s HTTP(S) probe timeout (${http})`,
        ],
        [
            "one check's logical name is another's id: the first in the graph's order",
            [
                record("a", { healthCheckId: "shared" }),
                r(types.healthCheck, "shared", {
                    id: "hc-a",
                    requestInterval: 10,
                    failureThreshold: 1,
                }),
                check("shared", { requestInterval: 10, failureThreshold: 5 }),
            ],
            16,
            10,
            `health check shared: requestInterval 10 s × failureThreshold 1 + 6 s HTTP(S) probe timeout (${http})`,
        ],
        [
            "the same two checks in the other order: the one with the id",
            [
                record("a", { healthCheckId: "shared" }),
                check("shared", { requestInterval: 10, failureThreshold: 5 }),
                r(types.healthCheck, "shared", {
                    id: "hc-a",
                    requestInterval: 10,
                    failureThreshold: 1,
                }),
            ],
            56,
            50,
            `health check shared: requestInterval 10 s × failureThreshold 5 + 6 s HTTP(S) probe timeout (${http})`,
        ],
        [
            "a check outside the graph: Route 53's defaults",
            [record("a", { healthCheckId: "elsewhere" })],
            96,
            90,
            `health check elsewhere of record a (not in the graph): default requestInterval 30 s × failureThreshold 3 + 6 s HTTP(S) probe timeout (${http})`,
        ],
        [
            "a metric check with its alarm (by name property)",
            [
                record("a", { healthCheckId: "hc" }),
                check("hc", { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "cpu" }),
                r(types.metricAlarm, "alarm", { name: "cpu", period: 60, evaluationPeriods: 2 }),
            ],
            120,
            120,
            "health check hc: alarm cpu period 60 s × evaluationPeriods 2",
        ],
        [
            "a metric check with its alarm (by logical name)",
            [
                record("a", { healthCheckId: "hc" }),
                check("hc", { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "cpu" }),
                r(types.metricAlarm, "cpu", { period: 10, evaluationPeriods: 3 }),
            ],
            30,
            30,
            "health check hc: alarm cpu period 10 s × evaluationPeriods 3",
        ],
        [
            "a metric check whose alarm lacks evaluationPeriods",
            [
                record("a", { healthCheckId: "hc" }),
                check("hc", { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "cpu" }),
                r(types.metricAlarm, "cpu", { period: 10 }),
            ],
            180,
            180,
            `health check hc: alarm cpu not in the graph; ${facts.cloudWatchAlarmDefault.citation}`,
        ],
        [
            "a metric check without an alarm name",
            [
                record("a", { healthCheckId: "hc" }),
                check("hc", { type: "CLOUDWATCH_METRIC" }),
                r(types.metricAlarm, "undefined", { period: 10, evaluationPeriods: 1 }),
            ],
            180,
            180,
            `health check hc: alarm (unnamed) not in the graph; ${facts.cloudWatchAlarmDefault.citation}`,
        ],
        [
            "a calculated check: its slowest child",
            [
                record("a", { healthCheckId: "calc" }),
                check("calc", { type: "CALCULATED", childHealthchecks: ["c1", "c2", "missing"] }),
                check("c1", { requestInterval: 10, failureThreshold: 1 }),
                check("c2", { requestInterval: 10, failureThreshold: 5 }),
            ],
            56,
            50,
            `health check c2: requestInterval 10 s × failureThreshold 5 + 6 s HTTP(S) probe timeout (${http})`,
        ],
        [
            "a calculated check whose children are not in the graph",
            [
                record("a", { healthCheckId: "calc" }),
                check("calc", { type: "calculated", childHealthchecks: ["x"] }),
            ],
            96,
            90,
            `health check calc (calculated; children not in the graph): default requestInterval 30 s × failureThreshold 3 + 6 s HTTP(S) probe timeout (${http})`,
        ],
        [
            "an alias that evaluates target health, without a check: the target group",
            [
                record("a", {
                    aliases: [
                        { name: "x.elb.amazonaws.com", zoneId: "Z", evaluateTargetHealth: true },
                    ],
                }),
                r(types.targetGroup, "tg", {
                    healthCheck: { interval: 15, unhealthyThreshold: 4, healthyThreshold: 3 },
                }),
                r(types.targetGroup, "tg2", {
                    healthCheck: { interval: 5, unhealthyThreshold: 2 },
                }),
            ],
            60,
            45,
            "record a: alias evaluates target health; target group tg: interval 15 s × unhealthyThreshold 4",
        ],
        [
            "an alias that evaluates target health, no target group: ELB's defaults",
            [
                record("a", {
                    aliases: [
                        { name: "x.elb.amazonaws.com", zoneId: "Z", evaluateTargetHealth: "true" },
                    ],
                }),
            ],
            60,
            150,
            `record a: alias evaluates target health; target group not in the graph: ELB defaults interval 30 s × unhealthyThreshold 2 (${facts.targetGroupDefaultUnhealthy.citation})`,
        ],
        [
            "a SECONDARY without a check is taken as healthy, with no manual step",
            [record("b", { failoverRoutingPolicies: [{ type: "secondary" }] })],
            0,
            0,
            "record b (SECONDARY) has no health check: Route 53 treats it as healthy and answers with it when the PRIMARY is unhealthy",
        ],
    ];
    for (const [what, resources, detection, recovery, source] of cases) {
        it(`${what}: ${detection} s to detect, ${recovery} s to recover`, () => {
            const est = dns(resources);
            assert.deepStrictEqual(
                [est.detection.seconds, est.detection.source, est.recovery.seconds, est.manual],
                [detection, source, recovery, []],
            );
        });
    }

    it("the recovery of a check is its threshold of passing checks", () => {
        const est = dns([
            record("a", { healthCheckId: "hc" }),
            check("hc", { requestInterval: 10, failureThreshold: 4 }),
        ]);
        assert.strictEqual(est.recovery.source, "health check hc: 4 passing checks × 10 s");
    });

    const manual: [string, BudgetResource[], string, boolean][] = [
        [
            "no check and no evaluated alias",
            [
                record("a", {
                    aliases: [{ name: "x.elb.amazonaws.com", evaluateTargetHealth: false }],
                }),
            ],
            "record a has no health check and no evaluated alias target; Route 53 treats it as healthy, so moving users needs a DNS change",
            true,
        ],
        [
            "a disabled check",
            [record("a", { healthCheckId: "hc" }), check("hc", { disabled: true })],
            "health check hc is disabled, and Route 53 treats a disabled check as healthy",
            true,
        ],
        [
            "an ARC routing control",
            [record("a", { healthCheckId: "hc" }), check("hc", { type: "RECOVERY_CONTROL" })],
            "health check hc follows an ARC routing control that a person flips",
            false,
        ],
    ];
    for (const [what, resources, reason, deployment] of manual) {
        it(`${what} needs a person`, () => {
            const est = dns(resources);
            assert.deepStrictEqual(
                [est.detection.seconds, est.manual],
                [0, [{ reason, deployment }]],
            );
        });
    }

    it("the slowest record's check decides detection; the first wins a tie", () => {
        const est = dns([
            record("a", { healthCheckId: "fast" }),
            record("b", { healthCheckId: "slow" }),
            record("c", { healthCheckId: "slow2" }),
            check("fast", { requestInterval: 10, failureThreshold: 1 }),
            check("slow", { requestInterval: 30, failureThreshold: 2 }),
            check("slow2", { requestInterval: 20, failureThreshold: 3 }),
        ]);
        assert.strictEqual(est.detection.seconds, 66);
        assert.match(est.detection.source, /^health check slow:/);
    });
});

describe("budget routing: the TTL resolvers cache", () => {
    const ttl = (rec: BudgetResource, others: BudgetResource[] = []) => {
        const t = effectiveTtl(rec, [rec, ...others]);
        return [t.seconds, t.source];
    };
    const alias = (name: string, zoneId?: string) => ({ aliases: [{ name, zoneId }] });
    const aliasSource = `record a: alias TTL 60 s (${facts.aliasTtl.citation})`;

    it("a plain record's TTL, or 300 s assumed when the graph has none", () => {
        assert.deepStrictEqual(ttl(r(types.record, "a", { ttl: "45" })), [
            45,
            "record a: TTL 45 s",
        ]);
        assert.deepStrictEqual(ttl(r(types.record, "a", { ttl: 0 })), [0, "record a: TTL 0 s"]);
        assert.deepStrictEqual(ttl(r(types.record, "a", {})), [
            300,
            "record a: no TTL in the graph; assumed 300 s",
        ]);
    });

    for (const target of [
        "x.elb.amazonaws.com",
        "X.ELB.AMAZONAWS.COM.",
        "d1.cloudfront.net",
        "a1.awsglobalaccelerator.com",
        "bucket.s3-website.us-east-1.amazonaws.com",
    ]) {
        it(`an alias to ${target} has the fixed 60 s TTL, even beside a record of that name`, () => {
            const other = r(types.record, "o", {
                name: target.toLowerCase().replace(/\.$/, ""),
                ttl: 5,
            });
            assert.deepStrictEqual(ttl(r(types.record, "a", alias(target)), [other]), [
                60,
                aliasSource,
            ]);
        });
    }

    for (const zoneId of ["Z35SXDOTRQ7X7K", "Z2FDTNDATAQYW2", "Z2BJ6XQ5FK7U4H"]) {
        it(`an alias into AWS zone ${zoneId} has the fixed 60 s TTL`, () => {
            const other = r(types.record, "o", { name: "www.example.com", ttl: 5 });
            assert.deepStrictEqual(
                ttl(r(types.record, "a", alias("www.example.com", zoneId)), [other]),
                [60, aliasSource],
            );
        });
    }

    it("an alias to another record in the zone answers with that record's TTL", () => {
        const other = r(types.record, "o", { name: "WWW.example.com.", ttl: 20 });
        assert.deepStrictEqual(
            ttl(r(types.record, "a", alias("www.example.com.", "ZOWN")), [other]),
            [20, "record a: alias to o with TTL 20 s"],
        );
        const noTtl = r(types.record, "o", { name: "www.example.com" });
        assert.deepStrictEqual(
            ttl(r(types.record, "a", alias("www.example.com", "ZOWN")), [noTtl]),
            [60, aliasSource],
        );
        const otherName = r(types.record, "o", { name: "api.example.com", ttl: 20 });
        assert.deepStrictEqual(
            ttl(r(types.record, "a", alias("www.example.com", "ZOWN")), [otherName]),
            [60, aliasSource],
        );
        // The record itself is not the other record, and only records count.
        const self = r(types.record, "a", {
            ...alias("a.example.com", "ZOWN"),
            name: "a.example.com",
            ttl: 9,
        });
        assert.deepStrictEqual(
            ttl(self, [r(types.healthCheck, "h", { name: "a.example.com", ttl: 1 })]),
            [60, aliasSource],
        );
    });

    it("the shift is the slowest TTL plus Route 53's propagation", () => {
        const est = dns([
            record("a", { ttl: 30, healthCheckId: "h" }),
            record("b", { ttl: 90, healthCheckId: "h" }),
            check("h", {}),
        ]);
        assert.deepStrictEqual(est.shift, {
            seconds: 150,
            source: `record b: TTL 90 s + 60 s propagation (${facts.route53Propagation.citation})`,
        });
    });
});

const elb = (region: string) =>
    `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/x/1`;
const group = (name: string, region: string | undefined, props: Record<string, unknown>) =>
    r(types.endpointGroup, name, { endpointGroupRegion: region, ...props });

describe("budget routing: Global Accelerator", () => {
    const accel = (resources: BudgetResource[]) =>
        routingEstimates(resources).find((e) => e.mode === "global-accelerator");

    it("endpoint groups in one region, or none, leave nothing to estimate", () => {
        assert.strictEqual(accel([group("a", "r1", {}), group("b", "r1", {})]), undefined);
        assert.strictEqual(accel([]), undefined);
    });

    it("its own health checks: interval × threshold, the slowest group, a 30 s shift", () => {
        const est = accel([
            group("a", "r1", { healthCheckIntervalSeconds: 10, thresholdCount: 3 }),
            group("b", "r2", { healthCheckIntervalSeconds: 10, thresholdCount: 5 }),
            group("c", undefined, {}),
        ]);
        assert.deepStrictEqual(est, {
            mode: "global-accelerator",
            detection: {
                seconds: 90,
                source: "endpoint group c: healthCheckIntervalSeconds 30 × thresholdCount 3",
            },
            shift: { seconds: 30, source: facts.globalAcceleratorShift.citation },
            recovery: { seconds: 90, source: "endpoint group c: 3 passing checks × 30 s" },
            manual: [],
        });
    });

    it("the group's region comes from the resource when endpointGroupRegion is absent", () => {
        const est = accel([
            { ...group("a", undefined, {}), region: "r1" },
            { ...group("b", undefined, {}), region: "r2" },
        ]);
        assert.strictEqual(est?.detection.seconds, 90);
        assert.strictEqual(
            accel([
                { ...group("a", undefined, {}), region: "r1" },
                { ...group("b", undefined, {}), region: "r1" },
            ]),
            undefined,
        );
    });

    it("load balancer endpoints use the target group of their region", () => {
        const est = accel([
            group("a", "r1", { endpointConfigurations: [{ endpointId: elb("r1") }] }),
            group("b", "r2", {
                endpointConfigurations: [{ endpointId: "eipalloc-1" }],
                healthCheckIntervalSeconds: 10,
                thresholdCount: 1,
            }),
            r(
                types.targetGroup,
                "tg1",
                { healthCheck: { interval: 20, unhealthyThreshold: 3, healthyThreshold: 2 } },
                "r1",
            ),
            r(
                types.targetGroup,
                "tg2",
                { healthCheck: { interval: 60, unhealthyThreshold: 9 } },
                "r2",
            ),
        ]);
        assert.deepStrictEqual(
            [est?.detection, est?.recovery],
            [
                {
                    seconds: 60,
                    source: "endpoint group a (load balancer endpoints use ELB health): target group tg1: interval 20 s × unhealthyThreshold 3",
                },
                { seconds: 40, source: "target group tg1: interval 20 s × healthyThreshold 2" },
            ],
        );
    });
});

describe("budget routing: CloudFront origin groups", () => {
    const distribution = (origins: unknown[], originGroups: unknown[], name = "cdn") =>
        r(types.distribution, name, { origins, originGroups });
    const cdn = (resources: BudgetResource[]) =>
        routingEstimates(resources).find((e) => e.mode === "cloudfront");
    const members = (...ids: string[]) => ({ members: ids.map((originId) => ({ originId })) });

    it("a distribution without origin groups is no failover", () => {
        assert.strictEqual(cdn([distribution([{ originId: "a" }], [])]), undefined);
    });

    it("the primary origin's attempts × timeout, the slowest group; no shift", () => {
        const est = cdn([
            distribution(
                [
                    { originId: "p", connectionAttempts: 2, connectionTimeout: 5 },
                    { originId: "s", connectionAttempts: 3, connectionTimeout: 10 },
                    { originId: "q", connectionAttempts: 1, connectionTimeout: 4 },
                ],
                [members("p", "s"), members("q", "s")],
            ),
        ]);
        assert.deepStrictEqual(est, {
            mode: "cloudfront",
            detection: {
                seconds: 10,
                source: `distribution cdn origin p: connectionAttempts 2 × connectionTimeout 5 s, paid by each request while the primary is down (${facts.cloudFrontDefaultAttempts.citation})`,
            },
            shift: {
                seconds: 0,
                source: "CloudFront origin failover is per request; no DNS change",
            },
            recovery: {
                seconds: 0,
                source: "CloudFront tries the secondary on every failed request",
            },
            manual: [],
        });
    });

    it("an unknown primary origin uses CloudFront's defaults, 3 × 10 s", () => {
        const est = cdn([distribution([], [{ members: [] }])]);
        assert.strictEqual(est?.detection.seconds, 30);
        assert.match(
            est!.detection.source,
            /^distribution cdn origin \(unknown\): connectionAttempts 3 × connectionTimeout 10 s/,
        );
    });

    it("a later, slower distribution wins", () => {
        const est = cdn([
            distribution(
                [{ originId: "p", connectionAttempts: 1, connectionTimeout: 1 }],
                [members("p")],
                "one",
            ),
            distribution(
                [{ originId: "p", connectionAttempts: 2, connectionTimeout: 2 }],
                [members("p")],
                "two",
            ),
        ]);
        assert.strictEqual(est?.detection.seconds, 4);
        assert.match(est!.detection.source, /^distribution two /);
    });

    it("every mechanism found is listed: DNS, then Global Accelerator, then CloudFront", () => {
        const all = routingEstimates([
            distribution([], [members("p")]),
            group("a", "r1", {}),
            group("b", "r2", {}),
            record("a", { healthCheckId: "h" }),
        ]);
        assert.deepStrictEqual(
            all.map((e) => e.mode),
            ["dns", "global-accelerator", "cloudfront"],
        );
    });
});
