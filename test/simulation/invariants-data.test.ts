/**
 * The data invariants (policies/simulation/invariants.ts) over hand-built histories: writes
 * that miss the current writer (single-writer, strayWrite), what a region wrote while users were
 * away (no-data-left-behind, per store kind), and a break after a step the model cannot read.
 */
import * as assert from "assert";
import {
    History,
    Model,
    State,
    StoreModel,
    initialState,
    noDataLeftBehind,
    pages,
    singleWriter,
    strayWrite,
    usersChoice,
} from "../../policies/simulation";
import { E, G, W, compute, member, store, world } from "./model-fixture";

const at = (m: Model, t: number, state: State) => ({ t, state, users: usersChoice(m, state) });
const h = (...moments: ReturnType<typeof at>[]): History => ({ lines: [], moments });

describe("simulation invariants: single writer", () => {
    const m = world();
    const s = initialState(m);
    const promoted: State = {
        ...s,
        writer: { db: "db-west" },
        replicaOf: { "db-east": "", "db-west": "" },
    };
    const svc = { urn: "urn:svc-east", name: "svc-east" };

    it("holds while the fixed address is the writer", () => {
        assert.deepStrictEqual(singleWriter(m, h(at(m, 0, s))), {
            name: "single-writer",
            holds: true,
            message: "writes only ever go to each store's current writer",
        });
    });
    it("a fixed address left behind by the promotion", () => {
        assert.deepStrictEqual(singleWriter(m, h(at(m, 0, s), at(m, 30, promoted))), {
            name: "single-writer",
            holds: false,
            message: `at 30 s users reach us-east-1, whose svc-east writes db at db-east (DB_HOST), no longer the writer, while the writer is db-west: the address does not follow the promotion (${pages.rdsPromote})`,
            resource: svc,
            atSeconds: 30,
        });
    });
    it("a fixed address now a read replica; an Aurora store cites the global writer endpoint", () => {
        const replica = { ...promoted, replicaOf: { "db-east": "db-west", "db-west": "" } };
        assert.strictEqual(
            singleWriter(m, h(at(m, 0, replica))).message,
            `at 0 s users reach us-east-1, whose svc-east writes db at db-east (DB_HOST), a read replica, while the writer is db-west: the address does not follow the promotion (${pages.rdsPromote})`,
        );
        const aurora = world({ stores: [{ ...m.stores[0], kind: "aurora" }] });
        assert.strictEqual(
            singleWriter(aurora, h(at(aurora, 0, promoted))).message,
            `at 0 s users reach us-east-1, whose svc-east writes db at db-east (DB_HOST), no longer the writer, while the writer is db-west: the address does not follow the promotion (${pages.auroraGlobalWriterEndpoint})`,
        );
    });
    it("an address that follows the writer, or a region that does not serve, is not judged", () => {
        const following = world({
            compute: [compute("svc-east", E, { writes: [{ store: "db", via: "DB_HOST" }] })],
        });
        assert.strictEqual(singleWriter(following, h(at(following, 0, promoted))).holds, true);
        const stopped = { ...promoted, appUp: { [E]: false, [W]: true } };
        assert.strictEqual(
            singleWriter(m, h({ t: 0, state: stopped, users: { regions: [E], failedOpen: false } }))
                .holds,
            true,
        );
        const ghost = world({
            compute: [
                compute("svc-east", E, { writes: [{ store: "db", member: "ghost", via: "X" }] }),
            ],
        });
        assert.strictEqual(singleWriter(ghost, h(at(ghost, 0, promoted))).holds, true);
    });
    const writesWest = (stores: StoreModel[]) =>
        world({
            stores,
            compute: [
                compute("svc-east", E, {
                    writes: [{ store: "db", member: "db-west", via: "DB_HOST" }],
                }),
            ],
        });
    it("the writer itself, down with no copy in any region that is up: writes go nowhere", () => {
        const lone = writesWest([store("db", [member("db-west", W, { writer: true })])]);
        const state = { ...initialState(lone), up: { [E]: true, [W]: false } };
        assert.deepStrictEqual(singleWriter(lone, h(at(lone, 60, state))), {
            name: "single-writer",
            holds: false,
            message: `at 60 s users reach us-east-1, whose svc-east writes db at db-west (DB_HOST) in us-west-2, which is down: the region users are sent to writes nowhere it can (${pages.rdsPromote})`,
            resource: { urn: "urn:svc-east", name: "svc-east" },
            atSeconds: 60,
        });
        const table = writesWest([
            store("db", [member("db-west", W, { writer: true })], {
                kind: "dynamodb",
                multiWriter: true,
            }),
        ]);
        assert.ok(
            singleWriter(table, h(at(table, 0, state))).message.endsWith(
                `(${pages.dynamoGlobalTables})`,
            ),
        );
        const bucket = writesWest([
            store("db", [member("db-west", W, { writer: true })], { kind: "s3" }),
        ]);
        assert.ok(
            singleWriter(bucket, h(at(bucket, 0, state))).message.endsWith(
                `(${pages.s3Replication})`,
            ),
        );
        const cluster = writesWest([
            store("db", [member("db-west", W, { writer: true })], { kind: "aurora" }),
        ]);
        assert.ok(
            singleWriter(cluster, h(at(cluster, 0, state))).message.endsWith(
                `(${pages.auroraGlobalFailover})`,
            ),
        );
    });
    it("the writer itself, down, with a copy up elsewhere: waits for the promotion (timed by serves-within-rto)", () => {
        const pair = writesWest([
            store("db", [member("db-west", W, { writer: true }), member("db-east", E)]),
        ]);
        const state = { ...initialState(pair), up: { [E]: true, [W]: false } };
        assert.strictEqual(singleWriter(pair, h(at(pair, 0, state))).holds, true);
        const table = writesWest([
            store(
                "db",
                [member("db-west", W, { writer: true }), member("db-east", E, { writer: true })],
                {
                    kind: "dynamodb",
                    multiWriter: true,
                },
            ),
        ]);
        assert.strictEqual(
            singleWriter(table, h(at(table, 0, { ...state, writer: {} }))).holds,
            true,
        );
    });
    it("after a step the model cannot read, a break is reported as not judged", () => {
        assert.deepStrictEqual(
            singleWriter(m, h(at(m, 30, { ...promoted, opaque: ["custom", "other"] }))),
            {
                name: "single-writer",
                holds: true,
                message: `not judged: after step custom, other (a Lambda function whose effect the model cannot read) the model would report: at 30 s users reach us-east-1, whose svc-east writes db at db-east (DB_HOST), no longer the writer, while the writer is db-west: the address does not follow the promotion (${pages.rdsPromote}); play it in a live drill`,
            },
        );
    });
    it("strayWrite: a write that misses the writer, described; multi-writer stores and unresolved names never stray", () => {
        assert.strictEqual(strayWrite(m, s, E), undefined);
        assert.strictEqual(
            strayWrite(m, promoted, E),
            "its svc-east writes db at db-east (DB_HOST), while the writer is db-west",
        );
        assert.strictEqual(strayWrite(m, promoted, W), undefined);
        const table = world({ stores: [{ ...m.stores[0], kind: "dynamodb", multiWriter: true }] });
        assert.strictEqual(strayWrite(table, promoted, E), undefined);
        const byName = world({
            compute: [
                compute("svc-east", E, {
                    writes: [{ store: "db", via: "DB_HOST", dnsGroup: "D" }],
                }),
            ],
        });
        assert.strictEqual(strayWrite(byName, promoted, E), undefined);
    });
});

describe("simulation invariants: no data left behind", () => {
    /** Users at home (E), then in W while W's member takes writes, then back home. */
    function roundTrip(m: Model, back: Partial<State> = {}): History {
        const s = initialState(m);
        const away = { ...s, clients: { [G]: [W] } };
        const home = { ...s, written: { db: ["db-west"] }, ...back };
        return h(at(m, 0, s), at(m, 100, away), at(m, 200, home));
    }
    const holds = {
        name: "no-data-left-behind",
        holds: true,
        message: "what any region wrote is present where users return",
    };
    it("RDS: the member written while away does not replicate to the one users return to", () => {
        const m = world();
        assert.deepStrictEqual(noDataLeftBehind(m, roundTrip(m)), {
            name: "no-data-left-behind",
            holds: false,
            message: `at 200 s users are back in us-east-1, whose svc-east uses db-east of db, but what us-west-2 wrote to db-west meanwhile never reaches it (db-west does not replicate to db-east; ${pages.rdsPromote})`,
            resource: { urn: "urn:db-west", name: "db-west" },
            atSeconds: 200,
        });
    });
    it("RDS: a replica of the member written (directly or through another) has its data", () => {
        const m = world();
        assert.deepStrictEqual(
            noDataLeftBehind(
                m,
                roundTrip(m, { replicaOf: { "db-east": "db-west", "db-west": "" } }),
            ),
            holds,
        );
        assert.deepStrictEqual(
            noDataLeftBehind(
                m,
                roundTrip(m, { replicaOf: { "db-east": "mid", mid: "db-west", "db-west": "" } }),
            ),
            holds,
        );
    });
    it("S3: only the replication rules carry the data back", () => {
        const bucket = (replicates: { from: string; to: string }[]) =>
            world({ stores: [{ ...world().stores[0], kind: "s3", replicates }] });
        const oneWay = bucket([{ from: "db-east", to: "db-west" }]);
        assert.strictEqual(
            noDataLeftBehind(oneWay, roundTrip(oneWay)).message,
            `at 200 s users are back in us-east-1, whose svc-east uses db-east of db, but what us-west-2 wrote to db-west meanwhile never reaches it (replication runs db-east → db-west only; ${pages.s3TwoWay})`,
        );
        const twoWay = bucket([
            { from: "db-east", to: "db-west" },
            { from: "db-west", to: "db-east" },
        ]);
        assert.deepStrictEqual(noDataLeftBehind(twoWay, roundTrip(twoWay)), holds);
        const chained = bucket([
            { from: "db-west", to: "db-log" },
            { from: "db-log", to: "db-east" },
        ]);
        assert.deepStrictEqual(noDataLeftBehind(chained, roundTrip(chained)), holds);
    });
    it("Aurora and DynamoDB replicate every member to every other", () => {
        for (const kind of ["aurora", "dynamodb"] as const) {
            const m = world({ stores: [{ ...world().stores[0], kind }] });
            assert.deepStrictEqual(noDataLeftBehind(m, roundTrip(m)), holds, kind);
        }
    });
    it("only a return to a home region is judged, and only at the moment of the return", () => {
        const m = world();
        assert.deepStrictEqual(noDataLeftBehind(m, roundTrip(m), [W]), holds);
        const s = initialState(m);
        const stayed = h(at(m, 0, s), at(m, 200, { ...s, written: { db: ["db-west"] } }));
        assert.deepStrictEqual(noDataLeftBehind(m, stayed), holds);
        assert.deepStrictEqual(noDataLeftBehind(m, h()), holds);
    });
    it("a return the model cannot judge after an opaque step says so", () => {
        const m = world();
        assert.ok(
            noDataLeftBehind(m, roundTrip(m, { opaque: ["custom"] })).message.startsWith(
                "not judged: after step custom",
            ),
        );
    });
});
