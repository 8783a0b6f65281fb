import { Constraint, get, isSet, list } from "./types";

const albDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer";
const tgDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html";

/** An application load balancer needs subnets in at least two availability zones. */
export const loadBalancer: Constraint = ({ resource }) => {
    const type = resource.inputs.loadBalancerType ?? "application";
    if (type !== "application") {
        return [];
    }
    const count =
        list(resource.inputs.subnets).length + list(resource.inputs.subnetMappings).length;
    if (count < 2) {
        return [
            `an application load balancer needs at least 2 subnets in different availability zones, got ${count} (${albDoc})`,
        ];
    }
    return [];
};

/** Target group health checks: ranges, and a timeout shorter than the interval. */
export const targetGroup: Constraint = ({ resource }) => {
    const hc = get(resource.inputs, "healthCheck");
    if (hc === undefined || get(hc, "enabled") === false) {
        return [];
    }
    const problems: string[] = [];
    const interval = get(hc, "interval") as number | undefined;
    const timeout = get(hc, "timeout") as number | undefined;
    const range = (name: string, value: number | undefined, min: number, max: number) => {
        if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
            problems.push(`healthCheck.${name} ${value} is outside ${min} to ${max} (${tgDoc})`);
        }
    };
    range("interval", interval, 5, 300);
    range("timeout", timeout, 2, 120);
    range("healthyThreshold", get(hc, "healthyThreshold") as number | undefined, 2, 10);
    range("unhealthyThreshold", get(hc, "unhealthyThreshold") as number | undefined, 2, 10);
    if (interval !== undefined && timeout !== undefined && timeout >= interval) {
        problems.push(
            `healthCheck.timeout ${timeout} must be less than healthCheck.interval ${interval} (${tgDoc})`,
        );
    }
    const path = get(hc, "path");
    if (typeof path === "string" && (!path.startsWith("/") || path.length > 1024)) {
        problems.push(
            `healthCheck.path ${JSON.stringify(path)} must start with / and be at most 1024 characters (${tgDoc})`,
        );
    }
    return problems;
};

const listenerDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html";
const redirectDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RedirectActionConfig.html";

/**
 * A listener: a port from 1 to 65535, a certificate on HTTPS/TLS, a target group on forward
 * actions, and a 301/302 status on redirects.
 */
export const listener: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const port = i.port as number | undefined;
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
        problems.push(`port ${port} is outside 1 to 65535 (${listenerDoc})`);
    }
    const protocol = String(i.protocol ?? "HTTP");
    if ((protocol === "HTTPS" || protocol === "TLS") && !isSet(i.certificateArn)) {
        problems.push(`protocol ${protocol} needs certificateArn (${listenerDoc})`);
    }
    const actions = list(i.defaultActions);
    if (actions.length === 0) {
        problems.push(`a listener needs at least one default action (${listenerDoc})`);
    }
    for (const action of actions) {
        const type = get(action, "type");
        if (
            type === "forward" &&
            !isSet(get(action, "targetGroupArn")) &&
            !isSet(get(action, "forward"))
        ) {
            problems.push(`a forward action needs targetGroupArn (${listenerDoc})`);
        }
        if (type === "redirect") {
            const status = get(action, "redirect", "statusCode");
            if (status !== "HTTP_301" && status !== "HTTP_302") {
                problems.push(
                    `redirect statusCode ${JSON.stringify(status ?? null)} must be HTTP_301 or HTTP_302 (${redirectDoc})`,
                );
            }
        }
    }
    return problems;
};

const accessLogDoc =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html";

/**
 * ALB access logs: the bucket is in the load balancer's region, encrypted with SSE-S3 only
 * (not SSE-KMS), and the prefix does not contain `AWSLogs` (ELB adds it).
 */
export const accessLogs: Constraint = ({ resource, all }) => {
    const logs = get(resource.inputs, "accessLogs");
    if (logs === undefined || get(logs, "enabled") === false) {
        return [];
    }
    const problems: string[] = [];
    const prefix = get(logs, "prefix");
    if (typeof prefix === "string" && prefix.includes("AWSLogs")) {
        problems.push(
            `accessLogs.prefix ${JSON.stringify(prefix)} must not contain AWSLogs; Elastic Load Balancing adds it (${accessLogDoc})`,
        );
    }
    const name = get(logs, "bucket");
    const bucket = all.find(
        (r) =>
            ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"].includes(r.type) &&
            (r.outputs.bucket === name || r.outputs.id === name),
    );
    if (!bucket) {
        return problems;
    }
    if (bucket.region !== resource.region) {
        problems.push(
            `access log bucket ${bucket.name} is in ${bucket.region}, the load balancer in ${resource.region}; the bucket must be in the load balancer's region (${accessLogDoc})`,
        );
    }
    const kms = all.some(
        (r) =>
            r.type ===
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration" &&
            (r.inputs.bucket === bucket.outputs.id || r.inputs.bucket === bucket.outputs.bucket) &&
            list(r.inputs.rules).some((rule) =>
                String(get(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")).startsWith(
                    "aws:kms",
                ),
            ),
    );
    if (kms) {
        problems.push(
            `access log bucket ${bucket.name} is encrypted with SSE-KMS; ALB access logs support only SSE-S3 (AES256) (${accessLogDoc})`,
        );
    }
    return problems;
};
