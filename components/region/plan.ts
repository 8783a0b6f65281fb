/**
 * Pure decisions behind the regional application: NAT gateways and subnet types by role and
 * strategy, and how the tasks reach their image without internet egress. Tested table by table;
 * docs/region.md shows the same tables.
 */
import { CapacityStrategy, RegionalRole } from "../capacity";

/** awsx's NAT gateway strategies. */
export type NatStrategy = "None" | "Single" | "OnePerAz";

/** The network layout of one region. */
export interface NetworkPlan {
    /** NAT gateways awsx creates. */
    natGateways: NatStrategy;
    /**
     * Type of the subnets the tasks (and data stores) use: `Isolated` (no route to the internet)
     * without NAT, `Private` (default route through NAT) with it.
     */
    appSubnetType: "Private" | "Isolated";
    /** Whether tasks may open HTTPS connections to any address. */
    taskInternetEgress: boolean;
}

/**
 * The network plan. Without `outboundInternet` no region has NAT: tasks reach ECR, CloudWatch
 * Logs and S3 through VPC endpoints. With it, a region that serves (or may serve at once) gets a
 * NAT gateway per AZ so an AZ outage cannot cut egress; a standby that does not serve keeps one.
 */
export function networkPlan(
    strategy: CapacityStrategy,
    role: RegionalRole,
    outboundInternet: boolean,
    failoverActivate = false,
): NetworkPlan {
    if (!outboundInternet) {
        return { natGateways: "None", appSubnetType: "Isolated", taskInternetEgress: false };
    }
    const serving =
        role === "primary" ||
        failoverActivate ||
        strategy === "active-active" ||
        strategy === "warm-standby";
    return {
        natGateways: serving ? "OnePerAz" : "Single",
        appSubnetType: "Private",
        taskInternetEgress: true,
    };
}

/** The registry that ECR pull-through cache rules mirror for our default images. */
export const publicEcrRegistry = "public.ecr.aws";

const privateEcrPattern = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/(.+)$/;

/** Where the tasks pull an image from, and which ECR repositories the execution role may read. */
export interface ImageSource {
    /** The image reference the task definition uses. */
    image: string;
    /** ECR repository ARN patterns the execution role may pull from; empty for other registries. */
    repositoryArns: string[];
    /** Whether the pull goes through the pull-through cache (which creates repositories). */
    pullThrough: boolean;
}

/**
 * How a task pulls `image` in `region`. A `public.ecr.aws` image is rewritten to the account's
 * pull-through cache (`<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<path>`), so the pull
 * stays on the ECR VPC endpoints. A private ECR image is used as is; any other registry needs
 * internet egress, which `imageProblems` checks.
 */
export function imageSource(
    image: string,
    accountId: string,
    region: string,
    cachePrefix: string,
): ImageSource {
    if (image.startsWith(`${publicEcrRegistry}/`)) {
        const path = image.slice(publicEcrRegistry.length + 1);
        return {
            image: `${accountId}.dkr.ecr.${region}.amazonaws.com/${cachePrefix}/${path}`,
            repositoryArns: [`arn:aws:ecr:${region}:${accountId}:repository/${cachePrefix}/*`],
            pullThrough: true,
        };
    }
    const ecr = privateEcrPattern.exec(image);
    if (ecr) {
        const repository = ecr[3].split(/[:@]/)[0];
        return {
            image,
            repositoryArns: [`arn:aws:ecr:${ecr[2]}:${ecr[1]}:repository/${repository}`],
            pullThrough: false,
        };
    }
    return { image, repositoryArns: [], pullThrough: false };
}

/** Problems with pulling `image` given the egress setting, as `key: message` lines. */
export function imageProblems(image: string, outboundInternet: boolean): string[] {
    if (outboundInternet || image.startsWith(`${publicEcrRegistry}/`)) {
        return [];
    }
    if (privateEcrPattern.test(image)) {
        return [];
    }
    return [
        `app.image: ${JSON.stringify(image)} is not in ECR, and tasks have no internet egress; use a ${publicEcrRegistry} image (pulled through the ECR cache), a private ECR image, or set app.outboundInternet to true`,
    ];
}

/** A secret the container receives, resolved: the variable name, ARN and optional KMS key. */
export interface ResolvedSecret {
    /** Environment variable the container sees. */
    name: string;
    /**
     * A Secrets Manager secret ARN (optionally with ECS's `:json-key:version-stage:version-id`
     * suffix) or an SSM parameter ARN.
     */
    arn: string;
    /** Customer managed KMS key that encrypts the secret; none for AWS managed keys. */
    kmsKeyArn?: string;
}

/** Which store a secret ARN names, and the IAM resource the execution role must be allowed. */
export interface SecretTarget {
    service: "secretsmanager" | "ssm";
    region: string;
    /** The secret's own ARN (ECS's JSON-key suffix removed) or the parameter's ARN. */
    resource: string;
}

const secretArnPattern = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:([^:]+)/;
const parameterArnPattern = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):\d{12}:parameter\/.+$/;

/** What `arn` names; throws one line naming the variable, the value and what is allowed. */
export function secretTarget(name: string, arn: string): SecretTarget {
    const secret = secretArnPattern.exec(arn);
    if (secret) {
        const [, partition, region, account, id] = secret;
        return {
            service: "secretsmanager",
            region,
            resource: `arn:${partition}:secretsmanager:${region}:${account}:secret:${id}`,
        };
    }
    const parameter = parameterArnPattern.exec(arn);
    if (parameter) {
        return { service: "ssm", region: parameter[1], resource: arn };
    }
    throw new Error(
        `secrets.${name}: ${JSON.stringify(arn)} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)`,
    );
}

/**
 * The execution role's statements for the container's secrets: `secretsmanager:GetSecretValue`
 * on exactly the named secrets, `ssm:GetParameters` on exactly the named parameters, and
 * `kms:Decrypt` on the keys given, only through those services. ECS resolves `secrets` with the
 * execution role, not the task role:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
 */
export function secretStatements(secrets: readonly ResolvedSecret[]): object[] {
    const targets = secrets.map((s) => secretTarget(s.name, s.arn));
    const resources = (service: SecretTarget["service"]) =>
        unique(targets.filter((t) => t.service === service).map((t) => t.resource)).sort();
    const statements: object[] = [];
    const secretArns = resources("secretsmanager");
    if (secretArns.length > 0) {
        statements.push({
            Sid: "ReadSecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: secretArns,
        });
    }
    const parameterArns = resources("ssm");
    if (parameterArns.length > 0) {
        statements.push({
            Sid: "ReadParameters",
            Effect: "Allow",
            Action: "ssm:GetParameters",
            Resource: parameterArns,
        });
    }
    const keys = unique(secrets.flatMap((s) => (s.kmsKeyArn ? [s.kmsKeyArn] : []))).sort();
    if (keys.length > 0) {
        statements.push({
            Sid: "DecryptSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: keys,
            Condition: {
                StringEquals: {
                    "kms:ViaService": unique(
                        targets.map((t) => `${t.service}.${t.region}.amazonaws.com`),
                    ).sort(),
                },
            },
        });
    }
    return statements;
}

/**
 * Names the container would receive from both `environment` and `secrets`, as `key: message`
 * lines; ECS would pass both and the app would read either.
 */
export function containerVariableProblems(
    environment: readonly string[],
    secrets: readonly string[],
): string[] {
    return environment
        .filter((name) => secrets.includes(name))
        .sort()
        .map(
            (name) =>
                `environment.${name}: also set in secrets; a variable comes from environment (plain value) or secrets (ARN), not both`,
        );
}

function unique<T>(items: T[]): T[] {
    return [...new Set(items)];
}

/** How users reach the regional load balancer: straight over DNS, or only through an edge. */
export type EdgeMode = "dns" | "global-accelerator" | "cloudfront";

/** The edge a routing mode puts in front of the regions. */
export function edgeModeFor(routingMode: string): EdgeMode {
    return routingMode === "global-accelerator" || routingMode === "cloudfront"
        ? routingMode
        : "dns";
}

/** Who the load balancer admits, and from where. */
export type EdgeSource =
    /** Any address: users resolve the ALB's public name (DNS modes). */
    | "internet"
    /** CloudFront's origin-facing managed prefix list (VPC origin traffic included). */
    | "cloudfront-origin-facing"
    /** The security group Global Accelerator creates in the VPC; the global stack adds the rule. */
    | "global-accelerator";

/** The load balancer's exposure for an edge mode. */
export interface EdgePlan {
    mode: EdgeMode;
    /** An internal ALB has no public address: only the edge can reach it. */
    internal: boolean;
    /** Where the ALB's nodes live. */
    subnets: "public" | "app";
    /** Ports the ALB admits, and from whom. */
    ports: number[];
    source: EdgeSource;
    /** The ALB security group's description (kept as it was for the DNS modes). */
    securityGroupDescription: string;
    /** How the edge reaches the origin, for the stack's `edge` output. */
    path: string;
}

/**
 * The exposure of the regional ALB. In the DNS modes users reach the ALB's public name, so it
 * stays internet-facing. Behind Global Accelerator it is internal: the accelerator reaches
 * internal ALBs (client IP preserved, through ENIs it creates in the ALB's subnets; the VPC needs
 * an internet gateway), and the only ingress is from the accelerator's security group.
 * Behind CloudFront it is internal and reached through a CloudFront VPC origin, admitting HTTPS
 * from CloudFront's origin-facing prefix list only; no shared secret is needed.
 */
export function edgePlan(mode: EdgeMode): EdgePlan {
    switch (mode) {
        case "global-accelerator":
            return {
                mode,
                internal: true,
                subnets: "app",
                ports: [80, 443],
                source: "global-accelerator",
                securityGroupDescription:
                    "Regional ALB (internal): HTTP/HTTPS from Global Accelerator only",
                path: "Global Accelerator endpoint (client IP preserved) -> internal ALB; ingress only from the GlobalAccelerator security group",
            };
        case "cloudfront":
            return {
                mode,
                internal: true,
                subnets: "app",
                ports: [443],
                source: "cloudfront-origin-facing",
                securityGroupDescription: "Regional ALB (internal): HTTPS from CloudFront only",
                path: "CloudFront VPC origin (HTTPS) -> internal ALB; ingress only from com.amazonaws.global.cloudfront.origin-facing",
            };
        default:
            return {
                mode,
                internal: false,
                subnets: "public",
                ports: [80, 443],
                source: "internet",
                securityGroupDescription: "Regional ALB: HTTP/HTTPS from the internet",
                path: "Route 53 -> internet-facing ALB (HTTP redirects to HTTPS)",
            };
    }
}

/** CloudFront's origin-facing managed prefix list (one per region, same name everywhere). */
export const cloudFrontOriginFacingPrefixList = "com.amazonaws.global.cloudfront.origin-facing";

/**
 * Why `livenessPath` cannot be used with edge `mode`, or undefined when it can. Behind an edge
 * the ALB is internal, so Route 53 cannot request the deep health path: its health check watches
 * the serving alarm, built from the target group's healthy host count. A target group that only
 * asked whether the process answers would stay healthy while the region's data is down, and the
 * region would never fail over.
 */
export function livenessPathProblem(mode: EdgeMode, livenessPath: string): string | undefined {
    return livenessPath === "" || mode === "dns"
        ? undefined
        : `livenessPath ${JSON.stringify(livenessPath)} with edge ${mode}: behind an edge the target group's health (the serving alarm) is what fails the region over, so it must check the health path that sees the data; leave livenessPath empty`;
}

/**
 * The path the ALB target group checks: the shallow liveness path when one is given (DNS modes
 * only, see `livenessPathProblem`), else the deep health path.
 */
export function targetGroupHealthPath(healthPath: string, livenessPath: string): string {
    return livenessPath === "" ? healthPath : livenessPath;
}
