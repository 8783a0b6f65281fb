import * as assert from "assert";
import { defaultPrices, estimateCost, regionMultiplier } from "../../policies/budget";
import { appGraph, resource, strategies } from "./fixtures";

describe("budget: monthly cost", () => {
    it("orders cost active-active ≥ warm-standby ≥ pilot-light ≥ active-passive", () => {
        const costs = strategies.map((s) => estimateCost({ resources: appGraph(s) }).monthlyUsd);
        assert.deepStrictEqual(
            [...costs].sort((a, b) => b - a),
            costs,
        );
        assert.ok(costs[0]! > costs[3]!, "active-active costs more than active-passive");
    });

    it("prices each item of a regional stack from the table", () => {
        const cost = estimateCost({
            resources: appGraph("warm-standby").filter((r) => r.stack === "primary"),
        });
        assert.deepStrictEqual(
            cost.items.map((i) => [i.item, i.monthlyUsd]),
            [
                ["app-us-east-1-vpc: 3 NAT gateway(s) (OnePerAz) × 730 h", 98.55],
                ["app-us-east-1-alb: ALB × 730 h", 16.43],
                ["app-us-east-1-alb: 0.152 LCU × 730 h (one new connection per request)", 0.89],
                ["app-us-east-1-service: 3 task(s) × 0.25 vCPU × 730 h", 22.16],
                ["app-us-east-1-service: 3 task(s) × 0.5 GB × 730 h", 4.87],
                ["orders: 10.49 M writes", 6.55],
                ["orders: 50 GB storage", 12.5],
                ["orders: replica us-west-2: 10.49 M replicated writes", 6.55],
                ["orders: replica us-west-2: 50 GB storage", 12.5],
                ["orders: replica us-west-2: 10 GB replication", 0.2],
                ["assets-primary: 50 GB Standard", 1.15],
                ["assets-replication: 10 GB replication", 0.2],
                ["assets-replication: 10 GB RTC", 0.15],
            ],
        );
        assert.strictEqual(cost.monthlyUsd, 182.7);
        assert.deepStrictEqual(cost.stacks, { primary: 182.7 });
        assert.deepStrictEqual(cost.unpriced, []);
        assert.strictEqual(cost.priceDate, defaultPrices.date);
    });

    it("prices a fast HTTPS health check on an AWS endpoint at $2.50 (facts §6.1)", () => {
        const cost = estimateCost({
            resources: appGraph("warm-standby").filter((r) => r.stack === "global"),
        });
        assert.deepStrictEqual(
            cost.items.map((i) => [i.item, i.monthlyUsd]),
            [
                ["health-us-east-1: health check (AWS endpoint)", 0.5],
                ["health-us-east-1: HTTPS, fast interval", 2],
                ["health-us-west-2: health check (AWS endpoint)", 0.5],
                ["health-us-west-2: HTTPS, fast interval", 2],
            ],
        );
    });

    it("applies the region rule: listed regions at 1.0, others at the default multiplier", () => {
        assert.strictEqual(regionMultiplier(defaultPrices, "us-west-2"), 1);
        assert.strictEqual(
            regionMultiplier(defaultPrices, "eu-west-1"),
            defaultPrices.defaultRegionMultiplier,
        );
        const cost = estimateCost({
            resources: [resource("eu", "eu-west-1", "aws:ec2/natGateway:NatGateway", "nat", {})],
        });
        assert.strictEqual(cost.monthlyUsd, 39.42);
        assert.match(cost.items[0]!.source, /× 1\.2 \(eu-west-1\)$/);
    });

    it("prices global services without a region multiplier", () => {
        const cost = estimateCost({
            resources: [
                resource(
                    "global",
                    "eu-west-1",
                    "aws:globalaccelerator/accelerator:Accelerator",
                    "ga",
                    {},
                ),
                resource(
                    "global",
                    "eu-west-1",
                    "aws:route53recoverycontrol/cluster:Cluster",
                    "arc",
                    {},
                ),
            ],
        });
        assert.deepStrictEqual(
            cost.items.map((i) => [i.item, i.monthlyUsd]),
            [
                ["ga: accelerator × 730 h", 18.25],
                ["ga: 100 GB DT-premium", 1.5],
                ["arc: ARC cluster × 730 h", 1825],
            ],
        );
    });

    it("lists what it cannot price instead of dropping it", () => {
        const cost = estimateCost({
            resources: [
                resource("p", "us-east-1", "aws:rds/clusterInstance:ClusterInstance", "db-1", {
                    instanceClass: "db.x9.huge",
                }),
                resource("p", "us-east-1", "aws:dynamodb/table:Table", "t", {
                    billingMode: "PROVISIONED",
                }),
            ],
        });
        assert.deepStrictEqual(cost.unpriced, [
            { stack: "p", resource: "db-1", reason: 'no price for Aurora class "db.x9.huge"' },
            {
                stack: "p",
                resource: "t",
                reason: "provisioned capacity is not priced; the model prices on-demand tables",
            },
        ]);
    });

    it("every price in the table names a source, and the table is dated", () => {
        assert.match(defaultPrices.date, /^\d{4}-\d{2}-\d{2}$/);
        for (const [key, price] of Object.entries(defaultPrices.prices)) {
            assert.ok(price.source.length > 10, `${key} has a source`);
        }
    });
});
