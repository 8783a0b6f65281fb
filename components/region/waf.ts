/**
 * The optional web ACL of a `RegionalApplication`: AWS managed rule groups and a rate limit per
 * client, on the regional ALB (behind CloudFront the rate limit is the distribution's). Also the
 * rules of the distribution's web ACL. A plain function whose resources are children of the application.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Settings of the web ACL. */
export interface RegionWafArgs {
    /** Requests per client per 5 minutes before the rate rule blocks (AWS minimum 10). */
    rateLimit: number;
    /**
     * Behind CloudFront: no rate rule here. The ALB sees CloudFront's addresses, and the client
     * address CloudFront forwards in `X-Forwarded-For` is appended to whatever the client sent in
     * that header, so a rule keyed on it can be dodged by a forged header
     * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-forwarded-ip-address.html).
     * The rate limit lives on the distribution's CLOUDFRONT-scope web ACL instead, keyed on the
     * source IP, which there is the viewer's own (components/routing/cloudFrontRouting.ts).
     */
    behindCloudFront: boolean;
}

/** AWS managed rule groups the web ACL evaluates, in priority order. */
export const managedRuleGroups = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

/** The web ACL's rules: the managed groups, then the rate limit. */
export function wafRules(args: RegionWafArgs): aws.types.input.wafv2.WebAclRule[] {
    const visibility = (metricName: string) => ({
        cloudwatchMetricsEnabled: true,
        sampledRequestsEnabled: true,
        metricName,
    });
    const managed = managedRuleGroups.map((group, priority) => ({
        name: group,
        priority,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
        visibilityConfig: visibility(group),
    }));
    if (args.behindCloudFront) {
        return managed;
    }
    return [
        ...managed,
        {
            name: "RateLimitPerClient",
            priority: managed.length,
            action: { block: {} },
            statement: {
                // The source IP of the request (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-aggregation-options.html).
                rateBasedStatement: { limit: args.rateLimit, aggregateKeyType: "IP" },
            },
            visibilityConfig: visibility("RateLimitPerClient"),
        },
    ];
}

/** A regional web ACL associated with the ALB. */
export function regionWaf(
    name: string,
    args: RegionWafArgs & { albArn: pulumi.Input<string> },
    parent: pulumi.Resource,
): aws.wafv2.WebAcl {
    const acl = new aws.wafv2.WebAcl(
        `${name}-waf`,
        {
            scope: "REGIONAL",
            description: `${name}: AWS managed rules and a per-client rate limit`,
            defaultAction: { allow: {} },
            rules: wafRules(args),
            visibilityConfig: {
                cloudwatchMetricsEnabled: true,
                sampledRequestsEnabled: true,
                metricName: `${name}-waf`,
            },
        },
        { parent },
    );
    new aws.wafv2.WebAclAssociation(
        `${name}-waf`,
        { resourceArn: args.albArn, webAclArn: acl.arn },
        { parent },
    );
    return acl;
}
