/**
 * The edge and operations pricer (policies/budget/cost-global.ts), one setting per row: Route 53
 * health checks (AWS endpoints and options are priced apart:
 * https://aws.amazon.com/route53/pricing/), queries per record name (alias queries to AWS
 * resources are free), WAF requests split over the serving Regions
 * (https://aws.amazon.com/waf/pricing/), KMS replica keys, high-resolution alarms (period under
 * 60 s: https://aws.amazon.com/cloudwatch/pricing/), log retention, canary schedules and FIS
 * action durations (ISO 8601; https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html).
 */
import * as assert from "assert";
import { BudgetResource, CostEstimate, estimateCost } from "../../policies/budget";
import { canaryRunsPerMonth, isoMinutes } from "../../policies/budget/cost-global";
import { resource } from "./fixtures";

const at = (type: string, name: string, props: Record<string, unknown>, region = "us-east-1") =>
    resource("p", region, type, name, props);
const lines = (cost: CostEstimate) =>
    cost.items.map((i) => [i.resource, i.priceKey, i.quantity, i.item, i.kind]);
const cost = (...resources: BudgetResource[]) => estimateCost({ resources });
const check = (name: string, props: Record<string, unknown>) =>
    at("aws:route53/healthCheck:HealthCheck", name, props);

describe("budget cost: ISO 8601 durations and canary schedules", () => {
    const durations: [string | undefined, number | undefined][] = [
        ["PT10M", 10],
        ["PT1H30M", 90],
        ["PT45S", 0.75],
        ["PT1.5H", 90],
        ["PT2H0.5M30S", 121],
        ["PT0M", 0],
        ["PT", undefined],
        ["P1D", undefined],
        ["PT10", undefined],
        ["xPT10M", undefined],
        ["PT10Mx", undefined],
        ["PT.5M", undefined],
        ["PT1.M", undefined],
        ["PTaM", undefined],
        ["", undefined],
        [undefined, undefined],
    ];
    for (const [duration, minutes] of durations) {
        it(`${String(duration)} is ${String(minutes)} minutes`, () => {
            assert.strictEqual(isoMinutes(duration), minutes);
        });
    }

    const schedules: [string | undefined, number | undefined][] = [
        ["rate(5 minutes)", 8760],
        ["rate(1 minute)", 43800],
        ["rate(1 hour)", 730],
        ["rate(2 hours)", 365],
        ["rate(15 minutes)", 2920],
        ["rate(0 minutes)", 1],
        ["rate(10 minutes) ", undefined],
        [" rate(10 minutes)", undefined],
        ["rate(1 day)", undefined],
        ["rate(x minutes)", undefined],
        ["cron(0 * * * ? *)", undefined],
        [undefined, undefined],
    ];
    for (const [expression, runs] of schedules) {
        it(`${String(expression)}: ${String(runs)} runs in 730 h`, () => {
            assert.strictEqual(canaryRunsPerMonth(expression, 730), runs);
        });
    }
});

describe("budget cost: Route 53", () => {
    const checks: [string, Record<string, unknown>, [string, number, string][]][] = [
        [
            "an HTTP check of a non-AWS endpoint",
            { type: "HTTP", fqdn: "app.example.com" },
            [["route53HealthCheckNonAws", 1, "health check (non-AWS endpoint)"]],
        ],
        [
            "an HTTPS string-match check, fast, measuring latency, of an ELB name with its dot",
            {
                type: "HTTPS_STR_MATCH",
                fqdn: "X.us-east-1.ELB.amazonaws.com.",
                requestInterval: 10,
                measureLatency: "true",
            },
            [
                ["route53HealthCheckAws", 1, "health check (AWS endpoint)"],
                [
                    "route53HealthCheckOptionAws",
                    4,
                    "HTTPS, string matching, fast interval, latency measurement",
                ],
            ],
        ],
        [
            "an HTTP string-match check of a CloudFront name",
            { type: "http_str_match", fqdn: "d1.cloudfront.net", requestInterval: 30 },
            [
                ["route53HealthCheckAws", 1, "health check (AWS endpoint)"],
                ["route53HealthCheckOptionAws", 1, "string matching"],
            ],
        ],
        [
            "a check of a Global Accelerator name, latency off",
            { type: "TCP", fqdn: "a1.awsglobalaccelerator.com", measureLatency: false },
            [["route53HealthCheckAws", 1, "health check (AWS endpoint)"]],
        ],
        [
            "a name merely containing amazonaws.com",
            { type: "HTTP", fqdn: "amazonaws.com.example.org" },
            [["route53HealthCheckNonAws", 1, "health check (non-AWS endpoint)"]],
        ],
        [
            "a calculated check",
            { type: "CALCULATED" },
            [["route53HealthCheckAws", 1, "health check (AWS endpoint)"]],
        ],
        [
            "a metric check",
            { type: "cloudwatch_metric" },
            [["route53HealthCheckAws", 1, "health check (AWS endpoint)"]],
        ],
        [
            "an ARC check",
            { type: "RECOVERY_CONTROL" },
            [["route53HealthCheckAws", 1, "health check (AWS endpoint)"]],
        ],
        [
            "a fast HTTPS check of a non-AWS endpoint",
            { type: "HTTPS", requestInterval: 10 },
            [
                ["route53HealthCheckNonAws", 1, "health check (non-AWS endpoint)"],
                ["route53HealthCheckOptionNonAws", 2, "HTTPS, fast interval"],
            ],
        ],
    ];
    for (const [what, props, expected] of checks) {
        it(what, () => {
            assert.deepStrictEqual(
                lines(cost(check("hc", props))),
                expected.map(([key, quantity, item]) => ["hc", key, quantity, item, "fixed"]),
            );
        });
    }

    it("queries: once per name, by routing policy; alias records free; validation records a fixed 1,000", () => {
        const record = (name: string, props: Record<string, unknown>) =>
            at("aws:route53/record:Record", name, props);
        const got = cost(
            record("alias", {
                name: "www.example.com",
                aliases: [{ name: "x.elb.amazonaws.com" }],
            }),
            record("plain", { name: "api.example.com", records: ["192.0.2.1"] }),
            record("plain-again", { name: "api.example.com", records: ["192.0.2.2"] }),
            record("latency", {
                name: "lat.example.com",
                latencyRoutingPolicies: [{ region: "us-east-1" }],
            }),
            record("geo", {
                name: "geo.example.com",
                geolocationRoutingPolicies: [{ country: "DE" }],
            }),
            record("prox", {
                name: "prox.example.com",
                geoproximityRoutingPolicy: { awsRegion: "us-east-1" },
            }),
            record("weighted", { name: "w.example.com", weightedRoutingPolicies: [{ weight: 1 }] }),
            record("latency-empty", {
                name: "le.example.com",
                latencyRoutingPolicies: [],
                failoverRoutingPolicies: [{ type: "PRIMARY" }],
            }),
            record("validation", {
                name: "_abc.example.com",
                records: ["_x.acm-validations.aws."],
            }),
            record("unnamed", {}),
        );
        assert.deepStrictEqual(lines(got), [
            [
                "plain",
                "route53StandardQueriesPerMillion",
                1,
                "1 M queries for api.example.com (usage.dnsQueriesPerMonth)",
                "usage",
            ],
            [
                "latency",
                "route53LatencyQueriesPerMillion",
                1,
                "1 M queries for lat.example.com (usage.dnsQueriesPerMonth)",
                "usage",
            ],
            [
                "geo",
                "route53GeoQueriesPerMillion",
                1,
                "1 M queries for geo.example.com (usage.dnsQueriesPerMonth)",
                "usage",
            ],
            [
                "prox",
                "route53GeoQueriesPerMillion",
                1,
                "1 M queries for prox.example.com (usage.dnsQueriesPerMonth)",
                "usage",
            ],
            [
                "weighted",
                "route53StandardQueriesPerMillion",
                1,
                "1 M queries for w.example.com (usage.dnsQueriesPerMonth)",
                "usage",
            ],
            [
                "latency-empty",
                "route53StandardQueriesPerMillion",
                1,
                "1 M queries for le.example.com (usage.dnsQueriesPerMonth)",
                "usage",
            ],
            [
                "validation",
                "route53StandardQueriesPerMillion",
                0.001,
                "1,000 queries for _abc.example.com (validation record, model assumption)",
                "usage",
            ],
            [
                "unnamed",
                "route53StandardQueriesPerMillion",
                1,
                "1 M queries for unnamed (usage.dnsQueriesPerMonth)",
                "usage",
            ],
        ]);
        assert.deepStrictEqual(
            got.free.map((f) => [f.resource, f.reason]),
            [
                ["alias", "alias queries to AWS resources are free"],
                ["plain-again", "queries for api.example.com are priced once, on plain"],
            ],
        );
        assert.ok(got.items.every((i) => i.region === "global"));
    });

    it("a geolocation policy on a record that is not routed (an empty list) is a standard query", () => {
        const got = cost(
            at("aws:route53/record:Record", "r", {
                name: "x.example.com",
                geolocationRoutingPolicies: [],
            }),
        );
        assert.strictEqual(got.items[0]!.priceKey, "route53StandardQueriesPerMillion");
    });
});

describe("budget cost: WAF, keys, alarms, logs, canaries, FIS, certificates", () => {
    const service = (region: string, desiredCount: number) =>
        at(
            "aws:ecs/service:Service",
            `svc-${region}`,
            { desiredCount, taskDefinition: "td" },
            region,
        );

    it("a regional web ACL inspects its Region's share of the requests; CloudFront's all, at the global price", () => {
        const acl = (name: string, region: string, props: Record<string, unknown>) =>
            at("aws:wafv2/webAcl:WebAcl", name, props, region);
        const got = cost(
            service("us-east-1", 3),
            service("us-west-2", 3),
            service("eu-west-1", 0),
            acl("east", "us-east-1", { scope: "REGIONAL", rules: [{}, {}] }),
            acl("idle", "eu-west-1", {}),
            acl("edge", "eu-west-1", { scope: "CLOUDFRONT" }),
        );
        assert.deepStrictEqual(
            got.items
                .filter((i) => i.priceKey.startsWith("waf"))
                .map((i) => [i.resource, i.priceKey, i.quantity, i.item, i.kind, i.region]),
            [
                ["east", "wafWebAclMonth", 1, "web ACL", "fixed", "us-east-1"],
                ["east", "wafRuleMonth", 2, "2 rule(s)", "fixed", "us-east-1"],
                [
                    "east",
                    "wafRequestsPerMillion",
                    5,
                    "5 M requests inspected",
                    "usage",
                    "us-east-1",
                ],
                ["idle", "wafWebAclMonth", 1, "web ACL", "fixed", "eu-west-1"],
                ["edge", "wafWebAclMonth", 1, "web ACL", "fixed", "global"],
                ["edge", "wafRequestsPerMillion", 10, "10 M requests inspected", "usage", "global"],
            ],
        );
    });

    it("keys and replica keys, each a key-month", () => {
        assert.deepStrictEqual(
            lines(
                cost(at("aws:kms/key:Key", "k", {}), at("aws:kms/replicaKey:ReplicaKey", "r", {})),
            ),
            [
                ["k", "kmsKeyMonth", 1, "customer managed key", "fixed"],
                ["r", "kmsKeyMonth", 1, "replica key", "fixed"],
            ],
        );
    });

    const alarms: [string, Record<string, unknown>, [string, number, string]][] = [
        [
            "a 60 s alarm is standard",
            { period: 60 },
            ["cloudWatchAlarmMonth", 1, "standard alarm, 1 metric(s)"],
        ],
        [
            "a 59 s alarm is high-resolution",
            { period: 59 },
            ["cloudWatchAlarmHighResMonth", 1, "high-resolution alarm, 1 metric(s)"],
        ],
        ["no period: 60 s", {}, ["cloudWatchAlarmMonth", 1, "standard alarm, 1 metric(s)"]],
        [
            "metric queries: each metric counts, expressions do not; the first metric's period",
            {
                metricQueries: [
                    { metric: { period: 10 } },
                    { metric: {} },
                    { expression: "m1+m2" },
                ],
            },
            ["cloudWatchAlarmHighResMonth", 2, "high-resolution alarm, 2 metric(s)"],
        ],
        [
            "only expressions: one metric",
            { metricQueries: [{ expression: "1" }] },
            ["cloudWatchAlarmMonth", 1, "standard alarm, 1 metric(s)"],
        ],
    ];
    for (const [what, props, [key, quantity, item]] of alarms) {
        it(what, () => {
            assert.deepStrictEqual(
                lines(cost(at("aws:cloudwatch/metricAlarm:MetricAlarm", "a", props))),
                [["a", key, quantity, item, "fixed"]],
            );
        });
    }

    it("logs: retention in months, a year counted when they never expire", () => {
        const group = (days?: number) =>
            at(
                "aws:cloudwatch/logGroup:LogGroup",
                "g",
                days === undefined ? {} : { retentionInDays: days },
            );
        assert.deepStrictEqual(lines(cost(group(30)))[1], [
            "g",
            "logsStorageGbMonth",
            5,
            "5 GB × 1.00 months retained (retentionInDays 30)",
            "usage",
        ]);
        assert.deepStrictEqual(lines(cost(group()))[1], [
            "g",
            "logsStorageGbMonth",
            60,
            "5 GB × 12.00 months retained (never expires: a year counted)",
            "usage",
        ]);
        assert.deepStrictEqual(lines(cost(group(0)))[1], [
            "g",
            "logsStorageGbMonth",
            60,
            "5 GB × 12.00 months retained (never expires: a year counted)",
            "usage",
        ]);
    });

    it("a canary on a cron schedule is unpriced, saying why", () => {
        const got = cost(
            at("aws:synthetics/canary:Canary", "c", {
                schedule: { expression: "cron(0 12 * * ? *)" },
            }),
        );
        assert.deepStrictEqual(
            [got.items, got.unpriced.map((u) => u.reason)],
            [[], ['schedule "cron(0 12 * * ? *)": only rate() schedules are priced']],
        );
    });

    it("FIS: each action's duration, 10 minutes without one, times the runs", () => {
        const action = (value?: string) => ({
            parameters:
                value === undefined
                    ? []
                    : [
                          { key: "other", value: "PT99M" },
                          { key: "duration", value },
                      ],
        });
        const template = at("aws:fis/experimentTemplate:ExperimentTemplate", "t", {
            actions: [action("PT5M"), action(), action("PT1H"), action("bad")],
        });
        const got = estimateCost({ resources: [template] }, undefined, {
            experimentRunsPerMonth: 2,
        });
        assert.deepStrictEqual(lines(got), [
            [
                "t",
                "fisActionMinute",
                170,
                "2 run(s) (usage.experimentRunsPerMonth) × 4 action(s), 85 action-minutes (10 min where no duration is set)",
                "usage",
            ],
        ]);
    });

    it("certificates: public ones free, private CA ones unpriced", () => {
        const got = cost(
            at("aws:acm/certificate:Certificate", "pub", {}),
            at("aws:acm/certificate:Certificate", "priv", { certificateAuthorityArn: "arn:ca" }),
        );
        assert.deepStrictEqual(
            got.free.map((f) => [f.resource, f.reason]),
            [["pub", "public ACM certificates are free"]],
        );
        assert.deepStrictEqual(
            got.unpriced.map((f) => [f.resource, f.reason]),
            [["priv", "private CA certificates are not priced by the model"]],
        );
    });
});
