/**
 * The check command over programs outside stacks/, with this project's real policy pack:
 * a broken program exits 1 and shows its violation in every format.
 */
import * as assert from "assert";
import * as path from "path";
import { main } from "../bin/main";
import { policies } from "../policies/policies";

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

const auroraSecretsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations";
const rdsSecretsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations";
const program = path.join(__dirname, "fixtures", "broken-ttl");
const urn = "urn:pulumi:dev::broken-ttl::aws:route53/record:Record::api-use1";
const message =
    'Lower ttl on record "api-use1" (app.example.com) from 300 to 60 or less: a latency record with a 300 s TTL keeps resolvers sending users to a failed endpoint for up to 300 s after failover.';

describe("check command over a broken program, with the project's pack", function () {
    this.timeout(120_000);

    it("text: exit 1 and the violation with its fix", async () => {
        const { code, stdout, stderr } = await run(["--program", program]);
        assert.strictEqual(code, 1, stderr);
        assert.ok(stdout.includes("dns-ttl-max [mandatory] 1 violation\n"), stdout);
        assert.ok(
            stdout.includes(
                "  - dev: index.ts:13: api-use1 (aws:route53/record:Record): Lower ttl on record",
            ),
            stdout,
        );
        // The pack's size is the pack's: a policy added or removed changes it here too.
        assert.match(
            stdout,
            new RegExp(
                `^FAIL: 1 mandatory, \\d+ advisory violations?\\.\\n1 stack, 2 resources; policy pack multi-region-failover@0\\.1\\.0, ${policies.length} policies\\.\\n`,
            ),
        );
    });

    it("json: the violation, attached to the record's URN", async () => {
        const { code, stdout } = await run(["--program", program, "--format", "json"]);
        assert.strictEqual(code, 1);
        const doc = JSON.parse(stdout);
        const mandatory = doc.stacks[0].violations.filter(
            (v: { enforcementLevel: string }) => v.enforcementLevel === "mandatory",
        );
        assert.deepStrictEqual(mandatory, [
            {
                policy: "dns-ttl-max",
                enforcementLevel: "mandatory",
                message,
                urn,
                source: { file: "index.ts", line: 13 },
            },
        ]);
        assert.strictEqual(doc.summary.mandatory, 1);
    });

    it("sarif: an error at the line that constructs the record", async () => {
        const { code, stdout } = await run(["--program", program, "--format", "sarif"]);
        assert.strictEqual(code, 1);
        const results = JSON.parse(stdout).runs[0].results.filter(
            (r: { level: string }) => r.level === "error",
        );
        const rel = path.relative(process.cwd(), program).split(path.sep).join("/");
        assert.deepStrictEqual(
            results.map((r: { ruleId: string; locations: { physicalLocation: unknown }[] }) => [
                r.ruleId,
                r.locations[0].physicalLocation,
            ]),
            [
                [
                    "dns-ttl-max",
                    {
                        artifactLocation: { uri: `${rel}/index.ts`, uriBaseId: "%SRCROOT%" },
                        region: { startLine: 13 },
                    },
                ],
            ],
        );
    });

    it("markdown: the failing verdict and the violation row", async () => {
        const { code, stdout } = await run(["--program", program, "--format", "markdown"]);
        assert.strictEqual(code, 1);
        assert.ok(stdout.startsWith("## ❌ Failover check failed\n"), stdout);
        assert.ok(stdout.includes("### `dns-ttl-max` (mandatory, 1)"), stdout);
        assert.ok(
            stdout.includes(`| dev | api-use1 (aws:route53/record:Record) | ${message} |`),
            stdout,
        );
    });
});

describe("check command with objectives the design cannot meet", function () {
    this.timeout(120_000);

    it("fails with the RTO breakdown, one step per line", async () => {
        const { code, stdout } = await run(["--config", "objectives.rtoSeconds=120"]);
        assert.strictEqual(code, 1);
        const lines = stdout.split("\n");
        const start = lines.indexOf("failover-objectives [mandatory] 1 violation");
        assert.ok(start >= 0, stdout);
        assert.strictEqual(
            lines[start + 1],
            "  - global: stack global: Bring the estimated worst-case RTO of 330 s (warm-standby, dns routing)",
        );
        const steps = lines
            .slice(start + 1)
            .filter((l) => /^ {6}- [a-z-]+ \d+ s:/.test(l))
            .map((l) => l.trim().split(":")[0]);
        // The simulated outage's timeline (docs/simulation.md): the load balancer, then the
        // health check, see us-east-1 fail; resolvers follow after the alias TTL; target
        // tracking raises the warm standby.
        assert.deepStrictEqual(steps, [
            "- detection 30 s",
            "- detection 6 s",
            "- traffic-shift 54 s",
            "- standby-scale-up 240 s",
        ]);
        assert.match(stdout, /the estimate does NOT meet\s+them\./);
    });

    it("exits 2 on a program with managed passwords in a global database and a replica chain, naming the rules and pages", async () => {
        let stdout = "";
        let stderr = "";
        const code = await main(
            ["--program", path.join(__dirname, "fixtures", "broken-managed-password")],
            { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
        );
        assert.strictEqual(code, 2);
        // Every refused input is in the report too, with the policy violations of the same run.
        assert.match(stdout, /^ERROR: 3 problems the deployment would fail on; 7 mandatory/);
        assert.strictEqual(
            stderr,
            "error: stack dev: AWS would reject 3 inputs: " +
                `- aws:rds/instance:Instance "ledger" (index.ts:21): rule rds-replica-source-managed-password: manageMasterUserPassword is true, but "dev/ledger-replica" replicates this instance; RDS cannot create a read replica of an instance whose master password Secrets Manager manages (${rdsSecretsDoc}) ` +
                `- aws:rds/cluster:Cluster "orders-primary" (index.ts:12): rule aurora-global-managed-password: manageMasterUserPassword is true on a cluster of global cluster "orders"; Secrets Manager cannot manage the master password of a DB cluster that is part of an Aurora global database: use a secret you own (${auroraSecretsDoc}) ` +
                `- aws:rds/instance:Instance "ledger-replica" (index.ts:32): rule rds-replica-source-managed-password: source instance "ledger" sets manageMasterUserPassword true; RDS cannot create a read replica of an instance whose master password Secrets Manager manages: give the source a secret you own (${rdsSecretsDoc})\n`,
        );
    });

    it("a missed objective the verdict does not count says so, and the fix it offers is one AWS accepts", async () => {
        const v1 = path.join(__dirname, "fixtures", "v1-replication");
        const text = await run(["--program", v1]);
        assert.strictEqual(text.code, 0, text.stderr);
        assert.match(text.stdout, /^PASS: 0 mandatory, 0 advisory violations\.$/m);
        const flat = text.stdout.replace(/\s+/g, " ");
        assert.ok(
            flat.includes(
                "the estimate does NOT meet them, but not in the verdict: nothing routes users between regions (no Route 53 record with a routing policy, Global Accelerator endpoint group or CloudFront origin group), and failover-objectives judges only a deployment that does, so the verdict does not count it.",
            ),
            text.stdout,
        );
        assert.ok(
            flat.includes(
                "- Enable S3 Replication Time Control on uploads-replication (dev) (1 rule(s) without it): 99.99% of objects within 15 minutes, with an SLA, for $0.015/GB more. RTC exists only in the V2 rule form, so its V1 rule (no filter) becomes V2: the prefix moves into filter, and deleteMarkerReplication Enabled keeps the delete-marker replication V1 did. Estimate after it: RPO 900 s (bounded).",
            ),
            text.stdout,
        );
        const json = await run(["--program", v1, "--format", "json"]);
        const failover = JSON.parse(json.stdout).failover;
        assert.strictEqual(failover.meetsObjectives, false);
        assert.match(failover.outsideVerdict, /^nothing routes users between regions /);
        assert.deepStrictEqual(failover.withheldFixes, []);
        assert.deepStrictEqual(failover.fixes[0].changes[0].set.rules[0].filter, {
            prefix: "docs/",
        });
    });
});
