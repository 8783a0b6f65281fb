import * as assert from "assert";
import { BudgetResource } from "../../policies/budget";
import {
    explore,
    extractModel,
    simulate,
    simulationJson,
    simulationMermaid,
} from "../../policies/simulation";
import { appGraph, resource, withProps } from "../budget/fixtures";

const broken = (graph: { resources: BudgetResource[] }) =>
    simulate(graph).scenarios.flatMap((s) =>
        s.invariants.filter((i) => !i.holds).map((i) => `${s.name} ${i.name}`),
    );

/** The warm standby's SECONDARY record gated by a routing control (off for a standby). */
function gatedStandby(gateBoth: boolean): { resources: BudgetResource[] } {
    const gate = (region: string) => [
        resource(
            "global",
            "us-east-1",
            "aws:route53/healthCheck:HealthCheck",
            `control-${region}`,
            {
                id: `rc-${region}`,
                type: "RECOVERY_CONTROL",
                routingControlArn: `arn:aws:route53-recovery-control::1:controlpanel/p/routingcontrol/${region}`,
            },
        ),
        resource("global", "us-east-1", "aws:route53/healthCheck:HealthCheck", `gated-${region}`, {
            id: `gated-${region}`,
            type: "CALCULATED",
            childHealthchecks: [`hc-${region}`, `rc-${region}`],
            childHealthThreshold: 2,
        }),
    ];
    let resources = [...appGraph("warm-standby"), ...gate("us-east-1"), ...gate("us-west-2")];
    resources = withProps(resources, "app-us-east-1", { healthCheckId: "gated-us-east-1" });
    if (gateBoth) {
        resources = withProps(resources, "app-us-west-2", { healthCheckId: "gated-us-west-2" });
    }
    return { resources };
}

describe("simulation: scenarios over a warm standby", () => {
    const graph = { resources: appGraph("warm-standby") };

    it("plays every scenario for both regions, and every invariant holds", () => {
        const report = simulate(graph);
        assert.deepStrictEqual(
            report.scenarios.map((s) => s.name),
            [
                "outage:us-east-1",
                "failover-and-failback:us-east-1",
                "outage-after-failback:us-east-1",
                "drill:us-east-1",
                "app-down:us-east-1",
                "outage:us-west-2",
                "failover-and-failback:us-west-2",
                "outage-after-failback:us-west-2",
                "drill:us-west-2",
                "app-down:us-west-2",
            ],
        );
        assert.deepStrictEqual(broken(graph), []);
    });

    it("the outage reads as a runbook: detection, DNS, resolvers, scale-up", () => {
        const outage = simulate(graph).scenarios[0];
        assert.strictEqual(outage.servedAfterSeconds, 320);
        assert.deepStrictEqual(
            outage.timeline.map((l) => [l.atSeconds, l.resource, l.event.split(" (")[0]]),
            [
                [
                    0,
                    "us-east-1",
                    "Region us-east-1 goes down: its load balancer, tasks and data stores stop answering",
                ],
                [
                    20,
                    "app-us-east-1-alb",
                    "The load balancer in us-east-1 marks its targets unhealthy",
                ],
                [20, "app-us-east-1", "Route 53 answers app.example.com with us-west-2"],
                [36, "health-us-east-1", "Health check health-us-east-1 turns unhealthy"],
                [80, "app-us-east-1", "Resolvers' cached answers expire"],
                [260, "us-west-2", "Target tracking raises us-west-2"],
                [320, "app-us-west-2-service", "3 tasks run in us-west-2"],
            ],
        );
    });

    it("is deterministic: the same graph gives the same report byte for byte", () => {
        assert.strictEqual(simulationJson(simulate(graph)), simulationJson(simulate(graph)));
        assert.strictEqual(simulationMermaid(simulate(graph)), simulationMermaid(simulate(graph)));
    });

    it("the JSON report has the documented shape", () => {
        const json = JSON.parse(simulationJson(simulate(graph)));
        const first = json.scenarios[0];
        assert.deepStrictEqual(Object.keys(first), [
            "name",
            "region",
            "servedAfterSeconds",
            "timeline",
            "invariants",
        ]);
        assert.deepStrictEqual(Object.keys(first.timeline[0]), ["atSeconds", "event", "resource"]);
        assert.deepStrictEqual(Object.keys(first.invariants[0]), ["name", "holds", "message"]);
    });
});

describe("simulation: a gate on the standby fails open", () => {
    it("both records gated: Route 53 answers the dead primary, naming the gate and the moment", () => {
        const report = simulate(gatedStandby(true));
        const failOpen = report.scenarios[0].invariants.find((i) => i.name === "no-fail-open")!;
        assert.strictEqual(failOpen.holds, false);
        assert.strictEqual(
            failOpen.message,
            "at 20 s every record of app.example.com is unhealthy, so Route 53 answers with us-east-1, which is down, while us-west-2 could serve: its record app-us-west-2 is kept unhealthy by control-us-west-2 (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html)",
        );
        assert.strictEqual(failOpen.resource?.name, "gated-us-west-2");
    });

    it("only the primary gated: no fail-open", () => {
        assert.deepStrictEqual(
            broken(gatedStandby(false)).filter((b) => b.endsWith("no-fail-open")),
            [],
        );
    });

    it("exploration finds it in one event, and nothing once only the primary is gated", () => {
        const found = explore(gatedStandby(true), 3);
        assert.deepStrictEqual(found.counterexample?.events, ["region us-east-1 goes down"]);
        assert.strictEqual(found.counterexample?.invariant.name, "no-fail-open");
        assert.strictEqual(explore(gatedStandby(false), 3).counterexample, undefined);
    });
});

describe("simulation: where tasks write", () => {
    /** A warm standby with an RDS source and replica, the standby's tasks given `standbyWriter`. */
    function rds(standbyWriter: string): { resources: BudgetResource[] } {
        const env = (writer: string) =>
            JSON.stringify([
                { name: "app", environment: [{ name: "DB_WRITER_HOST", value: writer }] },
            ]);
        let resources = [
            ...appGraph("warm-standby"),
            resource("primary", "us-east-1", "aws:rds/instance:Instance", "db-east", {
                identifier: "db-east",
                arn: "arn:aws:rds:us-east-1:1:db:db-east",
                address: "db-east.abc.us-east-1.rds.amazonaws.com",
            }),
            resource("secondary", "us-west-2", "aws:rds/instance:Instance", "db-west", {
                identifier: "db-west",
                arn: "arn:aws:rds:us-west-2:1:db:db-west",
                address: "db-west.abc.us-west-2.rds.amazonaws.com",
                replicateSourceDb: "arn:aws:rds:us-east-1:1:db:db-east",
            }),
        ];
        resources = withProps(resources, "app-us-east-1-task", {
            containerDefinitions: env("db-east.abc.us-east-1.rds.amazonaws.com"),
        });
        resources = withProps(resources, "app-us-west-2-task", {
            containerDefinitions: env(standbyWriter),
        });
        return { resources };
    }

    it("the standby writes the old writer's address after the promotion: single-writer breaks, naming the service and the variable", () => {
        const model = extractModel(rds("db-east.abc.us-east-1.rds.amazonaws.com"));
        assert.deepStrictEqual(
            model.compute.map((c) => c.writes),
            [
                [{ store: "db-east", member: "db-east", via: "DB_WRITER_HOST" }],
                [{ store: "db-east", member: "db-east", via: "DB_WRITER_HOST" }],
            ],
        );
        const outage = simulate(rds("db-east.abc.us-east-1.rds.amazonaws.com")).scenarios[0];
        const single = outage.invariants.find((i) => i.name === "single-writer")!;
        assert.strictEqual(single.holds, false);
        assert.match(
            single.message,
            /^at 1236 s users reach us-west-2, whose app-us-west-2-service writes db-east at db-east \(DB_WRITER_HOST\), in us-east-1, which is down, while the writer is db-west: the address does not follow the promotion/,
        );
    });
});

describe("simulation: rotation", () => {
    function rotating(app: string): { resources: BudgetResource[] } {
        const secretArn = "arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf";
        const defs = JSON.stringify([
            {
                name: "app",
                secrets: [{ name: "DB_PASSWORD", valueFrom: `${secretArn}:password::` }],
            },
        ]);
        let resources = [
            ...appGraph("active-active"),
            resource("primary", "us-east-1", "aws:secretsmanager/secret:Secret", "db", {
                arn: secretArn,
                name: "db",
            }),
            resource(
                "primary",
                "us-east-1",
                "aws:secretsmanager/secretRotation:SecretRotation",
                "db-rotation",
                {
                    secretId: secretArn,
                    rotationLambdaArn: "arn:aws:lambda:us-east-1:1:function:rotate",
                    rotateImmediately: true,
                },
            ),
            resource(
                "primary",
                "us-east-1",
                "aws:serverlessrepository/cloudFormationStack:CloudFormationStack",
                "rotator",
                {
                    applicationId: `arn:aws:serverlessrepo:us-east-1:297356227824:applications/${app}`,
                    outputs: { RotationLambdaARN: "arn:aws:lambda:us-east-1:1:function:rotate" },
                },
            ),
        ];
        resources = withProps(resources, "app-us-east-1-task", { containerDefinitions: defs });
        resources = withProps(resources, "app-us-west-2-task", { containerDefinitions: defs });
        return { resources };
    }

    it("single-user rotation leaves running tasks with a dead password: the rotation scenario does not serve", () => {
        const scenario = simulate(
            rotating("SecretsManagerRDSPostgreSQLRotationSingleUser"),
        ).scenarios.find((s) => s.name === "rotation")!;
        assert.strictEqual(scenario.servedAfterSeconds, null);
        assert.match(
            scenario.invariants[0].message,
            /whose running tasks hold the password of db from before its rotation/,
        );
    });

    it("alternating users keep the previous password valid", () => {
        const scenario = simulate(
            rotating("SecretsManagerRDSPostgreSQLRotationMultiUser"),
        ).scenarios.find((s) => s.name === "rotation")!;
        assert.strictEqual(scenario.invariants[0].holds, true);
    });
});
