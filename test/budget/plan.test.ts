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
                ["detection", 20],
                ["detection", 16],
                ["operator", 600],
                ["standby-scale-up", 60],
                ["traffic-shift", 90],
            ],
        );
        assert.strictEqual(withPlan.rtoSeconds, (without.rtoSeconds as number) - 300);
        assert.strictEqual(
            withPlan.breakdown[2].source,
            "mrf-use1-usw2: The operator starts mrf-use1-usw2: activate us-west-2",
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
        // The plan starts at 36 s + 600 s; its Parallel step scales (60 s) and promotes the
        // replica (600 s) side by side, so users wait for the slower: served at 1236 s.
        assert.deepStrictEqual(
            withPlan.breakdown.map((s) => [s.step, s.seconds]),
            [
                ["detection", 20],
                ["detection", 16],
                ["operator", 600],
                ["standby-scale-up", 60],
                ["traffic-shift", 90],
                ["data-promotion", 450],
            ],
        );
        assert.strictEqual(withPlan.rtoSeconds, 36 + 600 + 600);
        assert.match(
            withPlan.breakdown[5].source,
            /^promote-rds: Step promote-rds: db-replica is promoted/,
        );
    });
});
