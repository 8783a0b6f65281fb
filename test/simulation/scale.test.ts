/**
 * The simulation at the size of a large program: places that nothing routes away from get no
 * scenarios of their own (a failover record with no partner repeated hundreds of times made the
 * check play five scenarios per record, each scanning every record), the primary's RTO is still
 * unbounded when its users have nowhere to go, and the per-moment lookups answer as the scans
 * they replace.
 */
import * as assert from "assert";
import { BudgetResource } from "../../policies/budget";
import {
    EdgeModel,
    RecordModel,
    checkById,
    extractModel,
    groupsOf,
    placesNamedBySetIdentifier,
    recordsOf,
    routedPlaces,
    scripts,
    servingRegions,
    simulatedOutage,
    userGroupsOf,
} from "../../policies/simulation";
import { resource } from "../budget/fixtures";
import { record as fixtureRecord } from "./model-fixture";

/** `count` services, each a PRIMARY failover record with its own HTTPS check and no partner. */
function unpaired(count: number): { resources: BudgetResource[] } {
    const resources: BudgetResource[] = [];
    for (let i = 0; i < count; i++) {
        resources.push(
            resource(
                "bench",
                "us-east-1",
                "aws:route53/healthCheck:HealthCheck",
                `svc-${i}-health`,
                {
                    id: `hc-${i}`,
                    type: "HTTPS",
                    fqdn: `svc-${i}.origin.example.com`,
                    requestInterval: 10,
                    failureThreshold: 3,
                },
            ),
            resource("bench", "us-east-1", "aws:route53/record:Record", `svc-${i}-primary`, {
                zoneId: "Z1",
                name: `svc-${i}.example.com`,
                fqdn: `svc-${i}.example.com`,
                type: "A",
                ttl: 60,
                records: [`192.0.2.${i + 1}`],
                setIdentifier: `svc-${i}-primary`,
                failoverRoutingPolicies: [{ type: "PRIMARY" }],
                healthCheckId: `hc-${i}`,
            }),
        );
    }
    return { resources };
}

/** One failover pair to outside addresses, placed by set identifier only. */
function pair(): { resources: BudgetResource[] } {
    const resources: BudgetResource[] = [];
    for (const [role, ip] of [
        ["PRIMARY", "192.0.2.10"],
        ["SECONDARY", "198.51.100.10"],
    ]) {
        const id = role.toLowerCase();
        resources.push(
            resource("dns", "us-east-1", "aws:route53/healthCheck:HealthCheck", `hc-${id}`, {
                id: `hc-${id}`,
                type: "HTTPS",
                ipAddress: ip,
                requestInterval: 10,
                failureThreshold: 3,
            }),
            resource("dns", "us-east-1", "aws:route53/record:Record", `api-${id}`, {
                zoneId: "Z1",
                name: "api.example.com",
                fqdn: "api.example.com",
                type: "A",
                ttl: 60,
                records: [ip],
                setIdentifier: id,
                failoverRoutingPolicies: [{ type: role }],
                healthCheckId: `hc-${id}`,
            }),
        );
    }
    return { resources };
}

/** A record of `group` answering with `region`, named after both. */
const record = (group: string, region: string, extra: Partial<RecordModel> = {}): RecordModel =>
    fixtureRecord(`${group}-${region}`, region, { group, fqdn: group, ...extra });

const edge = (regions: string[]): EdgeModel => ({
    urn: "urn:edge",
    name: "edge",
    kind: "global-accelerator",
    members: regions.map((region) => ({ urn: `urn:${region}`, name: region, region, dial: 100 })),
    downSeconds: 30,
    upSeconds: 30,
    failbackSeconds: 0,
    source: "test",
});

describe("simulation at scale: places nothing routes away from", () => {
    const cases: [string, RecordModel[], EdgeModel[], string[]][] = [
        [
            "a group with two places routes both",
            [record("a", "p1"), record("a", "p2")],
            [],
            ["p1", "p2"],
        ],
        ["a group with one place routes none", [record("a", "p1")], [], []],
        [
            "two records of one place in one group route none",
            [record("a", "p1"), record("a", "p1", { name: "again" })],
            [],
            [],
        ],
        [
            "places in different groups are not routed between",
            [record("a", "p1"), record("b", "p2")],
            [],
            [],
        ],
        [
            "a record naming a store's writer is not a place users are routed to",
            [record("db", "p1"), record("db", "p2", { storeTarget: { store: "s", member: "m" } })],
            [],
            [],
        ],
        [
            "an edge with two members routes both",
            [],
            [edge(["us-east-1", "us-west-2"])],
            ["us-east-1", "us-west-2"],
        ],
        ["an edge with one member routes none", [], [edge(["us-east-1"])], []],
    ];
    for (const [title, records, edges, routed] of cases) {
        it(title, () => {
            assert.deepStrictEqual([...routedPlaces(records, edges)].sort(), routed);
        });
    }

    const named = (region: string, extra: Partial<RecordModel> = {}) =>
        record(`g-${region}`, region, { namedBySetIdentifier: true, ...extra });
    const namedCases: [string, RecordModel[], EdgeModel[], string[]][] = [
        ["a place only set identifiers name", [named("p1")], [], ["p1"]],
        ["a place a region names", [record("a", "us-east-1")], [], []],
        [
            "a place one record names by identifier and another by region",
            [named("us-east-1"), record("b", "us-east-1")],
            [],
            [],
        ],
        ["a place an edge member names", [named("p1")], [edge(["p1"])], []],
    ];
    for (const [title, records, edges, want] of namedCases) {
        it(`named by set identifier: ${title}`, () => {
            assert.deepStrictEqual([...placesNamedBySetIdentifier(records, edges)].sort(), want);
        });
    }

    it("unpaired records in regions: each region is still played", () => {
        const graph = unpaired(4);
        graph.resources = graph.resources.map((r, i) =>
            r.type === "aws:route53/record:Record"
                ? {
                      ...r,
                      outputs: {
                          ...r.outputs,
                          failoverRoutingPolicies: undefined,
                          latencyRoutingPolicies: [
                              { region: i % 4 < 2 ? "us-east-1" : "us-west-2" },
                          ],
                      },
                  }
                : r,
        );
        const model = extractModel(graph);
        assert.deepStrictEqual(servingRegions(model), ["us-east-1", "us-west-2"]);
        assert.strictEqual(scripts(model).length, 10);
    });

    it("550 unpaired records: every place is alone, and no scenario plays one", () => {
        const model = extractModel(unpaired(550));
        assert.strictEqual(model.regions.length, 550);
        assert.deepStrictEqual(
            model.regions.filter((r) => !r.alone).map((r) => r.region),
            [],
        );
        assert.strictEqual(
            model.regions.find((r) => r.region === "svc-7-primary")?.alone,
            "no record group or edge routes between svc-7-primary and another place",
        );
        assert.deepStrictEqual(servingRegions(model), []);
        assert.deepStrictEqual(scripts(model), []);
    });

    it("the primary of unpaired records still has an unbounded simulated RTO", () => {
        const outage = simulatedOutage(unpaired(3));
        assert.ok(outage, "the primary's outage is played");
        assert.strictEqual(outage.servedAfterSeconds, null);
        assert.strictEqual(outage.region, extractModel(unpaired(3)).primary);
    });

    it("a pair placed by set identifier is played: five scenarios per place", () => {
        const model = extractModel(pair());
        assert.deepStrictEqual(servingRegions(model), ["primary", "secondary"]);
        assert.deepStrictEqual(
            scripts(model).map((s) => s.name),
            ["primary", "secondary"].flatMap((p) => [
                `outage:${p}`,
                `failover-and-failback:${p}`,
                `outage-after-failback:${p}`,
                `drill:${p}`,
                `app-down:${p}`,
            ]),
        );
    });
});

describe("simulation lookups answer as the scans they replace", () => {
    const model = extractModel(pair());

    it("a check by id, the first of a repeated id, and none for an unknown or missing id", () => {
        const doubled = {
            ...model,
            checks: [...model.checks, { ...model.checks[0], name: "second" }],
        };
        assert.strictEqual(checkById(doubled, model.checks[0].id)?.name, model.checks[0].name);
        assert.strictEqual(checkById(model, "no-such-check"), undefined);
        assert.strictEqual(checkById(model, undefined), undefined);
    });

    it("a group's records in the model's order, and none for an unknown group", () => {
        const group = model.records[0].group;
        assert.deepStrictEqual(
            recordsOf(model, group).map((r) => r.name),
            model.records.filter((r) => r.group === group).map((r) => r.name),
        );
        assert.deepStrictEqual(recordsOf(model, "Z9/none/A"), []);
    });

    it("groups with the most records first, then by name; users' groups leave out writers' names", () => {
        const records = [
            record("b", "p1"),
            record("a", "p1"),
            record("c", "p1"),
            record("c", "p2"),
            record("db", "p1", { storeTarget: { store: "s", member: "m1" } }),
            record("db", "p2", { storeTarget: { store: "s", member: "m2" } }),
        ];
        const m = { ...model, records };
        assert.deepStrictEqual(groupsOf(m), ["c", "db", "a", "b"]);
        assert.deepStrictEqual(userGroupsOf(m), ["c", "a", "b"]);
    });

    it("a model's index is built once: the same answers, not rebuilt copies", () => {
        const m = { ...model };
        assert.strictEqual(groupsOf(m), groupsOf(m));
        assert.strictEqual(userGroupsOf(m), userGroupsOf(m));
        assert.strictEqual(recordsOf(m, m.records[0].group), recordsOf(m, m.records[0].group));
    });

    it("a model whose arrays are replaced is looked up afresh", () => {
        const m = { ...model };
        assert.strictEqual(recordsOf(m, "x").length, 0);
        m.records = [record("x", "p1")];
        assert.strictEqual(recordsOf(m, "x").length, 1);
        m.checks = [{ ...model.checks[0], id: "new-check" }];
        assert.strictEqual(checkById(m, "new-check")?.id, "new-check");
    });
});
