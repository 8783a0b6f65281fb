import {
    cloudFrontConnectionAttemptsRange,
    cloudFrontConnectionTimeoutRange,
    cloudFrontFailoverStatusCodes,
    cloudFrontOriginGroupSize,
} from "../../../policies/lib/aws-limits";
import { Constraint, get, list } from "./types";

const failoverDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html";
const originDoc = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html";
const certificateDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html";

const failoverSafeMethods = ["GET", "HEAD", "OPTIONS"];

/**
 * Distribution: origin groups of exactly two known origins failing over on allowed status codes;
 * origin connection timeout and attempts in range; behaviors on an origin group allow only
 * GET/HEAD/OPTIONS; an ACM viewer certificate from us-east-1.
 */
export const distribution: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const originIds = list(i.origins).map((o) => String(get(o, "originId")));
    for (const origin of list(i.origins)) {
        const id = String(get(origin, "originId"));
        const timeout = get(origin, "connectionTimeout");
        if (
            timeout !== undefined &&
            (!Number.isInteger(Number(timeout)) ||
                Number(timeout) < cloudFrontConnectionTimeoutRange.min ||
                Number(timeout) > cloudFrontConnectionTimeoutRange.max)
        ) {
            problems.push(
                `origin ${id}: connectionTimeout ${JSON.stringify(timeout)} is outside 1 to 10 seconds (${originDoc})`,
            );
        }
        const attempts = get(origin, "connectionAttempts");
        if (
            attempts !== undefined &&
            (!Number.isInteger(Number(attempts)) ||
                Number(attempts) < cloudFrontConnectionAttemptsRange.min ||
                Number(attempts) > cloudFrontConnectionAttemptsRange.max)
        ) {
            problems.push(
                `origin ${id}: connectionAttempts ${JSON.stringify(attempts)} is outside 1 to 3 (${originDoc})`,
            );
        }
    }
    const groupIds: string[] = [];
    for (const group of list(i.originGroups)) {
        const id = String(get(group, "originId"));
        groupIds.push(id);
        const members = list(get(group, "members")).map((m) => String(get(m, "originId")));
        if (members.length !== cloudFrontOriginGroupSize) {
            problems.push(
                `origin group ${id} has ${members.length} members; it must have exactly 2, a primary and a secondary (${failoverDoc})`,
            );
        }
        const unknown = members.filter((m) => !originIds.includes(m));
        if (unknown.length > 0) {
            problems.push(
                `origin group ${id} names origins that do not exist: ${unknown.join(", ")} (${failoverDoc})`,
            );
        }
        const codes = list(get(group, "failoverCriteria", "statusCodes")).map(Number);
        if (codes.length === 0) {
            problems.push(
                `origin group ${id} needs at least one failover status code (${failoverDoc})`,
            );
        }
        const bad = codes.filter((c) => !cloudFrontFailoverStatusCodes.includes(c));
        if (bad.length > 0) {
            problems.push(
                `origin group ${id} fails over on ${bad.join(", ")}; allowed status codes: ${cloudFrontFailoverStatusCodes.join(", ")} (${failoverDoc})`,
            );
        }
    }
    const behaviors = [
        { path: "default", behavior: i.defaultCacheBehavior },
        ...list(i.orderedCacheBehaviors).map((b) => ({
            path: String(get(b, "pathPattern")),
            behavior: b,
        })),
    ];
    for (const { path, behavior } of behaviors) {
        const target = String(get(behavior, "targetOriginId"));
        if (!groupIds.includes(target)) {
            continue;
        }
        const unsafe = list(get(behavior, "allowedMethods")).filter(
            (m) => !failoverSafeMethods.includes(String(m)),
        );
        if (unsafe.length > 0) {
            // CloudFront answers: "The parameter AllowedMethods cannot include POST, PUT, PATCH, or
            // DELETE for a cached behavior associated with an origin group."
            problems.push(
                `cache behavior ${path} targets origin group ${target} but allows ${unsafe.join(", ")}; behaviors on an origin group may allow only GET, HEAD and OPTIONS (${failoverDoc})`,
            );
        }
    }
    const certificateArn = get(i, "viewerCertificate", "acmCertificateArn");
    if (
        typeof certificateArn === "string" &&
        !certificateArn.startsWith("arn:aws:acm:us-east-1:")
    ) {
        problems.push(
            `viewerCertificate.acmCertificateArn ${certificateArn} is not in us-east-1; CloudFront only uses ACM certificates from us-east-1 (${certificateDoc})`,
        );
    }
    return problems;
};

const vpcOriginDoc =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html";
const vpcOriginApiDoc =
    "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_VpcOriginEndpointConfig.html";
const vpcOriginTargets =
    /^arn:aws[a-z-]*:(elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net)\/|ec2:[a-z0-9-]+:\d{12}:instance\/)/;

/**
 * A VPC origin names an Application or Network Load Balancer or an EC2 instance by ARN, in a
 * private subnet: an internet-facing load balancer is not a VPC origin. Its origin protocol
 * policy is one of the three CloudFront knows.
 */
export const vpcOrigin: Constraint = ({ resource, all }) => {
    const config = get(resource.inputs, "vpcOriginEndpointConfig");
    const arn = get(config, "arn");
    const problems: string[] = [];
    if (typeof arn === "string" && !vpcOriginTargets.test(arn)) {
        problems.push(
            `vpcOriginEndpointConfig.arn ${JSON.stringify(arn)} is not an Application or Network Load Balancer or an EC2 instance ARN (${vpcOriginApiDoc})`,
        );
    }
    const lb = all.find(
        (r) => r.type === "aws:lb/loadBalancer:LoadBalancer" && r.outputs.arn === arn,
    );
    if (lb && lb.inputs.internal !== true) {
        problems.push(
            `load balancer ${lb.name} is internet-facing; a VPC origin serves a load balancer in private subnets, so make it internal (${vpcOriginDoc})`,
        );
    }
    const policy = get(config, "originProtocolPolicy");
    if (
        policy !== undefined &&
        !["http-only", "match-viewer", "https-only"].includes(String(policy))
    ) {
        problems.push(
            `vpcOriginEndpointConfig.originProtocolPolicy ${JSON.stringify(policy)} must be http-only, match-viewer or https-only (${vpcOriginApiDoc})`,
        );
    }
    return problems;
};

/** An origin is exactly one kind: S3, custom or VPC origin. */
export const originKind: Constraint = ({ resource }) =>
    list(resource.inputs.origins).flatMap((origin) => {
        const kinds = ["s3OriginConfig", "customOriginConfig", "vpcOriginConfig"].filter(
            (k) => get(origin, k) !== undefined,
        );
        return kinds.length > 1
            ? [
                  `origin ${String(get(origin, "originId"))}: ${kinds.join(" and ")} are set; an origin has one of S3OriginConfig, CustomOriginConfig or VpcOriginConfig (${originDoc})`,
              ]
            : [];
    });
