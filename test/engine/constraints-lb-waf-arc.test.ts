/**
 * Load balancers, target groups, listeners and access logs; WAF web ACLs and associations; ARC
 * safety rules (issue #30: mutants of lb.ts, wafv2.ts and route53recoverycontrol.ts). Every range
 * is tested at both ends and one step outside; messages are exact.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource, others: RecordedResource[] = []): string[] {
    return checkConstraints([resource], [...others, resource]).map((v) => v.message);
}

const albDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer";
const tgDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html";
const listenerDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html";
const redirectDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RedirectActionConfig.html";
const accessLogDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html";

describe("AWS input constraints: load balancing", () => {
    const alb = (change: Record<string, unknown>, more: Partial<RecordedResource> = {}) =>
        recorded(
            "aws:lb/loadBalancer:LoadBalancer",
            "alb",
            { subnets: ["a", "b"], ...change },
            more,
        );

    it("counts subnets and subnet mappings together", () => {
        assert.deepStrictEqual(
            problems(alb({ subnets: ["a"], subnetMappings: [{ subnetId: "b" }] })),
            [],
        );
        assert.deepStrictEqual(problems(alb({ subnets: undefined, subnetMappings: [{}, {}] })), []);
    });
    it("rejects an application load balancer with one subnet, typed or by default", () => {
        for (const change of [
            { subnets: ["a"] },
            { subnets: ["a"], loadBalancerType: "application" },
        ]) {
            assert.deepStrictEqual(problems(alb(change)), [
                `an application load balancer needs at least 2 subnets in different availability zones, got 1 (${albDoc})`,
            ]);
        }
        assert.deepStrictEqual(problems(alb({ subnets: undefined })), [
            `an application load balancer needs at least 2 subnets in different availability zones, got 0 (${albDoc})`,
        ]);
    });
    it("leaves a network load balancer with one subnet alone", () =>
        assert.deepStrictEqual(problems(alb({ subnets: ["a"], loadBalancerType: "network" })), []));

    const tg = (hc: Record<string, unknown> | undefined) =>
        recorded("aws:lb/targetGroup:TargetGroup", "tg", { port: 443, healthCheck: hc });
    const ranges: [string, number, number][] = [
        ["interval", 5, 300],
        ["timeout", 2, 120],
        ["healthyThreshold", 2, 10],
        ["unhealthyThreshold", 2, 10],
    ];
    for (const [name, min, max] of ranges) {
        it(`target group healthCheck.${name}: ${min} and ${max} pass, ${min - 1}, ${max + 1} and a fraction fail`, () => {
            // interval and timeout are set apart so the timeout-below-interval rule stays quiet.
            const base = name === "timeout" ? { interval: 300 } : {};
            for (const ok of [min, max]) {
                assert.deepStrictEqual(problems(tg({ ...base, [name]: ok })), [], `${ok}`);
            }
            for (const bad of [min - 1, max + 1, min + 0.5]) {
                assert.deepStrictEqual(
                    problems(tg({ ...base, [name]: bad })),
                    [`healthCheck.${name} ${bad} is outside ${min} to ${max} (${tgDoc})`],
                    `${bad}`,
                );
            }
        });
    }
    it("requires a timeout below the interval", () => {
        assert.deepStrictEqual(problems(tg({ interval: 10, timeout: 9 })), []);
        assert.deepStrictEqual(problems(tg({ interval: 10, timeout: 10 })), [
            `healthCheck.timeout 10 must be less than healthCheck.interval 10 (${tgDoc})`,
        ]);
    });
    it("checks the path: starts with /, at most 1024 characters", () => {
        assert.deepStrictEqual(problems(tg({ path: "/" + "a".repeat(1023) })), []);
        for (const path of ["health", "/" + "a".repeat(1024)]) {
            assert.deepStrictEqual(problems(tg({ path })), [
                `healthCheck.path ${JSON.stringify(path)} must start with / and be at most 1024 characters (${tgDoc})`,
            ]);
        }
    });
    it("skips a disabled or absent health check", () => {
        assert.deepStrictEqual(problems(tg({ enabled: false, interval: 1 })), []);
        assert.deepStrictEqual(problems(tg(undefined)), []);
        assert.deepStrictEqual(problems(tg({ enabled: true, interval: 1 })), [
            `healthCheck.interval 1 is outside 5 to 300 (${tgDoc})`,
        ]);
    });

    const listener = (change: Record<string, unknown>) =>
        recorded("aws:lb/listener:Listener", "l", {
            port: 443,
            protocol: "HTTPS",
            certificateArn: "arn:cert",
            defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
            ...change,
        });
    it("accepts ports 1 and 65535, rejects 0, 65536 and a fraction", () => {
        assert.deepStrictEqual(problems(listener({ port: 1 })), []);
        assert.deepStrictEqual(problems(listener({ port: 65535 })), []);
        for (const port of [0, 65536, 1.5]) {
            assert.deepStrictEqual(problems(listener({ port })), [
                `port ${port} is outside 1 to 65535 (${listenerDoc})`,
            ]);
        }
    });
    it("requires a certificate on HTTPS and TLS only", () => {
        for (const protocol of ["HTTPS", "TLS"]) {
            assert.deepStrictEqual(problems(listener({ protocol, certificateArn: undefined })), [
                `protocol ${protocol} needs certificateArn (${listenerDoc})`,
            ]);
        }
        assert.deepStrictEqual(
            problems(listener({ protocol: "HTTP", certificateArn: undefined })),
            [],
        );
        assert.deepStrictEqual(
            problems(listener({ protocol: undefined, certificateArn: undefined })),
            [],
        );
    });
    it("requires a default action, and a target on forward", () => {
        assert.deepStrictEqual(problems(listener({ defaultActions: [] })), [
            `a listener needs at least one default action (${listenerDoc})`,
        ]);
        assert.deepStrictEqual(problems(listener({ defaultActions: [{ type: "forward" }] })), [
            `a forward action needs targetGroupArn (${listenerDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(
                listener({
                    defaultActions: [
                        { type: "forward", forward: { targetGroups: [{ arn: "x" }] } },
                    ],
                }),
            ),
            [],
        );
        assert.deepStrictEqual(
            problems(listener({ defaultActions: [{ type: "fixed-response" }] })),
            [],
        );
    });
    it("takes HTTP_301 or HTTP_302 on redirects", () => {
        for (const statusCode of ["HTTP_301", "HTTP_302"]) {
            assert.deepStrictEqual(
                problems(
                    listener({ defaultActions: [{ type: "redirect", redirect: { statusCode } }] }),
                ),
                [],
            );
        }
        assert.deepStrictEqual(
            problems(
                listener({
                    defaultActions: [{ type: "redirect", redirect: { statusCode: "HTTP_307" } }],
                }),
            ),
            [`redirect statusCode "HTTP_307" must be HTTP_301 or HTTP_302 (${redirectDoc})`],
        );
        assert.deepStrictEqual(problems(listener({ defaultActions: [{ type: "redirect" }] })), [
            `redirect statusCode null must be HTTP_301 or HTTP_302 (${redirectDoc})`,
        ]);
    });

    describe("access logs", () => {
        const bucket = (type: string, region: string) =>
            recorded(
                type,
                "logs",
                {},
                { outputs: { bucket: "alb-logs", id: "alb-logs-id" }, region },
            );
        const sse = (algorithm: string, bucketRef = "alb-logs") =>
            recorded(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "sse",
                {
                    bucket: bucketRef,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm } }],
                },
            );
        const logged = (logs: Record<string, unknown>) =>
            alb({ accessLogs: { bucket: "alb-logs", ...logs } });

        it("accepts an SSE-S3 bucket of the load balancer's region, by name or id", () => {
            assert.deepStrictEqual(
                problems(logged({}), [bucket("aws:s3/bucket:Bucket", "us-east-1"), sse("AES256")]),
                [],
            );
            assert.deepStrictEqual(
                problems(alb({ accessLogs: { bucket: "alb-logs-id" } }), [
                    bucket("aws:s3/bucketV2:BucketV2", "us-east-1"),
                ]),
                [],
            );
        });
        it("rejects a bucket in another region, of either bucket type", () => {
            for (const type of ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]) {
                assert.deepStrictEqual(problems(logged({}), [bucket(type, "us-west-2")]), [
                    `access log bucket logs is in us-west-2, the load balancer in us-east-1; the bucket must be in the load balancer's region (${accessLogDoc})`,
                ]);
            }
        });
        it("rejects SSE-KMS and DSSE-KMS on the bucket, by its name or its id", () => {
            for (const [algorithm, ref] of [
                ["aws:kms", "alb-logs"],
                ["aws:kms:dsse", "alb-logs-id"],
            ]) {
                assert.deepStrictEqual(
                    problems(logged({}), [
                        bucket("aws:s3/bucket:Bucket", "us-east-1"),
                        sse(algorithm, ref),
                    ]),
                    [
                        `access log bucket logs is encrypted with SSE-KMS; ALB access logs support only SSE-S3 (AES256) (${accessLogDoc})`,
                    ],
                );
            }
            assert.deepStrictEqual(
                problems(logged({}), [
                    bucket("aws:s3/bucket:Bucket", "us-east-1"),
                    sse("aws:kms", "other"),
                ]),
                [],
            );
        });
        it("finds the bucket by its id too, and only among buckets", () => {
            assert.deepStrictEqual(
                problems(alb({ accessLogs: { bucket: "alb-logs-id" } }), [
                    bucket("aws:s3/bucketV2:BucketV2", "us-west-2"),
                ]),
                [
                    `access log bucket logs is in us-west-2, the load balancer in us-east-1; the bucket must be in the load balancer's region (${accessLogDoc})`,
                ],
            );
            const notABucket = recorded(
                "aws:s3/bucketPolicy:BucketPolicy",
                "policy",
                {},
                {
                    outputs: { bucket: "alb-logs", id: "alb-logs" },
                    region: "us-west-2",
                },
            );
            assert.deepStrictEqual(problems(logged({}), [notABucket]), []);
            assert.deepStrictEqual(
                problems(logged({}), [
                    recorded(
                        "aws:s3/bucket:Bucket",
                        "other",
                        {},
                        { outputs: { bucket: "other", id: "other" }, region: "us-west-2" },
                    ),
                ]),
                [],
            );
        });
        it("reads no bucket when access logs are not configured", () =>
            assert.deepStrictEqual(
                problems(alb({}), [
                    recorded(
                        "aws:s3/bucket:Bucket",
                        "unnamed",
                        {},
                        { outputs: {}, region: "us-west-2" },
                    ),
                ]),
                [],
            ));
        it("finds SSE-KMS in any rule of the bucket's encryption configuration, and only there", () => {
            const twoRules = recorded(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "sse",
                {
                    bucket: "alb-logs",
                    rules: [
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } },
                    ],
                },
            );
            assert.deepStrictEqual(
                problems(logged({}), [bucket("aws:s3/bucket:Bucket", "us-east-1"), twoRules]),
                [
                    `access log bucket logs is encrypted with SSE-KMS; ALB access logs support only SSE-S3 (AES256) (${accessLogDoc})`,
                ],
            );
            const lookalike = recorded(
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                "life",
                {
                    bucket: "alb-logs",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
                },
            );
            assert.deepStrictEqual(
                problems(logged({}), [bucket("aws:s3/bucket:Bucket", "us-east-1"), lookalike]),
                [],
            );
        });
        it("rejects AWSLogs in the prefix, even without a known bucket", () =>
            assert.deepStrictEqual(problems(logged({ prefix: "x/AWSLogs" })), [
                `accessLogs.prefix "x/AWSLogs" must not contain AWSLogs; Elastic Load Balancing adds it (${accessLogDoc})`,
            ]));
        it("skips disabled logs", () =>
            assert.deepStrictEqual(
                problems(logged({ enabled: false, prefix: "AWSLogs" }), [
                    bucket("aws:s3/bucket:Bucket", "us-west-2"),
                ]),
                [],
            ));
    });
});

describe("AWS input constraints: WAF", () => {
    const rateDoc =
        "https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html";
    const aclDoc = "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html";
    const associateDoc =
        "https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html";
    const acl = (change: Record<string, unknown>, region = "us-east-1") =>
        recorded(
            "aws:wafv2/webAcl:WebAcl",
            "acl",
            { scope: "REGIONAL", ...change },
            { region, outputs: { arn: "arn:acl" } },
        );
    const rate = (limit: unknown) => ({
        name: "rate",
        statement: { rateBasedStatement: { limit } },
    });

    it("accepts both scopes, and CLOUDFRONT only in us-east-1", () => {
        assert.deepStrictEqual(problems(acl({}, "eu-west-1")), []);
        assert.deepStrictEqual(problems(acl({ scope: "CLOUDFRONT" })), []);
        assert.deepStrictEqual(problems(acl({ scope: "CLOUDFRONT" }, "eu-west-1")), [
            `a CLOUDFRONT-scoped web ACL is created in us-east-1, not eu-west-1 (${aclDoc})`,
        ]);
        assert.deepStrictEqual(problems(acl({ scope: "GLOBAL" })), [
            `scope "GLOBAL" must be REGIONAL or CLOUDFRONT (${aclDoc})`,
        ]);
    });
    it("accepts rate limits of 10 and 2,000,000,000", () =>
        assert.deepStrictEqual(
            problems(acl({ rules: [rate(10), rate(2e9), { name: "other" }] })),
            [],
        ));
    for (const limit of [9, 2e9 + 1, 10.5]) {
        it(`rejects a rate limit of ${limit}`, () =>
            assert.deepStrictEqual(problems(acl({ rules: [rate(limit)] })), [
                `rule rate: rate limit ${JSON.stringify(limit)} is outside 10 to 2,000,000,000 requests per 5 minutes (${rateDoc})`,
            ]));
    }

    const association = (region = "us-east-1") =>
        recorded(
            "aws:wafv2/webAclAssociation:WebAclAssociation",
            "assoc",
            { webAclArn: "arn:acl", resourceArn: "arn:alb" },
            { region },
        );
    it("associates a REGIONAL web ACL of the resource's region", () => {
        assert.deepStrictEqual(problems(association(), [acl({})]), []);
        assert.deepStrictEqual(problems(association(), [acl({ scope: "CLOUDFRONT" })]), [
            `web ACL acl has scope "CLOUDFRONT"; a resource association takes a REGIONAL web ACL (CloudFront names its web ACL in the distribution) (${associateDoc})`,
        ]);
        assert.deepStrictEqual(problems(association("us-west-2"), [acl({})]), [
            `web ACL acl is in us-east-1, the associated resource in us-west-2; a regional web ACL protects resources of its own region (${associateDoc})`,
        ]);
        assert.deepStrictEqual(problems(association("us-west-2")), []);
    });
});

describe("AWS input constraints: ARC safety rules", () => {
    const ruleDoc =
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-route53recoverycontrol-safetyrule-assertionrule.html";
    const ruleConfigDoc =
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-route53recoverycontrol-safetyrule-ruleconfig.html";
    const rule = (change: Record<string, unknown>) =>
        recorded("aws:route53recoverycontrol/safetyRule:SafetyRule", "rule", {
            assertedControls: ["a", "b"],
            ruleConfig: { type: "ATLEAST", threshold: 1, inverted: false },
            waitPeriodMs: 5000,
            ...change,
        });
    const gating = {
        assertedControls: undefined,
        gatingControls: ["g1", "g2", "g3"],
        targetControls: ["t"],
    };

    it("accepts an assertion rule and a gating rule", () => {
        assert.deepStrictEqual(problems(rule({})), []);
        assert.deepStrictEqual(problems(rule(gating)), []);
    });
    it("rejects both kinds and neither", () => {
        assert.deepStrictEqual(problems(rule({ gatingControls: ["g"], targetControls: ["t"] })), [
            `a safety rule is either an assertion rule (assertedControls) or a gating rule (gatingControls and targetControls), not both (${ruleDoc})`,
        ]);
        assert.deepStrictEqual(
            problems(rule({ assertedControls: undefined, ruleConfig: { type: "AND" } })),
            [
                `a safety rule is either an assertion rule (assertedControls) or a gating rule (gatingControls and targetControls), not neither (${ruleDoc})`,
            ],
        );
    });
    it("needs both halves of a gating rule", () => {
        for (const half of [{ targetControls: undefined }, { gatingControls: undefined }]) {
            const found = problems(rule({ ...gating, ...half, ruleConfig: { type: "OR" } }));
            assert.deepStrictEqual(found, [
                `a gating rule needs both gatingControls and targetControls (${ruleDoc})`,
            ]);
        }
    });
    it("accepts the rule types ATLEAST, AND and OR only", () => {
        for (const type of ["AND", "OR"]) {
            assert.deepStrictEqual(problems(rule({ ruleConfig: { type } })), [], type);
        }
        assert.deepStrictEqual(problems(rule({ ruleConfig: { type: "XOR" } })), [
            `ruleConfig.type "XOR" must be ATLEAST, AND or OR (${ruleConfigDoc})`,
        ]);
    });
    it("takes an ATLEAST threshold from 1 to the number of controls checked", () => {
        assert.deepStrictEqual(
            problems(rule({ ruleConfig: { type: "ATLEAST", threshold: 2 } })),
            [],
        );
        assert.deepStrictEqual(
            problems(rule({ ...gating, ruleConfig: { type: "ATLEAST", threshold: 3 } })),
            [],
        );
        for (const threshold of [0, 3, 1.5]) {
            assert.deepStrictEqual(problems(rule({ ruleConfig: { type: "ATLEAST", threshold } })), [
                `ruleConfig.threshold ${threshold} must be from 1 to the 2 controls the rule checks (${ruleConfigDoc})`,
            ]);
        }
        assert.deepStrictEqual(
            problems(rule({ ...gating, ruleConfig: { type: "ATLEAST", threshold: 4 } })),
            [
                `ruleConfig.threshold 4 must be from 1 to the 3 controls the rule checks (${ruleConfigDoc})`,
            ],
        );
    });
    it("takes a wait period of 0 or more", () => {
        assert.deepStrictEqual(problems(rule({ waitPeriodMs: 0 })), []);
        for (const waitPeriodMs of [-1, 1.5]) {
            assert.deepStrictEqual(problems(rule({ waitPeriodMs })), [
                `waitPeriodMs ${waitPeriodMs} must be a non-negative integer (${ruleDoc})`,
            ]);
        }
    });
});
