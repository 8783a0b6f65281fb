import { Constraint, get, list } from "./types";

const rateDoc = "https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html";
const aclDoc = "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html";
const associateDoc = "https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html";

/** Web ACL: REGIONAL or CLOUDFRONT scope; rate-based rules limit 10 to 2,000,000,000. */
export const webAcl: Constraint = ({ resource }) => {
    const problems: string[] = [];
    const scope = resource.inputs.scope;
    if (!["REGIONAL", "CLOUDFRONT"].includes(String(scope))) {
        problems.push(`scope ${JSON.stringify(scope)} must be REGIONAL or CLOUDFRONT (${aclDoc})`);
    }
    if (scope === "CLOUDFRONT" && resource.region !== "us-east-1") {
        problems.push(
            `a CLOUDFRONT-scoped web ACL is created in us-east-1, not ${resource.region} (${aclDoc})`,
        );
    }
    for (const rule of list(resource.inputs.rules)) {
        const limit = get(rule, "statement", "rateBasedStatement", "limit");
        if (
            limit !== undefined &&
            (!Number.isInteger(Number(limit)) || Number(limit) < 10 || Number(limit) > 2e9)
        ) {
            problems.push(
                `rule ${String(get(rule, "name"))}: rate limit ${JSON.stringify(limit)} is outside 10 to 2,000,000,000 requests per 5 minutes (${rateDoc})`,
            );
        }
    }
    return problems;
};

/**
 * Association: a regional resource (an ALB here) takes a REGIONAL web ACL of its own region;
 * CloudFront takes its web ACL in the distribution's configuration instead.
 */
export const webAclAssociation: Constraint = ({ resource, all }) => {
    const acl = all.find(
        (r) => r.type === "aws:wafv2/webAcl:WebAcl" && r.outputs.arn === resource.inputs.webAclArn,
    );
    if (!acl) {
        return [];
    }
    if (acl.inputs.scope !== "REGIONAL") {
        return [
            `web ACL ${acl.name} has scope ${JSON.stringify(acl.inputs.scope)}; a resource association takes a REGIONAL web ACL (CloudFront names its web ACL in the distribution) (${associateDoc})`,
        ];
    }
    if (acl.region !== resource.region) {
        return [
            `web ACL ${acl.name} is in ${acl.region}, the associated resource in ${resource.region}; a regional web ACL protects resources of its own region (${associateDoc})`,
        ];
    }
    return [];
};
