import * as assert from "assert";
import {
    RoutingChoice,
    albEvaluateTargetHealth,
    assertValidRouting,
    failoverRecordPlan,
    latencyRecordPlan,
    originGroupPlan,
    routingProblems,
    trafficDial,
} from "../../components/routing/plan";

const domain = "app.example.com";

describe("routing plan: failover records", () => {
    const cases: { regions: string[]; expected: ReturnType<typeof failoverRecordPlan> }[] = [
        {
            regions: ["us-east-1", "us-west-2"],
            expected: [
                {
                    key: "domain-us-east-1",
                    name: domain,
                    setIdentifier: "us-east-1",
                    role: "PRIMARY",
                    target: { kind: "region", region: "us-east-1" },
                },
                {
                    key: "domain-us-west-2",
                    name: domain,
                    setIdentifier: "us-west-2",
                    role: "SECONDARY",
                    target: { kind: "region", region: "us-west-2" },
                },
            ],
        },
        {
            regions: ["us-east-1", "us-west-2", "eu-west-1"],
            expected: [
                {
                    key: "domain-us-east-1",
                    name: domain,
                    setIdentifier: "us-east-1",
                    role: "PRIMARY",
                    target: { kind: "region", region: "us-east-1" },
                },
                {
                    key: "domain-us-west-2",
                    name: domain,
                    setIdentifier: "us-west-2",
                    role: "SECONDARY",
                    target: { kind: "chain", name: `fallback-us-west-2.${domain}` },
                },
                {
                    key: "fallback-us-west-2-us-west-2",
                    name: `fallback-us-west-2.${domain}`,
                    setIdentifier: "us-west-2",
                    role: "PRIMARY",
                    target: { kind: "region", region: "us-west-2" },
                },
                {
                    key: "fallback-us-west-2-eu-west-1",
                    name: `fallback-us-west-2.${domain}`,
                    setIdentifier: "eu-west-1",
                    role: "SECONDARY",
                    target: { kind: "region", region: "eu-west-1" },
                },
            ],
        },
    ];
    for (const { regions, expected } of cases) {
        it(`plans ${regions.length} regions as a chain in priority order`, () => {
            assert.deepStrictEqual(failoverRecordPlan(domain, regions), expected);
        });
    }

    it("keeps every key when a region is appended", () => {
        const regions = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
        for (let n = 2; n < regions.length; n++) {
            const before = failoverRecordPlan(domain, regions.slice(0, n)).map((p) => p.key);
            const after = failoverRecordPlan(domain, regions.slice(0, n + 1)).map((p) => p.key);
            assert.deepStrictEqual(
                before.filter((k) => !after.includes(k)),
                [],
                `${n} -> ${n + 1} regions`,
            );
        }
    });

    it("gives each record name one PRIMARY and one SECONDARY", () => {
        const plans = failoverRecordPlan(domain, ["a-1", "b-1", "c-1", "d-1"]);
        const byName = new Map<string, string[]>();
        for (const p of plans) {
            byName.set(p.name, [...(byName.get(p.name) ?? []), p.role]);
        }
        assert.deepStrictEqual(
            [...byName.values()],
            [
                ["PRIMARY", "SECONDARY"],
                ["PRIMARY", "SECONDARY"],
                ["PRIMARY", "SECONDARY"],
            ],
        );
    });
});

describe("routing plan: latency, dials, origin group, target health", () => {
    it("gives each region a latency record named by its region", () => {
        assert.deepStrictEqual(latencyRecordPlan(["us-east-1", "eu-west-1"]), [
            { region: "us-east-1", setIdentifier: "us-east-1" },
            { region: "eu-west-1", setIdentifier: "eu-west-1" },
        ]);
    });

    for (const [serves, dial] of [
        [true, 100],
        [false, 0],
    ] as const) {
        it(`dials ${dial} for a region that ${serves ? "serves" : "stands by"}`, () => {
            assert.strictEqual(trafficDial(serves), dial);
        });
    }

    it("makes the first region the primary origin and fails over on 5xx", () => {
        assert.deepStrictEqual(originGroupPlan(["us-east-1", "us-west-2"]), {
            primary: "us-east-1",
            secondary: "us-west-2",
            statusCodes: [500, 502, 503, 504],
        });
    });

    it("refuses an origin group of three", () => {
        assert.throws(
            () => originGroupPlan(["us-east-1", "us-west-2", "eu-west-1"]),
            /^Error: a CloudFront origin group needs exactly 2 regions, got 3 \(us-east-1, us-west-2, eu-west-1\)$/,
        );
    });

    for (const [explicit, expected] of [
        [undefined, true],
        [true, true],
        [false, false],
    ] as const) {
        it(`evaluates ALB target health ${expected} when set to ${explicit}`, () => {
            assert.strictEqual(albEvaluateTargetHealth(explicit), expected);
        });
    }
});

describe("routing plan: validation", () => {
    const valid: RoutingChoice = {
        mode: "dns-failover",
        regions: [
            { region: "us-east-1", servesTraffic: true },
            { region: "us-west-2", servesTraffic: false },
        ],
        arc: false,
        cloudfrontConnectionTimeoutSeconds: 5,
        cloudfrontConnectionAttempts: 2,
    };
    const three = [...valid.regions, { region: "eu-west-1", servesTraffic: false }];

    const cases: { title: string; choice: Partial<RoutingChoice>; problems: string[] }[] = [
        { title: "accepts two regions in dns-failover", choice: {}, problems: [] },
        {
            title: "accepts three regions in dns-failover",
            choice: { regions: three },
            problems: [],
        },
        {
            title: "rejects a single region",
            choice: { regions: [valid.regions[0]] },
            problems: [
                "regionalStacks: 1 region (us-east-1); failover needs at least 2 regional stacks in different regions",
            ],
        },
        {
            title: "rejects two stacks in one region",
            choice: { regions: [valid.regions[0], { region: "us-east-1", servesTraffic: false }] },
            problems: [
                "regionalStacks: region us-east-1 appears in more than one regional stack; each regional stack must be in its own region",
            ],
        },
        {
            title: "rejects cloudfront with evaluateTargetHealth",
            choice: { mode: "cloudfront", evaluateTargetHealth: true },
            problems: [
                'routing.evaluateTargetHealth: true is not allowed with routing.mode "cloudfront"; Route 53 cannot evaluate the health of a CloudFront alias target (set it to false or leave it unset)',
            ],
        },
        {
            title: "accepts cloudfront with evaluateTargetHealth false",
            choice: { mode: "cloudfront", evaluateTargetHealth: false },
            problems: [],
        },
        {
            title: "rejects cloudfront with three regions",
            choice: { mode: "cloudfront", regions: three },
            problems: [
                'routing.mode: "cloudfront" supports exactly 2 regions because an origin group holds one primary and one secondary origin, got 3 (us-east-1, us-west-2, eu-west-1); use dns-failover or global-accelerator',
            ],
        },
        {
            title: "rejects ARC with global-accelerator",
            choice: { mode: "global-accelerator", arc: true },
            problems: [
                'routing.arc: true needs a DNS routing mode (dns-failover or dns-latency), because ARC routing controls act through Route 53 health checks on the records; routing.mode is "global-accelerator"',
            ],
        },
        {
            title: "rejects global-accelerator when no region serves traffic",
            choice: {
                mode: "global-accelerator",
                regions: valid.regions.map((r) => ({ ...r, servesTraffic: false })),
            },
            problems: [
                'routing.mode: "global-accelerator" needs at least one region with capacity.servesTraffic true, or every traffic dial would be 0; none of us-east-1, us-west-2 serves traffic',
            ],
        },
        {
            title: "rejects CloudFront timeouts and attempts out of range",
            choice: { cloudfrontConnectionTimeoutSeconds: 11, cloudfrontConnectionAttempts: 0 },
            problems: [
                "routing.cloudfrontConnectionTimeoutSeconds: 11 is invalid; it must be an integer from 1 to 10",
                "routing.cloudfrontConnectionAttempts: 0 is invalid; it must be an integer from 1 to 3",
            ],
        },
    ];
    for (const { title, choice, problems } of cases) {
        it(title, () => {
            assert.deepStrictEqual(routingProblems({ ...valid, ...choice }), problems);
        });
    }

    it("throws every problem at once", () => {
        assert.throws(
            () =>
                assertValidRouting({
                    ...valid,
                    mode: "cloudfront",
                    evaluateTargetHealth: true,
                    regions: three,
                }),
            (err: Error) =>
                err.name === "RoutingConfigError" &&
                err.message.startsWith(
                    "invalid routing (2 problems):\n  - routing.evaluateTargetHealth: true",
                ),
        );
    });
});
