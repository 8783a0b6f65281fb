import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { main } from "../bin/main";

interface ReportedResource {
    type: string;
    name: string;
    region: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

interface Report {
    stacks: { resources: ReportedResource[] }[];
    summary: { resources: number; mandatory: number; advisory: number };
}

const examplesDir = path.join(__dirname, "..", "examples");

/** Every example program: a folder of examples/ with a Pulumi.yaml. */
const examples = fs
    .readdirSync(examplesDir)
    .filter((entry) => fs.existsSync(path.join(examplesDir, entry, "Pulumi.yaml")))
    .sort();

/** Run the offline check in-process (as `npm start -- --program DIR --format json` does). */
async function check(dir: string): Promise<{ code: number; report: Report; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(["--program", dir, "--format", "json"], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
    });
    return { code, report: JSON.parse(stdout || "{}") as Report, stderr };
}

describe("examples", function () {
    // Each run starts the policy pack in a child process, as the Pulumi engine does.
    this.timeout(180_000);

    it("has the two-region-api consumer program", () => {
        assert.deepStrictEqual(examples, ["two-region-api"]);
    });

    for (const example of examples) {
        it(`${example}: passes the offline check with no violation`, async () => {
            const { code, report, stderr } = await check(path.join(examplesDir, example));
            assert.strictEqual(stderr, "");
            assert.strictEqual(code, 0);
            assert.strictEqual(report.summary.mandatory, 0);
            assert.strictEqual(report.summary.advisory, 0);
        });
    }

    describe("two-region-api", () => {
        let resources: ReportedResource[];
        before(async () => {
            const { code, report } = await check(path.join(examplesDir, "two-region-api"));
            assert.strictEqual(code, 0);
            assert.strictEqual(report.stacks.length, 1);
            resources = report.stacks[0].resources;
        });
        const placed = (type: string) =>
            resources
                .filter((r) => r.type === type)
                .map((r) => [r.name, r.region])
                .sort();

        it("spans two regions from one stack, one explicit provider each", () => {
            assert.deepStrictEqual(placed("pulumi:providers:aws"), [
                ["aws-us-east-1", "us-east-1"],
                ["aws-us-west-2", "us-west-2"],
            ]);
            assert.deepStrictEqual(placed("multi-region-failover:region:RegionalApplication"), [
                ["api-us-east-1", "us-east-1"],
                ["api-us-west-2", "us-west-2"],
            ]);
        });

        it("runs full capacity in both regions (active-active)", () => {
            const services = resources.filter((r) => r.type === "aws:ecs/service:Service");
            assert.deepStrictEqual(
                services.map((s) => [s.name, s.region, s.inputs.desiredCount]).sort(),
                [
                    ["api-us-east-1-service", "us-east-1", 4],
                    ["api-us-west-2-service", "us-west-2", 4],
                ],
            );
        });

        it("replicates a DynamoDB global table from us-east-1 into us-west-2", () => {
            assert.deepStrictEqual(placed("aws:dynamodb/table:Table"), [
                ["orders-us-east-1", "us-east-1"],
            ]);
            assert.deepStrictEqual(placed("aws:dynamodb/tableReplica:TableReplica"), [
                ["orders-us-west-2", "us-west-2"],
            ]);
            const table = resources.find((r) => r.type === "aws:dynamodb/table:Table")!;
            const replica = resources.find(
                (r) => r.type === "aws:dynamodb/tableReplica:TableReplica",
            )!;
            assert.strictEqual(replica.inputs.globalTableArn, table.outputs.arn);
            assert.match(String(replica.inputs.kmsKeyArn), /^arn:aws:kms:us-west-2:/);
        });

        it("routes by latency over both ALBs, each record health-checked", () => {
            const records = resources.filter(
                (r) => r.type === "aws:route53/record:Record" && r.inputs.latencyRoutingPolicies,
            );
            assert.deepStrictEqual(
                records.map((r) => [
                    r.name,
                    r.inputs.setIdentifier,
                    r.inputs.latencyRoutingPolicies,
                ]),
                [
                    ["api-routing-latency-us-east-1", "us-east-1", [{ region: "us-east-1" }]],
                    ["api-routing-latency-us-west-2", "us-west-2", [{ region: "us-west-2" }]],
                ],
            );
            const checks = resources.filter(
                (r) => r.type === "aws:route53/healthCheck:HealthCheck",
            );
            assert.deepStrictEqual(
                records.map((r) => r.inputs.healthCheckId).sort(),
                checks.map((c) => c.outputs.id).sort(),
            );
        });
    });
});
