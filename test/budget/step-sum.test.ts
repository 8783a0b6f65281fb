/**
 * The RTO as a sum of steps (policies/budget/budget.ts), the estimate that stands when the graph
 * shows one serving region only (a stack's own view of a pair split across stacks: the capacity
 * comes from the regional contracts, not from services in the graph), so the simulation has
 * nowhere to send users. Every branch of the step sum, with the exact steps, seconds and sources:
 * the scale-up paths (Application Auto Scaling target tracking cannot scale from zero tasks nor
 * past its maximum: https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html),
 * the operator and deployment steps, explicit promotions, and a Region switch plan's Parallel step
 * (https://docs.aws.amazon.com/r53recovery/latest/dg/region-switch.plans.html).
 */
import * as assert from "assert";
import {
    BudgetResource,
    RegionalContract,
    RtoEstimate,
    classifyStrategy,
    estimateRpo,
    estimateRto,
    RegionCapacity,
} from "../../policies/budget";
import { appGraph } from "./fixtures";

/** The routing of the fixture app (Route 53 failover records, 10 s × 3 HTTPS checks) only. */
const routing = appGraph("warm-standby").filter((r) => r.stack === "global");

function capacity(region: string, desired: number, max: number, servesTraffic = desired >= 3) {
    return {
        stack: region === "us-east-1" ? "primary" : "secondary",
        region,
        capacity: {
            desiredCount: desired,
            fullCapacity: 3,
            minCount: desired,
            maxCount: max,
            servesTraffic,
        },
    };
}
const primary = capacity("us-east-1", 3, 6);
const primarySource = "primary capacity output (desiredCount 3, maxCount 6, fullCapacity 3)";

const detection = [
    "detection",
    36,
    "health check health-us-east-1 (global): requestInterval 10 s × failureThreshold 3 + 6 s HTTP(S) probe timeout (Route 53 DG, dns-failover-determining-health-of-endpoints (awsdocs/amazon-route53-docs@0ff8bb6): 4 s connect + 2 s response)",
];
const shift = [
    "traffic-shift",
    120,
    "record app-us-east-1 (global): alias TTL 60 s (Route 53 FAQ / resource-record-sets-choosing-alias-non-alias: alias to an AWS resource uses its fixed 60 s TTL) + 60 s propagation (Route 53 DG, best-practices-dns (awsdocs/amazon-route53-docs@20377cc): propagation typically under one minute)",
];
const noStores = ["data-promotion", 0, "no data stores in the graph"];
const deploymentReason = (running: number, max: number) =>
    `standby us-west-2 runs ${running} of 3 tasks and autoscaling stops at ${max}; reaching full capacity needs a deployment`;

const rows = (rto: RtoEstimate) => rto.breakdown.map((s) => [s.step, s.seconds, s.source]);

function estimate(
    contracts: RegionalContract[],
    overrides = {},
    resources: readonly BudgetResource[] = routing,
): RtoEstimate {
    return estimateRto({ resources, contracts }, overrides);
}

describe("budget: the RTO step sum (one serving region in sight)", () => {
    it("no standby: every region at full capacity, nothing to scale", () => {
        const rto = estimate([primary, capacity("us-west-2", 3, 6)]);
        assert.deepStrictEqual(
            [rto.strategy, rto.routing, rto.rtoSeconds, rto.notes],
            ["active-active", "dns", 156, []],
        );
        assert.deepStrictEqual(rows(rto), [
            detection,
            noStores,
            [
                "standby-scale-up",
                0,
                `every region already runs full capacity (${primarySource}; secondary capacity output (desiredCount 3, maxCount 6, fullCapacity 3))`,
            ],
            shift,
        ]);
    });

    it("a standby autoscaling raises: alarm evaluation + task start", () => {
        const rto = estimate([primary, capacity("us-west-2", 1, 6)]);
        assert.deepStrictEqual([rto.strategy, rto.rtoSeconds], ["warm-standby", 396]);
        assert.deepStrictEqual(rows(rto), [
            detection,
            noStores,
            [
                "standby-scale-up",
                240,
                "standby us-west-2 runs 1 of 3 tasks (secondary capacity output (desiredCount 1, maxCount 6, fullCapacity 3)); target tracking raises it: 180 s alarm evaluation (3 × 60 s datapoints, Application Auto Scaling target tracking) + 60 s ECS task start (model assumption, configurable)",
            ],
            shift,
        ]);
    });

    it("autoscaling's ceiling exactly at full capacity still reaches it (max >= full)", () => {
        const rto = estimate([primary, capacity("us-west-2", 1, 3)]);
        assert.deepStrictEqual([rto.strategy, rto.rtoSeconds], ["warm-standby", 396]);
    });

    it("a ceiling one below full capacity needs a deployment: operator, pulumi up, task start", () => {
        const rto = estimate([primary, capacity("us-west-2", 1, 2)]);
        assert.deepStrictEqual([rto.strategy, rto.rtoSeconds], ["pilot-light", 1116]);
        assert.deepStrictEqual(rows(rto), [
            detection,
            [
                "operator",
                600,
                `${deploymentReason(1, 2)} (operator response, configurable, default 600 s)`,
            ],
            [
                "deployment",
                300,
                `pulumi up: ${deploymentReason(1, 2)} (configurable, default 300 s)`,
            ],
            noStores,
            [
                "standby-scale-up",
                60,
                "standby us-west-2 runs 1 of 3 tasks (secondary capacity output (desiredCount 1, maxCount 2, fullCapacity 3)); after the deployment: 60 s ECS task start (model assumption, configurable)",
            ],
            shift,
        ]);
    });

    it("a standby running no tasks needs a deployment and its health check to pass again", () => {
        const rto = estimate([primary, capacity("us-west-2", 0, 6)]);
        assert.deepStrictEqual([rto.strategy, rto.rtoSeconds], ["active-passive", 1146]);
        assert.deepStrictEqual(
            rows(rto).map(([step, seconds]) => [step, seconds]),
            [
                ["detection", 36],
                ["operator", 600],
                ["deployment", 300],
                ["data-promotion", 0],
                ["standby-scale-up", 60],
                ["standby-health", 30],
                ["traffic-shift", 120],
            ],
        );
        assert.strictEqual(
            rto.breakdown[5]!.source,
            "standby us-west-2 ran no tasks, so its health check must pass again: health check health-us-east-1 (global): 3 passing checks × 10 s",
        );
    });

    it("a standby at full capacity that serves no traffic has nothing to scale", () => {
        const rto = estimate([primary, capacity("us-west-2", 3, 3, false)]);
        assert.deepStrictEqual([rto.strategy, rto.rtoSeconds], ["warm-standby", 156]);
        assert.deepStrictEqual(rto.breakdown[2], {
            step: "standby-scale-up",
            seconds: 0,
            source: "standby us-west-2 already runs full capacity",
        });
    });

    it("each assumption moves its own step", () => {
        const overrides = {
            operatorResponseSeconds: 5,
            deploymentSeconds: 7,
            taskStartSeconds: 11,
            autoscalingEvaluationSeconds: 13,
        };
        assert.deepStrictEqual(
            rows(estimate([primary, capacity("us-west-2", 1, 2)], overrides)).map((r) => r[1]),
            [36, 5, 7, 0, 11, 120],
        );
        const auto = estimate([primary, capacity("us-west-2", 1, 6)], overrides);
        assert.strictEqual(auto.breakdown[2]!.seconds, 24);
        assert.match(
            auto.breakdown[2]!.source,
            /: 13 s alarm evaluation .* \+ 11 s ECS task start/,
        );
    });

    it("the slowest standby decides: a deployment over autoscaling, then the fewest tasks", () => {
        const third = (desired: number, max: number) => ({
            ...capacity("eu-west-1", desired, max),
            stack: "third",
        });
        const scaleUp = (contracts: RegionalContract[]) =>
            estimate(contracts).breakdown.find((s) => s.step === "standby-scale-up")!.source;
        // Autoscaling (us-west-2) and a deployment (eu-west-1): the deployment, either order.
        assert.match(
            scaleUp([primary, capacity("us-west-2", 1, 6), third(2, 2)]),
            /^standby eu-west-1 runs 2 of 3/,
        );
        assert.match(
            scaleUp([primary, third(2, 2), capacity("us-west-2", 1, 6)]),
            /^standby eu-west-1 runs 2 of 3/,
        );
        // Both autoscaling: the one running fewer tasks, either order; a tie keeps the first.
        assert.match(
            scaleUp([primary, capacity("us-west-2", 2, 6), third(1, 6)]),
            /^standby eu-west-1 runs 1 of 3/,
        );
        assert.match(
            scaleUp([primary, third(1, 6), capacity("us-west-2", 2, 6)]),
            /^standby eu-west-1 runs 1 of 3/,
        );
        assert.match(
            scaleUp([primary, capacity("us-west-2", 2, 6), third(2, 6)]),
            /^standby us-west-2 runs 2 of 3/,
        );
        // A full-capacity region that serves no traffic against one autoscaling raises.
        assert.match(
            scaleUp([primary, third(3, 3), capacity("us-west-2", 2, 6)]),
            /^standby us-west-2 runs 2 of 3/,
        );
    });

    it("a store promoted by an explicit call adds the operator and its promotion time", () => {
        const rds = {
            ...capacity("us-west-2", 3, 6),
            dataStores: [
                {
                    kind: "rds" as const,
                    identifier: "db",
                    arn: "arn:aws:rds:us-west-2:123456789012:db:db",
                    region: "us-west-2",
                    replication: "rds-cross-region-replica" as const,
                },
            ],
        };
        const rto = estimate([primary, rds]);
        assert.strictEqual(rto.rtoSeconds, 1356);
        assert.deepStrictEqual(rows(rto).slice(1, 3), [
            [
                "operator",
                600,
                "rds db (secondary dataStores) must be promoted by an explicit call (operator response, configurable, default 600 s)",
            ],
            [
                "data-promotion",
                600,
                'rds db (secondary dataStores): 600 s, model assumption for RDS UG USER_ReadRepl: promotion "can take several minutes or longer"',
            ],
        ]);
        // The slowest promotion counts; the operator is listed once per store.
        const two = estimate(
            [
                primary,
                {
                    ...rds,
                    dataStores: [
                        rds.dataStores[0]!,
                        { ...rds.dataStores[0]!, identifier: "db2", arn: "arn:2" },
                    ],
                },
            ],
            {
                rdsPromotionSeconds: 100,
            },
        );
        assert.deepStrictEqual(
            rows(two)[1]![2],
            "rds db (secondary dataStores) must be promoted by an explicit call; rds db2 (secondary dataStores) must be promoted by an explicit call (operator response, configurable, default 600 s)",
        );
        assert.deepStrictEqual(rows(two)[2]!.slice(0, 2), ["data-promotion", 100]);
        assert.match(String(rows(two)[2]![2]), /^rds db \(/);
    });

    it("the slowest data promotion wins, whichever store is listed first", () => {
        const store = (identifier: string, replication: string) => ({
            kind: "rds" as const,
            identifier,
            arn: `arn:${identifier}`,
            region: "us-west-2",
            replication: replication as "rds-cross-region-replica",
        });
        for (const order of [
            ["dynamodb-global-table", "rds-cross-region-replica"],
            ["rds-cross-region-replica", "dynamodb-global-table"],
        ]) {
            const rto = estimate([
                primary,
                {
                    ...capacity("us-west-2", 3, 6),
                    dataStores: order.map((r, i) => store(`s${i}`, r)),
                },
            ]);
            assert.deepStrictEqual(
                rto.breakdown.find((s) => s.step === "data-promotion")!.seconds,
                600,
            );
        }
    });
});

/** A Region switch plan whose activation of us-west-2 runs `steps`. */
function plan(steps: unknown[], region: string | undefined = "us-west-2"): BudgetResource {
    return {
        urn: "urn:plan",
        type: "aws:arcregionswitch/plan:Plan",
        name: "failover-plan",
        region: "us-east-1",
        inputs: {
            name: "app-plan",
            workflows: [{ workflowTargetAction: "activate", workflowTargetRegion: region, steps }],
        },
    };
}
const scaling = {
    name: "scale",
    executionBlockType: "ECSServiceScaling",
    ecsCapacityIncreaseConfigs: [{ timeoutMinutes: 20 }],
};
const aurora = {
    name: "db",
    executionBlockType: "AuroraGlobalDatabase",
    globalAuroraConfigs: [{ timeoutMinutes: 30 }],
};

describe("budget: the step sum with a Region switch plan", () => {
    const pilot = [primary, capacity("us-west-2", 1, 2)];

    it("the plan replaces the operator's deployment; capacity and data in parallel count the slower", () => {
        const parallel = {
            name: "both",
            executionBlockType: "Parallel",
            parallelConfigs: [{ steps: [scaling] }, { steps: [aurora] }],
        };
        const rto = estimate(pilot, {}, [...routing, plan([parallel])]);
        assert.deepStrictEqual(rows(rto), [
            detection,
            [
                "operator",
                600,
                "start the Region switch plan app-plan: scale (ECSServiceScaling ≤ 20 min) [parallel both] → db (AuroraGlobalDatabase ≤ 30 min) [parallel both] (operator response, configurable, default 600 s)",
            ],
            [
                "standby-scale-up",
                60,
                "standby us-west-2 runs 1 of 3 tasks (secondary capacity output (desiredCount 1, maxCount 2, fullCapacity 3)); the plan's ECSServiceScaling step raises it to 100%: 60 s ECS task start (model assumption, configurable) (in parallel with data-promotion, 0 s)",
            ],
            [
                "data-promotion",
                0,
                "runs in the plan's Parallel step beside standby-scale-up: no data stores in the graph",
            ],
            shift,
        ]);
        assert.strictEqual(rto.rtoSeconds, 816);
    });

    it("a tie in the Parallel step counts the data promotion", () => {
        const parallel = {
            name: "both",
            executionBlockType: "Parallel",
            parallelConfigs: [{ steps: [scaling] }],
        };
        const rto = estimate(pilot, { taskStartSeconds: 0 }, [...routing, plan([parallel])]);
        assert.deepStrictEqual(
            rows(rto)
                .slice(2, 4)
                .map((r) => [r[0], r[1]]),
            [
                ["data-promotion", 0],
                ["standby-scale-up", 0],
            ],
        );
    });

    it("steps in sequence add up; a standby already at full capacity needs no task start", () => {
        const rto = estimate(pilot, {}, [...routing, plan([scaling, aurora])]);
        assert.deepStrictEqual(
            rows(rto).map((r) => [r[0], r[1]]),
            [
                ["detection", 36],
                ["operator", 600],
                ["data-promotion", 0],
                ["standby-scale-up", 60],
                ["traffic-shift", 120],
            ],
        );
    });

    it("a plan for another Region, or a failover that needs nobody, changes nothing", () => {
        const other = estimate(pilot, {}, [...routing, plan([scaling], "eu-west-1")]);
        assert.strictEqual(other.rtoSeconds, 1116);
        const automatic = estimate([primary, capacity("us-west-2", 1, 6)], {}, [
            ...routing,
            plan([scaling]),
        ]);
        assert.strictEqual(automatic.rtoSeconds, 396);
    });

    it("a plan activating any Region (no target Region) is taken", () => {
        const rto = estimate(pilot, {}, [...routing, plan([scaling], undefined)]);
        assert.strictEqual(rto.rtoSeconds, 816);
    });
});

describe("budget: strategy classification", () => {
    const c = (
        running: number,
        max: number,
        full: number,
        servesTraffic: boolean,
        strategy?: string,
    ): RegionCapacity => ({
        region: "r",
        source: "s",
        running,
        max,
        full,
        servesTraffic,
        strategy,
    });
    const cases: [string, RegionCapacity[], string][] = [
        ["nothing", [], "unknown"],
        [
            "one declared strategy",
            [c(3, 3, 3, true, "pilot-light"), c(0, 0, 3, false, "pilot-light")],
            "pilot-light",
        ],
        [
            "one declared, one silent",
            [c(3, 3, 3, true, "warm-standby"), c(0, 0, 3, false)],
            "warm-standby",
        ],
        [
            "two declared strategies: the capacity decides",
            [c(3, 3, 3, true, "warm-standby"), c(0, 0, 3, false, "pilot-light")],
            "active-passive",
        ],
        ["a declared name that is no strategy", [c(3, 3, 3, true, "gold")], "active-active"],
        ["every region full and serving", [c(3, 3, 3, true), c(4, 4, 3, true)], "active-active"],
        [
            "a standby at zero",
            [c(3, 3, 3, true), c(1, 6, 3, false), c(0, 6, 3, false)],
            "active-passive",
        ],
        [
            "a standby autoscaling cannot raise",
            [c(3, 3, 3, true), c(1, 6, 3, false), c(2, 2, 3, false)],
            "pilot-light",
        ],
        ["a standby autoscaling raises", [c(3, 3, 3, true), c(1, 3, 3, false)], "warm-standby"],
        ["full but not serving", [c(3, 3, 3, true), c(3, 3, 3, false)], "warm-standby"],
    ];
    for (const [what, capacities, expected] of cases) {
        it(`${what}: ${expected}`, () => {
            assert.strictEqual(classifyStrategy(capacities), expected);
        });
    }
});

describe("budget: RTO notes and RPO", () => {
    it("no routing: no RTO, and the note says what routing was looked for", () => {
        const rto = estimateRto({ resources: [], contracts: [primary] });
        assert.deepStrictEqual(rto, {
            strategy: "active-active",
            routing: "none",
            rtoSeconds: null,
            breakdown: [],
            notes: [
                "no failover routing found (Route 53 records with a routing policy, Global Accelerator endpoint groups or CloudFront origin groups); RTO not estimated",
            ],
        });
    });

    it("no data stores: RPO 0 with its note", () => {
        assert.deepStrictEqual(estimateRpo({ resources: [] }), {
            rpoSeconds: 0,
            bounds: [],
            notes: ["no data stores in the graph or the manifests; nothing to lose"],
        });
    });

    it("the worst bound, or null when any store is unbounded", () => {
        const store = (identifier: string, replication: string) => ({
            kind: "s3" as const,
            identifier,
            arn: `arn:${identifier}`,
            region: "us-east-1",
            replication: replication as "s3-crr",
        });
        const rpo = (replications: string[], overrides = {}) =>
            estimateRpo(
                {
                    resources: [],
                    contracts: [
                        { stack: "p", dataStores: replications.map((r, i) => store(`s${i}`, r)) },
                    ],
                },
                overrides,
            );
        assert.strictEqual(rpo(["s3-crr-rtc", "dynamodb-global-table"]).rpoSeconds, 900);
        assert.strictEqual(
            rpo(["dynamodb-global-table", "rds-cross-region-replica"], { rdsReplicaLagSeconds: 42 })
                .rpoSeconds,
            42,
        );
        assert.strictEqual(rpo(["s3-crr-rtc", "s3-crr"]).rpoSeconds, null);
        assert.deepStrictEqual(rpo(["s3-crr-rtc"]).bounds, [
            {
                store: "s3 s0 (p dataStores)",
                kind: "s3",
                region: "us-east-1",
                seconds: 900,
                source: rpo(["s3-crr-rtc"]).bounds[0]!.source,
            },
        ]);
        assert.deepStrictEqual(rpo(["s3-crr-rtc"]).notes, []);
    });
});
