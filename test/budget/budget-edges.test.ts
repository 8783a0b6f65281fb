/**
 * What the other budget tests leave out: the RTO estimate's notes (several routing mechanisms,
 * CloudFront's per-request failover, a simulated outage that never recovers), the manual steps a
 * route or a store adds, a Region switch plan over a standby already at full capacity, the
 * failover budget's fixes and notes, and the cost estimate's accounting (components, non-AWS
 * packages, the contract's usage, the Region multiplier in the source, line formatting).
 */
import * as assert from "assert";
import {
    BudgetResource,
    RegionalContract,
    defaultPrices,
    describeLine,
    estimateCost,
    estimateRto,
    failoverBudget,
    formatQuantity,
    formatUnitPrice,
    hasRoutingLayer,
    parsePriceTable,
} from "../../policies/budget";
import { planActivating, planType } from "../../policies/budget/switchPlan";
import { appGraph, resource } from "./fixtures";

const routing = appGraph("warm-standby").filter((r) => r.stack === "global");
const capacity = (region: string, desired: number, max: number, servesTraffic = desired >= 3) => ({
    stack: region === "us-east-1" ? "primary" : "secondary",
    region,
    capacity: {
        desiredCount: desired,
        fullCapacity: 3,
        minCount: desired,
        maxCount: max,
        servesTraffic,
    },
});
const endpointGroup = (name: string, region: string, thresholdCount: number): BudgetResource => ({
    urn: name,
    type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    name,
    region,
    inputs: {
        endpointGroupRegion: region,
        healthCheckIntervalSeconds: 30,
        thresholdCount,
        endpointConfigurations: [{ endpointId: "eipalloc-1" }],
    },
});
const rdsStore = {
    kind: "rds" as const,
    identifier: "db",
    arn: "arn:aws:rds:us-west-2:123456789012:db:db",
    region: "us-west-2",
    replication: "rds-cross-region-replica" as const,
};
const several = "several routing mechanisms (dns, global-accelerator); the slowest is used";

describe("budget edges: the RTO estimate's notes and manual steps", () => {
    it("several routing mechanisms: the slowest (detection + shift) is used, and a note says so", () => {
        const full = [capacity("us-east-1", 3, 6), capacity("us-west-2", 3, 6)];
        // DNS 36 + 120 s against Global Accelerator 90 + 30 s: DNS.
        const dns = estimateRto({
            resources: [
                ...routing,
                endpointGroup("a", "us-east-1", 3),
                endpointGroup("b", "us-west-2", 3),
            ],
            contracts: full,
        });
        assert.deepStrictEqual([dns.routing, dns.rtoSeconds, dns.notes], ["dns", 156, [several]]);
        // Global Accelerator at 30 s × 10 (300 + 30 s): Global Accelerator.
        const ga = estimateRto({
            resources: [
                ...routing,
                endpointGroup("a", "us-east-1", 10),
                endpointGroup("b", "us-west-2", 10),
            ],
            contracts: full,
        });
        assert.deepStrictEqual(
            [ga.routing, ga.rtoSeconds, ga.notes],
            ["global-accelerator", 330, [several]],
        );
    });

    it("CloudFront origin failover: a note that every request pays the detection time", () => {
        const cdn: BudgetResource = {
            urn: "cdn",
            type: "aws:cloudfront/distribution:Distribution",
            name: "cdn",
            inputs: {
                origins: [{ originId: "p" }],
                originGroups: [{ members: [{ originId: "p" }] }],
            },
        };
        const rto = estimateRto({
            resources: [cdn],
            contracts: [capacity("us-east-1", 3, 6), capacity("us-west-2", 3, 6)],
        });
        assert.deepStrictEqual(
            [rto.routing, rto.rtoSeconds, rto.notes],
            [
                "cloudfront",
                30,
                [
                    "CloudFront retries the primary on every request until it recovers; each request pays the detection time",
                ],
            ],
        );
    });

    it("a simulated outage that never serves users again: no RTO, and a note", () => {
        const noStandbyBalancer = appGraph("active-passive").filter(
            (r) => !(r.stack === "secondary" && r.type === "aws:lb/loadBalancer:LoadBalancer"),
        );
        const rto = estimateRto({ resources: noStandbyBalancer });
        assert.deepStrictEqual(
            [rto.rtoSeconds, rto.notes],
            [
                null,
                [
                    "the simulated outage of us-east-1 never serves users again (run `simulate` for its timeline)",
                ],
            ],
        );
        assert.deepStrictEqual(estimateRto({ resources: appGraph("warm-standby") }).notes, []);
    });

    it("a record without a health check adds the operator and a deployment, joined with the standby's", () => {
        const unchecked = routing.map((r) =>
            r.name === "app-us-east-1"
                ? {
                      ...r,
                      inputs: {
                          ...r.inputs,
                          healthCheckId: undefined,
                          aliases: undefined,
                          records: ["192.0.2.1"],
                          ttl: 60,
                      },
                      outputs: undefined,
                  }
                : r,
        );
        const rto = estimateRto({
            resources: unchecked,
            contracts: [capacity("us-east-1", 3, 6), capacity("us-west-2", 1, 2)],
        });
        const reasons =
            "record app-us-east-1 (global) has no health check and no evaluated alias target; Route 53 treats it as healthy, so moving users needs a DNS change; standby us-west-2 runs 1 of 3 tasks and autoscaling stops at 2; reaching full capacity needs a deployment";
        assert.deepStrictEqual(
            rto.breakdown
                .filter((s) => s.step === "operator" || s.step === "deployment")
                .map((s) => [s.step, s.seconds, s.source]),
            [
                ["operator", 600, `${reasons} (operator response, configurable, default 600 s)`],
                ["deployment", 300, `pulumi up: ${reasons} (configurable, default 300 s)`],
            ],
        );
    });

    it("a store that promotes by itself needs nobody", () => {
        const dynamo = {
            ...rdsStore,
            kind: "dynamodb" as const,
            replication: "dynamodb-global-table" as const,
        };
        const rto = estimateRto({
            resources: routing,
            contracts: [
                capacity("us-east-1", 3, 6),
                { ...capacity("us-west-2", 3, 6), dataStores: [dynamo] },
            ],
        });
        assert.deepStrictEqual(
            rto.breakdown.map((s) => s.step),
            ["detection", "data-promotion", "standby-scale-up", "traffic-shift"],
        );
    });

    it("a Region switch plan started for a promotion, over a standby already at full capacity: no task start", () => {
        const plan: BudgetResource = {
            urn: "plan",
            type: planType,
            name: "plan",
            inputs: {
                name: "p",
                workflows: [
                    {
                        workflowTargetAction: "activate",
                        workflowTargetRegion: "us-west-2",
                        steps: [
                            { name: "scale", executionBlockType: "ECSServiceScaling" },
                            { name: "db", executionBlockType: "RdsPromoteReadReplica" },
                        ],
                    },
                ],
            },
        };
        const contracts: RegionalContract[] = [
            capacity("us-east-1", 3, 6),
            { ...capacity("us-west-2", 3, 3, false), dataStores: [rdsStore] },
        ];
        const rto = estimateRto({ resources: [...routing, plan], contracts });
        assert.deepStrictEqual(
            rto.breakdown.map((s) => [s.step, s.seconds]),
            [
                ["detection", 36],
                ["operator", 600],
                ["data-promotion", 600],
                ["standby-scale-up", 0],
                ["traffic-shift", 120],
            ],
        );
        assert.strictEqual(
            rto.breakdown[1]!.source,
            "start the Region switch plan p: scale (ECSServiceScaling) → db (RdsPromoteReadReplica) (operator response, configurable, default 600 s)",
        );
    });

    it("the routing layer is there when any mechanism is", () => {
        assert.strictEqual(hasRoutingLayer(routing), true);
        assert.strictEqual(hasRoutingLayer([]), false);
    });
});

describe("budget edges: the Region switch plan's workflows", () => {
    it("a deactivate workflow without a Region is never taken", () => {
        const plan = (workflows: unknown[]): BudgetResource => ({
            urn: "p",
            type: planType,
            name: "p",
            inputs: { workflows },
        });
        const steps = [{ name: "s", executionBlockType: "Custom" }];
        assert.strictEqual(
            planActivating([plan([{ workflowTargetAction: "deactivate", steps }])], "us-west-2"),
            undefined,
        );
    });

    it("only a block's ...Configs list gives the timeout", () => {
        const plan: BudgetResource = {
            urn: "p",
            type: planType,
            name: "p",
            inputs: {
                workflows: [
                    {
                        workflowTargetAction: "activate",
                        steps: [
                            {
                                name: "s",
                                executionBlockType: "Custom",
                                otherList: [{ timeoutMinutes: 3 }],
                            },
                        ],
                    },
                ],
            },
        };
        assert.strictEqual(planActivating([plan], "r")!.steps[0]!.timeoutMinutes, undefined);
    });
});

describe("budget edges: the failover budget", () => {
    const contracts = [capacity("us-east-1", 3, 6), capacity("us-west-2", 1, 2)];

    it("fixes only when an objective is missed; the notes of both estimates", () => {
        const met = failoverBudget(
            { resources: routing, contracts },
            { rtoSeconds: 5000, rpoSeconds: 0 },
        );
        assert.deepStrictEqual([met.meetsObjectives, met.fixes], [true, []]);
        assert.deepStrictEqual(met.notes, [
            "no data stores in the graph or the manifests; nothing to lose",
        ]);
        const missed = failoverBudget(
            { resources: routing, contracts },
            { rtoSeconds: 60, rpoSeconds: 0 },
        );
        assert.deepStrictEqual([missed.meetsObjectives, missed.fixes.length > 0], [false, true]);
        const none = failoverBudget({ resources: routing, contracts });
        assert.deepStrictEqual(
            [none.meetsObjectives, none.objectives, none.fixes],
            [null, null, []],
        );
        const ga = failoverBudget({
            resources: [
                ...routing,
                endpointGroup("a", "us-east-1", 3),
                endpointGroup("b", "us-west-2", 3),
            ],
            contracts,
        });
        assert.deepStrictEqual(ga.notes, [
            several,
            "no data stores in the graph or the manifests; nothing to lose",
        ]);
    });
});

describe("budget edges: the cost estimate's accounting", () => {
    it("components and non-AWS packages are not accounted; awsx's VPC is", () => {
        const cost = estimateCost({
            resources: [
                {
                    ...resource(
                        "p",
                        "us-east-1",
                        "aws:lambda/function:Function",
                        "component-like",
                        {},
                    ),
                    custom: false,
                },
                resource("p", "us-east-1", "random:index/randomId:RandomId", "rnd", {}),
                resource("p", "us-east-1", "multi-region-failover:region:Region", "comp", {}),
                resource("p", "us-east-1", "aws:lambda/function:Function", "fn", {}),
                {
                    ...resource("p", "us-east-1", "awsx:ec2:Vpc", "vpc", {}),
                    inputs: { natGateways: { strategy: "None" } },
                    outputs: {},
                },
            ],
        });
        assert.deepStrictEqual(
            cost.unpriced.map((u) => u.resource),
            ["fn"],
        );
        assert.deepStrictEqual(
            cost.free.map((f) => f.resource),
            ["vpc"],
        );
    });

    it("the usage a contract exports, under the caller's", () => {
        const bucket = resource("p", "us-east-1", "aws:s3/bucket:Bucket", "b", { bucket: "b" });
        const contracts: RegionalContract[] = [
            { stack: "none" },
            { stack: "primary", usage: { requestsPerMonth: 5, gbStored: 7 } },
        ];
        const cost = estimateCost({ resources: [bucket], contracts }, undefined, {
            averageResponseKb: 2,
        });
        assert.deepStrictEqual(
            [
                cost.usage.requestsPerMonth,
                cost.usage.averageResponseKb,
                cost.usage.store.gbStored,
                cost.items[0]!.quantity,
            ],
            [5, 2, 7, 7],
        );
    });

    it("a line outside the base Region names its multiplier in the source; the totals add by kind", () => {
        const cost = estimateCost({
            resources: [
                resource("p", "eu-west-1", "aws:kms/key:Key", "k", {}),
                resource("p", "eu-west-1", "aws:cloudwatch/logGroup:LogGroup", "g", {
                    retentionInDays: 30,
                }),
            ],
        });
        assert.strictEqual(
            cost.items[0]!.source,
            `${defaultPrices.prices.kmsKeyMonth.source} × 1.2 (eu-west-1)`,
        );
        const sum = (kind: string) =>
            Math.round(
                cost.items.filter((i) => i.kind === kind).reduce((n, i) => n + i.monthlyUsd, 0) *
                    100,
            ) / 100;
        assert.deepStrictEqual(
            [cost.fixedUsd, cost.usageUsd, cost.monthlyUsd],
            [sum("fixed"), sum("usage"), Math.round((sum("fixed") + sum("usage")) * 100) / 100],
        );
        assert.ok(cost.fixedUsd > 0 && cost.usageUsd > 0);
        assert.deepStrictEqual(cost.stacks, { p: cost.monthlyUsd });
    });

    it("a line as text, with its quantity and unit price", () => {
        const cost = estimateCost({
            resources: [resource("p", "us-east-1", "aws:kms/key:Key", "k", {})],
        });
        assert.strictEqual(
            describeLine(cost.items[0]!),
            `k: customer managed key = 1 ${defaultPrices.prices.kmsKeyMonth.unit} × $1.00 = $1.00`,
        );
        assert.deepStrictEqual(
            [formatQuantity(1234.56789), formatQuantity(2), formatQuantity(0.00004)],
            ["1,234.5679", "2", "0"],
        );
        assert.deepStrictEqual(
            [formatUnitPrice(0.0225), formatUnitPrice(3), formatUnitPrice(0.0000004)],
            ["0.0225", "3.00", "0.00"],
        );
    });

    it("a price table missing entries is refused, naming each", () => {
        assert.throws(
            () => parsePriceTable({ date: 1, hoursPerMonth: "x", prices: {} }, "prices.json"),
            (err: Error) => {
                assert.ok(
                    err.message.startsWith(
                        "prices.json: date must be a string; currency must be a string; baseRegion must be a string; regionRule must be a string; hoursPerMonth must be a number; defaultRegionMultiplier must be a number; prices.natGatewayHour needs a numeric usd and a source;",
                    ),
                    err.message,
                );
                return true;
            },
        );
        assert.throws(() => parsePriceTable(null), /^Error: price table: date must be a string/);
        assert.strictEqual(parsePriceTable(defaultPrices), defaultPrices);
    });
});
