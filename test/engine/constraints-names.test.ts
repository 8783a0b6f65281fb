/**
 * The name rules of check/engine/constraints/names.ts, walked entry by entry (issue #30): for
 * every type, a name at its shortest and longest allowed length passes, one character outside
 * either fails with the exact message, and names that probe each pattern's edges (first and last
 * character, characters just outside the set) pass or fail as the cited API reference says.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { nameRules, namesOf } from "../../check/engine/constraints/names";
import { recorded } from "../helpers/recorded";

/** The name problems of a resource of `type` whose rule field is `name`. */
function nameProblemsOf(type: string, name: unknown): string[] {
    const field = nameRules[type][0].field;
    const resource = recorded(type, "r", { [field]: name });
    return namesOf(type)!({ resource, all: [resource] });
}

/** A name of `length` characters the type's pattern accepts. */
function validOfLength(type: string, length: number): string {
    return type === "aws:kms/alias:Alias" ? "alias/" + "a".repeat(length - 6) : "a".repeat(length);
}

/** Names each type accepts and refuses (by its pattern or its extra rules), beyond length. */
const samples: Record<string, { ok: string[]; bad: string[] }> = {
    "aws:s3/bucket:Bucket": {
        ok: ["a.b-c9", "9ab", "1234.1.1.1", "1.2.3", "xn-a", "abc-s3", "abc.mra"],
        bad: ["-ab", "ab-", "Abc", "a_b", "ab."],
    },
    "aws:s3/bucketV2:BucketV2": { ok: ["a.b-c9"], bad: ["-ab", "ab-", "Abc", "a_b"] },
    "aws:sns/topic:Topic": {
        ok: ["A_b-9", "topic.fifo"],
        bad: ["a.b", "a b", "a.fifo.x", ".fifo", "a%b"],
    },
    "aws:sqs/queue:Queue": { ok: ["A_b-9", "queue.fifo"], bad: ["a.b", "a b", ".fifo", "-%"] },
    "aws:iam/role:Role": { ok: ["a+=,.@_-Z9"], bad: ["a b", "a/b", "a*", "*a"] },
    "aws:iam/rolePolicy:RolePolicy": { ok: ["a+=,.@_-Z9"], bad: ["a b", "a/b"] },
    "aws:iam/policy:Policy": { ok: ["a+=,.@_-Z9"], bad: ["a b", "a/b"] },
    "aws:cloudwatch/logGroup:LogGroup": {
        ok: ["/aws/x.y-z_#9", "Ab"],
        bad: ["a b", "a:b", ":a", "a:"],
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        ok: ["Any name: (x) %"],
        bad: ["a\tb", "a\x7fb", "\x01a", "a\x1f"],
    },
    "aws:ecs/taskDefinition:TaskDefinition": { ok: ["A_b-9"], bad: ["a.b", "a b", ".a", "a."] },
    "aws:ecs/cluster:Cluster": { ok: ["A_b-9"], bad: ["a.b", "a b"] },
    "aws:ecs/service:Service": { ok: ["A_b-9"], bad: ["a.b", "a b"] },
    "aws:lb/loadBalancer:LoadBalancer": {
        ok: ["a-b9", "A", "b-internal-c"],
        bad: ["a_b", "-ab", "ab-", "internal-ab", "_a", "a_"],
    },
    "aws:lb/targetGroup:TargetGroup": {
        ok: ["a-b9", "internal-ab"],
        bad: ["a_b", "-ab", "ab-"],
    },
    "aws:dynamodb/table:Table": { ok: ["a_b.c-9"], bad: ["a b", "a/b", "/ab", "ab/"] },
    "aws:kms/alias:Alias": {
        ok: ["alias/a/b_c-9", "alias/awsx", "alias/my/aws/key"],
        bad: ["aaa", "alias/a b", "alias/aws/x", "xalias/a", "alias/a.b"],
    },
    "aws:secretsmanager/secret:Secret": {
        ok: ["a/b_c+=.@-9"],
        bad: ["a b", "a*b", "*ab", "ab*"],
    },
    "aws:rds/cluster:Cluster": {
        ok: ["a-b9", "A", "a1-b2-c3"],
        bad: ["1a", "a-", "a--b", "a_b", "-a"],
    },
    "aws:rds/instance:Instance": { ok: ["a-b9", "A"], bad: ["1a", "a-", "a--b"] },
    "aws:lambda/function:Function": { ok: ["A_b-9"], bad: ["a.b", "a b"] },
    "aws:ecr/repository:Repository": {
        ok: ["ns/repo.a_b-c9", "a/b/c", "ab"],
        bad: ["Repo", "repo/", "/repo", "a..b", "repo-", "-repo", "a//b"],
    },
    "aws:wafv2/webAcl:WebAcl": { ok: ["A_b-9"], bad: ["a.b", "a b", ".a", "a."] },
    "aws:ec2/securityGroup:SecurityGroup": {
        ok: ["web sg ._-:/()#,@[]+=&;{}!$*", "my-sg-1"],
        bad: ["a%b", "sg-123", "SG-1", "%a", "a%"],
    },
    "aws:globalaccelerator/accelerator:Accelerator": {
        ok: ["a.b-c9", "A"],
        bad: [".ab", "ab-", "a_b", "-ab", "ab."],
    },
};

describe("AWS input constraints: names, every rule", () => {
    it("has samples for exactly the types with name rules", () =>
        assert.deepStrictEqual(Object.keys(samples).sort(), Object.keys(nameRules).sort()));

    for (const [type, rules] of Object.entries(nameRules)) {
        const rule = rules[0];
        const length = (name: string) =>
            `${rule.field} ${JSON.stringify(name)} is ${name.length} characters; AWS allows ${rule.min} to ${rule.max} (${rule.doc})`;
        describe(type, () => {
            // A KMS alias is at least "alias/" and one character, above the API's minimum of 1.
            const shortest = type === "aws:kms/alias:Alias" ? 7 : rule.min;
            it(`accepts ${rule.field} of ${shortest} and of ${rule.max} characters`, () => {
                assert.deepStrictEqual(nameProblemsOf(type, validOfLength(type, shortest)), []);
                assert.deepStrictEqual(nameProblemsOf(type, validOfLength(type, rule.max)), []);
            });
            it(`rejects ${rule.field} of ${rule.max + 1} characters`, () => {
                const name = validOfLength(type, rule.max + 1);
                // Names over 80 characters are shown by their first 80 (tested below).
                const shown =
                    name.length > 80
                        ? `${JSON.stringify(name.slice(0, 80))}... (${name.length} characters)`
                        : JSON.stringify(name);
                assert.deepStrictEqual(nameProblemsOf(type, name), [
                    `${rule.field} ${shown} is ${name.length} characters; AWS allows ${rule.min} to ${rule.max} (${rule.doc})`,
                ]);
            });
            if (rule.min > 1) {
                it(`rejects ${rule.field} of ${rule.min - 1} characters`, () => {
                    const name = validOfLength(type, rule.min - 1);
                    assert.deepStrictEqual(nameProblemsOf(type, name), [length(name)]);
                });
            }
            it(`rejects an empty ${rule.field} by length and by characters`, () =>
                assert.deepStrictEqual(nameProblemsOf(type, ""), [
                    length(""),
                    `${rule.field} "" may contain only ${rule.allowed} (${rule.doc})`,
                ]));
            for (const ok of samples[type].ok) {
                it(`accepts ${JSON.stringify(ok)}`, () =>
                    assert.deepStrictEqual(nameProblemsOf(type, ok), []));
            }
            for (const bad of samples[type].bad) {
                it(`refuses ${JSON.stringify(bad)}`, () =>
                    assert.notDeepStrictEqual(nameProblemsOf(type, bad), []));
            }
            it("leaves a name the program did not set (not a string) to the provider", () =>
                assert.deepStrictEqual(nameProblemsOf(type, undefined), []));
        });
    }

    describe("exact messages of the pattern and of the extra rules", () => {
        const s3 = "aws:s3/bucket:Bucket";
        const s3Doc =
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html";
        it("a character outside the set", () =>
            assert.deepStrictEqual(nameProblemsOf(s3, "a_b"), [
                `bucket "a_b" may contain only lowercase letters, digits, . and -, beginning and ending with a letter or digit (${s3Doc})`,
            ]));
        const s3Shapes: [string, string][] = [
            ["a..b", "must not contain two adjacent periods"],
            ["192.168.5.4", "must not be formatted as an IP address"],
            ["xn--abc", "must not start with the reserved prefix xn--"],
            ["sthree-abc", "must not start with the reserved prefix sthree-"],
            ["amzn-s3-demo-abc", "must not start with the reserved prefix amzn-s3-demo-"],
            ["abc-s3alias", "must not end with the reserved suffix -s3alias"],
            ["abc--ol-s3", "must not end with the reserved suffix --ol-s3"],
            ["abc.mrap", "must not end with the reserved suffix .mrap"],
            ["abc--x-s3", "must not end with the reserved suffix --x-s3"],
            ["abc--table-s3", "must not end with the reserved suffix --table-s3"],
        ];
        for (const [name, problem] of s3Shapes) {
            it(`bucket ${name}: ${problem}`, () => {
                for (const type of [s3, "aws:s3/bucketV2:BucketV2"]) {
                    assert.deepStrictEqual(nameProblemsOf(type, name), [
                        `bucket ${JSON.stringify(name)} ${problem} (${s3Doc})`,
                    ]);
                }
            });
        }
        const lbDoc =
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html";
        const tgDoc =
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html";
        it("load balancer names: edge hyphens and internal-", () => {
            const lb = "aws:lb/loadBalancer:LoadBalancer";
            assert.deepStrictEqual(nameProblemsOf(lb, "-ab"), [
                `name "-ab" must not begin or end with a hyphen (${lbDoc})`,
            ]);
            assert.deepStrictEqual(nameProblemsOf(lb, "ab-"), [
                `name "ab-" must not begin or end with a hyphen (${lbDoc})`,
            ]);
            assert.deepStrictEqual(nameProblemsOf(lb, "internal-ab"), [
                `name "internal-ab" must not begin with internal- (${lbDoc})`,
            ]);
            assert.deepStrictEqual(nameProblemsOf("aws:lb/targetGroup:TargetGroup", "ab-"), [
                `name "ab-" must not begin or end with a hyphen (${tgDoc})`,
            ]);
        });
        it("KMS aliases: alias/aws/ is reserved", () =>
            assert.deepStrictEqual(nameProblemsOf("aws:kms/alias:Alias", "alias/aws/x"), [
                'name "alias/aws/x" must not begin with alias/aws/ (reserved for AWS managed keys) (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html)',
            ]));
        it("security groups: sg- in any case is reserved", () => {
            for (const name of ["sg-123", "SG-1"]) {
                assert.deepStrictEqual(
                    nameProblemsOf("aws:ec2/securityGroup:SecurityGroup", name),
                    [
                        `name ${JSON.stringify(name)} must not begin with sg- (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html)`,
                    ],
                );
            }
        });
        it("a name of exactly 80 characters is shown whole, one of 81 by its first 80", () => {
            const name = "a".repeat(80);
            assert.deepStrictEqual(nameProblemsOf("aws:lb/loadBalancer:LoadBalancer", name), [
                `name ${JSON.stringify(name)} is 80 characters; AWS allows 1 to 32 (${lbDoc})`,
            ]);
            assert.deepStrictEqual(nameProblemsOf("aws:lb/loadBalancer:LoadBalancer", name + "b"), [
                `name "${name}"... (81 characters) is 81 characters; AWS allows 1 to 32 (${lbDoc})`,
            ]);
        });
    });

    it("a type without name rules has no name constraint", () =>
        assert.strictEqual(namesOf("aws:route53/zone:Zone"), undefined));

    it("the check applies the name rules to every resource of the type", () => {
        const topic = recorded("aws:sns/topic:Topic", "alerts", { name: "alerts topic" });
        assert.deepStrictEqual(
            checkConstraints([topic], [topic]).map((v) => v.message),
            [
                'name "alerts topic" may contain only letters, digits, _ and - (a FIFO topic ends in .fifo) (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html)',
            ],
        );
    });
});
