/**
 * What the model cannot see is not down: a region whose serving compute the program does not
 * record (an Auto Scaling group behind the load balancer, App Runner, an address outside the
 * program) is assumed to serve while its region is up, and the report says so. And a return of
 * users to a region whose data was promoted away breaks deliberate-failback only when its writes
 * then miss the promoted writer. And an active/active plan fails over by its deactivation
 * workflow.
 */
import * as assert from "assert";
import { BudgetResource } from "../../policies/budget";
import {
    extractModel,
    initialState,
    pages,
    regionOfHost,
    simulate,
    strayWrite,
} from "../../policies/simulation";
import { appGraph, resource, withProps } from "../budget/fixtures";

const broken = (graph: { resources: readonly BudgetResource[] }) =>
    simulate(graph).scenarios.flatMap((s) =>
        s.invariants.filter((i) => !i.holds).map((i) => `${s.name} ${i.name}`),
    );

describe("simulation: the region a host name carries", () => {
    const cases: [string, string | undefined][] = [
        ["app-abc.us-east-1.elb.amazonaws.com", "us-east-1"],
        ["dualstack.app-abc.eu-west-1.elb.amazonaws.com", "eu-west-1"],
        ["d-abc123.execute-api.us-west-2.amazonaws.com", "us-west-2"],
        ["abc123.us-east-2.awsapprunner.com", "us-east-2"],
        ["https://abc.lambda-url.ap-southeast-2.on.aws/", "ap-southeast-2"],
        ["assets.s3.us-west-2.amazonaws.com", "us-west-2"],
        ["assets.s3-us-gov-west-1.amazonaws.com", "us-gov-west-1"],
        ["d111111abcdef8.cloudfront.net", undefined],
        ["assets.s3.amazonaws.com", undefined],
        ["api.example.com", undefined],
    ];
    for (const [host, region] of cases) {
        it(`${host} → ${region ?? "no region"}`, () => {
            assert.strictEqual(regionOfHost(host), region);
        });
    }
});

/** The active/active app with the ECS services, task definitions and scaling removed. */
function withoutEcs(): { resources: BudgetResource[] } {
    return {
        resources: appGraph("active-active").filter(
            (r) =>
                ![
                    "aws:ecs/service:Service",
                    "aws:ecs/taskDefinition:TaskDefinition",
                    "aws:appautoscaling/target:Target",
                ].includes(r.type),
        ),
    };
}

/** Latency records to App Runner services in each region, each with its own HTTPS check. */
function appRunner(): { resources: BudgetResource[] } {
    const resources: BudgetResource[] = [];
    for (const region of ["us-east-1", "us-west-2"]) {
        const host = `svc-${region}.${region}.awsapprunner.com`;
        resources.push(
            resource(region, region, "aws:apprunner/service:Service", `svc-${region}`, {
                serviceUrl: host,
                arn: `arn:aws:apprunner:${region}:1:service/svc/abc`,
            }),
            resource("dns", "us-east-1", "aws:route53/healthCheck:HealthCheck", `hc-${region}`, {
                id: `hc-${region}`,
                type: "HTTPS",
                fqdn: host,
                requestInterval: 10,
                failureThreshold: 3,
            }),
            resource("dns", "us-east-1", "aws:route53/record:Record", `api-${region}`, {
                zoneId: "Z1",
                name: "api.example.com",
                type: "CNAME",
                ttl: 60,
                records: [host],
                setIdentifier: region,
                healthCheckId: `hc-${region}`,
                latencyRoutingPolicies: [{ region }],
            }),
        );
    }
    return { resources };
}

describe("simulation: compute the program does not record is assumed to serve", () => {
    it("load balancers without ECS services behind them: assumed, said so, every invariant holds", () => {
        const graph = withoutEcs();
        const model = extractModel(graph);
        assert.deepStrictEqual(
            model.regions.map((r) => [r.region, r.assumed, r.desired, r.full]),
            [
                [
                    "us-east-1",
                    "the program records no ECS service behind load balancer app-us-east-1-alb",
                    1,
                    1,
                ],
                [
                    "us-west-2",
                    "the program records no ECS service behind load balancer app-us-west-2-alb",
                    1,
                    1,
                ],
            ],
        );
        assert.deepStrictEqual(broken(graph), []);
        const outage = simulate(graph).scenarios[0];
        assert.strictEqual(outage.name, "outage:us-east-1");
        // The load balancer's 10 s × 2 marks its targets unhealthy (the alias evaluates target
        // health), then the 60 s alias TTL.
        assert.strictEqual(outage.servedAfterSeconds, 80);
        assert.strictEqual(
            outage.timeline[0].event,
            "Assumed: app-us-east-1-alb serves in us-east-1 while the region is up; the program records no ECS service behind load balancer app-us-east-1-alb, so nothing the model can fail on its own",
        );
        assert.ok(
            simulate(graph).notes.includes(
                "assumed: what serves in us-west-2 answers while the region is up (the program records no ECS service behind load balancer app-us-west-2-alb; the program records nothing behind it that the model can fail on its own)",
            ),
        );
    });

    it("records to App Runner: the regions come from the recorded services' addresses", () => {
        const graph = appRunner();
        const model = extractModel(graph);
        assert.deepStrictEqual(
            model.regions.map((r) => [r.region, r.compute?.name]),
            [
                ["us-east-1", "svc-us-east-1"],
                ["us-west-2", "svc-us-west-2"],
            ],
        );
        assert.deepStrictEqual(
            model.checks.map((c) => [c.name, c.region]),
            [
                ["hc-us-east-1", "us-east-1"],
                ["hc-us-west-2", "us-west-2"],
            ],
        );
        assert.deepStrictEqual(broken(graph), []);
        // The check's 10 s × 3 + 6 s timeout, then the record's 60 s TTL.
        assert.strictEqual(simulate(graph).scenarios[0].servedAfterSeconds, 96);
    });

    it("a check whose target no record or resource places is taken as healthy, not down", () => {
        const graph = appRunner();
        const resources = withProps(graph.resources, "hc-us-west-2", {
            fqdn: "status.example.com",
        });
        const model = extractModel({ resources });
        // The record it gates gives it its region.
        assert.strictEqual(
            model.checks.find((c) => c.name === "hc-us-west-2")?.region,
            "us-west-2",
        );
        assert.deepStrictEqual(broken({ resources }), []);
    });
});

describe("simulation: a return after a promotion breaks deliberate-failback only when writes stray", () => {
    /** A warm standby with an RDS source and replica; each region's tasks given `env`. */
    function rds(env: (region: string) => string | undefined): { resources: BudgetResource[] } {
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
        for (const region of ["us-east-1", "us-west-2"]) {
            const value = env(region);
            resources = withProps(resources, `app-${region}-task`, {
                containerDefinitions: JSON.stringify([
                    {
                        name: "app",
                        environment: value ? [{ name: "DB_WRITER_HOST", value }] : [],
                    },
                ]),
            });
        }
        return { resources };
    }
    const own = (region: string) =>
        region === "us-east-1"
            ? "db-east.abc.us-east-1.rds.amazonaws.com"
            : "db-west.abc.us-west-2.rds.amazonaws.com";

    // Each case: the tasks' addresses, the writer after the promotion, what us-east-1's writes do
    // (rdsPromote: the promoted instance keeps its own endpoint, the old source its own).
    const cases: [string, (region: string) => string | undefined, string | undefined][] = [
        [
            "each region names its own instance: us-east-1 writes the demoted source",
            own,
            "its app-us-east-1-service writes db-east at db-east (DB_WRITER_HOST), while the writer is db-west",
        ],
        [
            "no address (assumed to follow the writer): the return strays nowhere",
            () => undefined,
            undefined,
        ],
    ];
    for (const [label, env, expected] of cases) {
        it(`${label} (${pages.rdsPromote})`, () => {
            const model = extractModel(rds(env));
            const state = { ...initialState(model), writer: { "db-east": "db-west" } };
            assert.strictEqual(strayWrite(model, state, "us-east-1"), expected);
        });
    }
});

describe("simulation: an active/active plan fails over by deactivating the failed Region", () => {
    /** Active/active with an Aurora global database whose data step sits in the deactivation workflow. */
    function activeActiveAurora(): { resources: BudgetResource[] } {
        const cluster = (region: string, writer: boolean) =>
            resource(
                region === "us-east-1" ? "primary" : "secondary",
                region,
                "aws:rds/cluster:Cluster",
                `db-${region}`,
                {
                    clusterIdentifier: `db-${region}`,
                    arn: `arn:aws:rds:${region}:1:cluster:db-${region}`,
                    endpoint: `db-${region}.cluster-abc.${region}.rds.amazonaws.com`,
                    globalClusterIdentifier: "db",
                    ...(writer ? { masterUsername: "app" } : {}),
                },
            );
        const step = (name: string, type: string, config?: Record<string, unknown>) => ({
            name,
            executionBlockType: type,
            ...(config ?? {}),
        });
        return {
            resources: [
                ...appGraph("active-active"),
                resource("primary", "us-east-1", "aws:rds/globalCluster:GlobalCluster", "db", {
                    globalClusterIdentifier: "db",
                    endpoint: "db.global-abc.global.rds.amazonaws.com",
                }),
                cluster("us-east-1", true),
                cluster("us-west-2", false),
                resource("global", "us-east-1", "aws:arcregionswitch/plan:Plan", "plan", {
                    name: "plan",
                    recoveryApproach: "activeActive",
                    regions: ["us-east-1", "us-west-2"],
                    workflows: [
                        { workflowTargetAction: "activate", steps: [] },
                        {
                            workflowTargetAction: "deactivate",
                            steps: [
                                step("move-writer", "AuroraGlobalDatabase", {
                                    globalAuroraConfigs: [
                                        {
                                            databaseClusterArns: [
                                                "arn:aws:rds:us-east-1:1:cluster:db-us-east-1",
                                                "arn:aws:rds:us-west-2:1:cluster:db-us-west-2",
                                            ],
                                        },
                                    ],
                                }),
                            ],
                        },
                    ],
                }),
            ],
        };
    }

    it(`the operator runs the deactivation of us-east-1 from us-west-2, and the writer moves to us-west-2 (${pages.planExecution})`, () => {
        const outage = simulate(activeActiveAurora()).scenarios[0];
        assert.strictEqual(outage.name, "outage:us-east-1");
        const lines = outage.timeline.map((l) => `${l.atSeconds} ${l.event.split(" (")[0]}`);
        assert.ok(
            lines.includes("636 The operator starts plan: deactivate us-east-1"),
            lines.join("\n"),
        );
        assert.ok(
            lines.includes(
                "696 Step move-writer: failover of db: db-us-west-2 in us-west-2 is the writer; what had not replicated from us-east-1 is lost",
            ),
            lines.join("\n"),
        );
        // Writes follow the writer (no address in the task definitions): served once it moved.
        assert.strictEqual(outage.servedAfterSeconds, 696);
    });
});
