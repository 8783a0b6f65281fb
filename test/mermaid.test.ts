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
});
