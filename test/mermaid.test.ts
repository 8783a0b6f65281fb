import * as assert from "assert";
import { StackRecord } from "../check/engine/types";
import { mermaidDiagram } from "../check/reports/mermaid";
import { recorded } from "./helpers/recorded";

function stack(
    name: string,
    region: string,
    resources: ReturnType<typeof recorded>[],
): StackRecord {
    return {
        stack: name,
        fullName: `organization/p/${name}`,
        project: "p",
        region,
        resources: resources.map((r) => ({ ...r, stack: name, region })),
        outputs: {},
    };
}

describe("mermaid diagram", () => {
    it("draws regions, capacity, replication and health-checked routing from the recorded graph", () => {
        const tableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
        const records = [
            stack("primary", "us-east-1", [
                recorded(
                    "aws:lb/loadBalancer:LoadBalancer",
                    "alb",
                    {},
                    { outputs: { dnsName: "alb-1.us-east-1.elb.amazonaws.com" } },
                ),
                recorded("aws:ecs/service:Service", "svc", {
                    desiredCount: 3,
                    loadBalancers: [{ targetGroupArn: "tg" }],
                }),
                recorded("aws:dynamodb/table:Table", "orders", {}, { outputs: { arn: tableArn } }),
            ]),
            stack("secondary", "us-west-2", [
                recorded("aws:dynamodb/tableReplica:TableReplica", "orders-replica", {
                    globalTableArn: tableArn,
                }),
            ]),
            stack("global", "us-east-1", [
                recorded(
                    "aws:route53/healthCheck:HealthCheck",
                    "hc-use1",
                    { fqdn: "alb-1.us-east-1.elb.amazonaws.com" },
                    { outputs: { id: "hc-1" } },
                ),
                recorded("aws:route53/record:Record", "primary-record", {
                    name: "app.example.com",
                    aliases: [{ name: "alb-1.us-east-1.elb.amazonaws.com" }],
                    failoverRoutingPolicies: [{ type: "PRIMARY" }],
                    healthCheckId: "hc-1",
                }),
            ]),
        ];
        assert.strictEqual(
            mermaidDiagram(records),
            [
                "flowchart LR",
                '    subgraph primary["primary · us-east-1"]',
                '        primary_alb["ALB alb"]',
                '        primary_svc("ECS svc: 3 tasks")',
                '        primary_orders[("DynamoDB orders")]',
                "    end",
                '    subgraph secondary["secondary · us-west-2"]',
                '        secondary_orders_replica[("DynamoDB replica orders-replica")]',
                "    end",
                '    subgraph global["global · us-east-1"]',
                '        global_hc_use1("health check hc-use1")',
                '        global_primary_record["app.example.com PRIMARY"]',
                "    end",
                "    primary_alb --> primary_svc",
                "    primary_orders == global table ==> secondary_orders_replica",
                "    global_hc_use1 -. probes .-> primary_alb",
                "    global_primary_record --> primary_alb",
                "    global_hc_use1 -. gates .-> global_primary_record",
                "",
            ].join("\n"),
        );
    });

    it("draws an edge from each service to each store its tasks reach, writers across regions", () => {
        const tableArn = (region: string) => `arn:aws:dynamodb:${region}:123456789012:table/orders`;
        const writer = "app.global-1.global.rds.amazonaws.com";
        const records = [
            stack("primary", "us-east-1", [
                recorded("aws:ecs/service:Service", "svc", { desiredCount: 3 }),
                recorded(
                    "aws:dynamodb/table:Table",
                    "orders",
                    {},
                    { outputs: { arn: tableArn("us-east-1"), name: "orders" } },
                ),
                recorded(
                    "aws:rds/globalCluster:GlobalCluster",
                    "global",
                    {},
                    { outputs: { id: "g", endpoint: writer } },
                ),
                recorded(
                    "aws:rds/cluster:Cluster",
                    "db",
                    { globalClusterIdentifier: "g", masterUsername: "dbadmin" },
                    { outputs: { readerEndpoint: "db.cluster-ro-1.us-east-1" } },
                ),
            ]),
            stack("secondary", "us-west-2", [
                recorded("aws:ecs/service:Service", "svc", { desiredCount: 1 }),
                recorded(
                    "aws:dynamodb/tableReplica:TableReplica",
                    "orders",
                    { globalTableArn: tableArn("us-east-1") },
                    { outputs: { arn: tableArn("us-west-2") } },
                ),
                recorded(
                    "aws:rds/cluster:Cluster",
                    "db",
                    { globalClusterIdentifier: "g" },
                    { outputs: { readerEndpoint: "db.cluster-ro-2.us-west-2" } },
                ),
            ]),
        ];
        records[0].outputs = {
            dataEndpoints: {
                environment: {
                    DYNAMODB_TABLE_NAME: "orders",
                    AURORA_WRITER_ENDPOINT: writer,
                    AURORA_READER_ENDPOINT: "db.cluster-ro-1.us-east-1",
                },
            },
        };
        records[1].outputs = {
            dataEndpoints: {
                environment: {
                    DYNAMODB_TABLE_NAME: "orders",
                    AURORA_WRITER_ENDPOINT: writer,
                    AURORA_READER_ENDPOINT: "db.cluster-ro-2.us-west-2",
                },
            },
        };
        const lines = mermaidDiagram(records)
            .split("\n")
            .filter((l) => l.includes("-. data .->") || l.includes("-. writes .->"));
        assert.deepStrictEqual(lines, [
            "    primary_svc -. data .-> primary_orders",
            "    primary_svc -. data .-> primary_db",
            "    secondary_svc -. writes .-> primary_db",
            "    secondary_svc -. data .-> secondary_orders",
            "    secondary_svc -. data .-> secondary_db",
        ]);
    });
});
