/**
 * Which stores hold application data (policies/lib/app-data.ts): every row of the bucket-use
 * table walked with a writer that names a bucket through its property path, bucket references in
 * each form AWS writes them, unknown values during preview, and the policy each role takes a
 * bucket out of. An ALB's access-log bucket must be in the load balancer's region
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 */
import * as assert from "assert";
import {
    bucketNameOf,
    bucketUseTable,
    bucketUses,
    isRegionalOnPurpose,
    notAppData,
} from "../../policies/lib/app-data";
import { GraphResource, replicationGraph } from "../../policies/lib/replication";

function r(
    type: string,
    name: string,
    props: Record<string, unknown>,
    extra: Partial<GraphResource> = {},
): GraphResource {
    return {
        type,
        name,
        urn: `urn:${type}::${name}`,
        props,
        provider: { props: { region: "us-east-1" } },
        ...extra,
    };
}
const bucket = (name: string, props: Record<string, unknown> = {}) =>
    r("aws:s3/bucket:Bucket", name, { bucket: name, arn: `arn:aws:s3:::${name}`, ...props });

/** `props` with `value` at the table's `via` path (`a.b`, `list[].c`). */
function propsAt(via: string, value: unknown): Record<string, unknown> {
    const parts = via.split(".");
    let node: unknown = value;
    for (const part of [...parts].reverse()) {
        node = part.endsWith("[]") ? { [part.slice(0, -2)]: [node] } : { [part]: node };
    }
    return node as Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UnknownValueError } = require("@pulumi/policy/proxy") as {
    UnknownValueError: new (sentinel: unknown, props: string[]) => Error;
};
const unknownAt = (key: string, rest: Record<string, unknown> = {}) =>
    Object.defineProperty({ ...rest }, key, {
        enumerable: true,
        get: () => {
            throw new UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", [key]);
        },
    }) as Record<string, unknown>;

describe("pack app data: the bucket-use table, row by row", () => {
    for (const use of bucketUseTable) {
        it(`${use.type} ${use.via} makes a bucket ${use.role}`, () => {
            const data = bucket("data");
            const extra =
                use.type === "aws:ec2/flowLog:FlowLog" ? { logDestinationType: "s3" } : {};
            const writer = r(use.type, "writer", {
                ...propsAt(use.via, "arn:aws:s3:::data"),
                ...extra,
            });
            const resources = [data, bucket("other"), writer];
            const uses = bucketUses(resources, replicationGraph(resources));
            assert.deepStrictEqual(
                [...uses.entries()].map(([b, u]) => [b.name, [...u.roles], u.by]),
                [["data", [use.role], `writer (${use.via})`]],
            );
        });
    }

    it("a flow log to CloudWatch Logs, or of an unknown destination type, names no bucket", () => {
        for (const props of [
            { logDestination: "arn:aws:s3:::data", logDestinationType: "cloud-watch-logs" },
            { logDestination: "arn:aws:s3:::data" },
            unknownAt("logDestinationType", { logDestination: "arn:aws:s3:::data" }),
        ]) {
            const resources = [bucket("data"), r("aws:ec2/flowLog:FlowLog", "fl", props)];
            assert.strictEqual(bucketUses(resources, replicationGraph(resources)).size, 0);
        }
    });

    it("several writers add their roles; the first writer is the one named", () => {
        const resources = [
            bucket("data"),
            r("aws:cloudtrail/trail:Trail", "trail", { s3BucketName: "data" }),
            r("aws:lambda/function:Function", "fn", { s3Bucket: "data" }),
            r("aws:codepipeline/pipeline:Pipeline", "pipe", {
                artifactStores: [{ location: "nope" }, { location: "data" }],
            }),
        ];
        const use = bucketUses(resources, replicationGraph(resources)).get(resources[0]!)!;
        assert.deepStrictEqual(
            [[...use.roles], use.by],
            [["logs", "artifacts"], "trail (s3BucketName)"],
        );
    });

    it("an unknown value: the bucket the property depends on, if it is a bucket", () => {
        const data = bucket("data");
        const role = r("aws:iam/role:Role", "role", {});
        const writer = r(
            "aws:lb/loadBalancer:LoadBalancer",
            "alb",
            { accessLogs: unknownAt("bucket") },
            {
                propertyDependencies: { accessLogs: [data, role] },
            },
        );
        const resources = [data, role, writer];
        const uses = bucketUses(resources, replicationGraph(resources));
        assert.deepStrictEqual(
            [...uses.keys()].map((b) => b.name),
            ["data"],
        );
        const noDeps = r("aws:lb/loadBalancer:LoadBalancer", "alb2", {
            accessLogs: unknownAt("bucket"),
        });
        assert.strictEqual(bucketUses([data, noDeps], replicationGraph([data, noDeps])).size, 0);
    });

    it("a reference to a bucket outside the stack names nothing", () => {
        const resources = [
            bucket("data"),
            r("aws:cloudtrail/trail:Trail", "t", { s3BucketName: "elsewhere" }),
        ];
        assert.strictEqual(bucketUses(resources, replicationGraph(resources)).size, 0);
    });
});

describe("pack app data: bucket names and exclusions", () => {
    const names: [string, string][] = [
        ["data", "data"],
        ["arn:aws:s3:::data", "data"],
        ["arn:aws:s3:::data/logs/prefix", "data"],
        ["s3://data/results/", "data"],
        ["data.s3.amazonaws.com", "data"],
        ["data.s3.us-west-2.amazonaws.com", "data"],
        ["data.s3-us-west-2.amazonaws.com.", "data"],
        ["my.data.s3.amazonaws.com", "my.data"],
        ["data.s3.amazonaws.com.evil", "data.s3.amazonaws.com.evil"],
    ];
    for (const [ref, expected] of names) {
        it(`the bucket of ${ref} is ${expected}`, () => {
            assert.strictEqual(bucketNameOf(ref), expected);
        });
    }

    it("regional on purpose: the tag true in any case, in tags or tagsAll; unknown tags are not", () => {
        const tagged = (props: Record<string, unknown>) => isRegionalOnPurpose(bucket("b", props));
        assert.strictEqual(tagged({ tags: { "multi-region-failover:regional": "TRUE" } }), true);
        assert.strictEqual(tagged({ tagsAll: { "multi-region-failover:regional": "true" } }), true);
        assert.strictEqual(
            tagged({
                tagsAll: { "multi-region-failover:regional": "true" },
                tags: { "multi-region-failover:regional": "false" },
            }),
            false,
        );
        assert.strictEqual(tagged({ tags: { "multi-region-failover:regional": "yes" } }), false);
        assert.strictEqual(tagged({}), false);
        assert.strictEqual(
            isRegionalOnPurpose(r("aws:s3/bucket:Bucket", "b", unknownAt("tags"))),
            false,
        );
    });

    const exclusions: [string, string[], string | undefined, string | undefined][] = [
        [
            "logs",
            ["aws:cloudtrail/trail:Trail"],
            "receives logs only, from w0 (s3BucketName)",
            "receives logs only, from w0 (s3BucketName)",
        ],
        [
            "scratch",
            ["aws:athena/database:Database"],
            "holds query results or job scratch space only, from w0 (bucket)",
            "holds query results or job scratch space only, from w0 (bucket)",
        ],
        [
            "artifacts",
            ["aws:lambda/function:Function"],
            "holds build or deployment artifacts only, from w0 (s3Bucket)",
            "holds build or deployment artifacts only, from w0 (s3Bucket)",
        ],
        [
            "program content",
            ["aws:s3/bucketObject:BucketObject"],
            undefined,
            "holds only objects the program uploads, from w0 (bucket)",
        ],
        [
            "logs and program content",
            ["aws:cloudtrail/trail:Trail", "aws:s3/bucketObject:BucketObject"],
            undefined,
            "receives logs only, holds only objects the program uploads, from w0 (s3BucketName)",
        ],
    ];
    for (const [what, types, replication, protection] of exclusions) {
        it(`${what}: replication ${replication ? "excludes" : "judges"} it, protection ${protection ? "excludes" : "judges"} it`, () => {
            const via: Record<string, string> = {
                "aws:cloudtrail/trail:Trail": "s3BucketName",
                "aws:athena/database:Database": "bucket",
                "aws:lambda/function:Function": "s3Bucket",
                "aws:s3/bucketObject:BucketObject": "bucket",
            };
            const data = bucket("data");
            const resources = [data, ...types.map((t, i) => r(t, `w${i}`, { [via[t]!]: "data" }))];
            const uses = bucketUses(resources, replicationGraph(resources));
            assert.strictEqual(notAppData(data, uses), replication);
            assert.strictEqual(notAppData(data, uses, "replication"), replication);
            assert.strictEqual(notAppData(data, uses, "protection"), protection);
        });
    }

    it("a bucket with no use is application data; a tagged one never is", () => {
        const plain = bucket("plain");
        assert.strictEqual(notAppData(plain, new Map()), undefined);
        const tagged = bucket("t", { tags: { "multi-region-failover:regional": "true" } });
        assert.strictEqual(
            notAppData(tagged, new Map(), "protection"),
            "tagged multi-region-failover:regional=true",
        );
    });
});
