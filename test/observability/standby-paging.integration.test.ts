import * as assert from "assert";
import { expectedDown } from "../../components/capacity";
import { canaryPages, canaryTopicPlan } from "../../components/observability/regionalCanaries";
import { resourcesOf, runProject, stackOf } from "../helpers/engine";

const alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** Alarm name to [actionsEnabled as given (undefined: AWS's default, true), has alarm actions]. */
function alarms(
    records: Awaited<ReturnType<typeof runProject>>,
    stack: string,
    names: RegExp,
): Record<string, [unknown, boolean]> {
    return Object.fromEntries(
        resourcesOf(stackOf(records, stack), alarmType)
            .filter((a) => names.test(a.name))
            .sort((x, y) => x.name.localeCompare(y.name))
            .map((a) => [
                a.name,
                [a.inputs.actionsEnabled, ((a.inputs.alarmActions as unknown[]) ?? []).length > 0],
            ]),
    );
}

describe("a standby's expected alarms do not page", function () {
    this.timeout(300_000);

    it("expects a region down only when it is a standby that runs no tasks", () => {
        const cases: [{ desiredCount: number; servesTraffic: boolean }, boolean][] = [
            [{ desiredCount: 0, servesTraffic: false }, true], // active-passive standby
            [{ desiredCount: 1, servesTraffic: false }, false], // pilot-light core
            [{ desiredCount: 3, servesTraffic: false }, false], // warm standby
            [{ desiredCount: 6, servesTraffic: true }, false], // active-active, or a primary
        ];
        for (const [capacity, down] of cases) {
            assert.strictEqual(expectedDown(capacity), down, JSON.stringify(capacity));
        }
    });

    it("keeps public-name canaries paging and quiets only the quiet regions' endpoint canaries", () => {
        assert.strictEqual(canaryPages({ checks: "public" }, ["us-west-2"]), true);
        assert.strictEqual(canaryPages({ checks: "us-west-2" }, ["us-west-2"]), false);
        assert.strictEqual(canaryPages({ checks: "us-east-1" }, ["us-west-2"]), true);
        assert.strictEqual(canaryPages({ checks: "us-west-2" }, []), true);
    });

    it("sends canary alarms to the alerts topic in their region, else to a topic of their own", () => {
        const existing = "arn:aws:sns:us-east-1:123456789012:oncall";
        assert.deepStrictEqual(canaryTopicPlan("us-east-1", { topicArn: existing }), {
            existing,
        });
        assert.strictEqual(canaryTopicPlan("us-west-2", { topicArn: existing }), "none");
        assert.strictEqual(canaryTopicPlan("us-west-2", { email: ["a@example.com"] }), "own");
        assert.strictEqual(
            canaryTopicPlan("us-west-2", { httpsEndpoints: ["https://hooks.example.com/x"] }),
            "own",
        );
        assert.strictEqual(canaryTopicPlan("us-west-2", {}), "none");
    });

    it("active-passive with alerts: every canary alarm has the topic, the standby's endpoint canary with actions off", async () => {
        const records = await runProject({
            overrides: ["strategy=active-passive", 'alerts.email=["oncall@example.com"]'],
        });
        assert.deepStrictEqual(alarms(records, "global", /^mrf-/), {
            "mrf-alb-use1": [undefined, true],
            "mrf-alb-usw2": [false, true],
            "mrf-pub-use1": [undefined, true],
            "mrf-pub-usw2": [undefined, true],
        });
        const topics = resourcesOf(
            stackOf(records, "global"),
            "aws:sns/topicSubscription:TopicSubscription",
        )
            .map((s) => [s.name, s.region, s.inputs.endpoint])
            .filter(([name]) => String(name).startsWith("canaries-"))
            .sort();
        assert.deepStrictEqual(
            topics.map(([name, region]) => [
                String(name).replace(/-email-[0-9a-f]{8}$/, ""),
                region,
            ]),
            [
                ["canaries-us-east-1-alarms", "us-east-1"],
                ["canaries-us-west-2-alarms", "us-west-2"],
            ],
        );
    });

    const expected: Record<string, { health: unknown; albCanary: unknown; elb5xx: unknown }> = {
        // The standby runs no tasks: its health check, its endpoint canary and its ELB 5xx
        // alarm are in ALARM by design.
        "active-passive": { health: false, albCanary: false, elb5xx: false },
        // Standbys that run tasks are expected healthy: every alarm pages.
        "pilot-light": { health: true, albCanary: undefined, elb5xx: true },
        "warm-standby": { health: true, albCanary: undefined, elb5xx: true },
        "active-active": { health: true, albCanary: undefined, elb5xx: true },
    };
    for (const [strategy, want] of Object.entries(expected)) {
        it(`${strategy}: which alarms have actions`, async () => {
            const records = await runProject({ overrides: [`strategy=${strategy}`] });
            assert.deepStrictEqual(alarms(records, "global", /^routing-health-/), {
                "routing-health-us-east-1": [true, true],
                "routing-health-us-west-2": [want.health, true],
            });
            assert.deepStrictEqual(alarms(records, "global", /^mrf-/), {
                "mrf-alb-use1": [undefined, false],
                "mrf-alb-usw2": [want.albCanary, false],
                "mrf-pub-use1": [undefined, false],
                "mrf-pub-usw2": [undefined, false],
            });
            assert.deepStrictEqual(alarms(records, "primary", /-elb-5xx$/), {
                "app-us-east-1-elb-5xx": [true, true],
            });
            assert.deepStrictEqual(alarms(records, "secondary", /-elb-5xx$/), {
                "app-us-west-2-elb-5xx": [want.elb5xx, true],
            });
        });
    }
});

describe("game-day stop conditions can be OK in steady state (issue 25, item 7)", function () {
    this.timeout(300_000);

    /** Game-day template region to the canary alarm names among its stop conditions. */
    function stopCanaries(
        records: Awaited<ReturnType<typeof runProject>>,
    ): Record<string, string[]> {
        const global = stackOf(records, "global");
        const byArn = new Map(
            resourcesOf(global, alarmType).map((a) => [String(a.outputs.arn), a.name]),
        );
        return Object.fromEntries(
            resourcesOf(global, "aws:fis/experimentTemplate:ExperimentTemplate")
                .sort((x, y) => x.name.localeCompare(y.name))
                .map((t) => [
                    t.name,
                    (t.inputs.stopConditions as { value?: string }[])
                        .map((c) => byArn.get(String(c.value)) ?? String(c.value))
                        .sort(),
                ]),
        );
    }

    it("active-passive: the canary on the standby's endpoint (0 tasks) stops no game day", async () => {
        const records = await runProject({ overrides: ["strategy=active-passive"] });
        assert.deepStrictEqual(stopCanaries(records), {
            "gameday-us-east-1": ["mrf-pub-use1"],
            "gameday-us-west-2": ["mrf-alb-use1", "mrf-pub-usw2"],
        });
    });

    for (const mode of ["global-accelerator", "cloudfront"]) {
        it(`${mode}: no canary probes an internal ALB from outside its VPC`, async () => {
            const records = await runProject({ overrides: [`routing.mode=${mode}`] });
            const canaries = resourcesOf(stackOf(records, "global"), "aws:synthetics/canary:Canary")
                .map((c) => c.name)
                .sort();
            assert.deepStrictEqual(canaries, ["mrf-pub-use1", "mrf-pub-usw2"]);
            assert.deepStrictEqual(stopCanaries(records), {
                "gameday-us-east-1": ["mrf-pub-use1"],
                "gameday-us-west-2": ["mrf-pub-usw2"],
            });
        });
    }
});
