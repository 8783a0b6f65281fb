/**
 * Serving endpoints the engine returns: each an AWS-shaped DNS name (or address) in the
 * resource's own region, as real programs feed them into health checks and records.
 */
import * as assert from "assert";
import { shapeFor } from "../../check/engine/aws-shapes";
import { regionOfDnsName } from "../../policies/lib/region";

const shape = (type: string, inputs: Record<string, unknown> = {}, region = "us-west-2") =>
    shapeFor({ type, name: "api", inputs, region, stack: "dev" }).outputs;

describe("engine: endpoint shapes in the resource's region", () => {
    const cases: [
        string,
        Record<string, unknown>,
        (o: Record<string, unknown>) => unknown,
        RegExp,
    ][] = [
        [
            "aws:apigatewayv2/domainName:DomainName",
            {
                domainName: "api.example.com",
                domainNameConfiguration: { endpointType: "REGIONAL" },
            },
            (o) => (o.domainNameConfiguration as Record<string, unknown>).targetDomainName,
            /^d-[a-z0-9]{10}\.execute-api\.us-west-2\.amazonaws\.com$/,
        ],
        [
            "aws:apigatewayv2/api:Api",
            { protocolType: "HTTP" },
            (o) => o.apiEndpoint,
            /^https:\/\/[a-z0-9]{10}\.execute-api\.us-west-2\.amazonaws\.com$/,
        ],
        [
            "aws:apigateway/domainName:DomainName",
            { domainName: "api.example.com", endpointConfiguration: { types: ["REGIONAL"] } },
            (o) => o.regionalDomainName,
            /^d-[a-z0-9]{10}\.execute-api\.us-west-2\.amazonaws\.com$/,
        ],
        [
            "aws:apprunner/service:Service",
            { serviceName: "api" },
            (o) => o.serviceUrl,
            /^[a-z0-9]{10}\.us-west-2\.awsapprunner\.com$/,
        ],
        [
            "aws:lambda/functionUrl:FunctionUrl",
            { functionName: "api" },
            (o) => o.functionUrl,
            /^https:\/\/[a-z]{32}\.lambda-url\.us-west-2\.on\.aws\/$/,
        ],
        [
            "aws:opensearch/domain:Domain",
            { domainName: "search" },
            (o) => o.endpoint,
            /^search-search-[a-z0-9]{26}\.us-west-2\.es\.amazonaws\.com$/,
        ],
        [
            "aws:ec2/eip:Eip",
            {},
            (o) => o.publicDns,
            /^ec2-3-\d+-\d+-\d+\.us-west-2\.compute\.amazonaws\.com$/,
        ],
    ];
    for (const [type, inputs, pick, format] of cases) {
        it(`${type}: ${format.source}`, () => {
            const value = String(pick(shape(type, inputs)));
            assert.match(value, format);
            assert.strictEqual(
                regionOfDnsName(value.replace(/^\w+:\/\//, "").replace(/\/$/, "")),
                "us-west-2",
            );
        });
    }

    it("API Gateway regional zone IDs follow the region; edge domains use CloudFront's", () => {
        const domain = (region: string) =>
            (
                shape(
                    "aws:apigatewayv2/domainName:DomainName",
                    { domainName: "a.example.com" },
                    region,
                ).domainNameConfiguration as Record<string, unknown>
            ).hostedZoneId;
        assert.deepStrictEqual(
            [domain("us-east-1"), domain("us-west-2")],
            ["Z1UJRXOUMOOFQ8", "Z2OJLYMUO9EFXC"],
        );
        const edge = shape("aws:apigateway/domainName:DomainName", { domainName: "a.example.com" });
        assert.strictEqual(edge.cloudfrontZoneId, "Z2FDTNDATAQYW2");
    });

    it("Elastic IP: a public address, us-east-1 DNS in compute-1", () => {
        const eip = shape("aws:ec2/eip:Eip", {}, "us-east-1");
        assert.match(String(eip.publicIp), /^3\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
        assert.strictEqual(regionOfDnsName(eip.publicDns), "us-east-1");
    });
});
