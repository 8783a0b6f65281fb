/**
 * The region every AWS resource and provider is placed in must be an AWS Region: the provider
 * refuses any other name before it calls AWS ("invalid AWS Region"). Region codes from
 * https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints (commercial,
 * AWS GovCloud (US) and China partitions).
 */
import { Constraint } from "./types";

const regionsDoc = "https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints";

export const awsRegions: readonly string[] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "cn-northwest-1",
];

/** Whether a type is placed in a region: an AWS resource or an AWS provider. */
function regional(type: string): boolean {
    return type.startsWith("aws:") || type === "pulumi:providers:aws";
}

/** The region input (or, for a resource, the region it lands in) must be an AWS Region. */
export const awsRegion: Constraint = ({ resource }) => {
    if (!regional(resource.type)) {
        return [];
    }
    const given = resource.inputs.region;
    const region = typeof given === "string" ? given : resource.region;
    if (!region || awsRegions.includes(region)) {
        return [];
    }
    const shown =
        region.length > 80 ? `${JSON.stringify(region.slice(0, 80))}...` : JSON.stringify(region);
    return [
        `region ${shown} is not an AWS Region (such as us-east-1); the AWS provider refuses it before calling AWS (${regionsDoc})`,
    ];
};
