/**
 * AWS-shaped endpoints of the serving types programs feed into health checks and records: API
 * Gateway (REST and HTTP APIs, custom domain names), App Runner, Lambda function URLs,
 * OpenSearch domains and Elastic IPs. Each is a DNS name (or address) in the resource's own
 * region, in the format the service documents, so that a record or check built from it says
 * which region it serves.
 */
import { ShapeContext, ShapeFn, arn, hex, mockAccountId, physicalName } from "./shapes-common";
import { cloudFrontHostedZoneId } from "../../policies/lib/aws-limits";

/**
 * Route 53 hosted zone IDs of API Gateway's Regional endpoints (execute-api), by region. Edge-
 * optimized endpoints use CloudFront's zone in every region. Source: AWS General Reference,
 * "Amazon API Gateway endpoints and quotas" (https://docs.aws.amazon.com/general/latest/gr/apigateway.html).
 */
export const apiGatewayHostedZoneIds: Readonly<Record<string, string>> = {
    "us-east-1": "Z1UJRXOUMOOFQ8",
    "us-east-2": "ZOJJZC49E0EPZ",
    "us-west-1": "Z2MUQ32089INYE",
    "us-west-2": "Z2OJLYMUO9EFXC",
    "ca-central-1": "Z19DQILCV0OWEC",
    "eu-central-1": "Z1U9ULNL0V5AJ3",
    "eu-west-1": "ZLY8HYME6SFDD",
    "eu-west-2": "ZJ5UAJN8Y3Z2Q",
    "eu-west-3": "Z3KY65QIEKYHQQ",
    "ap-northeast-1": "Z1YSHQZHG15GKL",
    "ap-northeast-2": "Z20JF4UZKIW1U8",
    "ap-northeast-3": "Z2YQB5RD63NC85",
    "ap-southeast-1": "ZL327KTPIQFUL",
    "ap-southeast-2": "Z2RPCDW04V8134",
    "ap-south-1": "Z3VO1THU9YC4UR",
    "sa-east-1": "ZCMLWB8V5SYIT",
};

/** Lower-case letters and digits, as API Gateway and App Runner IDs are. */
function alnum(ctx: ShapeContext, length: number, salt = ""): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    return [...hex(ctx, length * 2, salt)]
        .reduce<string[]>((out, _c, i, all) => {
            if (i % 2 === 0) {
                out.push(alphabet[parseInt(all[i] + all[i + 1], 16) % alphabet.length]);
            }
            return out;
        }, [])
        .join("");
}

/** A regional API Gateway custom-domain target: `d-<id>.execute-api.<region>.amazonaws.com`. */
function regionalTarget(ctx: ShapeContext): { name: string; zoneId: string } {
    return {
        name: `d-${alnum(ctx, 10, "domain")}.execute-api.${ctx.region}.amazonaws.com`,
        zoneId: apiGatewayHostedZoneIds[ctx.region] ?? apiGatewayHostedZoneIds["us-east-1"],
    };
}

function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
}

/** Elastic IPs from 3.0.0.0/9 (an AWS-owned range), one per resource. */
function publicIp(ctx: ShapeContext): string {
    const n = parseInt(hex(ctx, 6, "ip"), 16);
    return `3.${(n >> 16) & 0x7f}.${(n >> 8) & 0xff}.${n & 0xff || 1}`;
}

export const endpointShapes: Record<string, ShapeFn> = {
    "aws:apigatewayv2/api:Api": (ctx) => {
        const id = alnum(ctx, 10);
        const scheme = ctx.inputs.protocolType === "WEBSOCKET" ? "wss" : "https";
        return {
            id,
            outputs: {
                arn: `arn:aws:apigateway:${ctx.region}::/apis/${id}`,
                apiEndpoint: `${scheme}://${id}.execute-api.${ctx.region}.amazonaws.com`,
                executionArn: arn(ctx, "execute-api", id),
            },
        };
    },
    "aws:apigatewayv2/domainName:DomainName": (ctx) => {
        const name = String(ctx.inputs.domainName ?? ctx.name);
        const target = regionalTarget(ctx);
        return {
            id: name,
            outputs: {
                arn: `arn:aws:apigateway:${ctx.region}::/domainnames/${name}`,
                apiMappingSelectionExpression: "$request.basepath",
                domainNameConfiguration: {
                    endpointType: "REGIONAL",
                    securityPolicy: "TLS_1_2",
                    ...record(ctx.inputs.domainNameConfiguration),
                    targetDomainName: target.name,
                    hostedZoneId: target.zoneId,
                },
            },
        };
    },
    "aws:apigateway/restApi:RestApi": (ctx) => {
        const id = alnum(ctx, 10);
        return {
            id,
            outputs: {
                arn: `arn:aws:apigateway:${ctx.region}::/restapis/${id}`,
                executionArn: arn(ctx, "execute-api", id),
                rootResourceId: alnum(ctx, 10, "root"),
            },
        };
    },
    "aws:apigateway/domainName:DomainName": (ctx) => {
        const name = String(ctx.inputs.domainName ?? ctx.name);
        const types = (record(ctx.inputs.endpointConfiguration).types as unknown[]) ?? [];
        const regional = Array.isArray(types) && types.includes("REGIONAL");
        const target = regionalTarget(ctx);
        return {
            id: name,
            outputs: {
                arn: `arn:aws:apigateway:${ctx.region}::/domainnames/${name}`,
                ...(regional
                    ? { regionalDomainName: target.name, regionalZoneId: target.zoneId }
                    : {
                          cloudfrontDomainName: `d${hex(ctx, 13, "edge")}.cloudfront.net`,
                          cloudfrontZoneId: cloudFrontHostedZoneId,
                      }),
            },
        };
    },
    "aws:apprunner/service:Service": (ctx) => {
        const name = physicalName(ctx, "serviceName");
        const id = hex(ctx, 32);
        return {
            id: arn(ctx, "apprunner", `service/${name}/${id}`),
            outputs: {
                arn: arn(ctx, "apprunner", `service/${name}/${id}`),
                serviceId: id,
                serviceName: name,
                serviceUrl: `${alnum(ctx, 10, "url")}.${ctx.region}.awsapprunner.com`,
                status: "RUNNING",
            },
        };
    },
    "aws:lambda/function:Function": (ctx) => {
        const name = physicalName(ctx);
        const value = arn(ctx, "lambda", `function:${name}`);
        return {
            id: name,
            outputs: {
                arn: value,
                name,
                qualifiedArn: `${value}:$LATEST`,
                version: "$LATEST",
                invokeArn: `arn:aws:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${value}/invocations`,
            },
        };
    },
    "aws:lambda/functionUrl:FunctionUrl": (ctx) => {
        const urlId = alnum(ctx, 32).replace(/[0-9]/g, "a");
        const fn = String(ctx.inputs.functionName ?? ctx.name);
        return {
            id: fn,
            outputs: {
                urlId,
                functionArn: fn.startsWith("arn:") ? fn : arn(ctx, "lambda", `function:${fn}`),
                functionUrl: `https://${urlId}.lambda-url.${ctx.region}.on.aws/`,
            },
        };
    },
    ...Object.fromEntries(
        ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"].map((type) => [
            type,
            (ctx: ShapeContext) => {
                const name = physicalName(ctx, "domainName", true).slice(0, 28);
                const host = `search-${name}-${alnum(ctx, 26, "endpoint")}.${ctx.region}.es.amazonaws.com`;
                return {
                    id: arn(ctx, "es", `domain/${name}`),
                    outputs: {
                        arn: arn(ctx, "es", `domain/${name}`),
                        domainId: `${mockAccountId}/${name}`,
                        domainName: name,
                        endpoint: host,
                        ...(type.startsWith("aws:opensearch")
                            ? { dashboardEndpoint: `${host}/_dashboards` }
                            : { kibanaEndpoint: `${host}/_plugin/kibana/` }),
                    },
                };
            },
        ]),
    ),
    "aws:ec2/eip:Eip": (ctx) => {
        const ip = publicIp(ctx);
        const host =
            ctx.region === "us-east-1"
                ? `ec2-${ip.replace(/\./g, "-")}.compute-1.amazonaws.com`
                : `ec2-${ip.replace(/\./g, "-")}.${ctx.region}.compute.amazonaws.com`;
        const id = `eipalloc-${hex(ctx, 17)}`;
        return {
            id,
            outputs: {
                allocationId: id,
                arn: arn(ctx, "ec2", `elastic-ip/${id}`),
                domain: "vpc",
                publicIp: ip,
                publicDns: host,
            },
        };
    },
};
