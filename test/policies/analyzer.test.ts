/**
 * The pack through the policy SDK's own analyzer code: protobuf requests as the Pulumi engine
 * sends them, to the same functions the pack's gRPC server registers. Enforcement levels, the
 * "description\nmessage" shape, not-applicable reasons and the preview downgrade of unknown
 * values are the SDK's, not re-implemented here.
 */
import * as assert from "assert";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { policies, policyPackName } from "../../policies/policies";
import { unknownString, urnOf } from "./harness";

interface Rpc {
    (
        call: { request: unknown },
        callback: (err: unknown, response: analyzerPb.AnalyzeResponse) => void,
    ): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require("@pulumi/policy/server") as {
    makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: unknown[]): Rpc;
};

const version = "0.1.0";
const analyzeStack = server.makeAnalyzeStackRpcFun(policyPackName, version, "advisory", policies);

const levels: Record<number, string> = {
    0: "advisory",
    1: "mandatory",
    2: "disabled",
    3: "remediate",
};

interface Result {
    diagnostics: [string, string, string][];
    urns: string[];
    notApplicable: Record<string, string>;
}

function call(rpc: Rpc, request: unknown): Promise<Result> {
    return new Promise((resolve, reject) =>
        rpc({ request }, (err, response) => {
            if (err) {
                reject(err);
                return;
            }
            resolve({
                diagnostics: response
                    .getDiagnosticsList()
                    .map((d) => [
                        d.getPolicyname(),
                        levels[d.getEnforcementlevel()],
                        d.getMessage(),
                    ]),
                urns: response.getDiagnosticsList().map((d) => d.getUrn()),
                notApplicable: Object.fromEntries(
                    response.getNotApplicableList().map((n) => [n.getPolicyName(), n.getReason()]),
                ),
            });
        }),
    );
}

function provider(region: string): analyzerPb.AnalyzerProviderResource {
    return new analyzerPb.AnalyzerProviderResource()
        .setType("pulumi:providers:aws")
        .setName(`aws-${region}`)
        .setUrn(urnOf("pulumi:providers:aws", `aws-${region}`))
        .setProperties(Struct.fromJavaScript({ region }));
}

function stackResource(type: string, name: string, props: Record<string, unknown>, region: string) {
    return new analyzerPb.AnalyzerResource()
        .setType(type)
        .setName(name)
        .setUrn(urnOf(type, name))
        .setProperties(Struct.fromJavaScript(props as never))
        .setOptions(new analyzerPb.AnalyzerResourceOptions())
        .setProvider(provider(region));
}

const failoverRecord = {
    zoneId: "Z0000000000000000000",
    name: "app.example.com",
    type: "A",
    ttl: 300,
    records: ["192.0.2.10"],
    setIdentifier: "primary",
    failoverRoutingPolicies: [{ type: "PRIMARY" }],
};

/** The record alone, as AnalyzeStack carries a one-resource stack. */
function recordStack(props: Record<string, unknown>) {
    return new analyzerPb.AnalyzeStackRequest().setResourcesList([
        stackResource("aws:route53/record:Record", "api-primary", props, "us-east-1"),
    ]);
}

const recordPolicies = ["dns-ttl-max", "dns-health-check-required"];

describe("policy pack through the SDK analyzer", () => {
    it("reports a TTL of 300 and a missing health check as mandatory, with the policy description", async () => {
        const result = await call(analyzeStack, recordStack(failoverRecord));
        result.diagnostics = result.diagnostics.filter((d) => recordPolicies.includes(d[0]));
        const ttl = policies.find((p) => p.name === "dns-ttl-max")!;
        const health = policies.find((p) => p.name === "dns-health-check-required")!;
        assert.deepStrictEqual(result.diagnostics, [
            [
                "dns-ttl-max",
                "mandatory",
                `${ttl.description}\nLower ttl on record "api-primary" (app.example.com) from 300 to 60 or less: a failover record with a 300 s TTL keeps resolvers sending users to a failed endpoint for up to 300 s after failover.`,
            ],
            [
                "dns-health-check-required",
                "mandatory",
                `${health.description}\nTie PRIMARY failover record "api-primary" (app.example.com) to a health check (attach a healthCheckId): Route 53 treats a record without one as always healthy, so it never routes away from a failed endpoint.`,
            ],
        ]);
        assert.strictEqual(
            result.notApplicable["standby-capacity-matches-strategy"],
            "Policy only applies to compute: ECS services, Auto Scaling groups, EC2 instances, Lambda functions, EKS node groups, App Runner services, Batch compute environments",
        );
    });

    it("downgrades a policy to advisory when the value it needs is unknown during preview", async () => {
        const result = await call(
            analyzeStack,
            recordStack({ ...failoverRecord, ttl: unknownString, healthCheckId: unknownString }),
        );
        result.diagnostics = result.diagnostics.filter((d) => recordPolicies.includes(d[0]));
        assert.deepStrictEqual(result.diagnostics, [
            [
                "dns-ttl-max",
                "advisory",
                `can't run policy 'dns-ttl-max' from policy pack '${policyPackName}@v${version}' during preview: string value at .ttl can't be known during preview`,
            ],
        ]);
    });

    it("reports a stack policy violation at the store's URN as mandatory", async () => {
        const request = new analyzerPb.AnalyzeStackRequest().setResourcesList([
            stackResource("aws:ecs/service:Service", "api-use1", { desiredCount: 2 }, "us-east-1"),
            stackResource("aws:ecs/service:Service", "api-usw2", { desiredCount: 2 }, "us-west-2"),
            stackResource(
                "aws:rds/instance:Instance",
                "db",
                {
                    identifier: "db",
                    arn: "arn:aws:rds:us-east-1:123456789012:db:db",
                    deletionProtection: true,
                    backupRetentionPeriod: 7,
                    skipFinalSnapshot: false,
                },
                "us-east-1",
            ),
        ]);
        const result = await call(analyzeStack, request);
        const policy = policies.find((p) => p.name === "compute-requires-data-replication")!;
        assert.deepStrictEqual(result.diagnostics, [
            [
                "compute-requires-data-replication",
                "mandatory",
                `${policy.description}\nReplicate RDS instance "db" into us-west-2; add a cross-region read replica with replicateSourceDb there. It lives only in us-east-1, but compute runs in us-east-1 and us-west-2 (ECS service "api-usw2" in us-west-2), so us-west-2 cannot serve when us-east-1 fails.`,
            ],
        ]);
        assert.deepStrictEqual(result.urns, [urnOf("aws:rds/instance:Instance", "db")]);
        assert.deepStrictEqual(result.notApplicable, {
            "alarm-topic-subscriptions": "the stack has no CloudWatch alarms",
            "dns-failover-pair":
                "the stack has no failover or geolocation records, Global Accelerator endpoint groups or CloudFront origin groups",
            "dns-health-check-required":
                "the stack has no Route 53 records, target groups or Global Accelerator endpoint groups",
            "dns-ttl-max": "the stack has no health-checked or routed records",
            "failover-objectives":
                "no routing layer in this stack (Route 53 records with a routing policy, Global Accelerator endpoint groups or CloudFront origin groups)",
            "failover-simulation":
                "no routing layer in the deployment (Route 53 records with a routing policy, Global Accelerator endpoint groups or CloudFront origin groups)",
            "health-check-detection-time": "the stack has no Route 53 health checks",
        });
    });

    it("reports an advisory policy at its default level", async () => {
        const request = new analyzerPb.AnalyzeStackRequest().setResourcesList([
            stackResource(
                "aws:route53/healthCheck:HealthCheck",
                "orphan",
                { type: "HTTPS", fqdn: "a.example.com", requestInterval: 10, failureThreshold: 3 },
                "us-east-1",
            ),
        ]);
        const result = await call(analyzeStack, request);
        assert.deepStrictEqual(
            result.diagnostics.map(([name, level]) => [name, level]),
            [["health-check-detection-time", "advisory"]],
        );
    });
});
