import * as assert from "assert";
import { estimateRto } from "../../policies/budget";
import { switchPlan } from "../../components/routing/switchPlan";
import { appGraph, resource } from "./fixtures";

/** A Region switch plan resource as the engine records it, built by the project's own planner. */
function planResource(stores: ("aurora" | "rds")[] = []) {
    const spec = switchPlan({
        strategy: "active-passive",
        primary: {
            region: "us-east-1",
            ecsClusterArn: "arn:aws:ecs:us-east-1:1:cluster/a",
            ecsServiceArn: "arn:aws:ecs:us-east-1:1:service/a/s",
            ...(stores.includes("rds") ? { rdsInstanceArn: "arn:aws:rds:us-east-1:1:db:src" } : {}),
        },
        secondary: {
            region: "us-west-2",
            ecsClusterArn: "arn:aws:ecs:us-west-2:1:cluster/b",
            ecsServiceArn: "arn:aws:ecs:us-west-2:1:service/b/s",
            ...(stores.includes("rds") ? { rdsInstanceArn: "arn:aws:rds:us-west-2:1:db:rep" } : {}),
        },
        routing: {
            kind: "route53-health-check",
            hostedZoneId: "Z1",
            recordName: "app.example.com",
            recordSetIdentifiers: { "us-east-1": "us-east-1", "us-west-2": "us-west-2" },
        },
        approvalRoleArn: "arn:aws:iam::1:role/approve",
    });
    return resource("global", "us-east-1", "aws:arcregionswitch/plan:Plan", "switch-us-west-2", {
        ...spec,
    });
}

describe("budget: a Region switch plan replaces operator + pulumi up", () => {
    it("active-passive: the plan's steps instead of a deployment, 300 s less", () => {
        const without = estimateRto({ resources: appGraph("active-passive") });
        const withPlan = estimateRto({
            resources: [...appGraph("active-passive"), planResource()],
        });
        assert.deepStrictEqual(
            withPlan.breakdown.map((s) => [s.step, s.seconds]),
            [
                ["detection", 36],
                ["operator", 600],
                ["data-promotion", 0],
                ["standby-scale-up", 60],
                ["standby-health", 30],
                ["traffic-shift", 120],
            ],
        );
        assert.strictEqual(withPlan.rtoSeconds, (without.rtoSeconds as number) - 300);
        assert.strictEqual(
            withPlan.breakdown[1].source,
            "start the Region switch plan mrf-use1-usw2: approve (ManualApproval ≤ 60 min) → scale-service (ECSServiceScaling ≤ 30 min) → route-users (Route53HealthCheck ≤ 10 min) (operator response, configurable, default 600 s)",
        );
    });

    it("warm standby: the automatic path stays automatic, the plan changes nothing", () => {
        const without = estimateRto({ resources: appGraph("warm-standby") });
        const withPlan = estimateRto({ resources: [...appGraph("warm-standby"), planResource()] });
        assert.deepStrictEqual(withPlan, without);
    });

    it("reads the Parallel group: capacity and data count once, the slower of the two", () => {
        const rds = resource("primary", "us-east-1", "aws:rds/instance:Instance", "db", {
            engine: "postgres",
            identifier: "db",
            arn: "arn:aws:rds:us-east-1:123456789012:db:db",
            backupRetentionPeriod: 7,
        });
        const replica = resource(
            "secondary",
            "us-west-2",
            "aws:rds/instance:Instance",
            "db-replica",
            {
                engine: "postgres",
                replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:db",
            },
        );
        const graph = [...appGraph("active-passive"), rds, replica];
        const withPlan = estimateRto({ resources: [...graph, planResource(["rds"])] });
        const steps = Object.fromEntries(withPlan.breakdown.map((s) => [s.step, s]));
        const promotion = steps["data-promotion"].seconds;
        const scaleUp = steps["standby-scale-up"].seconds;
        assert.ok(promotion > 60, `promotion ${promotion}`);
        assert.strictEqual(scaleUp, 0);
        assert.match(
            steps["standby-scale-up"].source,
            /^runs in the plan's Parallel step beside data-promotion: /,
        );
        assert.match(
            steps["data-promotion"].source,
            /\(in parallel with standby-scale-up, 60 s\)$/,
        );
    });
});
