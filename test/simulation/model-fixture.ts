/**
 * Hand-built simulation models for the pure functions' tests: only the parts a test sets, the
 * rest empty. Extraction (extract.ts) is tested on recorded resources elsewhere; these models
 * let one field change at a time.
 */
import {
    CheckModel,
    ComputeModel,
    Model,
    RecordModel,
    RegionModel,
    StoreMember,
    StoreModel,
} from "../../policies/simulation";

export const timing = {
    operatorSeconds: 300,
    taskStartSeconds: 60,
    autoscalingSeconds: 120,
    deploymentSeconds: 600,
};

export function model(over: Partial<Model> = {}): Model {
    return {
        regions: [],
        primary: "us-east-1",
        checks: [],
        records: [],
        edges: [],
        plans: [],
        stores: [],
        compute: [],
        rotations: [],
        probes: [],
        timing,
        notes: [],
        ...over,
    };
}

export function region(name: string, over: Partial<RegionModel> = {}): RegionModel {
    return {
        region: name,
        compute: { urn: `urn:svc-${name}`, name: `svc-${name}` },
        desired: 2,
        max: 4,
        full: 2,
        servesTraffic: true,
        lbDownSeconds: 30,
        lbUpSeconds: 20,
        lbSource: "test",
        ...over,
    };
}

export function check(id: string, over: Partial<CheckModel> = {}): CheckModel {
    return {
        urn: `urn:${id}`,
        name: id,
        id,
        kind: "endpoint",
        downSeconds: 36,
        upSeconds: 30,
        source: "test",
        inverted: false,
        disabled: false,
        children: [],
        threshold: 1,
        ...over,
    };
}

export function record(
    name: string,
    regionName: string,
    over: Partial<RecordModel> = {},
): RecordModel {
    return {
        urn: `urn:${name}`,
        name,
        group: "Z1/app.example.com/A",
        fqdn: "app.example.com",
        policy: "failover",
        region: regionName,
        evaluateTargetHealth: false,
        ttlSeconds: 60,
        ttlSource: "test",
        ...over,
    };
}

export function member(
    name: string,
    regionName: string,
    over: Partial<StoreMember> = {},
): StoreMember {
    return {
        urn: `urn:${name}`,
        name,
        region: regionName,
        addresses: [`${name}.example.com`],
        writer: false,
        ...over,
    };
}

export function store(
    name: string,
    members: StoreMember[],
    over: Partial<StoreModel> = {},
): StoreModel {
    return {
        urn: `urn:${name}`,
        name,
        kind: "rds",
        members,
        followingAddresses: [],
        multiWriter: false,
        replicates: [],
        promotionSeconds: 120,
        promotionSource: "test",
        ...over,
    };
}

export function compute(
    name: string,
    regionName: string,
    over: Partial<ComputeModel> = {},
): ComputeModel {
    return {
        urn: `urn:${name}`,
        name,
        region: regionName,
        writes: [],
        injectedSecrets: [],
        ...over,
    };
}

export const E = "us-east-1";
export const W = "us-west-2";
export const G = "Z1/app.example.com/A";

/** Two regions (us-east-1 serving, us-west-2 a standby with no tasks), an RDS writer and replica, a rotated injected secret, a failover record pair behind a calculated check and a gate. */
export function world(over: Partial<Model> = {}): Model {
    return model({
        regions: [region(E), region(W, { servesTraffic: false, desired: 0 })],
        compute: [
            compute("svc-east", E, {
                injectedSecrets: ["db-pass"],
                writes: [{ store: "db", member: "db-east", via: "DB_HOST" }],
            }),
        ],
        rotations: [
            {
                urn: "urn:r1",
                name: "r1",
                secret: "db-pass",
                region: E,
                immediately: true,
                alternatingUsers: false,
            },
        ],
        stores: [
            store("db", [
                member("db-east", E, { writer: true }),
                member("db-west", W, { sourceOf: "db-east" }),
            ]),
        ],
        checks: [
            check("hc-east", { region: E }),
            check("hc-west", { region: W }),
            check("gate-east", { kind: "gate", region: E }),
            check("gate-west", { kind: "control", region: W }),
            check("calc", { kind: "calculated", children: ["hc-east", "gate-east"], threshold: 2 }),
            check("alarm", { kind: "metric", watchesCheck: "hc-west" }),
        ],
        records: [
            record("rec-east", E, { role: "PRIMARY", healthCheckId: "calc" }),
            record("rec-west", W, { role: "SECONDARY", healthCheckId: "hc-west" }),
        ],
        ...over,
    });
}
