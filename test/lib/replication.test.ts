/**
 * The replication graph (policies/lib/replication.ts), one replication mechanism per case, with
 * the groups it forms (kind, writable source, members, regions), the replicas and the S3 rules.
 * Mechanisms: S3 replication rules (separate and inline;
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html), DynamoDB global table
 * replicas, RDS/DocumentDB/Neptune global clusters and cross-region replicas, ElastiCache global
 * datastores, EFS replication (which creates its destination unless one is named;
 * https://docs.aws.amazon.com/efs/latest/ug/efs-replication.html), OpenSearch cross-cluster
 * replication, Aurora DSQL peers.
 */
import * as assert from "assert";
import { GraphResource, replicationGraph, storeKindOf } from "../../policies/lib/replication";

function r(
    type: string,
    name: string,
    region: string | undefined,
    props: Record<string, unknown>,
    extra: Partial<GraphResource> = {},
): GraphResource {
    return {
        type,
        name,
        urn: `urn:${type}::${name}`,
        props: region ? { region, ...props } : props,
        ...extra,
    };
}
const summary = (resources: GraphResource[]) => {
    const graph = replicationGraph(resources);
    return {
        groups: graph.groups.map((g) => [
            g.kind,
            g.source.name,
            g.members.map((m) => m.name),
            [...g.regions].sort(),
        ]),
        replicas: [...graph.replicas].map((m) => m.name),
    };
};
const bucket = (name: string, region: string, extra: Record<string, unknown> = {}) =>
    r("aws:s3/bucket:Bucket", name, region, {
        bucket: name,
        arn: `arn:aws:s3:::${name}`,
        ...extra,
    });

describe("pack replication: S3", () => {
    it("a separate replication config joins source and destination", () => {
        const rules = [
            { id: "r1", status: "Enabled", destination: { bucket: "arn:aws:s3:::b" } },
            { id: "off", status: "Disabled", destination: { bucket: "arn:aws:s3:::c" } },
            { destination: { bucket: "arn:aws:s3:::outside" } },
        ];
        const config = r(
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            "rep",
            "us-east-1",
            { bucket: "a", rules },
        );
        const resources = [
            bucket("a", "us-east-1"),
            bucket("b", "us-west-2"),
            bucket("c", "eu-west-1"),
            config,
        ];
        assert.deepStrictEqual(summary(resources), {
            groups: [
                ["s3", "a", ["a", "b"], ["us-east-1", "us-west-2"]],
                ["s3", "c", ["c"], ["eu-west-1"]],
            ],
            replicas: ["b"],
        });
        const graph = replicationGraph(resources);
        assert.deepStrictEqual(
            graph.s3Replications.map((s) => [
                s.declaredBy.name,
                s.ruleId,
                s.source?.name,
                s.destinationRef,
                s.destination?.name,
            ]),
            [
                ["rep", "r1", "a", "arn:aws:s3:::b", "b"],
                ["rep", "", "a", "arn:aws:s3:::outside", undefined],
            ],
        );
    });

    it("an inline replication configuration on the bucket; a source by dependency when unknown", () => {
        const inline = bucket("a", "us-east-1", {
            replicationConfiguration: { rules: [{ destination: { bucket: "b" } }] },
        });
        assert.deepStrictEqual(summary([inline, bucket("b", "us-west-2")]).groups, [
            ["s3", "a", ["a", "b"], ["us-east-1", "us-west-2"]],
        ]);
        const a = bucket("a", "us-east-1");
        const config = r(
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            "rep",
            "us-east-1",
            { rules: [{ destination: { bucket: "arn:aws:s3:::b" } }] },
            {
                propertyDependencies: {
                    bucket: [r("aws:iam/role:Role", "role", undefined, {}), a],
                },
            },
        );
        assert.deepStrictEqual(summary([a, bucket("b", "us-west-2"), config]).groups, [
            ["s3", "a", ["a", "b"], ["us-east-1", "us-west-2"]],
        ]);
        // A known bucket name outside the stack is not replaced by a dependency.
        const named = { ...config, props: { ...config.props, bucket: "elsewhere" } };
        assert.deepStrictEqual(
            replicationGraph([a, bucket("b", "us-west-2"), named]).s3Replications[0]!.source,
            undefined,
        );
    });

    it("a regional evidence bucket is no store", () => {
        const evidence = bucket("logs", "us-east-1", {
            tags: { "multi-region-failover:replication": "none-regional-evidence" },
        });
        assert.deepStrictEqual(summary([evidence]).groups, []);
    });
});

describe("pack replication: databases and tables", () => {
    it("a DynamoDB table's replicas add their regions", () => {
        const table = r("aws:dynamodb/table:Table", "t", "us-east-1", {
            name: "t",
            replicas: [{ regionName: "us-west-2" }, { regionName: 5 }, {}],
        });
        assert.deepStrictEqual(summary([table]).groups, [
            ["dynamodb", "t", ["t"], ["us-east-1", "us-west-2"]],
        ]);
    });

    it("a TableReplica joins its global table by ARN and is not the source", () => {
        const table = r("aws:dynamodb/table:Table", "t", "us-east-1", {
            arn: "arn:aws:dynamodb:us-east-1:1:table/t",
        });
        const replica = r("aws:dynamodb/tableReplica:TableReplica", "rep", "us-west-2", {
            globalTableArn: "arn:aws:dynamodb:us-east-1:1:table/t",
        });
        assert.deepStrictEqual(summary([replica, table]), {
            groups: [["dynamodb", "t", ["rep", "t"], ["us-east-1", "us-west-2"]]],
            replicas: ["rep"],
        });
    });

    it("an Aurora global cluster: members by identifier, later members secondaries, no region of its own", () => {
        const global = r("aws:rds/globalCluster:GlobalCluster", "g", "us-east-1", {
            globalClusterIdentifier: "gid",
        });
        const p = r("aws:rds/cluster:Cluster", "p", "us-east-1", {
            clusterIdentifier: "p",
            globalClusterIdentifier: "gid",
        });
        const s = r("aws:rds/cluster:Cluster", "s", "us-west-2", {
            clusterIdentifier: "s",
            globalClusterIdentifier: "gid",
        });
        assert.deepStrictEqual(summary([global, p, s]), {
            groups: [["aurora", "p", ["g", "p", "s"], ["us-east-1", "us-west-2"]]],
            replicas: ["s"],
        });
        const graph = replicationGraph([global, p, s]);
        assert.strictEqual(graph.regionOf(global), undefined);
        assert.strictEqual(graph.regionOf(p), "us-east-1");
    });

    it("a global cluster made from a source cluster, by its ARN", () => {
        const p = r("aws:rds/cluster:Cluster", "p", "us-east-1", { clusterIdentifier: "prim" });
        const global = r("aws:rds/globalCluster:GlobalCluster", "g", "us-east-1", {
            id: "gid",
            sourceDbClusterIdentifier: "arn:aws:rds:us-east-1:1:cluster:prim",
        });
        const s = r("aws:rds/cluster:Cluster", "s", "us-west-2", {
            clusterIdentifier: "s",
            globalClusterIdentifier: "gid",
        });
        assert.deepStrictEqual(summary([p, global, s]).groups, [
            ["aurora", "p", ["p", "g", "s"], ["us-east-1", "us-west-2"]],
        ]);
    });

    it("a cross-region replica cluster, and an RDS read replica", () => {
        const p = r("aws:rds/cluster:Cluster", "p", "us-east-1", {
            arn: "arn:aws:rds:us-east-1:1:cluster:p",
        });
        const s = r("aws:rds/cluster:Cluster", "s", "us-west-2", {
            replicationSourceIdentifier: "arn:aws:rds:us-east-1:1:cluster:p",
        });
        assert.deepStrictEqual(summary([s, p]), {
            groups: [["aurora", "p", ["s", "p"], ["us-east-1", "us-west-2"]]],
            replicas: ["s"],
        });
        const db = r("aws:rds/instance:Instance", "db", "us-east-1", { identifier: "db" });
        const rep = r("aws:rds/instance:Instance", "rep", "us-west-2", { replicateSourceDb: "db" });
        assert.deepStrictEqual(summary([db, rep]), {
            groups: [["rds", "db", ["db", "rep"], ["us-east-1", "us-west-2"]]],
            replicas: ["rep"],
        });
        const alone = r("aws:rds/instance:Instance", "x", "us-east-1", { replicateSourceDb: "" });
        assert.deepStrictEqual(summary([alone]).replicas, []);
    });

    it("an ElastiCache global datastore: its primary and secondary groups", () => {
        const primary = r("aws:elasticache/replicationGroup:ReplicationGroup", "p", "us-east-1", {
            replicationGroupId: "p",
        });
        const global = r(
            "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
            "g",
            "us-east-1",
            {
                globalReplicationGroupId: "gid",
                primaryReplicationGroupId: "p",
            },
        );
        const secondary = r("aws:elasticache/replicationGroup:ReplicationGroup", "s", "us-west-2", {
            globalReplicationGroupId: "gid",
        });
        const byDependency = r(
            "aws:elasticache/replicationGroup:ReplicationGroup",
            "d",
            "eu-west-1",
            {},
            { dependencies: [global] },
        );
        const groups = summary([primary, global, secondary, byDependency]);
        assert.strictEqual(storeKindOf(global.type), groups.groups[0]![0]);
        assert.deepStrictEqual(groups, {
            groups: [
                [
                    groups.groups[0]![0],
                    "p",
                    ["p", "g", "s", "d"],
                    ["eu-west-1", "us-east-1", "us-west-2"],
                ],
            ],
            replicas: ["s", "d"],
        });
    });

    it("EFS replication: a named destination joins; a created one adds its region", () => {
        const fs = r("aws:efs/fileSystem:FileSystem", "fs", "us-east-1", { id: "fs-1" });
        const dest = r("aws:efs/fileSystem:FileSystem", "dest", "us-west-2", { id: "fs-2" });
        const named = r(
            "aws:efs/replicationConfiguration:ReplicationConfiguration",
            "rep",
            "us-east-1",
            {
                sourceFileSystemId: "fs-1",
                destination: { fileSystemId: "fs-2", region: "us-west-2" },
            },
        );
        assert.deepStrictEqual(summary([fs, dest, named]), {
            groups: [["efs", "fs", ["fs", "dest"], ["us-east-1", "us-west-2"]]],
            replicas: ["dest"],
        });
        const created = r(
            "aws:efs/replicationConfiguration:ReplicationConfiguration",
            "rep",
            "us-east-1",
            {
                sourceFileSystemId: "fs-1",
                destination: { region: "eu-west-1" },
            },
        );
        assert.deepStrictEqual(summary([fs, created]).groups, [
            ["efs", "fs", ["fs"], ["eu-west-1", "us-east-1"]],
        ]);
    });

    it("OpenSearch: both domains join; one domain in the stack gains the other side's region", () => {
        const leader = r("aws:opensearch/domain:Domain", "leader", "us-east-1", {
            domainName: "leader",
        });
        const follower = r("aws:opensearch/domain:Domain", "follower", "us-west-2", {
            domainName: "follower",
        });
        const connection = (extra: Record<string, unknown> = {}) =>
            r("aws:opensearch/outboundConnection:OutboundConnection", "c", "us-west-2", {
                localDomainInfo: { domainName: "follower", region: "us-west-2" },
                remoteDomainInfo: { domainName: "leader", region: "us-east-1" },
                ...extra,
            });
        const both = summary([leader, follower, connection()]);
        assert.deepStrictEqual(both.replicas, ["follower"]);
        assert.deepStrictEqual(
            both.groups.map((g) => [g[2], g[3]]),
            [
                [
                    ["leader", "follower"],
                    ["us-east-1", "us-west-2"],
                ],
            ],
        );
        assert.deepStrictEqual(
            summary([follower, connection()]).groups.map((g) => g[3]),
            [["us-east-1", "us-west-2"]],
        );
        assert.deepStrictEqual(
            summary([leader, connection()]).groups.map((g) => g[3]),
            [["us-east-1", "us-west-2"]],
        );
        const noRegion = connection({ remoteDomainInfo: { domainName: "leader" } });
        assert.deepStrictEqual(
            summary([follower, noRegion]).groups.map((g) => g[3]),
            [["us-west-2"]],
        );
    });

    it("Aurora DSQL: peers in the stack join; peers elsewhere add their ARN's region", () => {
        const a = r("aws:dsql/cluster:Cluster", "a", "us-east-1", {
            arn: "arn:aws:dsql:us-east-1:1:cluster/a",
            multiRegionProperties: {
                clusters: [
                    "arn:aws:dsql:us-east-2:1:cluster/b",
                    "arn:aws:dsql:us-west-2:1:cluster/c",
                ],
            },
        });
        const b = r("aws:dsql/cluster:Cluster", "b", "us-east-2", {
            arn: "arn:aws:dsql:us-east-2:1:cluster/b",
        });
        assert.deepStrictEqual(
            summary([a, b]).groups.map((g) => [g[2], g[3]]),
            [
                [
                    ["a", "b"],
                    ["us-east-1", "us-east-2", "us-west-2"],
                ],
            ],
        );
        // A peering names its peers; its own cluster is the dependency it does not list.
        const own = r("aws:dsql/cluster:Cluster", "own", "us-east-1", {
            arn: "arn:aws:dsql:us-east-1:1:cluster/own",
        });
        const listed = { ...b, props: { ...b.props, arn: "arn:aws:dsql:eu-west-1:1:cluster/z" } };
        const peering = r(
            "aws:dsql/clusterPeering:ClusterPeering",
            "peer",
            "us-east-1",
            { clusters: ["arn:aws:dsql:eu-west-1:1:cluster/z"] },
            { dependencies: [listed, own] },
        );
        assert.deepStrictEqual(
            summary([own, peering]).groups.map((g) => [g[2], g[3]]),
            [[["own"], ["eu-west-1", "us-east-1"]]],
        );
    });
});

describe("pack replication: lookups", () => {
    it("by ARN, S3 name in an ARN, cluster identifier in a cluster ARN; first key wins", () => {
        const first = bucket("a", "us-east-1");
        const dup = r("aws:s3/bucket:Bucket", "dup", "us-east-1", { bucket: "a" });
        const cluster = r("aws:rds/cluster:Cluster", "c", "us-east-1", {
            clusterIdentifier: "db1",
        });
        const graph = replicationGraph([first, dup, cluster]);
        assert.strictEqual(graph.lookup("arn:aws:s3:::a"), first);
        assert.strictEqual(graph.lookup("a"), first);
        assert.strictEqual(graph.lookup("arn:aws:rds:us-east-1:1:cluster:db1"), cluster);
        assert.strictEqual(graph.lookup("arn:aws:rds:us-east-1:1:cluster:db1/x"), undefined);
        assert.strictEqual(graph.lookup(""), undefined);
        assert.strictEqual(graph.lookup(7), undefined);
        assert.strictEqual(graph.lookup("nothing"), undefined);
    });
});
