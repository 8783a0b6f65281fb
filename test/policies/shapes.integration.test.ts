/**
 * Issue 15's shapes, each the smallest program that shows it, through the real check (engine,
 * analyzer protocol, this project's pack): the exit code and every mandatory and advisory
 * violation, attached to its stack and resource.
 */
import * as assert from "assert";
import * as path from "path";
import { main } from "../../bin/main";

const fixtures = path.resolve(__dirname, "../fixtures/pack");

/** [stack, policy, level, resource, message start] per violation. */
type Found = [string, string, string, string, string];

async function check(program: string): Promise<{ code: number; found: Found[] }> {
    let stdout = "";
    let stderr = "";
    const code = await main(["--program", program, "--format", "json"], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
    });
    assert.notStrictEqual(code, 2, stderr);
    const doc = JSON.parse(stdout) as {
        stacks: {
            stack: string;
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
    return { code, found };
}

/** Each shape: its program, the exit code, and each violation (message compared by prefix). */
const shapes: { program: string; code: number; expect: Found[] }[] = [
    {
        program: "per-region-unreplicated",
        code: 1,
        expect: [
            [
                "us-east-1",
                "compute-requires-data-replication",
                "mandatory",
                "orders",
                'Replicate DynamoDB table "orders" into us-west-2; set streamEnabled: true and streamViewType: "NEW_AND_OLD_IMAGES" on it (global tables replicate through the stream, and AWS refuses a replica of a table without one), then add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api-us-west-2" of stack "us-west-2" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.',
            ],
            [
                "us-east-1",
                "failover-objectives",
                "mandatory",
                "",
                "Bring the estimated RPO of unbounded",
            ],
            [
                "us-west-2",
                "compute-requires-data-replication",
                "mandatory",
                "orders",
                'Replicate DynamoDB table "orders" into us-east-1;',
            ],
            [
                "us-west-2",
                "failover-objectives",
                "mandatory",
                "",
                "Bring the estimated RPO of unbounded",
            ],
        ],
    },
    { program: "per-region-global-table", code: 0, expect: [] },
    {
        program: "per-role-data-stack",
        code: 1,
        expect: [
            [
                "data",
                "compute-requires-data-replication",
                "mandatory",
                "orders-db",
                'Replicate RDS instance "orders-db" into us-west-2; add a cross-region read replica with replicateSourceDb there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api-app-west" of stack "app-west" in us-west-2)',
            ],
        ],
    },
    { program: "failover-pair-across-stacks", code: 0, expect: [] },
    {
        program: "awsx-fargate-one-database",
        code: 1,
        expect: [
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "orders-db",
                'Replicate RDS instance "orders-db" into us-west-2; add a cross-region read replica with replicateSourceDb there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api-usw2" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.',
            ],
        ],
    },
    {
        program: "awsx-other-component",
        code: 0,
        expect: [
            [
                "dev",
                "analysis-coverage",
                "advisory",
                "audit",
                'Check component "audit" (awsx:cloudtrail:Trail) with pulumi preview: it has no child resources the pack can see, so nothing inside it was checked. A remote (multi-language) component that the offline check cannot expand looks like this.',
            ],
        ],
    },
    { program: "stores-replicated", code: 0, expect: [] },
    {
        program: "stores-unreplicated",
        code: 1,
        expect: [
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "ledger",
                'Replicate Aurora DSQL cluster "ledger" into us-west-2; make it an Aurora DSQL multi-region cluster with a peer there',
            ],
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "uploads",
                'Replicate EFS file system "uploads" into us-west-2; add an aws.efs.ReplicationConfiguration whose destination is there.',
            ],
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "search",
                'Replicate OpenSearch domain "search" into us-west-2; add a follower domain there',
            ],
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "graph",
                'Replicate Neptune cluster "graph" into us-west-2; add a secondary cluster there to a Neptune global database',
            ],
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "docs",
                'Replicate DocumentDB cluster "docs" into us-west-2; add a secondary cluster there to a DocumentDB global cluster',
            ],
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "sessions",
                'Replicate ElastiCache replication group "sessions" into us-west-2; add a replication group there to an ElastiCache global datastore',
            ],
        ],
    },
    {
        program: "compute-types",
        code: 1,
        expect: [
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "orders",
                'Replicate DynamoDB table "orders" into us-west-2; set streamEnabled: true and streamViewType: "NEW_AND_OLD_IMAGES" on it (global tables replicate through the stream, and AWS refuses a replica of a table without one), then add an aws.dynamodb.TableReplica or a replicas entry there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (Elastic Beanstalk environment "web-usw2", EKS Fargate profile "pods-usw2" in us-west-2)',
            ],
        ],
    },
    {
        program: "unknown-stateful",
        code: 0,
        expect: [
            [
                "dev",
                "analysis-coverage",
                "advisory",
                "warehouse",
                'Teach the pack how Redshift cluster "warehouse" replicates, or tag it multi-region-failover:regional=true if it is regional on purpose: aws:redshift/cluster:Cluster holds data, and the pack has no replication model for it',
            ],
        ],
    },
    {
        program: "data-third-region",
        code: 1,
        expect: [
            [
                "dev",
                "compute-requires-data-replication",
                "mandatory",
                "orders-db",
                'Replicate RDS instance "orders-db" into the regions that run compute, or move it there; add a cross-region read replica with replicateSourceDb there. It lives only in eu-west-1, where no compute runs, and compute in us-east-1 and us-west-2 depends on it, so losing eu-west-1 stops every region: the store is a single point of failure.',
            ],
        ],
    },
    {
        program: "secondary-check-probes-primary",
        code: 1,
        expect: [
            [
                "dev",
                "dns-health-check-required",
                "mandatory",
                "api-secondary",
                'Point health check "api-secondary" of SECONDARY failover record "api-secondary" (app.example.com) at the record\'s target 198.51.100.10, or attach a check that probes it: it probes 192.0.2.10, so it reports the health of another endpoint and counts as no health check for this record. When the primary\'s endpoint fails this check can fail with it, and Route 53 answers with the PRIMARY record whenever the SECONDARY is unhealthy, so users stay on the failed endpoint.',
            ],
        ],
    },
    {
        program: "primary-disabled-check",
        code: 1,
        expect: [
            [
                "dev",
                "dns-health-check-required",
                "mandatory",
                "api-primary",
                'Enable health check "api-primary" of PRIMARY failover record "api-primary" (app.example.com) (disabled is true): Route 53 treats a disabled health check as healthy, so the record counts as having no health check and never routes away from a failed endpoint.',
            ],
            // The outage played over time says the same: users keep reaching the failed primary,
            // so the simulated RTO is unbounded (failover-objectives) and serves-within-rto breaks.
            // The records' addresses name no region, so the simulation names each by its set
            // identifier.
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
                "Invariant serves-within-rto breaks in scenario outage:primary (also in failover-and-failback:primary, outage-after-failback:primary, app-down:primary): outage of primary: users are not served again by the end of the scenario, beyond the RTO of 3600 s; at 36 s users reach primary, which does not answer (the region is down).",
            ],
            [
                "dev",
                "health-check-detection-time",
                "advisory",
                "api-primary",
                'Enable health check "api-primary" (disabled is true)',
            ],
        ],
    },
    { program: "../secondary-without-health-check", code: 0, expect: [] },
    {
        program: "ttl-alias-chain",
        code: 1,
        expect: [
            [
                "dev",
                "dns-ttl-max",
                "mandatory",
                "api-east",
                'Lower ttl on record "east-a" (east.app.example.com) from 900 to 60 or less: a failover record "api-east" (app.example.com) aliases it ("api-east" -> "east-a"), and an alias to another record is served with that record\'s TTL, so resolvers keep a failed endpoint for up to 900 s after failover.',
            ],
            [
                "dev",
                "dns-ttl-max",
                "mandatory",
                "api-west",
                'Lower ttl on record "west-a" (west.app.example.com) from 900 to 60 or less:',
            ],
        ],
    },
    { program: "alb-access-log-buckets", code: 0, expect: [] },
    { program: "regional-tagged-bucket", code: 0, expect: [] },
    { program: "sns-topic-reference", code: 0, expect: [] },
    { program: "standby-autoscaling-min", code: 0, expect: [] },
];

describe("issue 15 shapes through the check", function () {
    this.timeout(300_000);
    for (const shape of shapes) {
        it(`${shape.program}: exit ${shape.code}, ${shape.expect.length} violation(s)`, async () => {
            const { code, found } = await check(path.join(fixtures, shape.program));
            const sort = (list: Found[]) =>
                [...list].sort((a, b) => a.join().localeCompare(b.join()));
            const got = sort(found);
            const want = sort(shape.expect);
            assert.strictEqual(got.length, want.length, JSON.stringify(got, null, 1));
            got.forEach((g, i) => {
                assert.deepStrictEqual(g.slice(0, 4), want[i].slice(0, 4));
                assert.ok(
                    g[4].startsWith(want[i][4]),
                    `${g[4]}\n  does not start with\n${want[i][4]}`,
                );
            });
            assert.strictEqual(code, shape.code);
        });
    }
});
