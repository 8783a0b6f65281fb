import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cloudFrontHostedZoneId } from "../../policies/lib/aws-limits";
import { originGroupPlan } from "./plan";
import { wafRules } from "../region/waf";

/** One region as a CloudFront origin. */
export interface OriginRegion {
    /** AWS region; the origin ID. */
    region: string;
    /** DNS name of the regional ALB. */
    albDnsName: pulumi.Input<string>;
    /** ARN of the regional ALB; a VPC origin names it. */
    albArn?: pulumi.Input<string>;
    /** An internal ALB, reached through a CloudFront VPC origin instead of the internet. */
    internalAlb?: boolean;
}

export interface CloudFrontRoutingArgs {
    /** Hosted zone that holds `domain` and the certificate's validation record. */
    zoneId: pulumi.Input<string>;
    /** The name users resolve; the distribution's alternate domain name. */
    domain: string;
    /** Exactly two regions: primary origin first, then the secondary. */
    regions: OriginRegion[];
    /** Seconds CloudFront waits to connect to an origin, 1 to 10. */
    connectionTimeoutSeconds?: number;
    /** Connection attempts per origin before failing over, 1 to 3. */
    connectionAttempts?: number;
    /** TTL of the certificate validation record (the only non-alias record), seconds. */
    ttlSeconds?: number;
    /**
     * Must stay false or unset: Route 53 cannot evaluate the target health of a CloudFront alias.
     * Accepted only to reject it with a clear error.
     */
    evaluateTargetHealth?: boolean;
    /**
     * Access logs (standard logging v2) to this S3 bucket, under `AWSLogs/<account>/CloudFront/`
     * (components/observability/edgeLogs.ts); `ready` is the bucket policy the delivery waits for.
     * Unset: no access logs.
     */
    accessLogs?: { bucketArn: pulumi.Input<string>; ready?: pulumi.Resource };
    /**
     * A CLOUDFRONT-scope web ACL on the distribution: AWS managed rule groups and a rate limit per
     * viewer IP (requests per 5 minutes). Unset: no web ACL at the edge.
     */
    waf?: { rateLimit: number };
}

/**
 * Five seconds times two attempts: a dead primary costs a request at most about 10 s before it is
 * retried on the secondary, against 30 s with CloudFront's defaults (10 s x 3), while a slow TLS
 * handshake across regions still fits in 5 s.
 */
const defaults = { connectionTimeoutSeconds: 5, connectionAttempts: 2, ttlSeconds: 60 };

/** CloudFront's managed cache policy "CachingDisabled": the app is dynamic. */
export const cachingDisabledPolicyId = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** CloudFront's managed origin request policy "AllViewer": forwards the Host header. */
export const allViewerOriginRequestPolicyId = "216adef6-5c7f-47e4-b989-5492eafa07d3";

/**
 * A CloudFront distribution whose origin group fails over per request from the primary region's
 * ALB to the secondary's on 500/502/503/504, connection failure or timeout. Origin failover only
 * applies to GET, HEAD and OPTIONS, and CloudFront refuses other methods on a behavior that targets
 * an origin group, so this mode suits read-mostly workloads only.
 *
 * TLS to the origins is HTTPS-only (TLS 1.2) with the viewer's Host header forwarded, so each ALB
 * must serve a certificate for `domain`. The viewer certificate is issued by ACM in us-east-1, as
 * CloudFront requires.
 */
export class CloudFrontRouting extends pulumi.ComponentResource {
    public readonly distribution: aws.cloudfront.Distribution;
    public readonly certificate: aws.acm.Certificate;
    /** The alias record of the domain. */
    public readonly record: aws.route53.Record;
    /** The distribution's domain name. */
    public readonly domainName: pulumi.Output<string>;
    /** The origin group's ID (its members are the Regions, primary first at creation). */
    public readonly originGroupId: string;

    constructor(
        name: string,
        args: CloudFrontRoutingArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:routing:CloudFrontRouting", name, {}, opts);
        if (args.evaluateTargetHealth === true) {
            throw new Error(
                `${name}: evaluateTargetHealth true is not allowed for a CloudFront alias; Route 53 cannot evaluate the health of a CloudFront distribution (set false or leave it unset)`,
            );
        }
        const settings = { ...defaults, ...args };
        const group = originGroupPlan(args.regions.map((r) => r.region));

        this.certificate = new aws.acm.Certificate(
            name,
            { domainName: args.domain, validationMethod: "DNS", region: "us-east-1" },
            { parent: this },
        );
        const validation = this.certificate.domainValidationOptions[0];
        const validationRecord = new aws.route53.Record(
            `${name}-validation`,
            {
                zoneId: args.zoneId,
                name: validation.resourceRecordName,
                type: validation.resourceRecordType,
                records: [validation.resourceRecordValue],
                ttl: settings.ttlSeconds,
                // The regional stacks validate certificates for the same name with the same record.
                allowOverwrite: true,
            },
            { parent: this },
        );
        const validated = new aws.acm.CertificateValidation(
            name,
            {
                certificateArn: this.certificate.arn,
                validationRecordFqdns: [validationRecord.fqdn],
                region: "us-east-1",
            },
            { parent: this },
        );

        const acl = args.waf ? this.webAcl(name, args.waf.rateLimit) : undefined;
        const groupId = `${name}-failover`;
        this.originGroupId = groupId;
        this.distribution = new aws.cloudfront.Distribution(
            name,
            {
                enabled: true,
                ...(acl ? { webAclId: acl.arn } : {}),
                comment: `Origin failover ${group.primary} -> ${group.secondary} for ${args.domain}`,
                aliases: [args.domain],
                httpVersion: "http2and3",
                isIpv6Enabled: false,
                origins: args.regions.map((r) => ({
                    originId: r.region,
                    domainName: r.albDnsName,
                    connectionTimeout: settings.connectionTimeoutSeconds,
                    connectionAttempts: settings.connectionAttempts,
                    ...(r.internalAlb
                        ? {
                              vpcOriginConfig: {
                                  vpcOriginId: this.vpcOrigin(name, r).id,
                                  originReadTimeout: 30,
                                  originKeepaliveTimeout: 5,
                              },
                          }
                        : {
                              customOriginConfig: {
                                  httpPort: 80,
                                  httpsPort: 443,
                                  originProtocolPolicy: "https-only",
                                  originSslProtocols: ["TLSv1.2"],
                                  originReadTimeout: 30,
                                  originKeepaliveTimeout: 5,
                              },
                          }),
                })),
                originGroups: [
                    {
                        originId: groupId,
                        failoverCriteria: { statusCodes: group.statusCodes },
                        members: [{ originId: group.primary }, { originId: group.secondary }],
                    },
                ],
                defaultCacheBehavior: {
                    targetOriginId: groupId,
                    viewerProtocolPolicy: "redirect-to-https",
                    allowedMethods: ["GET", "HEAD", "OPTIONS"],
                    cachedMethods: ["GET", "HEAD"],
                    cachePolicyId: cachingDisabledPolicyId,
                    originRequestPolicyId: allViewerOriginRequestPolicyId,
                    compress: true,
                },
                restrictions: { geoRestriction: { restrictionType: "none" } },
                viewerCertificate: {
                    acmCertificateArn: validated.certificateArn,
                    sslSupportMethod: "sni-only",
                    minimumProtocolVersion: "TLSv1.2_2021",
                },
            },
            // The origin group's member order is set at creation (primary first); after that the
            // Region switch plan's hold-edge step owns it (components/routing/edgeGate.ts), so a
            // later deploy of the global stack does not put a Region the plan holds out first again.
            { parent: this, ignoreChanges: ["originGroups"] },
        );
        this.record = new aws.route53.Record(
            `${name}-alias`,
            {
                zoneId: args.zoneId,
                name: args.domain,
                type: "A",
                aliases: [
                    {
                        name: this.distribution.domainName,
                        zoneId: cloudFrontHostedZoneId,
                        evaluateTargetHealth: false,
                    },
                ],
            },
            { parent: this },
        );
        if (args.accessLogs) {
            this.accessLogDelivery(name, args.accessLogs);
        }
        this.domainName = this.distribution.domainName;
        this.registerOutputs({
            distribution: this.distribution,
            certificate: this.certificate,
            record: this.record,
            domainName: this.domainName,
        });
    }

    /**
     * Standard logging (v2): a delivery source for the distribution (CloudFront's are created in
     * us-east-1, where this component's provider is), an S3 delivery destination and the delivery
     * between them, one log folder per distribution and hour
     * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html).
     */
    private accessLogDelivery(
        name: string,
        logs: NonNullable<CloudFrontRoutingArgs["accessLogs"]>,
    ): aws.cloudwatch.LogDelivery {
        const source = new aws.cloudwatch.LogDeliverySource(
            `${name}-access-logs`,
            {
                // Named after the distribution: unique in the account, stable across deploys.
                name: pulumi.interpolate`cf-${this.distribution.id}`,
                logType: "ACCESS_LOGS",
                resourceArn: this.distribution.arn,
            },
            { parent: this },
        );
        const destination = new aws.cloudwatch.LogDeliveryDestination(
            `${name}-access-logs`,
            {
                name: pulumi.interpolate`cf-${this.distribution.id}`,
                outputFormat: "json",
                deliveryDestinationConfiguration: { destinationResourceArn: logs.bucketArn },
            },
            { parent: this, ...(logs.ready ? { dependsOn: [logs.ready] } : {}) },
        );
        return new aws.cloudwatch.LogDelivery(
            `${name}-access-logs`,
            {
                deliverySourceName: source.name,
                deliveryDestinationArn: destination.arn,
                s3DeliveryConfigurations: [
                    {
                        suffixPath: "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}",
                        enableHiveCompatiblePath: false,
                    },
                ],
            },
            { parent: this },
        );
    }

    /**
     * The distribution's web ACL, scope CLOUDFRONT (created in us-east-1, where this component's
     * provider is: https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html).
     * Its rate rule keys on the source IP, which for a CLOUDFRONT web ACL is the viewer's address as
     * CloudFront received the connection, not a header the client can set
     * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-aggregation-options.html;
     * https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-forwarded-ip-address.html).
     */
    private webAcl(name: string, rateLimit: number): aws.wafv2.WebAcl {
        return new aws.wafv2.WebAcl(
            `${name}-waf`,
            {
                scope: "CLOUDFRONT",
                description: `${name}: AWS managed rules and a rate limit per viewer IP`,
                defaultAction: { allow: {} },
                rules: wafRules({ rateLimit, behindCloudFront: false }),
                visibilityConfig: {
                    cloudwatchMetricsEnabled: true,
                    sampledRequestsEnabled: true,
                    metricName: `${name}-waf`,
                },
            },
            { parent: this },
        );
    }

    /**
     * A VPC origin for a region's internal ALB: CloudFront reaches it privately over HTTPS
     * (TLS 1.2), so the ALB needs no public address and no shared-secret header
     * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html).
     */
    private vpcOrigin(name: string, region: OriginRegion): aws.cloudfront.VpcOrigin {
        if (region.albArn === undefined) {
            throw new Error(
                `${name}: region ${region.region} has an internal ALB but no albArn; a VPC origin names the ALB by ARN`,
            );
        }
        return new aws.cloudfront.VpcOrigin(
            `${name}-${region.region}`,
            {
                vpcOriginEndpointConfig: {
                    name: `${name}-${region.region}`,
                    arn: region.albArn,
                    httpPort: 80,
                    httpsPort: 443,
                    originProtocolPolicy: "https-only",
                    originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
                },
            },
            { parent: this },
        );
    }
}
