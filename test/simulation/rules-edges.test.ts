/**
 * The simulation's AWS rules (policies/simulation/rules.ts) at their edges: the order records
 * arrive in, duplicate regions, empty inputs, missing roles and weights, and each comparison on
 * both sides of its boundary. Each row cites the page the rule cites (`pages` in rules.ts).
 */
import * as assert from "assert";
import {
    acceleratorChoice,
    calculatedHealth,
    chooseRecords,
    DnsChoice,
    GroupView,
    originChoice,
    pages,
    rdsPromotion,
    RecordView,
    RoutingPolicy,
    staleCredentialsBreak,
} from "../../policies/simulation";

const r = (key: string, region: string, healthy: boolean, extra: Partial<RecordView> = {}) => ({
    key,
    region,
    healthy,
    ...extra,
});

describe("simulation rules: Route 53 record choice at its edges (chooseRecords)", () => {
    it("cites the page that settles it", () => {
        assert.strictEqual(
            pages.chooseRecords,
            "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html",
        );
    });
    const rows: {
        name: string;
        policy: RoutingPolicy;
        records: RecordView[];
        expected: DnsChoice;
    }[] = [
        {
            name: "no records: no answer, not failed open",
            policy: "latency",
            records: [],
            expected: { regions: [], failedOpen: false },
        },
        {
            name: "failover: no records, no answer",
            policy: "failover",
            records: [],
            expected: { regions: [], failedOpen: false },
        },
        {
            name: "failover: two PRIMARY records, the first by key wins whatever their order",
            policy: "failover",
            records: [
                r("b", "us-west-2", true, { role: "PRIMARY" }),
                r("a", "us-east-1", true, { role: "PRIMARY" }),
            ],
            expected: { regions: ["us-east-1"], failedOpen: false },
        },
        {
            name: "failover: two unhealthy SECONDARY records answer the first by key",
            policy: "failover",
            records: [
                r("z", "eu-west-1", false, { role: "SECONDARY" }),
                r("m", "us-west-2", false, { role: "SECONDARY" }),
            ],
            expected: { regions: ["us-west-2"], failedOpen: true },
        },
        {
            name: "failover: a healthy SECONDARY with no PRIMARY",
            policy: "failover",
            records: [r("b", "us-west-2", true, { role: "SECONDARY" })],
            expected: { regions: ["us-west-2"], failedOpen: false },
        },
        {
            name: "failover: an unhealthy PRIMARY alone is answered (fails open)",
            policy: "failover",
            records: [r("a", "us-east-1", false, { role: "PRIMARY" })],
            expected: { regions: ["us-east-1"], failedOpen: true },
        },
        {
            name: "failover: records with no role answer the first by key (fails open)",
            policy: "failover",
            records: [r("b", "us-west-2", true), r("a", "us-east-1", true)],
            expected: { regions: ["us-east-1"], failedOpen: true },
        },
        {
            name: "simple: every record whatever its health, regions once each and sorted",
            policy: "simple",
            records: [
                r("c", "us-west-2", false),
                r("a", "us-east-1", false),
                r("b", "us-west-2", true),
            ],
            expected: { regions: ["us-east-1", "us-west-2"], failedOpen: false },
        },
        {
            name: "weighted: no weight counts as a non-zero weight",
            policy: "weighted",
            records: [r("a", "us-east-1", true), r("b", "us-west-2", true, { weight: 0 })],
            expected: { regions: ["us-east-1"], failedOpen: false },
        },
        {
            name: "weighted: weight 1 is non-zero (the boundary above 0)",
            policy: "weighted",
            records: [
                r("a", "us-east-1", true, { weight: 1 }),
                r("b", "us-west-2", true, { weight: 0 }),
            ],
            expected: { regions: ["us-east-1"], failedOpen: false },
        },
        {
            name: "weighted: an unhealthy zero weight is not answered while a non-zero one is healthy",
            policy: "weighted",
            records: [
                r("a", "us-east-1", false, { weight: 0 }),
                r("b", "us-west-2", true, { weight: 5 }),
            ],
            expected: { regions: ["us-west-2"], failedOpen: false },
        },
        {
            name: "weighted: only healthy zero weights are answered when the non-zero ones are down",
            policy: "weighted",
            records: [
                r("a", "us-east-1", false, { weight: 5 }),
                r("b", "us-west-2", true, { weight: 0 }),
                r("c", "eu-west-1", false, { weight: 0 }),
            ],
            expected: { regions: ["us-west-2"], failedOpen: false },
        },
        {
            name: "weighted: nothing healthy answers every record (fails open)",
            policy: "weighted",
            records: [
                r("b", "us-west-2", false, { weight: 0 }),
                r("a", "us-east-1", false, { weight: 5 }),
            ],
            expected: { regions: ["us-east-1", "us-west-2"], failedOpen: true },
        },
        {
            name: "latency: a weight is ignored (zero weights count only in weighted groups)",
            policy: "latency",
            records: [
                r("a", "us-east-1", true, { weight: 0 }),
                r("b", "us-west-2", true, { weight: 5 }),
            ],
            expected: { regions: ["us-east-1", "us-west-2"], failedOpen: false },
        },
        {
            name: "latency: healthy regions once each, sorted",
            policy: "latency",
            records: [
                r("c", "us-west-2", true),
                r("a", "us-west-2", true),
                r("b", "eu-west-1", true),
            ],
            expected: { regions: ["eu-west-1", "us-west-2"], failedOpen: false },
        },
    ];
    for (const row of rows) {
        it(row.name, () => {
            assert.deepStrictEqual(chooseRecords(row.policy, row.records), row.expected);
        });
    }
    it("does not reorder the caller's records", () => {
        const records = [r("b", "us-west-2", true), r("a", "us-east-1", true)];
        chooseRecords("latency", records);
        assert.deepStrictEqual(
            records.map((x) => x.key),
            ["b", "a"],
        );
    });
});

describe("simulation rules: health at its edges (calculatedHealth)", () => {
    it(`cites ${pages.determineHealth}`, () => {
        assert.strictEqual(
            pages.determineHealth,
            "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html",
        );
    });
    const rows: [boolean[], number, boolean][] = [
        [[true, true, false], 3, false],
        [[true, true, false], 2, true],
        [[false, false, false], 0, true],
    ];
    for (const [children, threshold, expected] of rows) {
        it(`${JSON.stringify(children)} threshold ${threshold}: ${expected}`, () => {
            assert.strictEqual(calculatedHealth(children, threshold), expected);
        });
    }
});

describe("simulation rules: Global Accelerator and CloudFront at their edges", () => {
    it("cite their pages", () => {
        assert.deepStrictEqual(
            [pages.gaUnhealthy, pages.gaDial, pages.cloudFrontFailover],
            [
                "https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoints-endpoint-weights.unhealthy-endpoints.html",
                "https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-traffic-dial.html",
                "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html",
            ],
        );
    });
    const rows: { name: string; groups: GroupView[]; expected: DnsChoice }[] = [
        {
            name: "no endpoint group: no answer, not failed open",
            groups: [],
            expected: { regions: [], failedOpen: false },
        },
        {
            name: "a dial of 1 is above 0",
            groups: [
                { region: "us-west-2", dial: 1, healthy: true },
                { region: "us-east-1", dial: 0, healthy: true },
            ],
            expected: { regions: ["us-west-2"], failedOpen: false },
        },
        {
            name: "every dial at 0: the healthy groups, once each, sorted",
            groups: [
                { region: "us-west-2", dial: 0, healthy: true },
                { region: "eu-west-1", dial: 0, healthy: false },
                { region: "us-east-1", dial: 0, healthy: true },
                { region: "us-west-2", dial: 0, healthy: true },
            ],
            expected: { regions: ["us-east-1", "us-west-2"], failedOpen: false },
        },
        {
            name: "dialled healthy groups, once each, sorted",
            groups: [
                { region: "us-west-2", dial: 50, healthy: true },
                { region: "us-east-1", dial: 50, healthy: true },
                { region: "us-west-2", dial: 50, healthy: true },
            ],
            expected: { regions: ["us-east-1", "us-west-2"], failedOpen: false },
        },
        {
            name: "nothing healthy: every group once, sorted (fails open)",
            groups: [
                { region: "us-west-2", dial: 100, healthy: false },
                { region: "us-east-1", dial: 0, healthy: false },
                { region: "us-west-2", dial: 100, healthy: false },
            ],
            expected: { regions: ["us-east-1", "us-west-2"], failedOpen: true },
        },
    ];
    for (const row of rows) {
        it(`accelerator: ${row.name}`, () => {
            assert.deepStrictEqual(acceleratorChoice(row.groups), row.expected);
        });
    }
    it("CloudFront: no origin serves, users are sent to the primary (first) origin", () => {
        assert.deepStrictEqual(
            originChoice([
                { region: "us-west-2", serving: false },
                { region: "us-east-1", serving: false },
            ]),
            { regions: ["us-west-2"], failedOpen: false },
        );
    });
    it("CloudFront: no origin at all, no answer", () => {
        assert.deepStrictEqual(originChoice([]), { regions: [], failedOpen: false });
    });
});

describe("simulation rules: data and secrets at their edges", () => {
    it(`RDS: promoting a replica (${pages.rdsPromote})`, () => {
        assert.deepStrictEqual(rdsPromotion(true), {
            ok: true,
            note: "the read replica becomes a standalone writer and keeps its endpoint; replication from its old source stops",
        });
    });
    // `rotationStrategies`: alternating users keep the previous user valid, one version back only.
    const secrets: [number, number, boolean, boolean][] = [
        [2, 1, false, false],
        [2, 1, true, false],
        [1, 2, true, false],
        [1, 3, true, true],
        [1, 2, false, true],
        [3, 3, true, false],
    ];
    for (const [held, current, alternating, breaks] of secrets) {
        it(`a task holding version ${held} of ${current}, ${alternating ? "alternating users" : "single user"}: ${breaks ? "breaks" : "works"} (${pages.ecsSecrets})`, () => {
            assert.strictEqual(staleCredentialsBreak(held, current, alternating), breaks);
        });
    }
});
