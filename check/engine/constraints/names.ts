/**
 * Names AWS refuses, per resource type: length and characters of the name a program sets.
 *
 * A rule applies only to a name the program gave (the input is a string): a name the provider
 * generates (auto-naming, `namePrefix` plus a suffix) is left out of the recorded inputs, and
 * the provider generates names AWS accepts. Each rule cites the API reference that states it.
 */
import { Constraint } from "./types";

/** One name field of one type: what AWS allows, and where it says so. */
export interface NameRule {
    field: string;
    min: number;
    max: number;
    /** The characters (and shape) allowed, as a whole-string pattern. */
    pattern: RegExp;
    /** `pattern` in words, for the message. */
    allowed: string;
    /** Further refusals: each returns the predicate after the name, or undefined. */
    extra?: ((name: string) => string | undefined)[];
    doc: string;
}

const s3BucketDoc = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html";

/** S3 general purpose bucket names beyond their characters: no IP shape, reserved affixes. */
function s3BucketShape(name: string): string | undefined {
    if (name.includes("..")) {
        return "must not contain two adjacent periods";
    }
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) {
        return "must not be formatted as an IP address";
    }
    const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => name.startsWith(p));
    if (prefix) {
        return `must not start with the reserved prefix ${prefix}`;
    }
    const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((s) =>
        name.endsWith(s),
    );
    return suffix ? `must not end with the reserved suffix ${suffix}` : undefined;
}

const noEdgeHyphen = (name: string) =>
    name.startsWith("-") || name.endsWith("-") ? "must not begin or end with a hyphen" : undefined;

const lettersDigitsHyphenUnderscore = /^[A-Za-z0-9_-]+$/;

/** Name rules by type token. */
export const nameRules: Readonly<Record<string, readonly NameRule[]>> = {
    "aws:s3/bucket:Bucket": [
        {
            field: "bucket",
            min: 3,
            max: 63,
            pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
            allowed:
                "lowercase letters, digits, . and -, beginning and ending with a letter or digit",
            extra: [s3BucketShape],
            doc: s3BucketDoc,
        },
    ],
    "aws:s3/bucketV2:BucketV2": [
        {
            field: "bucket",
            min: 3,
            max: 63,
            pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
            allowed:
                "lowercase letters, digits, . and -, beginning and ending with a letter or digit",
            extra: [s3BucketShape],
            doc: s3BucketDoc,
        },
    ],
    "aws:sns/topic:Topic": [
        {
            field: "name",
            min: 1,
            max: 256,
            pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
            allowed: "letters, digits, _ and - (a FIFO topic ends in .fifo)",
            doc: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
        },
    ],
    "aws:sqs/queue:Queue": [
        {
            field: "name",
            min: 1,
            max: 80,
            pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
            allowed: "letters, digits, _ and - (a FIFO queue ends in .fifo)",
            doc: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html",
        },
    ],
    "aws:iam/role:Role": [
        {
            field: "name",
            min: 1,
            max: 64,
            pattern: /^[\w+=,.@-]+$/,
            allowed: "letters, digits and + = , . @ _ -",
            doc: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
        },
    ],
    "aws:iam/rolePolicy:RolePolicy": [
        {
            field: "name",
            min: 1,
            max: 128,
            pattern: /^[\w+=,.@-]+$/,
            allowed: "letters, digits and + = , . @ _ -",
            doc: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html",
        },
    ],
    "aws:iam/policy:Policy": [
        {
            field: "name",
            min: 1,
            max: 128,
            pattern: /^[\w+=,.@-]+$/,
            allowed: "letters, digits and + = , . @ _ -",
            doc: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html",
        },
    ],
    "aws:cloudwatch/logGroup:LogGroup": [
        {
            field: "name",
            min: 1,
            max: 512,
            pattern: /^[.\-_/#A-Za-z0-9]+$/,
            allowed: "letters, digits and . - _ / #",
            doc: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
        },
    ],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [
        {
            field: "name",
            min: 1,
            max: 255,
            pattern: /^[^\x00-\x1f\x7f]+$/,
            allowed: "printable characters",
            doc: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
        },
    ],
    "aws:ecs/taskDefinition:TaskDefinition": [
        {
            field: "family",
            min: 1,
            max: 255,
            pattern: lettersDigitsHyphenUnderscore,
            allowed: "letters, digits, _ and -",
            doc: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html",
        },
    ],
    "aws:ecs/cluster:Cluster": [
        {
            field: "name",
            min: 1,
            max: 255,
            pattern: lettersDigitsHyphenUnderscore,
            allowed: "letters, digits, _ and -",
            doc: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html",
        },
    ],
    "aws:ecs/service:Service": [
        {
            field: "name",
            min: 1,
            max: 255,
            pattern: lettersDigitsHyphenUnderscore,
            allowed: "letters, digits, _ and -",
            doc: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
        },
    ],
    "aws:lb/loadBalancer:LoadBalancer": [
        {
            field: "name",
            min: 1,
            max: 32,
            pattern: /^[A-Za-z0-9-]+$/,
            allowed: "letters, digits and -",
            extra: [
                noEdgeHyphen,
                (n) => (n.startsWith("internal-") ? "must not begin with internal-" : undefined),
            ],
            doc: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
        },
    ],
    "aws:lb/targetGroup:TargetGroup": [
        {
            field: "name",
            min: 1,
            max: 32,
            pattern: /^[A-Za-z0-9-]+$/,
            allowed: "letters, digits and -",
            extra: [noEdgeHyphen],
            doc: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
        },
    ],
    "aws:dynamodb/table:Table": [
        {
            field: "name",
            min: 3,
            max: 255,
            pattern: /^[A-Za-z0-9_.-]+$/,
            allowed: "letters, digits and _ . -",
            doc: "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html",
        },
    ],
    "aws:kms/alias:Alias": [
        {
            field: "name",
            min: 1,
            max: 256,
            pattern: /^alias\/[A-Za-z0-9/_-]+$/,
            allowed: "alias/ then letters, digits and / _ -",
            extra: [
                (n) =>
                    n.startsWith("alias/aws/")
                        ? "must not begin with alias/aws/ (reserved for AWS managed keys)"
                        : undefined,
            ],
            doc: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
        },
    ],
    "aws:secretsmanager/secret:Secret": [
        {
            field: "name",
            min: 1,
            max: 512,
            pattern: /^[A-Za-z0-9/_+=.@-]+$/,
            allowed: "letters, digits and / _ + = . @ -",
            doc: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html",
        },
    ],
    "aws:rds/cluster:Cluster": [
        {
            field: "clusterIdentifier",
            min: 1,
            max: 63,
            pattern: /^[A-Za-z](-?[A-Za-z0-9])*$/,
            allowed:
                "letters, digits and -, beginning with a letter, without a trailing or double hyphen",
            doc: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html",
        },
    ],
    "aws:rds/instance:Instance": [
        {
            field: "identifier",
            min: 1,
            max: 63,
            pattern: /^[A-Za-z](-?[A-Za-z0-9])*$/,
            allowed:
                "letters, digits and -, beginning with a letter, without a trailing or double hyphen",
            doc: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
        },
    ],
    "aws:lambda/function:Function": [
        {
            field: "name",
            min: 1,
            max: 64,
            pattern: lettersDigitsHyphenUnderscore,
            allowed: "letters, digits, _ and -",
            doc: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
        },
    ],
    "aws:ecr/repository:Repository": [
        {
            field: "name",
            min: 2,
            max: 256,
            pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
            allowed: "lowercase path segments of letters and digits joined by . _ -",
            doc: "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html",
        },
    ],
    "aws:wafv2/webAcl:WebAcl": [
        {
            field: "name",
            min: 1,
            max: 128,
            pattern: /^[\w-]+$/,
            allowed: "letters, digits, _ and -",
            doc: "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html",
        },
    ],
    "aws:ec2/securityGroup:SecurityGroup": [
        {
            field: "name",
            min: 1,
            max: 255,
            pattern: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
            allowed: "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
            extra: [(n) => (/^sg-/i.test(n) ? "must not begin with sg-" : undefined)],
            doc: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
        },
    ],
    "aws:globalaccelerator/accelerator:Accelerator": [
        {
            field: "name",
            min: 1,
            max: 64,
            pattern: /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/,
            allowed: "letters, digits, . and -, not beginning or ending with . or -",
            doc: "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateAccelerator.html",
        },
    ],
};

/** The problems of one name against one rule, or none. */
export function nameProblems(name: string, rule: NameRule): string[] {
    const shown =
        name.length > 80
            ? `${JSON.stringify(name.slice(0, 80))}... (${name.length} characters)`
            : JSON.stringify(name);
    const problems: string[] = [];
    if (name.length < rule.min || name.length > rule.max) {
        problems.push(
            `${rule.field} ${shown} is ${name.length} characters; AWS allows ${rule.min} to ${rule.max} (${rule.doc})`,
        );
    }
    if (!rule.pattern.test(name)) {
        problems.push(`${rule.field} ${shown} may contain only ${rule.allowed} (${rule.doc})`);
    }
    for (const check of rule.extra ?? []) {
        const problem = check(name);
        if (problem) {
            problems.push(`${rule.field} ${shown} ${problem} (${rule.doc})`);
        }
    }
    return problems;
}

/** The name rules of a type, as one constraint: only names the program set are checked. */
export function namesOf(type: string): Constraint | undefined {
    const rules = nameRules[type];
    if (!rules) {
        return undefined;
    }
    return ({ resource }) =>
        rules.flatMap((rule) => {
            const value = resource.inputs[rule.field];
            return typeof value === "string" ? nameProblems(value, rule) : [];
        });
}
