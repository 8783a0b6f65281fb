/**
 * The load balancer part of a `RegionalApplication`: who may reach the ALB, the ALB itself, its
 * DNS-validated certificate, the target group and the HTTPS and HTTP listeners. A plain function
 * whose resources stay children of the application (URNs unchanged by the split).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EdgePlan, cloudFrontOriginFacingPrefixList } from "./plan";

/** ALB target group health check: timeout below interval, 2 checks either way (~30 s to react). */
export const targetHealthCheck = {
    interval: 15,
    timeout: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 2,
    matcher: "200-399",
} as const;

/** TLS 1.3 with TLS 1.2 fallback, AWS's recommended ALB policy. */
export const tlsPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Arguments of the load balancer part. */
export interface RegionLoadBalancerArgs {
    vpcId: pulumi.Input<string>;
    /** Public subnets (an internet-facing ALB) and app subnets (an internal one). */
    publicSubnetIds: pulumi.Input<string[]>;
    appSubnetIds: pulumi.Input<string[]>;
    /** Who reaches the ALB: internet-facing, or internal behind an edge (see `edgePlan`). */
    edge: EdgePlan;
    /** The ALB's security group; this part adds its ingress rules. */
    securityGroupId: pulumi.Input<string>;
    /** Port of the tasks, and the path the target group checks (see `targetGroupHealthPath`). */
    port: number;
    targetPath: string;
    /** Domain the certificate is issued for, and the Route 53 zone that validates it. */
    domain: string;
    hostedZoneId: string;
    /** Refuse deletion of the ALB. */
    deletionProtection: boolean;
    /** S3 bucket for ALB access logs (prefix: the application's name); none when unset. */
    accessLogsBucket?: pulumi.Input<string>;
    /** What must exist before ELB checks it may write to the bucket (its bucket policy). */
    accessLogsReady?: pulumi.Resource;
}

/** What the load balancer part gives the others. */
export interface RegionLoadBalancer {
    alb: aws.lb.LoadBalancer;
    targetGroup: aws.lb.TargetGroup;
    /** The HTTPS listener; the service waits for it before registering targets. */
    httpsListener: aws.lb.Listener;
    certificateArn: pulumi.Output<string>;
}

/** Build the load balancer of application `name`, every resource a child of `parent`. */
export function regionLoadBalancer(
    name: string,
    args: RegionLoadBalancerArgs,
    parent: pulumi.Resource,
): RegionLoadBalancer {
    const opts = { parent };
    albIngress(name, args, parent);
    const alb = new aws.lb.LoadBalancer(
        `${name}-alb`,
        {
            loadBalancerType: "application",
            internal: args.edge.internal,
            subnets: args.edge.subnets === "public" ? args.publicSubnetIds : args.appSubnetIds,
            securityGroups: [args.securityGroupId],
            dropInvalidHeaderFields: true,
            enableDeletionProtection: args.deletionProtection,
            accessLogs: args.accessLogsBucket
                ? { bucket: args.accessLogsBucket, prefix: name, enabled: true }
                : undefined,
        },
        { parent, dependsOn: args.accessLogsReady ? [args.accessLogsReady] : [] },
    );
    const certificateArn = validatedCertificate(name, args, parent);
    const targetGroup = new aws.lb.TargetGroup(
        `${name}-tg`,
        {
            vpcId: args.vpcId,
            targetType: "ip",
            protocol: "HTTP",
            port: args.port,
            deregistrationDelay: 30,
            healthCheck: {
                enabled: true,
                protocol: "HTTP",
                path: args.targetPath,
                port: "traffic-port",
                ...targetHealthCheck,
            },
        },
        opts,
    );
    const httpsListener = new aws.lb.Listener(
        `${name}-https`,
        {
            loadBalancerArn: alb.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: tlsPolicy,
            certificateArn,
            defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        },
        opts,
    );
    new aws.lb.Listener(
        `${name}-http`,
        {
            loadBalancerArn: alb.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [
                {
                    type: "redirect",
                    redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                },
            ],
        },
        opts,
    );
    return { alb, targetGroup, httpsListener, certificateArn };
}

/**
 * The ALB's ingress for its edge. Behind Global Accelerator there is none here: the rule admits
 * the security group the accelerator creates in the VPC, which exists only once the global stack
 * has added the endpoint, so the global stack adds it (GlobalAcceleratorRouting).
 */
function albIngress(name: string, args: RegionLoadBalancerArgs, parent: pulumi.Resource): void {
    const rule = (
        ruleName: string,
        port: number,
        source: Partial<aws.vpc.SecurityGroupIngressRuleArgs>,
        description: string,
    ) =>
        new aws.vpc.SecurityGroupIngressRule(
            ruleName,
            {
                securityGroupId: args.securityGroupId,
                description,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                ...source,
            },
            { parent },
        );
    switch (args.edge.source) {
        case "internet":
            for (const port of args.edge.ports) {
                rule(
                    `${name}-alb-in-${port}`,
                    port,
                    { cidrIpv4: "0.0.0.0/0" },
                    `HTTP${port === 443 ? "S" : ""} from the internet`,
                );
            }
            return;
        case "cloudfront-origin-facing": {
            const prefixList = aws.ec2.getManagedPrefixListOutput(
                { name: cloudFrontOriginFacingPrefixList },
                { parent },
            );
            for (const port of args.edge.ports) {
                rule(
                    `${name}-alb-in-${port}-cloudfront`,
                    port,
                    { prefixListId: prefixList.id },
                    `HTTPS from CloudFront (${cloudFrontOriginFacingPrefixList})`,
                );
            }
            return;
        }
        default:
            // global-accelerator: the global stack admits the accelerator (see above).
            return;
    }
}

/** An ACM certificate for the domain, validated through a DNS record in the zone. */
function validatedCertificate(
    name: string,
    args: RegionLoadBalancerArgs,
    parent: pulumi.Resource,
): pulumi.Output<string> {
    const certificate = new aws.acm.Certificate(
        `${name}-cert`,
        { domainName: args.domain, validationMethod: "DNS" },
        { parent },
    );
    const validation = certificate.domainValidationOptions.apply((options) => {
        const option = options.find((o) => o.domainName === args.domain);
        if (!option) {
            throw new Error(`ACM returned no DNS validation record for ${args.domain}`);
        }
        return option;
    });
    // Every region validates the same name and ACM returns the same CNAME for it in each
    // region, so each stack may write (and overwrite) the one record.
    const validationRecord = new aws.route53.Record(
        `${name}-cert-validation`,
        {
            zoneId: args.hostedZoneId,
            name: validation.resourceRecordName,
            type: validation.resourceRecordType,
            records: [validation.resourceRecordValue],
            ttl: 300,
            allowOverwrite: true,
        },
        // Kept on destroy: the other regions' certificates renew against the same record.
        { parent, retainOnDelete: true },
    );
    return new aws.acm.CertificateValidation(
        `${name}-cert`,
        { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] },
        { parent },
    ).certificateArn;
}
