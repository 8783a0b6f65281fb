import {
    cloudWatchAlarmRegions,
    cloudFrontHostedZoneId,
    healthCheckerRegions,
    healthCheckFailureThresholdRange,
    healthCheckIntervals,
    minHealthCheckerRegions,
    route53TtlRange,
} from "../../../policies/lib/aws-limits";
import { Constraint, get, isSet, list } from "./types";

const healthCheckDoc =
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html";
const aliasTargetDoc =
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-alias.html#rrsets-values-alias-evaluate-target-health";
const alarmIdentifierDoc =
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html";
const recordDoc =
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html";

/** Route 53 health check: interval, threshold, checker regions and path. */
export const healthCheck: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const calculated =
        i.type === "CALCULATED" || i.type === "CLOUDWATCH_METRIC" || i.type === "RECOVERY_CONTROL";
    if (
        i.requestInterval !== undefined &&
        !healthCheckIntervals.includes(Number(i.requestInterval))
    ) {
        problems.push(
            `requestInterval ${JSON.stringify(i.requestInterval)} is invalid; it must be 10 or 30 (${healthCheckDoc})`,
        );
    }
    const threshold = i.failureThreshold;
    if (
        threshold !== undefined &&
        (!Number.isInteger(Number(threshold)) ||
            Number(threshold) < healthCheckFailureThresholdRange.min ||
            Number(threshold) > healthCheckFailureThresholdRange.max)
    ) {
        problems.push(
            `failureThreshold ${JSON.stringify(threshold)} is invalid; it must be an integer from 1 to 10 (${healthCheckDoc})`,
        );
    }
    const regions = list(i.regions);
    if (regions.length > 0) {
        if (new Set(regions).size < minHealthCheckerRegions) {
            problems.push(
                `regions ${JSON.stringify(regions)} names fewer than ${minHealthCheckerRegions} checker regions; give at least 3 or none (${healthCheckDoc})`,
            );
        }
        const unknown = regions.filter((r) => !healthCheckerRegions.includes(String(r)));
        if (unknown.length > 0) {
            problems.push(
                `regions ${JSON.stringify(unknown)} are not Route 53 health checker regions; allowed: ${healthCheckerRegions.join(", ")} (${healthCheckDoc})`,
            );
        }
    }
    if (!calculated) {
        if (!isSet(i.fqdn) && !isSet(i.ipAddress)) {
            problems.push(`an endpoint health check needs fqdn or ipAddress (${healthCheckDoc})`);
        }
        if (typeof i.resourcePath === "string" && i.resourcePath.length > 255) {
            problems.push(
                `resourcePath is ${i.resourcePath.length} characters; the maximum is 255 (${healthCheckDoc})`,
            );
        }
    }
    if (i.type === "CALCULATED") {
        const children = list(i.childHealthchecks);
        const threshold = Number(i.childHealthThreshold ?? 0);
        if (children.length === 0 || children.length > 256) {
            problems.push(
                `a CALCULATED health check needs 1 to 256 childHealthchecks, got ${children.length} (${healthCheckDoc})`,
            );
        }
        if (!Number.isInteger(threshold) || threshold < 0 || threshold > 256) {
            problems.push(
                `childHealthThreshold ${JSON.stringify(i.childHealthThreshold)} must be an integer from 0 to 256 (${healthCheckDoc})`,
            );
        } else if (threshold > children.length) {
            // Route 53 accepts it, but the check could never be healthy: a silent outage.
            problems.push(
                `childHealthThreshold ${threshold} exceeds the ${children.length} child health checks, so the check can never be healthy (${healthCheckDoc})`,
            );
        }
    }
    if (i.type === "CLOUDWATCH_METRIC") {
        problems.push(...alarmCheckProblems(i));
    }
    if (i.type === "RECOVERY_CONTROL" && !isSet(i.routingControlArn)) {
        problems.push(
            `a RECOVERY_CONTROL health check needs routingControlArn (${healthCheckDoc})`,
        );
    }
    return problems;
};

const insufficientDataStatuses = ["Healthy", "Unhealthy", "LastKnownStatus"];

/** A CLOUDWATCH_METRIC check: the alarm it watches, where, and no endpoint of its own. */
function alarmCheckProblems(i: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const name = i.cloudwatchAlarmName;
    const region = i.cloudwatchAlarmRegion;
    if (!isSet(name) || !isSet(region)) {
        problems.push(
            `a CLOUDWATCH_METRIC health check needs cloudwatchAlarmName and cloudwatchAlarmRegion (${alarmIdentifierDoc})`,
        );
    }
    if (typeof name === "string" && name.length > 256) {
        problems.push(
            `cloudwatchAlarmName is ${name.length} characters; the maximum is 256 (${alarmIdentifierDoc})`,
        );
    }
    if (isSet(region) && !cloudWatchAlarmRegions.includes(String(region))) {
        problems.push(
            `cloudwatchAlarmRegion ${JSON.stringify(region)} is not a region Route 53 reads alarms from; allowed: ${cloudWatchAlarmRegions.join(", ")} (${alarmIdentifierDoc})`,
        );
    }
    for (const key of ["ipAddress", "port"]) {
        if (isSet(i[key])) {
            problems.push(
                `a CLOUDWATCH_METRIC health check takes no ${key}, got ${JSON.stringify(i[key])} (${healthCheckDoc})`,
            );
        }
    }
    const status = i.insufficientDataHealthStatus;
    if (isSet(status) && !insufficientDataStatuses.includes(String(status))) {
        problems.push(
            `insufficientDataHealthStatus ${JSON.stringify(status)} must be Healthy, Unhealthy or LastKnownStatus (${healthCheckDoc})`,
        );
    }
    return problems;
}

const routingPolicyKeys = [
    "failoverRoutingPolicies",
    "latencyRoutingPolicies",
    "weightedRoutingPolicies",
    "geolocationRoutingPolicies",
    "geoproximityRoutingPolicy",
    "cidrRoutingPolicy",
] as const;

/** Route 53 record: routing policies need a set identifier; alias excludes ttl/records. */
export const record: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const policies = routingPolicyKeys.filter((k) => isSet(i[k]));
    const multivalue = i.multivalueAnswerRoutingPolicy === true;
    if (policies.length > 1) {
        problems.push(
            `a record can have one routing policy, but sets ${policies.join(" and ")} (${recordDoc})`,
        );
    }
    if ((policies.length > 0 || multivalue) && !isSet(i.setIdentifier)) {
        problems.push(
            `${policies[0] ?? "multivalueAnswerRoutingPolicy"} needs setIdentifier (${recordDoc})`,
        );
    }
    if (isSet(i.setIdentifier) && policies.length === 0 && !multivalue) {
        problems.push(
            `setIdentifier ${JSON.stringify(i.setIdentifier)} is only allowed with a routing policy (${recordDoc})`,
        );
    }
    const alias = isSet(i.aliases);
    if (alias && (isSet(i.ttl) || isSet(i.records))) {
        problems.push(`an alias record cannot also set ttl or records (${recordDoc})`);
    }
    if (!alias && (!isSet(i.ttl) || !isSet(i.records))) {
        problems.push(`a non-alias record needs both ttl and records (${recordDoc})`);
    }
    if (
        isSet(i.ttl) &&
        (Number(i.ttl) < route53TtlRange.min || Number(i.ttl) > route53TtlRange.max)
    ) {
        problems.push(`ttl ${JSON.stringify(i.ttl)} is outside 0 to 2147483647 (${recordDoc})`);
    }
    const failoverType = get(i, "failoverRoutingPolicies", 0, "type");
    if (failoverType !== undefined && failoverType !== "PRIMARY" && failoverType !== "SECONDARY") {
        problems.push(
            `failover type ${JSON.stringify(failoverType)} must be PRIMARY or SECONDARY (${recordDoc})`,
        );
    }
    if (failoverType === "PRIMARY" && !alias && !isSet(i.healthCheckId)) {
        // Route 53 answers InvalidChangeBatch: "A non-alias primary ResourceRecordSet must have an associated health check".
        problems.push(
            `a non-alias PRIMARY failover record must have a healthCheckId (${recordDoc})`,
        );
    }
    for (const target of list(i.aliases)) {
        const zone = get(target, "zoneId");
        const name = String(get(target, "name") ?? "");
        if (
            get(target, "evaluateTargetHealth") === true &&
            (zone === cloudFrontHostedZoneId || /\.cloudfront\.net\.?$/.test(name))
        ) {
            problems.push(
                `evaluateTargetHealth must be false for an alias to a CloudFront distribution (${name}) (${aliasTargetDoc})`,
            );
        }
    }
    return problems;
};
