/**
 * Where a resource lives. With @pulumi/aws v7 a resource may carry its own `region` (enhanced
 * region support); otherwise it inherits its provider's. Default providers are present in the
 * engine's view too, with the stack's `aws:region`, so the provider answers for most resources.
 */
import { asRecord, asString, get, unlessUnknown } from "./props";

/** The parts of a policy resource (or validation args) that determine its region. */
export interface Placed {
    props: Record<string, unknown>;
    provider?: { props: Record<string, unknown> };
}

/** The resource's region: its own `region`, else its provider's, else `undefined` (unknown). */
export function regionOf(resource: Placed): string | undefined {
    return unlessUnknown(
        () =>
            asString(get(resource.props, "region")) ??
            asString(get(resource.provider?.props, "region")),
        undefined,
    );
}

const arnRegionPattern = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d):/;

/** The region in a regional ARN (`arn:aws:dynamodb:us-east-1:...`), if it has one. */
export function regionOfArn(value: unknown): string | undefined {
    const arn = asString(value);
    return arn ? arnRegionPattern.exec(arn)?.[1] : undefined;
}

const dnsRegionPatterns = [
    /\.([a-z]{2}(?:-[a-z]+)+-\d)\.elb\.amazonaws\.com\.?$/,
    /s3-website[.-]([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com\.?$/,
    /\.([a-z]{2}(?:-[a-z]+)+-\d)\.elasticbeanstalk\.com\.?$/,
    /\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com\.?$/,
    /\.([a-z]{2}(?:-[a-z]+)+-\d)\.awsapprunner\.com\.?$/,
    /\.s3[.-]([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com\.?$/,
    /\.lambda-url\.([a-z]{2}(?:-[a-z]+)+-\d)\.on\.aws\.?$/,
    /\.([a-z]{2}(?:-[a-z]+)+-\d)\.es\.amazonaws\.com\.?$/,
    /\.([a-z]{2}(?:-[a-z]+)+-\d)\.compute\.amazonaws\.com\.?$/,
    /\.compute-1\.amazonaws\.com\.?$/,
];

/** The region an AWS endpoint DNS name encodes (`x.us-east-1.elb.amazonaws.com`), if any. */
export function regionOfDnsName(value: unknown): string | undefined {
    const name = asString(value)?.toLowerCase();
    if (!name) {
        return undefined;
    }
    for (const pattern of dnsRegionPatterns) {
        const match = pattern.exec(name);
        if (match) {
            // EC2's public DNS names in us-east-1 say compute-1 instead of the region.
            return match[1] ?? "us-east-1";
        }
    }
    return undefined;
}

/** A provider's default tags (`defaultTags.tags`), which the SDK may hand over as JSON. */
export function providerDefaultTags(resource: Placed): Record<string, unknown> {
    return unlessUnknown(
        () => asRecord(get(asRecord(get(resource.provider?.props, "defaultTags")), "tags")) ?? {},
        {},
    );
}
