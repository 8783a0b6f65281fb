/**
 * Issue 27's classes (and issue 26's unrouted compute), each one program run twice through the
 * real check (engine, analyzer protocol, this project's pack) with `--config <project>:variant=`
 * `bad` (reproduces the miss or the false alarm's trigger) and `good` (the design that must pass):
 * the exit code and every violation, attached to its stack and resource.
 */
import * as assert from "assert";
import * as path from "path";
import { main } from "../../bin/main";

const fixtures = path.resolve(__dirname, "../fixtures/pack27");

/** [stack, policy, level, resource, message start] per violation. */
type Found = [string, string, string, string, string];

async function check(program: string, variant: string) {
    let stdout = "";
    let stderr = "";
    const code = await main(
        [
            "--program",
            path.join(fixtures, program),
            "--config",
            `${program}:variant=${variant}`,
            "--format",
            "json",
        ],
        { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    );
    assert.notStrictEqual(code, 2, stderr);
    const doc = JSON.parse(stdout) as {
        stacks: {
            stack: string;
            outputs: Record<string, unknown>;
            violations: {
                policy: string;
                enforcementLevel: string;
                urn: string;
                message: string;
            }[];
        }[];
    };
    const found = doc.stacks.flatMap((s) =>
        s.violations.map(
            (v): Found => [
                s.stack,
                v.policy,
                v.enforcementLevel,
                v.urn.split("::").pop() ?? "",
                v.message,
            ],
        ),
    );
    return { code, found, doc };
}

const unrouted = (missing: string) =>
    `Route users between the regions that run compute: compute runs in us-east-1 and us-west-2, but ${missing} (no Route 53 record with a failover, latency, weighted or geo routing policy, no Global Accelerator listener with endpoint groups in two regions, no CloudFront origin group), so when a region fails its users stay on it: the estimated RTO is unbounded.`;

const cases: { program: string; variant: "bad" | "good"; code: number; expect: Found[] }[] = [
    {
        program: "calculated-check",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "dns-health-check-required",
                "mandatory",
                "api-primary",
                'Point health check "api-primary" of PRIMARY failover record "api-primary" (app.example.com) at the record\'s target web-use1-',
            ],
            // The same defect, played (issue 24): users never leave the failed region, so the
            // simulated outage never serves and the RTO is unbounded.
            [
                "dev",
                "failover-objectives",
                "mandatory",
                "",
                "Bring the estimated worst-case RTO of unbounded (unknown, dns routing) within the objective of 3600 s",
            ],
            [
                "dev",
                "failover-simulation",
                "mandatory",
                "api-primary",
                "Invariant serves-within-rto breaks in scenario outage:us-east-1 (also in failover-and-failback:us-east-1, outage-after-failback:us-east-1, app-down:us-east-1): outage of us-east-1: users are not served again by the end of the scenario, beyond the RTO of 3600 s; at 60 s users reach us-east-1, which does not answer (the region is down).",
            ],
        ],
    },
    { program: "calculated-check", variant: "good", code: 0, expect: [] },
    {
        program: "shared-probe",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "dns-health-check-required",
                "mandatory",
                "api-secondary",
                'Give SECONDARY failover record "api-secondary" (app.example.com) a health check of its own target: its health check "api-secondary" and the PRIMARY\'s "api-primary" both probe 192.0.2.10, so the two records turn unhealthy together, and Route 53 answers with the PRIMARY record whenever both are unhealthy: the SECONDARY never takes over.',
            ],
        ],
    },
    { program: "shared-probe", variant: "good", code: 0, expect: [] },
    {
        program: "inverted-check",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "dns-health-check-required",
                "mandatory",
                "api-primary",
                'Set invertHealthcheck to false on health check "api-primary" of PRIMARY failover record "api-primary" (app.example.com): an inverted check reports healthy exactly when its endpoint is down, so Route 53 sends users to the failed endpoint and away from a working one. To force a failover for a test, run a drill (it inverts the check for the duration of the drill and restores it) or use an ARC routing control; never declare an inverted check.',
            ],
            // The same defect, played (issue 24): users never leave the failed region, so the
            // simulated outage never serves and the RTO is unbounded.
            [
                "dev",
                "failover-objectives",
                "mandatory",
                "",
                "Bring the estimated worst-case RTO of unbounded (unknown, dns routing) within the objective of 3600 s",
            ],
            [
                "dev",
                "failover-simulation",
                "mandatory",
                "api-primary",
                "Invariant serves-within-rto breaks in scenario outage:api-primary (also in failover-and-failback:api-primary, outage-after-failback:api-primary, app-down:api-primary): outage of api-primary: users are not served again by the end of the scenario, beyond the RTO of 3600 s; at 96 s users reach api-primary, which does not answer (the region is down).",
            ],
        ],
    },
    { program: "inverted-check", variant: "good", code: 0, expect: [] },
    {
        program: "geolocation-default",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "dns-failover-pair",
                "mandatory",
                "api-na",
                'Add a default geolocation record (country "*") for app.example.com A in zone Z0000000000000000027: the set has records for NA ("api-na"), EU ("api-eu") and no default, so when the record for a user\'s location is unhealthy Route 53 has nothing to fall back to and answers no record, and users of any location no record names get no answer at all.',
            ],
        ],
    },
    { program: "geolocation-default", variant: "good", code: 0, expect: [] },
    {
        program: "accelerator-one-region",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "dns-failover-pair",
                "mandatory",
                "group-use1",
                'Add an endpoint group in another region to the listener of endpoint group "group-use1": every endpoint group of the listener ("group-use1") is in us-east-1, so when us-east-1 fails Global Accelerator has no healthy endpoint to send users to.',
            ],
            // The budget estimates no failover for it: nothing moves users to us-west-2.
            [
                "dev",
                "failover-objectives",
                "mandatory",
                "",
                unrouted("nothing routes users between us-east-1 and us-west-2"),
            ],
        ],
    },
    { program: "accelerator-one-region", variant: "good", code: 0, expect: [] },
    {
        program: "step-functions",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "orders",
                'Replicate DynamoDB table "orders" into us-west-2; add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (Step Functions state machine "orders-usw2" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.',
            ],
            [
                "dev",
                "analysis-coverage",
                "advisory",
                "scoring",
                'Teach the pack where SageMaker endpoint "scoring" (aws:sagemaker/endpoint:Endpoint) serves users, or check by hand that it runs in every region that must serve: the pack does not count it as compute, so compute-requires-data-replication and standby-capacity-matches-strategy did not judge it.',
            ],
        ],
    },
    {
        program: "step-functions",
        variant: "good",
        code: 0,
        expect: [
            [
                "dev",
                "analysis-coverage",
                "advisory",
                "scoring",
                'Teach the pack where SageMaker endpoint "scoring"',
            ],
        ],
    },
    {
        program: "docdb-protection",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "data-protection",
                "mandatory",
                "catalog",
                'Set deletionProtection to true on DocumentDB global cluster "catalog": it is false, so one API call or a replaced resource deletes the database.',
            ],
            [
                "dev",
                "data-protection",
                "mandatory",
                "catalog-use1",
                'Set deletionProtection to true on DocumentDB cluster "catalog-use1": it is false, so one API call or a replaced resource deletes the database.',
            ],
            [
                "dev",
                "data-protection",
                "mandatory",
                "catalog-use1",
                'Raise backupRetentionPeriod on DocumentDB cluster "catalog-use1" from 1 to 7 days or more: shorter retention can expire the last good backup before a bad write is noticed.',
            ],
            [
                "dev",
                "data-protection",
                "mandatory",
                "catalog-use1",
                'Set skipFinalSnapshot to false on DocumentDB cluster "catalog-use1" and give a finalSnapshotIdentifier: deleting it now leaves no snapshot to restore from.',
            ],
            // The secondary is restored from the primary: no backups or final snapshot asked.
            [
                "dev",
                "data-protection",
                "mandatory",
                "catalog-usw2",
                'Set deletionProtection to true on DocumentDB cluster "catalog-usw2": it is false,',
            ],
        ],
    },
    { program: "docdb-protection", variant: "good", code: 0, expect: [] },
    {
        program: "alias-chain-pair",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "dns-failover-pair",
                "mandatory",
                "api-west",
                'Point SECONDARY record "api-west" for app.example.com A in zone Z0000000000000000027 at another region: it and PRIMARY record "api-east" both send users to us-east-1, so a regional failure takes both down.',
            ],
            // The same defect, played (issue 24): users never leave the failed region, so the
            // simulated outage never serves and the RTO is unbounded.
            [
                "dev",
                "failover-objectives",
                "mandatory",
                "",
                "Bring the estimated worst-case RTO of unbounded (unknown, dns routing) within the objective of 3600 s",
            ],
            [
                "dev",
                "failover-simulation",
                "mandatory",
                "api-east",
                "Invariant serves-within-rto breaks in scenario outage:us-east-1 (also in failover-and-failback:us-east-1, outage-after-failback:us-east-1, app-down:us-east-1): outage of us-east-1: users are not served again by the end of the scenario, beyond the RTO of 3600 s; at 60 s users reach us-east-1, which does not answer (the region is down).",
            ],
        ],
    },
    // Every record is created with the us-east-1 provider; the chain ends in us-west-2.
    { program: "alias-chain-pair", variant: "good", code: 0, expect: [] },
    {
        program: "rpo-across-stacks",
        variant: "bad",
        code: 1,
        expect: [
            [
                "us-east-1",
                "compute-requires-data-replication",
                "mandatory",
                "orders",
                'Replicate DynamoDB table "orders" into us-west-2;',
            ],
            [
                "us-east-1",
                "failover-objectives",
                "mandatory",
                "",
                "Bring the estimated RPO of unbounded within the objective of 3600 s (policy config). Replication bounds:\n  - table orders (this stack) unbounded",
            ],
            [
                "us-west-2",
                "failover-objectives",
                "mandatory",
                "",
                "Bring the estimated RPO of unbounded within the objective of 3600 s (policy config). Replication bounds:\n  - table orders (stack us-east-1) unbounded",
            ],
        ],
    },
    // The replica lives in the us-west-2 stack; each stack's failover-objectives sees it.
    { program: "rpo-across-stacks", variant: "good", code: 0, expect: [] },
    {
        program: "unrouted-compute",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "failover-objectives",
                "mandatory",
                "",
                unrouted("nothing routes users to us-west-2"),
            ],
        ],
    },
    { program: "unrouted-compute", variant: "good", code: 0, expect: [] },
    {
        program: "bucket-roles",
        variant: "bad",
        code: 1,
        expect: [
            [
                "dev",
                "data-protection",
                "mandatory",
                "uploads",
                'Enable versioning on S3 bucket "uploads" with an aws.s3.BucketVersioning whose status is Enabled:',
            ],
        ],
    },
    // Log, query-result, script, uploaded-content and regional buckets, and a Glue database.
    { program: "bucket-roles", variant: "good", code: 0, expect: [] },
];

describe("issue 27 classes through the check", function () {
    this.timeout(300_000);
    for (const c of cases) {
        it(`${c.program} (${c.variant}): exit ${c.code}, ${c.expect.length} violation(s)`, async () => {
            const { code, found } = await check(c.program, c.variant);
            const sort = (list: Found[]) =>
                [...list].sort(
                    (a, b) =>
                        a.slice(0, 4).join().localeCompare(b.slice(0, 4).join()) ||
                        a[4].localeCompare(b[4]),
                );
            const got = sort(found);
            const want = sort(c.expect);
            assert.strictEqual(got.length, want.length, JSON.stringify(got, null, 1));
            for (const w of want) {
                const match = got.find(
                    (g) =>
                        g.slice(0, 4).join("|") === w.slice(0, 4).join("|") &&
                        g[4].startsWith(w[4]),
                );
                assert.ok(
                    match,
                    `no violation ${JSON.stringify(w)} in\n${JSON.stringify(got, null, 1)}`,
                );
            }
            assert.strictEqual(code, c.code);
        });
    }

    it("awsx load balancer with a us-west-2 provider: us-west-2 DNS name and zone, a two-region pair", async () => {
        const { code, found, doc } = await check("awsx-west-provider", "good");
        assert.deepStrictEqual(found, []);
        assert.strictEqual(code, 0);
        const outputs = doc.stacks[0].outputs;
        assert.match(
            String(outputs.westDnsName),
            /^web-usw2-[0-9a-f]{7}-\d+\.us-west-2\.elb\.amazonaws\.com$/,
        );
        assert.strictEqual(outputs.westZoneId, "Z1H1FL5HABSF5");
    });
});
