/**
 * The pack's small judgements on their boundaries: Fargate task sizes
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size),
 * end-of-life engine majors (the RDS release calendars cited in policies/lib/aws-limits.ts),
 * Aurora global write forwarding versions
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-apg.html,
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-ams.html),
 * where a resource lives (its own region, its provider's, an ARN or an endpoint name), the store
 * and compute catalog, and policy config with defaults.
 */
import * as assert from "assert";
import { writeForwardingSupported } from "../../policies/lib/aurora-versions";
import {
    describeFargateMemory,
    endOfLifeEngineVersion,
    fargateMemoryByCpu,
    isValidFargateSize,
} from "../../policies/lib/aws-limits";
import {
    computeRow,
    describe as describeResource,
    isUnjudgedCompute,
    isUnjudgedStore,
    storeRow,
} from "../../policies/lib/catalog";
import { closedSchema, configWithDefaults, schemaFor } from "../../policies/lib/config";
import {
    providerDefaultTags,
    regionOf,
    regionOfArn,
    regionOfDnsName,
} from "../../policies/lib/region";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UnknownValueError } = require("@pulumi/policy/proxy") as {
    UnknownValueError: new (sentinel: unknown, props: string[]) => Error;
};
const unknownGetter = (key: string) =>
    Object.defineProperty({}, key, {
        enumerable: true,
        get: () => {
            throw new UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", [key]);
        },
    });

describe("pack limits: Fargate, engines, write forwarding", () => {
    it("every CPU size accepts exactly its listed memory sizes", () => {
        for (const [cpu, sizes] of Object.entries(fargateMemoryByCpu)) {
            for (const memory of sizes) {
                assert.ok(isValidFargateSize(Number(cpu), memory), `${cpu}/${memory}`);
            }
            assert.ok(!isValidFargateSize(Number(cpu), sizes[0]! - 1), `${cpu}/${sizes[0]! - 1}`);
            assert.ok(!isValidFargateSize(Number(cpu), sizes.at(-1)! + 1024));
        }
        assert.ok(!isValidFargateSize(300, 512));
        assert.strictEqual(
            describeFargateMemory(256),
            "memory for cpu 256 must be one of 512, 1024, 2048",
        );
        assert.strictEqual(
            describeFargateMemory(300),
            `cpu must be one of ${Object.keys(fargateMemoryByCpu).join(", ")}`,
        );
    });

    const engines: [string, string, string | undefined][] = [
        [
            "aurora-postgresql",
            "12",
            "is aurora-postgresql 12, which is past the end of RDS standard support; use a supported major version such as 16",
        ],
        [
            "aurora-postgresql",
            "12.9",
            "is aurora-postgresql 12, which is past the end of RDS standard support; use a supported major version such as 16",
        ],
        ["aurora-postgresql", "13.4", undefined],
        ["aurora-postgresql", "120", undefined],
        [
            "aurora-mysql",
            "5.7.mysql_aurora.2.11.2",
            "is aurora-mysql 5.7, which is past the end of RDS standard support; use a supported major version such as 8.0",
        ],
        [
            "mysql",
            "5.6",
            "is mysql 5.6, which is past the end of RDS standard support; use a supported major version such as 8.0",
        ],
        ["mysql", "8.0.35", undefined],
        [
            "mariadb",
            "10.4.8",
            "is mariadb 10.4, which is past the end of RDS standard support; use a supported major version such as 10.11",
        ],
        ["mariadb", "10.11", undefined],
        [
            "postgres",
            "9.6",
            "is postgres 9, which is past the end of RDS standard support; use a supported major version such as 16",
        ],
        ["oracle-ee", "12", undefined],
    ];
    for (const [engine, version, expected] of engines) {
        it(`${engine} ${version}: ${expected ? "end of life" : "supported"}`, () => {
            assert.strictEqual(endOfLifeEngineVersion(engine, version), expected);
        });
    }

    const forwarding: [string, string, boolean][] = [
        ["aurora-postgresql", "16.1", true],
        ["aurora-postgresql", "17", true],
        ["aurora-postgresql", "15.4", true],
        ["aurora-postgresql", "15.3", false],
        ["aurora-postgresql", "14.9", true],
        ["aurora-postgresql", "14.8", false],
        ["aurora-postgresql", "13.12", false],
        ["aurora-mysql", "5.7.mysql_aurora.2.08.1", true],
        ["aurora-mysql", "5.7.mysql_aurora.2.08.0", false],
        ["aurora-mysql", "5.7.mysql_aurora.2.09", true],
        ["aurora-mysql", "5.7.mysql_aurora.2.07.9", false],
        ["aurora-mysql", "5.7.mysql_aurora.2.8", false], // 2.8 reads as 2.8.0
        ["aurora-mysql", "8.0.mysql_aurora.3.04.0", true],
        ["aurora-mysql", "5.7.mysql_aurora.1.99.9", false],
        ["aurora-mysql", "8.0.32", false],
        ["mysql", "8.0.mysql_aurora.3.04.0", false],
    ];
    for (const [engine, version, expected] of forwarding) {
        it(`write forwarding on ${engine} ${version}: ${expected}`, () => {
            assert.strictEqual(writeForwardingSupported(engine, version), expected);
        });
    }
});

describe("pack region: where a resource lives", () => {
    it("its own region first, then its provider's, else unknown", () => {
        assert.strictEqual(
            regionOf({
                props: { region: "eu-west-1" },
                provider: { props: { region: "us-east-1" } },
            }),
            "eu-west-1",
        );
        assert.strictEqual(
            regionOf({ props: { region: "" }, provider: { props: { region: "us-east-1" } } }),
            "us-east-1",
        );
        assert.strictEqual(regionOf({ props: {} }), undefined);
        assert.strictEqual(
            regionOf({ props: unknownGetter("region") as Record<string, unknown> }),
            undefined,
        );
    });

    const arns: [unknown, string | undefined][] = [
        ["arn:aws:dynamodb:us-east-1:123456789012:table/t", "us-east-1"],
        ["arn:aws-us-gov:s3:us-gov-west-1:1:x", "us-gov-west-1"],
        ["arn:aws:rds:ap-southeast-2:1:db:x", "ap-southeast-2"],
        ["arn:aws:s3:::bucket", undefined],
        ["arn:aws:iam::1:role/x", undefined],
        ["xarn:aws:rds:us-east-1:1:db", undefined],
        ["arn:aws:rds:us-east-1x:1:db", undefined],
        [5, undefined],
        ["", undefined],
    ];
    for (const [arn, expected] of arns) {
        it(`the region of ARN ${JSON.stringify(arn)}: ${String(expected)}`, () => {
            assert.strictEqual(regionOfArn(arn), expected);
        });
    }

    const names: [unknown, string | undefined][] = [
        ["my-alb-1.us-east-1.elb.amazonaws.com", "us-east-1"],
        ["My-Alb-1.EU-WEST-1.ELB.AMAZONAWS.COM.", "eu-west-1"],
        ["b.s3-website-us-west-2.amazonaws.com", "us-west-2"],
        ["b.s3-website.eu-central-1.amazonaws.com", "eu-central-1"],
        ["env.us-east-2.elasticbeanstalk.com", "us-east-2"],
        ["abc.execute-api.ap-south-1.amazonaws.com", "ap-south-1"],
        ["x.ca-central-1.awsapprunner.com", "ca-central-1"],
        ["b.s3.sa-east-1.amazonaws.com", "sa-east-1"],
        ["b.s3-eu-north-1.amazonaws.com", "eu-north-1"],
        ["u.lambda-url.eu-west-3.on.aws", "eu-west-3"],
        ["search-d.us-west-1.es.amazonaws.com", "us-west-1"],
        ["ec2-1-2-3-4.eu-west-2.compute.amazonaws.com", "eu-west-2"],
        ["ec2-1-2-3-4.compute-1.amazonaws.com", "us-east-1"],
        ["d1.cloudfront.net", undefined],
        ["my-alb.us-east-1.elb.amazonaws.com.evil.com", undefined],
        ["", undefined],
        [null, undefined],
    ];
    for (const [name, expected] of names) {
        it(`the region of ${JSON.stringify(name)}: ${String(expected)}`, () => {
            assert.strictEqual(regionOfDnsName(name), expected);
        });
    }

    it("a provider's default tags, parsed from JSON; none when absent or unknown", () => {
        assert.deepStrictEqual(
            providerDefaultTags({
                props: {},
                provider: { props: { defaultTags: { tags: { a: "1" } } } },
            }),
            { a: "1" },
        );
        assert.deepStrictEqual(
            providerDefaultTags({
                props: {},
                provider: { props: { defaultTags: '{"tags":{"b":"2"}}' } },
            }),
            { b: "2" },
        );
        assert.deepStrictEqual(
            providerDefaultTags({
                props: {},
                provider: { props: { defaultTags: { tags: '{"c":"3"}' } } },
            }),
            { c: "3" },
        );
        assert.deepStrictEqual(providerDefaultTags({ props: {} }), {});
        assert.deepStrictEqual(
            providerDefaultTags({
                props: {},
                provider: { props: unknownGetter("defaultTags") as Record<string, unknown> },
            }),
            {},
        );
    });
});

describe("pack catalog: stores and compute", () => {
    it("finds rows by type", () => {
        assert.strictEqual(storeRow("aws:dynamodb/table:Table")?.type, "aws:dynamodb/table:Table");
        assert.strictEqual(storeRow("aws:ecs/service:Service"), undefined);
        assert.strictEqual(computeRow("aws:ecs/service:Service")?.type, "aws:ecs/service:Service");
        assert.strictEqual(computeRow("aws:dynamodb/table:Table"), undefined);
    });

    const stores: [string, boolean][] = [
        ["aws:dynamodb/table:Table", false],
        ["aws:timestream/database:Database", true],
        ["aws:qldb/ledger:Ledger", true],
        ["aws:ebs/volume:Volume", true],
        ["aws:fsx/lustreFileSystem:LustreFileSystem", true],
        ["aws:foo/bar:Baz", false],
        ["custom:x/y:Database", false],
        ["aws:foo/bar:DatabaseThing", false],
    ];
    for (const [type, expected] of stores) {
        it(`${type} is ${expected ? "" : "not "}an unjudged store`, () => {
            assert.strictEqual(isUnjudgedStore(type), expected);
        });
    }

    const compute: [string, boolean][] = [
        ["aws:ecs/service:Service", false],
        ["aws:sfn/stateMachine:StateMachine", false],
        ["aws:x/y:MyStateMachine", true],
        ["aws:x/y:ContainerService", true],
        ["aws:x/y:ComputeEnvironment", true],
        ["aws:foo/bar:MyNodeGroup", true],
        ["aws:foo/bar:Baz", false],
        ["custom:x/y:StateMachine", false],
    ];
    for (const [type, expected] of compute) {
        it(`${type} is ${expected ? "" : "not "}unjudged compute`, () => {
            assert.strictEqual(isUnjudgedCompute(type), expected);
        });
    }

    it("describes a resource by its label and quoted name, or its type", () => {
        assert.strictEqual(
            describeResource({ type: "aws:route53/record:Record", name: "www" }),
            'Route 53 record "www"',
        );
        assert.strictEqual(describeResource({ type: "aws:x/y:Z", name: "n" }), 'aws:x/y:Z "n"');
    });
});

describe("pack config: schemas and defaults", () => {
    it("a schema from the defaults: each value's JSON type, closed to other keys", () => {
        const schema = schemaFor(
            { seconds: 30, ratio: 0.5, name: "x", on: true, list: ["a"] },
            { seconds: "S", ratio: "R", name: "N", on: "O", list: "L" },
            { seconds: { minimum: 1 } },
        );
        assert.deepStrictEqual(schema, {
            properties: {
                seconds: { type: "integer", default: 30, description: "S", minimum: 1 },
                ratio: { type: "number", default: 0.5, description: "R" },
                name: { type: "string", default: "x", description: "N" },
                on: { type: "boolean", default: true, description: "O" },
                list: {
                    type: "array",
                    default: ["a"],
                    description: "L",
                    items: { type: "string" },
                },
            },
            additionalProperties: false,
        });
        const open = { properties: {} };
        assert.strictEqual(closedSchema(open), open);
    });

    const defaults = {
        seconds: 30,
        name: "x",
        list: ["a"] as string[],
        optional: undefined as string | undefined,
    };
    const config = (given: unknown) =>
        configWithDefaults({ getConfig: <C>() => given as C }, defaults);

    it("given values of the right type win; the wrong type, null or a bad list keeps the default", () => {
        assert.deepStrictEqual(
            config({ seconds: 10, name: "y", list: ["b", "c"], optional: "o", extra: 1 }),
            {
                seconds: 10,
                name: "y",
                list: ["b", "c"],
                optional: "o",
            },
        );
        assert.deepStrictEqual(config({ seconds: "10", name: null, list: ["b", 1] }), defaults);
        assert.deepStrictEqual(config({ list: "b" }), defaults);
        assert.deepStrictEqual(config({ seconds: 0, list: [] }), {
            ...defaults,
            seconds: 0,
            list: [],
        });
    });

    it("no config, or a getConfig that throws, gives the defaults", () => {
        assert.deepStrictEqual(config(null), defaults);
        assert.deepStrictEqual(config("text"), defaults);
        assert.deepStrictEqual(
            configWithDefaults(
                {
                    getConfig: () => {
                        throw new Error("no config");
                    },
                },
                defaults,
            ),
            defaults,
        );
    });
});
