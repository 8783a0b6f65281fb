import * as assert from "assert";
import { resourcesOf, runProject, stackOf } from "../helpers/engine";

describe("global stack: canaries, dashboard and game-day templates", function () {
    this.timeout(180_000);
    it("runs a canary per region, one dashboard, and an FIS template per region that stops on that region's canary alarms", async () => {
        const global = stackOf(await runProject(), "global");
        const canaries = resourcesOf(global, "aws:synthetics/canary:Canary").sort((x, y) =>
            x.name.localeCompare(y.name),
        );
        assert.deepStrictEqual(
            canaries.map((c) => [
                c.name,
                c.region,
                (c.inputs.runConfig as { environmentVariables: Record<string, string> })
                    .environmentVariables,
            ]),
            [
                [
                    "mrf-alb-use1",
                    "us-west-2",
                    { TARGET_URL: `https://${albOf(global, "us-east-1")}/`, VERIFY_TLS: "false" },
                ],
                [
                    "mrf-alb-usw2",
                    "us-east-1",
                    { TARGET_URL: `https://${albOf(global, "us-west-2")}/`, VERIFY_TLS: "false" },
                ],
                [
                    "mrf-pub-use1",
                    "us-east-1",
                    { TARGET_URL: "https://app.example.com/", VERIFY_TLS: "true" },
                ],
                [
                    "mrf-pub-usw2",
                    "us-west-2",
                    { TARGET_URL: "https://app.example.com/", VERIFY_TLS: "true" },
                ],
            ],
        );
        for (const c of canaries) {
            assert.deepStrictEqual(c.inputs.artifactConfig, {
                s3Encryption: {
                    encryptionMode: "SSE_KMS",
                    kmsKeyArn: String(
                        (c.inputs.artifactConfig as { s3Encryption: { kmsKeyArn: string } })
                            .s3Encryption.kmsKeyArn,
                    ),
                },
            });
            assert.match(
                String(
                    (c.inputs.artifactConfig as { s3Encryption: { kmsKeyArn: string } })
                        .s3Encryption.kmsKeyArn,
                ),
                new RegExp(`^arn:aws:kms:${c.region}:`),
            );
        }
        const [dashboard] = resourcesOf(global, "aws:cloudwatch/dashboard:Dashboard");
        const body = JSON.parse(String(dashboard.inputs.dashboardBody)) as {
            widgets: { properties: { title: string } }[];
        };
        assert.deepStrictEqual(
            body.widgets.map((w) => w.properties.title),
            [
                "Route 53 health check status (1 healthy, 0 unhealthy)",
                "Canary success % (the way users reach it)",
                "Canary duration (ms)",
                "Load balancer target response time (s)",
                "5xx per minute",
                "Replication lag (ms)",
                "Capacity: running tasks per region",
            ],
        );
        const templates = resourcesOf(global, "aws:fis/experimentTemplate:ExperimentTemplate").sort(
            (x, y) => x.name.localeCompare(y.name),
        );
        assert.deepStrictEqual(
            templates.map((t) => [
                t.name,
                t.region,
                (t.inputs.actions as { actionId: string }[]).map((a) => a.actionId),
                (t.inputs.stopConditions as { value: string }[]).map((s) =>
                    s.value.replace(/-[0-9a-f]{7}$/, ""),
                ),
            ]),
            [
                [
                    "gameday-us-east-1",
                    "us-east-1",
                    [
                        "aws:ecs:stop-task",
                        "aws:dynamodb:global-table-pause-replication",
                        "aws:s3:bucket-pause-replication",
                        "aws:network:route-table-disrupt-cross-region-connectivity",
                    ],
                    [
                        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:mrf-pub-use1",
                        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:mrf-alb-usw2",
                    ],
                ],
                [
                    "gameday-us-west-2",
                    "us-west-2",
                    [
                        "aws:ecs:stop-task",
                        "aws:dynamodb:global-table-pause-replication",
                        "aws:network:route-table-disrupt-cross-region-connectivity",
                    ],
                    [
                        "arn:aws:cloudwatch:us-west-2:123456789012:alarm:mrf-pub-usw2",
                        "arn:aws:cloudwatch:us-west-2:123456789012:alarm:mrf-alb-use1",
                    ],
                ],
            ],
        );
        assert.deepStrictEqual(Object.keys(global.outputs.fisTemplateIds as object), [
            "us-east-1",
            "us-west-2",
        ]);
    });
});

function albOf(
    global: { resources: { type: string; name: string; inputs: Record<string, unknown> }[] },
    region: string,
): string {
    const check = global.resources.find(
        (r) =>
            r.type === "aws:route53/healthCheck:HealthCheck" &&
            r.name === `routing-health-${region}`,
    )!;
    return String(check.inputs.fqdn);
}
