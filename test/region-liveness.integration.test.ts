import * as assert from "assert";
import * as path from "path";
import { runStacks } from "../check/engine/engine";
import { StackRecord } from "../check/engine/types";
import { onlyResource, rejection, resourceNamed, runProject } from "./helpers/engine";

const projectDir = path.join(__dirname, "fixtures", "region-program");
const alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";

async function fixture(...overrides: string[]): Promise<StackRecord> {
    const [record] = await runStacks({ projectDir, stacks: ["app"], overrides });
    return record;
}

function targetPath(record: StackRecord): string {
    return (
        onlyResource(record, "aws:lb/targetGroup:TargetGroup").inputs.healthCheck as {
            path: string;
        }
    ).path;
}

function description(record: StackRecord, name: string): unknown {
    return resourceNamed(record, alarmType, name).inputs.alarmDescription;
}

describe("RegionalApplication's liveness path (fixture health path /healthz)", () => {
    it("dns: the target group checks livenessPath when set, the alarm names it", async () => {
        const record = await fixture("livenessPath=/livez");
        assert.strictEqual(targetPath(record), "/livez");
        assert.strictEqual(
            description(record, "app-unhealthy-hosts"),
            "app: targets failing the /livez health check",
        );
    });

    it("dns: the target group checks healthPath without livenessPath, or with it empty", async () => {
        assert.strictEqual(targetPath(await fixture()), "/healthz");
        assert.strictEqual(targetPath(await fixture("livenessPath=")), "/healthz");
    });

    for (const edge of ["cloudfront", "global-accelerator"]) {
        it(`${edge}: the target group and the serving alarm keep healthPath`, async () => {
            const record = await fixture(`edge=${edge}`);
            assert.strictEqual(targetPath(record), "/healthz");
            assert.strictEqual(
                description(record, "app-serving"),
                "app: no target passes the /healthz health check, so the region cannot serve; watched by the global stack's Route 53 health check",
            );
        });

        it(`${edge}: refuses livenessPath before creating anything`, async () => {
            assert.strictEqual(
                await rejection(fixture(`edge=${edge}`, "livenessPath=/livez")),
                `stack app: app: livenessPath "/livez" with edge ${edge}: behind an edge the target group's health (the serving alarm) is what fails the region over, so it must check the health path that sees the data; leave livenessPath empty`,
            );
        });
    }
});

describe("app.livenessPath in the project", () => {
    it("dns-failover: the target group checks app.livenessPath, Route 53's contract keeps app.healthPath", async () => {
        const [primary] = await runProject({
            stacks: ["primary"],
            overrides: ["app.healthPath=/healthz", "app.livenessPath=/livez"],
        });
        assert.strictEqual(targetPath(primary), "/livez");
        const alb = onlyResource(primary, "aws:lb/loadBalancer:LoadBalancer");
        assert.strictEqual(primary.outputs.healthCheckPath, "/healthz");
        assert.strictEqual(
            primary.outputs.healthCheckUrl,
            `https://${alb.outputs.dnsName}/healthz`,
        );
    });

    it("cloudfront: the target group keeps app.healthPath when app.livenessPath is unset", async () => {
        const [primary] = await runProject({
            stacks: ["primary"],
            overrides: ["app.healthPath=/healthz", "routing.mode=cloudfront"],
        });
        assert.strictEqual(targetPath(primary), "/healthz");
    });
});
