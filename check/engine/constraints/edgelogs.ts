/**
 * Where the edge may write its logs: Global Accelerator flow logs and CloudFront access logs,
 * each rule citing the AWS page that states it. A bucket, policy or key the program does not
 * create is not judged (the engine cannot see it).
 */
import { RecordedResource } from "../types";
import { Constraint, get, isSet, list } from "./types";

export const acceleratorAttributesDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/api/API_AcceleratorAttributes.html";
export const acceleratorFlowLogsDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/dg/monitoring-global-accelerator.flow-logs.html";
export const cloudfrontLegacyLogsDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html";
export const cloudfrontStandardLogsDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html";

/**
 * Regions whose buckets CloudFront's standard logging (legacy) does not deliver to, as the page
 * lists them ("Don't choose an Amazon S3 bucket in any of the following Regions").
 */
export const legacyLogUnsupportedRegions: readonly string[] = [
    "af-south-1",
    "ap-east-1",
    "eu-south-1",
    "me-south-1",
];

const bucketTypes = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const delivery = "delivery.logs.amazonaws.com";

/** The program's bucket named `name` (its `bucket` or `id` output). */
function bucketNamed(all: readonly RecordedResource[], name: unknown) {
    return all.find(
        (r) => bucketTypes.includes(r.type) && (r.outputs.bucket === name || r.outputs.id === name),
    );
}

/** Resources of `type` configuring `bucket` (by its name or id in their `bucket` input). */
function configOf(all: readonly RecordedResource[], type: string, bucket: RecordedResource) {
    return all.filter(
        (r) =>
            r.type === type &&
            (r.inputs.bucket === bucket.outputs.id || r.inputs.bucket === bucket.outputs.bucket),
    );
}

interface Statement {
    Effect?: string;
    Principal?: unknown;
    Action?: unknown;
    Resource?: unknown;
}

function statementsOf(policy: unknown): Statement[] {
    try {
        const doc = typeof policy === "string" ? JSON.parse(policy) : policy;
        const s = get(doc, "Statement");
        return (Array.isArray(s) ? s : s ? [s] : []) as Statement[];
    } catch {
        return [];
    }
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v ? [String(v)] : []);

/** `pattern` (an IAM action or resource with `*` and `?`) matches `value`. */
function matches(pattern: string, value: string): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}

/** Whether `policy` allows the log delivery service `action` on `resource`. */
function allowsDelivery(policy: unknown, action: string, resource: string): boolean {
    return statementsOf(policy).some(
        (s) =>
            s.Effect === "Allow" &&
            asList(get(s.Principal, "Service")).includes(delivery) &&
            asList(s.Action).some((a) => matches(a, action)) &&
            asList(s.Resource).some((r) => matches(r, resource)),
    );
}

/**
 * The program's customer managed key that encrypts `bucket` by default (SSE-KMS), if any; its
 * key policy must let the log delivery service generate data keys.
 */
function kmsKeyProblem(
    all: readonly RecordedResource[],
    bucket: RecordedResource,
    what: string,
    doc: string,
): string[] {
    const keyIds = configOf(
        all,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        bucket,
    ).flatMap((c) =>
        list(c.inputs.rules)
            .filter((rule) =>
                String(get(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")).startsWith(
                    "aws:kms",
                ),
            )
            .map((rule) => get(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId")),
    );
    const problems: string[] = [];
    for (const id of keyIds) {
        const key = all.find(
            (r) => r.type === "aws:kms/key:Key" && (r.outputs.arn === id || r.outputs.id === id),
        );
        if (key && !allowsDelivery(key.inputs.policy, "kms:GenerateDataKey", "*")) {
            problems.push(
                `${what} bucket ${bucket.name} is encrypted with KMS key ${key.name}, whose key policy does not allow ${delivery} kms:GenerateDataKey*, so no log file can be written (${doc})`,
            );
        }
    }
    return problems;
}

/**
 * Accelerator flow logs: bucket and prefix are required once enabled; a bucket policy the program
 * manages must let the log delivery service write under `<prefix>/AWSLogs/<account>/`; an SSE-KMS
 * key must let it generate data keys.
 */
export const acceleratorFlowLogs: Constraint = ({ resource, all }) => {
    const attributes = get(resource.inputs, "attributes");
    if (get(attributes, "flowLogsEnabled") !== true) {
        return [];
    }
    const problems: string[] = [];
    for (const key of ["flowLogsS3Bucket", "flowLogsS3Prefix"]) {
        if (!isSet(get(attributes, key))) {
            problems.push(
                `attributes.${key} is required when attributes.flowLogsEnabled is true (${acceleratorAttributesDoc})`,
            );
        }
    }
    const bucket = bucketNamed(all, get(attributes, "flowLogsS3Bucket"));
    if (!bucket) {
        return problems;
    }
    const prefix = String(get(attributes, "flowLogsS3Prefix") ?? "");
    for (const policy of configOf(all, "aws:s3/bucketPolicy:BucketPolicy", bucket)) {
        // The account is the deployer's; any account the policy names will do for the path.
        const accounts = String(JSON.stringify(policy.inputs.policy)).match(/\d{12}/g) ?? [];
        const allowed = [...accounts, "123456789012"].some((account) =>
            allowsDelivery(
                policy.inputs.policy,
                "s3:PutObject",
                `${String(bucket.outputs.arn)}/${prefix}/AWSLogs/${account}/flow.log.gz`,
            ),
        );
        if (!allowed) {
            problems.push(
                `flow log bucket ${bucket.name}'s policy ${policy.name} does not allow ${delivery} s3:PutObject under ${prefix}/AWSLogs/<account>/; a bucket policy the program manages replaces the one Global Accelerator would attach, so it must grant it (${acceleratorFlowLogsDoc})`,
            );
        }
    }
    return [...problems, ...kmsKeyProblem(all, bucket, "flow log", acceleratorFlowLogsDoc)];
};

/**
 * CloudFront standard logging (legacy), `loggingConfig`: the bucket must have ACLs enabled (not
 * Object Ownership `BucketOwnerEnforced`), must not be in a Region CloudFront does not deliver
 * to, and an SSE-KMS key must let the log delivery service generate data keys.
 */
export const cloudfrontLegacyLogging: Constraint = ({ resource, all }) => {
    const address = get(resource.inputs, "loggingConfig", "bucket");
    if (typeof address !== "string" || address === "") {
        return [];
    }
    const bucket = bucketNamed(all, address.replace(/\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$/, ""));
    if (!bucket) {
        return [];
    }
    const problems: string[] = [];
    const enforced = configOf(
        all,
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        bucket,
    ).some((c) => get(c.inputs, "rule", "objectOwnership") === "BucketOwnerEnforced");
    if (enforced) {
        problems.push(
            `loggingConfig.bucket ${bucket.name} has S3 Object Ownership BucketOwnerEnforced, which disables the ACLs standard logging (legacy) needs; use standard logging (v2, aws.cloudwatch.LogDelivery) or ObjectWriter/BucketOwnerPreferred (${cloudfrontLegacyLogsDoc})`,
        );
    }
    if (legacyLogUnsupportedRegions.includes(bucket.region)) {
        problems.push(
            `loggingConfig.bucket ${bucket.name} is in ${bucket.region}, where CloudFront does not deliver standard logs (legacy); use a bucket in another Region or standard logging (v2) (${cloudfrontLegacyLogsDoc})`,
        );
    }
    return [...problems, ...kmsKeyProblem(all, bucket, "access log", cloudfrontLegacyLogsDoc)];
};

/** A CloudFront distribution as a delivery source sends only `ACCESS_LOGS`. */
export const logDeliverySource: Constraint = ({ resource }) => {
    const arn = String(resource.inputs.resourceArn ?? "");
    if (!/^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\//.test(arn)) {
        return [];
    }
    return resource.inputs.logType === "ACCESS_LOGS"
        ? []
        : [
              `logType ${JSON.stringify(resource.inputs.logType ?? null)} is not a CloudFront log type; a distribution sends ACCESS_LOGS (${cloudfrontStandardLogsDoc})`,
          ];
};
