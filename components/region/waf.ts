/**
 * The optional web ACL of a `RegionalApplication`: AWS managed rule groups and a rate limit per
 * client, on the regional ALB. A plain function whose resources are children of the application.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Settings of the web ACL. */
export interface RegionWafArgs {
    /** Requests per client per 5 minutes before the rate rule blocks (AWS minimum 10). */
    rateLimit: number;
    /**
     * Rate-limit on the `X-Forwarded-For` address instead of the source IP: behind CloudFront the
     * source is a CloudFront edge, not the client.
     */
    forwardedIp: boolean;
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
    return [
        ...managed,
        {
            name: "RateLimitPerClient",
            priority: managed.length,
            action: { block: {} },
            statement: {
                rateBasedStatement: {
                    limit: args.rateLimit,
                    ...(args.forwardedIp
                        ? {
                              aggregateKeyType: "FORWARDED_IP",
                              forwardedIpConfig: {
                                  headerName: "X-Forwarded-For",
                                  fallbackBehavior: "MATCH",
                              },
                          }
                        : { aggregateKeyType: "IP" }),
                },
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
