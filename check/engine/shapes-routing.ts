import { ShapeFn, arn, hex, mockAccountId, physicalName, upperAlnum, uuid } from "./shapes-common";
import {
    cloudFrontHostedZoneId,
    globalAcceleratorHostedZoneId,
} from "../../policies/lib/aws-limits";

/** AWS-shaped outputs for the routing types. */
export const routingShapes: Record<string, ShapeFn> = {
    "aws:route53/healthCheck:HealthCheck": (ctx) => {
        const id = uuid(ctx);
        return { id, outputs: { arn: `arn:aws:route53:::healthcheck/${id}` } };
    },
    "aws:route53/record:Record": (ctx) => {
        const setId = ctx.inputs.setIdentifier ? `_${ctx.inputs.setIdentifier}` : "";
        return {
            id: `${ctx.inputs.zoneId}_${ctx.inputs.name}_${ctx.inputs.type}${setId}`,
            outputs: { fqdn: ctx.inputs.name },
        };
    },

    "aws:sns/topic:Topic": (ctx) => {
        const name = physicalName(ctx);
        const value = arn(ctx, "sns", name);
        return { id: value, outputs: { arn: value, name } };
    },
    "aws:globalaccelerator/accelerator:Accelerator": (ctx) => ({
        id: `arn:aws:globalaccelerator::${mockAccountId}:accelerator/${uuid(ctx)}`,
        outputs: {
            arn: `arn:aws:globalaccelerator::${mockAccountId}:accelerator/${uuid(ctx)}`,
            dnsName: `a${hex(ctx, 16)}.awsglobalaccelerator.com`,
            hostedZoneId: globalAcceleratorHostedZoneId,
            ipSets: [{ ipFamily: "IPv4", ipAddresses: ["75.2.60.10", "99.83.190.51"] }],
        },
    }),
    "aws:cloudfront/distribution:Distribution": (ctx) => {
        const id = `E${upperAlnum(ctx, 13)}`;
        return {
            id,
            outputs: {
                arn: `arn:aws:cloudfront::${mockAccountId}:distribution/${id}`,
                domainName: `d${hex(ctx, 13)}.cloudfront.net`,
                hostedZoneId: cloudFrontHostedZoneId,
                status: "Deployed",
            },
        };
    },
    "aws:globalaccelerator/listener:Listener": (ctx) => {
        const accelerator = String(ctx.inputs.acceleratorArn ?? "");
        const value = `${accelerator}/listener/${hex(ctx, 8)}`;
        return { id: value, outputs: { arn: value } };
    },
    "aws:globalaccelerator/endpointGroup:EndpointGroup": (ctx) => {
        const listener = String(ctx.inputs.listenerArn ?? "");
        const value = `${listener}/endpoint-group/${hex(ctx, 12)}`;
        return { id: value, outputs: { arn: value } };
    },
    "aws:acm/certificateValidation:CertificateValidation": (ctx) => ({
        id: String(ctx.inputs.certificateArn),
        outputs: {},
    }),
    "aws:route53recoverycontrol/controlPanel:ControlPanel": (ctx) => {
        const value = `arn:aws:route53-recovery-control::${mockAccountId}:controlpanel/${hex(ctx, 32)}`;
        return {
            id: value,
            outputs: {
                arn: value,
                name: physicalName(ctx),
                status: "DEPLOYED",
                defaultControlPanel: false,
            },
        };
    },
    "aws:route53recoverycontrol/routingControl:RoutingControl": (ctx) => {
        const panel = String(ctx.inputs.controlPanelArn ?? "");
        const value = `${panel}/routingcontrol/${hex(ctx, 16)}`;
        return { id: value, outputs: { arn: value, name: physicalName(ctx), status: "DEPLOYED" } };
    },
    "aws:route53recoverycontrol/safetyRule:SafetyRule": (ctx) => {
        const panel = String(ctx.inputs.controlPanelArn ?? "");
        const value = `${panel}/safetyrule/${hex(ctx, 12)}`;
        return { id: value, outputs: { arn: value, name: physicalName(ctx), status: "DEPLOYED" } };
    },
    "aws:route53recoverycontrol/cluster:Cluster": (ctx) => {
        const value = `arn:aws:route53-recovery-control::${mockAccountId}:cluster/${uuid(ctx)}`;
        return {
            id: value,
            outputs: {
                arn: value,
                clusterEndpoints: [
                    "us-east-1",
                    "us-west-2",
                    "eu-west-1",
                    "ap-northeast-1",
                    "ap-southeast-2",
                ].map((r) => ({
                    region: r,
                    endpoint: `https://host-${hex(ctx, 8, r)}.${r}.example-recovery-control.aws/v1`,
                })),
            },
        };
    },
};
