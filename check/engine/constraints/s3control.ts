import { Constraint, get, list } from "./types";

const restrictionsDoc =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html";
const bucketsDoc =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/multi-region-access-point-buckets.html";

/**
 * Rule `mrap-buckets`: a Multi-Region Access Point has a valid name and exactly one bucket in
 * each of its regions (a bucket's region is where the stacks created it); failover needs two.
 */
export const multiRegionAccessPoint: Constraint = ({ resource, all }) => {
    const problems: string[] = [];
    const name = get(resource.inputs, "details", "name");
    if (typeof name !== "string" || !/^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/.test(name)) {
        problems.push(
            `rule mrap-buckets: name ${JSON.stringify(name ?? null)} must be 3 to 50 lowercase letters, digits or hyphens, starting and ending with a letter or digit (${restrictionsDoc})`,
        );
    }
    const buckets = list(get(resource.inputs, "details", "regions")).map((r) =>
        String(get(r, "bucket") ?? ""),
    );
    const regionOf = (bucket: string) =>
        all.find((r) => r.type === "aws:s3/bucket:Bucket" && r.outputs.bucket === bucket)?.region;
    const byRegion = new Map<string, string[]>();
    for (const bucket of buckets) {
        const region = regionOf(bucket) ?? `unknown region of ${bucket}`;
        byRegion.set(region, [...(byRegion.get(region) ?? []), bucket]);
    }
    for (const [region, names] of byRegion) {
        if (names.length > 1) {
            problems.push(
                `rule mrap-buckets: buckets ${names.map((n) => JSON.stringify(n)).join(", ")} are both in ${region}; a Multi-Region Access Point has exactly one bucket per region (${bucketsDoc})`,
            );
        }
    }
    if (byRegion.size < 2) {
        problems.push(
            `rule mrap-buckets: ${byRegion.size} region(s); failover controls need buckets in at least 2 regions (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mrap-failover-errors.html)`,
        );
    }
    return problems;
};
