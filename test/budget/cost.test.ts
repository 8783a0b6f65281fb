import * as assert from "assert";
import {
    BudgetResource,
    CostEstimate,
    defaultPrices,
    estimateCost,
    freeTypes,
    parseUsage,
    regionMultiplier,
    round,
    vpcNatGateways,
} from "../../policies/budget";
import { appGraph, resource, strategies } from "./fixtures";

/** Lines of `cost` as [resource, priceKey, kind]. */
const shape = (cost: CostEstimate) => cost.items.map((i) => [i.resource, i.priceKey, i.kind]);

describe("budget: monthly cost", () => {
    it("orders cost active-active ≥ warm-standby ≥ pilot-light ≥ active-passive", () => {
        const costs = strategies.map((s) => estimateCost({ resources: appGraph(s) }).monthlyUsd);
        assert.deepStrictEqual(
            [...costs].sort((a, b) => b - a),
            costs,
        );
        assert.ok(costs[0]! > costs[3]!, "active-active costs more than active-passive");
    });

    it("prices the lines of a regional stack, fixed apart from usage-driven", () => {
        const cost = estimateCost({
            resources: appGraph("warm-standby").filter((r) => r.stack === "primary"),
        });
        assert.deepStrictEqual(shape(cost), [
            ["app-us-east-1-alb", "albHour", "fixed"],
            ["app-us-east-1-alb", "publicIpv4Hour", "fixed"],
            ["app-us-east-1-alb", "albLcuHour", "usage"],
            ["app-us-east-1-alb", "internetEgressGb", "usage"],
            ["app-us-east-1-service", "fargateVcpuHour", "fixed"],
            ["app-us-east-1-service", "fargateGbHour", "fixed"],
            ["orders", "dynamodbWritePerMillion", "usage"],
            ["orders", "dynamodbStorageGbMonth", "usage"],
            ["orders", "dynamodbReplicatedWritePerMillion", "usage"],
            ["orders", "dynamodbStorageGbMonth", "usage"],
            ["orders", "interRegionGb", "usage"],
            ["assets-primary", "s3StandardGbMonth", "usage"],
            ["assets-replication", "interRegionGb", "usage"],
            ["assets-replication", "s3PutPer1000", "usage"],
            ["assets-replication", "s3RtcGb", "usage"],
            ["assets-replication", "cloudWatchCustomMetricMonth", "fixed"],
        ]);
        assert.deepStrictEqual(cost.unpriced, []);
        assert.strictEqual(cost.priceDate, defaultPrices.date);
    });

    it("recomputes every total from the lines: quantity × unit price, fixed + usage, per stack", () => {
        const cost = estimateCost({ resources: appGraph("active-active") });
        let total = 0;
        const stacks: Record<string, number> = {};
        for (const i of cost.items) {
            assert.strictEqual(
                i.monthlyUsd,
                Math.round(i.quantity * i.unitUsd * 100) / 100,
                i.item,
            );
            total += i.monthlyUsd;
            stacks[i.stack] = round((stacks[i.stack] ?? 0) + i.monthlyUsd);
        }
        assert.strictEqual(cost.monthlyUsd, round(total));
        assert.strictEqual(round(cost.fixedUsd + cost.usageUsd), cost.monthlyUsd);
        assert.deepStrictEqual(cost.stacks, stacks);
        assert.ok(cost.fixedUsd > 0 && cost.usageUsd > 0);
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
        // 730 h × $0.045 × 1.2 = $39.42; 10 GB × $0.045 × 1.2 = $0.54.
        assert.deepStrictEqual(
            cost.items.map((i) => i.monthlyUsd),
            [39.42, 0.54],
        );
        assert.match(cost.items[0]!.source, /× 1\.2 \(eu-west-1\)$/);
    });

    it("lists what it cannot price and what costs nothing, each with its reason", () => {
        const cost = estimateCost({
            resources: [
                resource("p", "us-east-1", "aws:rds/clusterInstance:ClusterInstance", "db-1", {
                    instanceClass: "db.x9.huge",
                }),
                resource("p", "us-east-1", "aws:dynamodb/table:Table", "t", {
                    billingMode: "PROVISIONED",
                }),
                resource("p", "us-east-1", "aws:lambda/function:Function", "fn", {}),
                resource("p", "us-east-1", "aws:iam/role:Role", "role", {}),
                { ...resource("p", "us-east-1", "my:app:Component", "c", {}), custom: false },
                resource("p", "us-east-1", "pulumi:providers:aws", "default", {}),
            ],
        });
        assert.deepStrictEqual(cost.unpriced, [
            {
                stack: "p",
                resource: "db-1",
                type: "aws:rds/clusterInstance:ClusterInstance",
                reason: 'no price for Aurora class "db.x9.huge"',
            },
            {
                stack: "p",
                resource: "t",
                type: "aws:dynamodb/table:Table",
                reason: "provisioned capacity is not priced; the model prices on-demand tables",
            },
            {
                stack: "p",
                resource: "fn",
                type: "aws:lambda/function:Function",
                reason: "no price in the model for aws:lambda/function:Function",
            },
        ]);
        assert.deepStrictEqual(cost.free, [
            {
                stack: "p",
                resource: "role",
                type: "aws:iam/role:Role",
                reason: "IAM has no charge",
            },
        ]);
        assert.deepStrictEqual(cost.items, []);
    });

    it("every price in the table names a source, and the table is dated", () => {
        assert.match(defaultPrices.date, /^\d{4}-\d{2}-\d{2}$/);
        for (const [key, price] of Object.entries(defaultPrices.prices)) {
            assert.match(price.source, /(https:\/\/|aws-failover-facts §)/, `${key} has a source`);
            assert.match(price.source, /\d{4}-\d{2}-\d{2}|undated/, `${key}'s source is dated`);
        }
    });

    it("keeps no type both free and priced", () => {
        const priced = new Set(
            estimateCost({ resources: appGraph("active-active") }).items.map((i) => i.type),
        );
        for (const type of Object.keys(freeTypes)) {
            assert.ok(!priced.has(type), `${type} is free and priced`);
        }
    });
});

describe("budget: NAT gateways read from the awsx VPC's inputs", () => {
    const vpc = (
        inputs: Record<string, unknown> | undefined,
        outputs: Record<string, unknown>,
    ): BudgetResource => ({
        urn: "urn:pulumi:p::proj::awsx:ec2:Vpc::vpc",
        type: "awsx:ec2:Vpc",
        name: "vpc",
        region: "us-east-1",
        stack: "p",
        inputs,
        outputs,
    });

    it("the default design (strategy None, no Private subnets) prices no NAT gateway", () => {
        const r = vpc(
            {
                natGateways: { strategy: "None" },
                subnetSpecs: [{ type: "Public" }, { type: "Isolated" }],
                numberOfAvailabilityZones: 3,
            },
            { natGateways: [] },
        );
        const cost = estimateCost({ resources: [r] });
        assert.deepStrictEqual(cost.items, []);
        assert.deepStrictEqual(cost.free, [
            {
                stack: "p",
                resource: "vpc",
                type: "awsx:ec2:Vpc",
                reason: "no NAT gateways: no Private subnets in subnetSpecs, so awsx creates no NAT gateway; a VPC itself has no charge",
            },
        ]);
    });

    it("reads the input { strategy }, never the output array of the same name", () => {
        const r = vpc(
            {
                natGateways: { strategy: "Single" },
                subnetSpecs: [{ type: "Public" }, { type: "Private" }],
                numberOfAvailabilityZones: 3,
            },
            { natGateways: [{ id: "nat-1" }] },
        );
        assert.deepStrictEqual(vpcNatGateways(r), {
            count: 1,
            strategy: "Single",
            reason: "natGateways.strategy Single",
        });
        // One NAT: 730 h × $0.045, its public IPv4 730 h × $0.005, 10 GB × $0.045.
        assert.deepStrictEqual(
            estimateCost({ resources: [r] }).items.map((i) => [i.priceKey, i.monthlyUsd]),
            [
                ["natGatewayHour", 32.85],
                ["publicIpv4Hour", 3.65],
                ["natGatewayGb", 0.45],
            ],
        );
    });

    it("uses awsx's defaults: Public and Private subnets, one NAT per AZ", () => {
        assert.deepStrictEqual(vpcNatGateways(vpc({ numberOfAvailabilityZones: 2 }, {})), {
            count: 2,
            strategy: "OnePerAz",
            reason: "natGateways.strategy OnePerAz over 2 AZs",
        });
        assert.strictEqual(vpcNatGateways(vpc({}, {})).count, 3);
    });

    it("a stack policy, which sees outputs only, counts the created gateways", () => {
        assert.deepStrictEqual(vpcNatGateways(vpc(undefined, { natGateways: [{}, {}] })), {
            count: 2,
            strategy: "as created",
            reason: "2 NAT gateway(s) in the natGateways output",
        });
    });

    it("does not price a VPC's NAT gateways twice when they are in the graph", () => {
        const cost = estimateCost({
            resources: [
                vpc({}, {}),
                resource("p", "us-east-1", "aws:ec2/natGateway:NatGateway", "nat-a", {}),
                resource("p", "us-east-1", "aws:ec2/natGateway:NatGateway", "nat-b", {}),
            ],
        });
        assert.deepStrictEqual(
            cost.items.filter((i) => i.priceKey === "natGatewayHour").map((i) => i.resource),
            ["nat-a", "nat-b"],
        );
        // The region's 10 GB split over its two gateways.
        assert.deepStrictEqual(
            cost.items.filter((i) => i.priceKey === "natGatewayGb").map((i) => i.quantity),
            [5, 5],
        );
    });
});

describe("budget: usage-driven cost", () => {
    const replicated = (): BudgetResource[] => [
        ...appGraph("warm-standby").filter((r) => r.stack !== "global"),
        resource("secondary", "us-west-2", "aws:dynamodb/tableReplica:TableReplica", "orders-euw", {
            globalTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
        }),
        resource("primary", "us-east-1", "aws:rds/instance:Instance", "pg", {
            identifier: "pg",
            instanceClass: "db.t4g.micro",
            allocatedStorage: 20,
        }),
        resource("secondary", "us-west-2", "aws:rds/instance:Instance", "pg-replica", {
            instanceClass: "db.t4g.micro",
            allocatedStorage: 20,
            replicateSourceDb: "pg",
        }),
        resource("secondary", "us-west-2", "aws:rds/cluster:Cluster", "aurora-secondary", {
            globalClusterIdentifier: "global-db",
        }),
    ];
    const transfer = (cost: CostEstimate) =>
        cost.items
            .filter((i) => i.priceKey === "interRegionGb")
            .map((i) => [i.resource, i.quantity]);

    it("gives every replicated store its own cross-region transfer line", () => {
        assert.deepStrictEqual(transfer(estimateCost({ resources: replicated() })), [
            ["aurora-secondary", 10],
            ["pg-replica", 10],
            ["orders", 10],
            ["orders-euw", 10],
            ["assets-replication", 10],
        ]);
    });

    it("scales the transfer linearly with each store's data written", () => {
        for (const gb of [0, 1, 7.5, 400]) {
            const cost = estimateCost({ resources: replicated() }, defaultPrices, {
                store: { gbWrittenPerMonth: gb },
            });
            for (const [resource, quantity] of transfer(cost)) {
                assert.strictEqual(quantity, gb, `${resource} at ${gb} GB`);
            }
            const lines = cost.items.filter((i) => i.priceKey === "interRegionGb");
            // $0.02/GB between US regions (aws-failover-facts §6.4).
            assert.deepStrictEqual(
                lines.map((i) => i.monthlyUsd),
                lines.map(() => round(gb * 0.02)),
            );
        }
    });

    it("takes one store's own usage by its name and leaves the others at the defaults", () => {
        const cost = estimateCost({ resources: replicated() }, defaultPrices, {
            stores: { orders: { gbWrittenPerMonth: 100 } },
        });
        assert.deepStrictEqual(transfer(cost), [
            ["aurora-secondary", 10],
            ["pg-replica", 10],
            ["orders", 100],
            ["orders-euw", 100],
            ["assets-replication", 10],
        ]);
    });

    it("serves requests × average response size to users", () => {
        const cost = estimateCost(
            { resources: appGraph("warm-standby").filter((r) => r.stack === "primary") },
            defaultPrices,
            { requestsPerMonth: 1_048_576, averageResponseKb: 100 },
        );
        const egress = cost.items.find((i) => i.priceKey === "internetEgressGb")!;
        // 1,048,576 requests × 100 KiB = 100 GiB, at $0.09/GB to the internet.
        assert.strictEqual(egress.quantity, 100);
        assert.strictEqual(egress.monthlyUsd, 9);
    });

    it("takes the usage a regional stack exports, under the caller's", () => {
        const graph = {
            resources: appGraph("warm-standby").filter((r) => r.stack === "primary"),
            contracts: [
                {
                    stack: "primary",
                    region: "us-east-1",
                    // The primary's `usage` output: the stack config's flat fields.
                    usage: {
                        requestsPerMonth: 1_048_576,
                        averageResponseKb: 100,
                        gbWrittenPerMonth: 3,
                    },
                },
            ],
        };
        const exported = estimateCost(graph);
        assert.strictEqual(exported.usage.requestsPerMonth, 1_048_576);
        assert.strictEqual(exported.usage.store.gbWrittenPerMonth, 3);
        assert.deepStrictEqual(transfer(exported), [
            ["orders", 3],
            ["assets-replication", 3],
        ]);
        const overridden = estimateCost(graph, defaultPrices, { store: { gbWrittenPerMonth: 5 } });
        assert.strictEqual(overridden.usage.requestsPerMonth, 1_048_576);
        assert.deepStrictEqual(transfer(overridden), [
            ["orders", 5],
            ["assets-replication", 5],
        ]);
    });

    it("rejects bad usage with one line per key, naming the value and what is allowed", () => {
        assert.throws(
            () =>
                parseUsage({
                    requestsPerMonth: -1,
                    averageResponseKb: "10",
                    bogus: 1,
                    store: { gbStored: null },
                    stores: { orders: { gbWritten: 5 } },
                }),
            {
                name: "UsageError",
                message:
                    "usage.bogus: not a usage setting; settings: requestsPerMonth, averageResponseKb, dnsQueriesPerMonth, logGbPerMonthPerGroup, natGbPerMonthPerVpc, endpointGbPerMonth, cachedImageGb, experimentRunsPerMonth, auroraServerlessAcus, store, stores; " +
                    'usage.requestsPerMonth: -1 must be a number ≥ 0; usage.averageResponseKb: "10" must be a number ≥ 0; ' +
                    "usage.store.gbStored: null must be a number ≥ 0; " +
                    "usage.stores.orders.gbWritten: not a store usage setting; settings: gbWrittenPerMonth, gbStored, objectsReplicatedPerMonth",
            },
        );
        assert.throws(() => parseUsage([1]), { message: "usage: [1] must be an object" });
    });
});
