import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { configWithDefaults, schemaFor } from "../lib/config";
import { aliasOf, failoverTypeOf, routingPolicyOf } from "../lib/dns";
import { asArray, asBoolean, asString, get, isPresent, show } from "../lib/props";
import { endpointGroupType, recordType, targetGroupTypes } from "../lib/types";

/** Defaults of `dns-health-check-required`'s config. */
export const dnsHealthCheckRequiredDefaults = {
    /**
     * Global Accelerator endpoints that are not load balancers (EC2 instances, Elastic IPs) are
     * checked by Global Accelerator itself; TCP only proves a port is open.
     */
    requireHttpEndpointChecks: true,
};

/** ELB ARNs, whose health comes from their target groups rather than the endpoint group. */
const loadBalancerArn = /^arn:aws[a-z-]*:elasticloadbalancing:/;

function checkRecord(args: ResourceValidationArgs, report: ReportViolation) {
    const props = args.props;
    const policy = routingPolicyOf(props);
    if (!policy) {
        args.notApplicable("the record uses simple routing");
    }
    if (isPresent(props, "healthCheckId")) {
        return;
    }
    const name = asString(props.name) ?? args.name;
    const failover = failoverTypeOf(props);
    const label = failover ? `${failover} failover` : policy;
    const alias = aliasOf(props);
    if (alias?.kind === "cloudfront") {
        report(
            `Attach a healthCheckId to ${label} record "${args.name}" (${name}): it aliases CloudFront distribution ${alias.name}, and Route 53 cannot evaluate target health for CloudFront, so without a health check it keeps answering while the origin is down.`,
        );
        return;
    }
    if (alias?.evaluateTargetHealth) {
        return;
    }
    const fix = alias
        ? "set evaluateTargetHealth: true on its alias or attach a healthCheckId"
        : "attach a healthCheckId";
    report(
        `Tie ${label} record "${args.name}" (${name}) to a health check (${fix}): Route 53 treats a record without one as always healthy, so it never routes away from a failed endpoint.`,
    );
}

function checkTargetGroup(args: ResourceValidationArgs, report: ReportViolation) {
    const props = args.props;
    const enabled = asBoolean(get(props, "healthCheck", "enabled"));
    const targetType = asString(get(props, "targetType")) ?? "instance";
    if (enabled === false) {
        report(
            `Enable the health check of target group "${args.name}" (healthCheck.enabled is false): without it the load balancer sends traffic to failed targets, and alias records with evaluateTargetHealth see the region as healthy.`,
        );
    } else if (targetType === "lambda" && enabled !== true) {
        report(
            `Set healthCheck.enabled to true on Lambda target group "${args.name}": health checks are off by default for Lambda targets, so a failing function still looks healthy to the load balancer and to Route 53.`,
        );
    }
}

function checkEndpointGroup(args: ResourceValidationArgs, report: ReportViolation) {
    const props = args.props;
    const { requireHttpEndpointChecks } = configWithDefaults(args, dnsHealthCheckRequiredDefaults);
    const endpoints = asArray(get(props, "endpointConfigurations"));
    if (endpoints.length === 0) {
        report(
            `Add endpointConfigurations to endpoint group "${args.name}": it has no endpoints, so Global Accelerator has nothing to health-check in ${show(get(props, "endpointGroupRegion"))} and cannot fail over to it.`,
        );
        return;
    }
    const protocol = asString(get(props, "healthCheckProtocol")) ?? "TCP";
    if (!requireHttpEndpointChecks || protocol !== "TCP") {
        return;
    }
    const direct = endpoints
        .map((e) => asString(get(e, "endpointId")) ?? "")
        .filter((id) => !loadBalancerArn.test(id));
    if (direct.length > 0) {
        report(
            `Set healthCheckProtocol to HTTP or HTTPS with a healthCheckPath on endpoint group "${args.name}": endpoints ${direct.join(", ")} are checked by Global Accelerator with ${show(protocol)}, which only proves a port is open, not that the application can serve.`,
        );
    }
}

/**
 * Routing that is not tied to a health check never fails over. Records with a routing policy
 * need a health check or an alias that evaluates target health; target groups and Global
 * Accelerator endpoint groups must actually check their targets.
 */
export const dnsHealthCheckRequired: ResourceValidationPolicy = {
    name: "dns-health-check-required",
    description:
        "Route 53 records with a failover, latency, weighted or geo routing policy, target groups and Global Accelerator endpoint groups must be tied to a health check.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Give each routed record a healthCheckId, or make it an alias with evaluateTargetHealth: true (not possible for CloudFront targets, which need a healthCheckId). Keep target group health checks enabled (enable them explicitly for Lambda targets). Give Global Accelerator endpoint groups endpoints, and HTTP(S) health checks for EC2 or Elastic IP endpoints.",
    url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html",
    configSchema: schemaFor(dnsHealthCheckRequiredDefaults, {
        requireHttpEndpointChecks:
            "Require HTTP or HTTPS health checks for Global Accelerator endpoints that are not load balancers.",
    }),
    validateResource: (args, reportViolation) => {
        if (args.type === recordType) {
            checkRecord(args, reportViolation);
        } else if (targetGroupTypes.includes(args.type)) {
            checkTargetGroup(args, reportViolation);
        } else if (args.type === endpointGroupType) {
            checkEndpointGroup(args, reportViolation);
        } else {
            args.notApplicable(
                `Policy only applies to Route 53 records, target groups and Global Accelerator endpoint groups`,
            );
        }
    },
};
