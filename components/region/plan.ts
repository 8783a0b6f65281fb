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
