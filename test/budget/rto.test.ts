import * as assert from "assert";
import { estimateRpo, estimateRto, failoverBudget } from "../../policies/budget";
import { appGraph, resource, strategies, withProps } from "./fixtures";

const stepSeconds = (strategy: Parameters<typeof appGraph>[0]) =>
    estimateRto({ resources: appGraph(strategy) }).breakdown.map((s) => [s.step, s.seconds]);

describe("budget: RTO of the four strategies", () => {
    // The RTO is the simulated outage of the primary (policies/simulation): the load balancer
    // marks its targets unhealthy after 10 s × 2, the alias record with evaluated target health
    // turns unhealthy with it, resolvers follow after the 60 s alias TTL; then each strategy's
    // own way to full capacity.
    const expected = [
        {
            strategy: "active-active",
            rto: 80,
            steps: [
                ["detection", 20],
                ["detection", 16],
                ["traffic-shift", 44],
            ],
        },
        {
            strategy: "warm-standby",
            rto: 320,
            steps: [
                ["detection", 20],
                ["detection", 16],
                ["traffic-shift", 44],
                ["standby-scale-up", 240],
            ],
        },
        {
            strategy: "pilot-light",
            rto: 996,
            steps: [
                ["detection", 20],
                ["detection", 16],
                ["traffic-shift", 44],
                ["operator", 556],
                ["deployment", 300],
                ["standby-scale-up", 60],
            ],
        },
        {
            strategy: "active-passive",
            rto: 1086,
            steps: [
                ["detection", 20],
                ["detection", 16],
                ["operator", 600],
                ["deployment", 300],
                ["standby-scale-up", 60],
                ["traffic-shift", 90],
            ],
        },
    ] as const;
    for (const row of expected) {
        it(`${row.strategy}: ${row.rto} s, the simulated timeline's steps`, () => {
            const rto = estimateRto({ resources: appGraph(row.strategy) });
            assert.strictEqual(rto.strategy, row.strategy);
            assert.strictEqual(rto.routing, "dns");
            assert.strictEqual(rto.rtoSeconds, row.rto);
            assert.deepStrictEqual(stepSeconds(row.strategy), row.steps);
            assert.strictEqual(
                rto.breakdown.reduce((n, s) => n + s.seconds, 0),
                row.rto,
            );
        });
    }

    it("orders RTO active-active ≤ warm-standby ≤ pilot-light ≤ active-passive", () => {
        const rtos = strategies.map(
            (s) => estimateRto({ resources: appGraph(s) }).rtoSeconds as number,
        );
        assert.deepStrictEqual(
            [...rtos].sort((a, b) => a - b),
            rtos,
        );
    });

    // Bands from the DR whitepaper and WA REL13-BP02 (aws-failover-facts §3): active/active
    // "near zero"/"potentially zero" (we allow up to 5 min: detection plus DNS cannot be zero),
    // warm standby "minutes" (1 to 15 min), pilot light "tens of minutes" (10 to 60 min). Our
    // active-passive deploys the app after the event with data already replicated, which is the
    // whitepaper's pilot light with servers "switched off": the same band.
    const bands = {
        "active-active": [0, 300],
        "warm-standby": [60, 900],
        "pilot-light": [600, 3600],
        "active-passive": [600, 3600],
    } as const;
    for (const strategy of strategies) {
        it(`${strategy} falls in the whitepaper band ${bands[strategy][0]}–${bands[strategy][1]} s`, () => {
            const rto = estimateRto({ resources: appGraph(strategy) }).rtoSeconds as number;
            assert.ok(
                rto > bands[strategy][0] && rto <= bands[strategy][1],
                `${strategy}: ${rto} s`,
            );
        });
    }
});

describe("budget: one input moves the simulated RTO", () => {
    const base = appGraph("warm-standby");
    it("the base: warm standby at 320 s", () => {
        assert.strictEqual(estimateRto({ resources: base }).rtoSeconds, 320);
    });
    const cases = [
        {
            name: "TTL (non-alias record at 30 s)",
            graph: withProps(
                withProps(base, "app-us-east-1", {
                    aliases: undefined,
                    ttl: 30,
                    records: ["1.2.3.4"],
                }),
                "app-us-west-2",
                { aliases: undefined, ttl: 30, records: ["5.6.7.8"] },
            ),
            // No alias target health: the 10 s × 3 check decides (36 s), then the 30 s TTL.
            rto: 306,
        },
        {
            name: "request interval 30 s",
            graph: withProps(
                withProps(base, "health-us-east-1", { requestInterval: 30 }),
                "health-us-west-2",
                { requestInterval: 30 },
            ),
            // The load balancer's own target health (20 s) turns the alias record unhealthy first.
            rto: 320,
        },
        {
            name: "failure threshold 1",
            graph: withProps(
                withProps(base, "health-us-east-1", { failureThreshold: 1 }),
                "health-us-west-2",
                { failureThreshold: 1 },
            ),
            // The 10 s × 1 check (16 s) is now faster than the load balancer.
            rto: 316,
        },
        {
            name: "standby at full capacity",
            graph: withProps(base, "app-us-west-2-service", { desiredCount: 3 }),
            // No scale-up: served once resolvers follow the answer.
            rto: 80,
        },
    ];
    for (const c of cases) {
        it(`${c.name}: ${c.rto} s (base 320 s)`, () => {
            const rto = estimateRto({ resources: c.graph });
            assert.strictEqual(rto.rtoSeconds, c.rto);
            assert.strictEqual(
                rto.breakdown.reduce((n, s) => n + s.seconds, 0),
                c.rto,
            );
        });
    }
});

describe("budget: RTO sources", () => {
    it("names the load balancer and the health check, their settings and the citation", () => {
        const [lb, check] = estimateRto({ resources: appGraph("warm-standby") }).breakdown;
        assert.strictEqual(
            lb!.source,
            "app-us-east-1-alb: The load balancer in us-east-1 marks its targets unhealthy (target group app-us-east-1-tg: interval 10 s × unhealthyThreshold 2 (healthyThreshold 2))",
        );
        assert.strictEqual(
            check!.source,
            "health-us-east-1: Health check health-us-east-1 turns unhealthy (requestInterval 10 s × failureThreshold 3 + 6 s probe timeout; https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html)",
        );
    });

    it("reports no RTO for a graph without failover routing", () => {
        const rto = estimateRto({
            resources: appGraph("warm-standby").filter((r) => r.stack !== "global"),
        });
        assert.strictEqual(rto.rtoSeconds, null);
        assert.deepStrictEqual(rto.breakdown, []);
        assert.strictEqual(rto.routing, "none");
    });

    it("uses Global Accelerator's 30 s shift and the target group's health for ALB endpoints", () => {
        // One endpoint group per region: groups in one region leave nowhere to fail over to.
        const group = (region: string) =>
            resource(
                "global",
                "us-east-1",
                "aws:globalaccelerator/endpointGroup:EndpointGroup",
                `ga-${region}`,
                {
                    endpointGroupRegion: region,
                    endpointConfigurations: [
                        {
                            endpointId: `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/x/1`,
                            weight: 100,
                        },
                    ],
                },
            );
        const resources = [
            ...appGraph("warm-standby").filter((r) => r.stack !== "global"),
            group("us-east-1"),
            group("us-west-2"),
        ];
        const rto = estimateRto({ resources });
        assert.strictEqual(rto.routing, "global-accelerator");
        // Both groups take users in steady state, so target tracking starts raising the standby
        // at once (180 s + 60 s task start); the load balancer and the accelerator see the
        // primary's targets fail after 10 s × 2.
        assert.deepStrictEqual(
            rto.breakdown.map((s) => [s.step, s.seconds]),
            [
                ["detection", 20],
                ["detection", 0],
                ["standby-scale-up", 220],
            ],
        );
        assert.strictEqual(rto.rtoSeconds, 240);
    });

    it("uses CloudFront connection attempts × timeout and no shift", () => {
        const resources = [
            ...appGraph("active-active").filter((r) => r.stack !== "global"),
            resource("global", "us-east-1", "aws:cloudfront/distribution:Distribution", "cdn", {
                origins: [
                    {
                        originId: "primary",
                        domainName: "app-us-east-1.us-east-1.elb.amazonaws.com",
                        connectionAttempts: 2,
                        connectionTimeout: 5,
                    },
                    {
                        originId: "secondary",
                        domainName: "app-us-west-2.us-west-2.elb.amazonaws.com",
                    },
                ],
                originGroups: [
                    {
                        originId: "group",
                        members: [{ originId: "primary" }, { originId: "secondary" }],
                    },
                ],
            }),
        ];
        const rto = estimateRto({ resources });
        assert.strictEqual(rto.routing, "cloudfront");
        assert.strictEqual(rto.rtoSeconds, 10);
    });

    it("adds the operator and Aurora promotion for an Aurora global database", () => {
        const resources = [
            ...appGraph("active-active"),
            resource("primary", "us-east-1", "aws:rds/globalCluster:GlobalCluster", "db-global", {
                globalClusterIdentifier: "db-global",
            }),
            resource("primary", "us-east-1", "aws:rds/cluster:Cluster", "db-primary", {
                clusterIdentifier: "db-primary",
                globalClusterIdentifier: "db-global",
            }),
            resource("secondary", "us-west-2", "aws:rds/cluster:Cluster", "db-secondary", {
                clusterIdentifier: "db-secondary",
                globalClusterIdentifier: "db-global",
            }),
        ];
        const budget = failoverBudget({ resources }, { rtoSeconds: 600, rpoSeconds: 900 });
        assert.deepStrictEqual(
            budget.breakdown.map((s) => [s.step, s.seconds]),
            [
                ["detection", 20],
                ["detection", 16],
                ["traffic-shift", 44],
                ["operator", 556],
                ["data-promotion", 60],
            ],
        );
        // Users reach us-west-2 at 80 s, but their writes land only once a person (36 s + 600 s)
        // has promoted the secondary cluster (60 s).
        assert.strictEqual(budget.rtoSeconds, 696);
        assert.strictEqual(budget.meetsObjectives, false);
    });
});

describe("budget: RPO", () => {
    it("is the worst bound: S3 RTC 900 s over DynamoDB MREC 1 s", () => {
        const rpo = estimateRpo({ resources: appGraph("warm-standby") });
        assert.strictEqual(rpo.rpoSeconds, 900);
        assert.deepStrictEqual(
            rpo.bounds.map((b) => [b.store, b.seconds]),
            [
                ["table orders (primary)", 1],
                ["bucket assets-primary (primary)", 900],
            ],
        );
    });

    it("is unbounded (null) when replication has no RTC", () => {
        const resources = withProps(appGraph("warm-standby"), "assets-replication", {
            rules: [
                { status: "Enabled", destination: { bucket: "arn:aws:s3:::assets-secondary" } },
            ],
        });
        const rpo = estimateRpo({ resources });
        assert.strictEqual(rpo.rpoSeconds, null);
        assert.match(rpo.bounds[1]!.source, /up to several hours/);
    });

    it("is 0 for DynamoDB MRSC alone", () => {
        const rpo = estimateRpo({
            resources: [
                resource("primary", "us-east-1", "aws:dynamodb/table:Table", "t", {
                    name: "t",
                    replicas: [
                        { regionName: "us-east-2", consistencyMode: "STRONG" },
                        { regionName: "us-west-2", consistencyMode: "STRONG" },
                    ],
                }),
            ],
        });
        assert.strictEqual(rpo.rpoSeconds, 0);
    });

    it("uses rds.global_db_rpo when the cluster parameter group sets it", () => {
        const rpo = estimateRpo({
            resources: [
                resource("primary", "us-east-1", "aws:rds/globalCluster:GlobalCluster", "g", {
                    globalClusterIdentifier: "g",
                }),
                resource(
                    "primary",
                    "us-east-1",
                    "aws:rds/clusterParameterGroup:ClusterParameterGroup",
                    "pg",
                    {
                        name: "pg",
                        parameters: [{ name: "rds.global_db_rpo", value: "20" }],
                    },
                ),
                resource("primary", "us-east-1", "aws:rds/cluster:Cluster", "a", {
                    globalClusterIdentifier: "g",
                    dbClusterParameterGroupName: "pg",
                }),
                resource("secondary", "us-west-2", "aws:rds/cluster:Cluster", "b", {
                    globalClusterIdentifier: "g",
                }),
            ],
        });
        assert.strictEqual(rpo.rpoSeconds, 20);
    });

    it("treats a table without replicas as unbounded, and reads manifests when no stores are in the graph", () => {
        assert.strictEqual(
            estimateRpo({
                resources: [
                    resource("p", "us-east-1", "aws:dynamodb/table:Table", "t", { name: "t" }),
                ],
            }).rpoSeconds,
            null,
        );
        const rpo = estimateRpo({
            resources: [],
            contracts: [
                {
                    stack: "organization/multi-region-failover/primary",
                    region: "us-east-1",
                    dataStores: [
                        {
                            kind: "dynamodb",
                            identifier: "t",
                            arn: "arn:t",
                            region: "us-east-1",
                            replication: "dynamodb-global-table",
                        },
                        {
                            kind: "rds",
                            identifier: "db",
                            arn: "arn:db",
                            region: "us-east-1",
                            replication: "rds-cross-region-replica",
                        },
                    ],
                },
            ],
        });
        assert.strictEqual(rpo.rpoSeconds, 300);
    });
});
