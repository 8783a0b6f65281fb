/**
 * Route 53's input rules on their boundaries and through every entry of their tables (issue #30:
 * the mutants Stryker found surviving in check/engine/constraints/route53.ts). Each test changes
 * one input of a valid health check or record and asserts the exact messages.
 */
import * as assert from "assert";
import { checkConstraints } from "../../check/engine/constraints";
import { RecordedResource } from "../../check/engine/types";
import {
    cloudFrontHostedZoneId,
    cloudWatchAlarmRegions,
    healthCheckerRegions,
} from "../../policies/lib/aws-limits";
import { recorded } from "../helpers/recorded";

function problems(resource: RecordedResource): string[] {
    return checkConstraints([resource], [resource]).map((v) => v.message);
}

const hcDoc = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html";
const alarmDoc = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html";
const recordDoc =
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html";
const aliasDoc =
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-alias.html#rrsets-values-alias-evaluate-target-health";

const endpoint = {
    type: "HTTPS",
    fqdn: "api.example.com",
    port: 443,
    resourcePath: "/health",
    requestInterval: 30,
    failureThreshold: 3,
};
const hc = (inputs: Record<string, unknown>) =>
    recorded("aws:route53/healthCheck:HealthCheck", "hc", inputs);
const endpointCheck = (change: Record<string, unknown>) => hc({ ...endpoint, ...change });

const children = (n: number) => Array.from({ length: n }, (_, k) => `child-${k}`);
const calculated = (change: Record<string, unknown>) =>
    hc({ type: "CALCULATED", childHealthchecks: children(2), childHealthThreshold: 1, ...change });
const alarmCheck = (change: Record<string, unknown>) =>
    hc({
        type: "CLOUDWATCH_METRIC",
        cloudwatchAlarmName: "api-errors",
        cloudwatchAlarmRegion: "us-east-1",
        insufficientDataHealthStatus: "LastKnownStatus",
        ...change,
    });

describe("AWS input constraints: Route 53 on their boundaries", () => {
    describe("endpoint health check", () => {
        it("accepts the valid endpoint check", () =>
            assert.deepStrictEqual(problems(endpointCheck({})), []));

        for (const ok of [1, 10]) {
            it(`accepts failureThreshold ${ok}, an end of 1 to 10`, () =>
                assert.deepStrictEqual(problems(endpointCheck({ failureThreshold: ok })), []));
        }
        for (const bad of [0, 11, 2.5]) {
            it(`rejects failureThreshold ${bad}`, () =>
                assert.deepStrictEqual(problems(endpointCheck({ failureThreshold: bad })), [
                    `failureThreshold ${bad} is invalid; it must be an integer from 1 to 10 (${hcDoc})`,
                ]));
        }
        for (const ok of [10, 30]) {
            it(`accepts requestInterval ${ok}`, () =>
                assert.deepStrictEqual(problems(endpointCheck({ requestInterval: ok })), []));
        }

        it("accepts an ipAddress in place of fqdn", () =>
            assert.deepStrictEqual(
                problems(endpointCheck({ fqdn: undefined, ipAddress: "192.0.2.10" })),
                [],
            ));
        for (const type of ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"]) {
            it(`rejects a ${type} check with neither fqdn nor ipAddress`, () =>
                assert.deepStrictEqual(problems(endpointCheck({ type, fqdn: undefined })), [
                    `an endpoint health check needs fqdn or ipAddress (${hcDoc})`,
                ]));
        }

        it("accepts a resourcePath of 255 characters", () =>
            assert.deepStrictEqual(
                problems(endpointCheck({ resourcePath: "/" + "a".repeat(254) })),
                [],
            ));
        it("rejects a resourcePath of 256 characters", () =>
            assert.deepStrictEqual(
                problems(endpointCheck({ resourcePath: "/" + "a".repeat(255) })),
                [`resourcePath is 256 characters; the maximum is 255 (${hcDoc})`],
            ));

        it("accepts every checker region, three at a time", () => {
            for (let k = 0; k + 3 <= healthCheckerRegions.length; k++) {
                const regions = healthCheckerRegions.slice(k, k + 3);
                assert.deepStrictEqual(problems(endpointCheck({ regions })), [], regions.join());
            }
        });
        it("counts distinct checker regions: a repeated one does not make three", () =>
            assert.deepStrictEqual(
                problems(endpointCheck({ regions: ["us-east-1", "us-east-1", "us-west-1"] })),
                [
                    `regions ["us-east-1","us-east-1","us-west-1"] names fewer than 3 checker regions; give at least 3 or none (${hcDoc})`,
                ],
            ));
        it("rejects a region Route 53 has no health checkers in, naming only it", () =>
            assert.deepStrictEqual(
                problems(endpointCheck({ regions: ["us-east-1", "us-west-1", "eu-central-1"] })),
                [
                    `regions ["eu-central-1"] are not Route 53 health checker regions; allowed: ${healthCheckerRegions.join(", ")} (${hcDoc})`,
                ],
            ));
    });

    describe("health checks without an endpoint of their own", () => {
        it("accepts a CALCULATED check without fqdn", () =>
            assert.deepStrictEqual(problems(calculated({})), []));
        it("accepts a CLOUDWATCH_METRIC check without fqdn", () =>
            assert.deepStrictEqual(problems(alarmCheck({})), []));
        it("accepts a RECOVERY_CONTROL check with its routing control and no fqdn", () =>
            assert.deepStrictEqual(
                problems(hc({ type: "RECOVERY_CONTROL", routingControlArn: "arn:rc" })),
                [],
            ));
        it("rejects a RECOVERY_CONTROL check without routingControlArn", () =>
            assert.deepStrictEqual(problems(hc({ type: "RECOVERY_CONTROL" })), [
                `a RECOVERY_CONTROL health check needs routingControlArn (${hcDoc})`,
            ]));
        it("does not read resourcePath on a CALCULATED check", () =>
            assert.deepStrictEqual(
                problems(calculated({ resourcePath: "/" + "a".repeat(300) })),
                [],
            ));
    });

    describe("CALCULATED health check", () => {
        it("accepts 1 child with a threshold of 1 and 256 children with 256", () => {
            assert.deepStrictEqual(
                problems(calculated({ childHealthchecks: children(1), childHealthThreshold: 1 })),
                [],
            );
            assert.deepStrictEqual(
                problems(
                    calculated({ childHealthchecks: children(256), childHealthThreshold: 256 }),
                ),
                [],
            );
        });
        it("accepts a threshold of 0 and an absent threshold", () => {
            assert.deepStrictEqual(problems(calculated({ childHealthThreshold: 0 })), []);
            assert.deepStrictEqual(problems(calculated({ childHealthThreshold: undefined })), []);
        });
        it("rejects no children", () =>
            assert.deepStrictEqual(
                problems(calculated({ childHealthchecks: [], childHealthThreshold: 0 })),
                [`a CALCULATED health check needs 1 to 256 childHealthchecks, got 0 (${hcDoc})`],
            ));
        it("rejects 257 children", () =>
            assert.deepStrictEqual(problems(calculated({ childHealthchecks: children(257) })), [
                `a CALCULATED health check needs 1 to 256 childHealthchecks, got 257 (${hcDoc})`,
            ]));
        for (const bad of [-1, 257, 1.5]) {
            it(`rejects childHealthThreshold ${bad}`, () =>
                assert.deepStrictEqual(
                    problems(
                        calculated({ childHealthchecks: children(257), childHealthThreshold: bad }),
                    ),
                    [
                        `a CALCULATED health check needs 1 to 256 childHealthchecks, got 257 (${hcDoc})`,
                        `childHealthThreshold ${bad} must be an integer from 0 to 256 (${hcDoc})`,
                    ],
                ));
        }
        it("accepts a threshold equal to the number of children", () =>
            assert.deepStrictEqual(problems(calculated({ childHealthThreshold: 2 })), []));
        it("rejects a threshold one above the number of children: never healthy", () =>
            assert.deepStrictEqual(problems(calculated({ childHealthThreshold: 3 })), [
                `childHealthThreshold 3 exceeds the 2 child health checks, so the check can never be healthy (${hcDoc})`,
            ]));
    });

    describe("CLOUDWATCH_METRIC health check", () => {
        for (const status of ["Healthy", "Unhealthy", "LastKnownStatus"]) {
            it(`accepts insufficientDataHealthStatus ${status}`, () =>
                assert.deepStrictEqual(
                    problems(alarmCheck({ insufficientDataHealthStatus: status })),
                    [],
                ));
        }
        it("rejects another insufficientDataHealthStatus", () =>
            assert.deepStrictEqual(problems(alarmCheck({ insufficientDataHealthStatus: "Ok" })), [
                `insufficientDataHealthStatus "Ok" must be Healthy, Unhealthy or LastKnownStatus (${hcDoc})`,
            ]));
        it("rejects a check without the alarm's name, and one without its region", () => {
            const needs = `a CLOUDWATCH_METRIC health check needs cloudwatchAlarmName and cloudwatchAlarmRegion (${alarmDoc})`;
            assert.deepStrictEqual(problems(alarmCheck({ cloudwatchAlarmName: undefined })), [
                needs,
            ]);
            assert.deepStrictEqual(problems(alarmCheck({ cloudwatchAlarmRegion: undefined })), [
                needs,
            ]);
        });
        it("accepts an alarm name of 256 characters and rejects 257", () => {
            assert.deepStrictEqual(
                problems(alarmCheck({ cloudwatchAlarmName: "a".repeat(256) })),
                [],
            );
            assert.deepStrictEqual(problems(alarmCheck({ cloudwatchAlarmName: "a".repeat(257) })), [
                `cloudwatchAlarmName is 257 characters; the maximum is 256 (${alarmDoc})`,
            ]);
        });
        it("accepts every region Route 53 reads alarms from", () => {
            for (const region of cloudWatchAlarmRegions) {
                assert.deepStrictEqual(
                    problems(alarmCheck({ cloudwatchAlarmRegion: region })),
                    [],
                    region,
                );
            }
        });
        it("rejects an alarm region Route 53 does not read", () =>
            assert.deepStrictEqual(problems(alarmCheck({ cloudwatchAlarmRegion: "xx-east-9" })), [
                `cloudwatchAlarmRegion "xx-east-9" is not a region Route 53 reads alarms from; allowed: ${cloudWatchAlarmRegions.join(", ")} (${alarmDoc})`,
            ]));
        it("rejects an ipAddress and a port, each by name", () =>
            assert.deepStrictEqual(problems(alarmCheck({ ipAddress: "192.0.2.1", port: 443 })), [
                `a CLOUDWATCH_METRIC health check takes no ipAddress, got "192.0.2.1" (${hcDoc})`,
                `a CLOUDWATCH_METRIC health check takes no port, got 443 (${hcDoc})`,
            ]));
    });

    describe("record", () => {
        const simple = { name: "app.example.com", type: "A", ttl: 60, records: ["192.0.2.10"] };
        const rec = (change: Record<string, unknown>) =>
            recorded("aws:route53/record:Record", "rec", { ...simple, ...change });
        const policyValues: Record<string, unknown> = {
            failoverRoutingPolicies: [{ type: "SECONDARY" }],
            latencyRoutingPolicies: [{ region: "us-east-1" }],
            weightedRoutingPolicies: [{ weight: 10 }],
            geolocationRoutingPolicies: [{ continent: "EU" }],
            geoproximityRoutingPolicy: { awsRegion: "us-east-1" },
            cidrRoutingPolicy: { collectionId: "c", locationName: "l" },
        };

        it("accepts a simple record", () => assert.deepStrictEqual(problems(rec({})), []));
        for (const [key, value] of Object.entries(policyValues)) {
            it(`accepts ${key} with a setIdentifier`, () =>
                assert.deepStrictEqual(problems(rec({ [key]: value, setIdentifier: "a" })), []));
            it(`rejects ${key} without a setIdentifier`, () =>
                assert.deepStrictEqual(problems(rec({ [key]: value })), [
                    `${key} needs setIdentifier (${recordDoc})`,
                ]));
        }
        it("rejects two routing policies, naming both", () =>
            assert.deepStrictEqual(
                problems(
                    rec({
                        setIdentifier: "a",
                        failoverRoutingPolicies: policyValues.failoverRoutingPolicies,
                        weightedRoutingPolicies: policyValues.weightedRoutingPolicies,
                    }),
                ),
                [
                    `a record can have one routing policy, but sets failoverRoutingPolicies and weightedRoutingPolicies (${recordDoc})`,
                ],
            ));
        it("accepts a multivalue answer with a setIdentifier and rejects it without", () => {
            assert.deepStrictEqual(
                problems(rec({ multivalueAnswerRoutingPolicy: true, setIdentifier: "a" })),
                [],
            );
            assert.deepStrictEqual(problems(rec({ multivalueAnswerRoutingPolicy: true })), [
                `multivalueAnswerRoutingPolicy needs setIdentifier (${recordDoc})`,
            ]);
        });
        it("rejects a setIdentifier without a routing policy", () =>
            assert.deepStrictEqual(problems(rec({ setIdentifier: "a" })), [
                `setIdentifier "a" is only allowed with a routing policy (${recordDoc})`,
            ]));

        const alias = {
            name: "api-alb.example.com",
            zoneId: "Z35SXDOTRQ7X7K",
            evaluateTargetHealth: true,
        };
        const aliasRecord = (change: Record<string, unknown>) =>
            rec({ ttl: undefined, records: undefined, aliases: [alias], ...change });
        it("accepts an alias record", () => assert.deepStrictEqual(problems(aliasRecord({})), []));
        it("rejects an alias with a ttl, and one with records", () => {
            const both = `an alias record cannot also set ttl or records (${recordDoc})`;
            assert.deepStrictEqual(problems(aliasRecord({ ttl: 60 })), [both]);
            assert.deepStrictEqual(problems(aliasRecord({ records: ["192.0.2.1"] })), [both]);
        });
        it("rejects a non-alias record without records, and one without a ttl", () => {
            const both = `a non-alias record needs both ttl and records (${recordDoc})`;
            assert.deepStrictEqual(problems(rec({ records: undefined })), [both]);
            assert.deepStrictEqual(problems(rec({ ttl: undefined })), [both]);
        });
        for (const ok of [0, 2147483647]) {
            it(`accepts ttl ${ok}`, () => assert.deepStrictEqual(problems(rec({ ttl: ok })), []));
        }
        for (const bad of [-1, 2147483648]) {
            it(`rejects ttl ${bad}`, () =>
                assert.deepStrictEqual(problems(rec({ ttl: bad })), [
                    `ttl ${bad} is outside 0 to 2147483647 (${recordDoc})`,
                ]));
        }

        it("rejects a failover type other than PRIMARY or SECONDARY", () =>
            assert.deepStrictEqual(
                problems(
                    rec({ setIdentifier: "a", failoverRoutingPolicies: [{ type: "TERTIARY" }] }),
                ),
                [`failover type "TERTIARY" must be PRIMARY or SECONDARY (${recordDoc})`],
            ));
        it("accepts a non-alias SECONDARY without a health check", () =>
            assert.deepStrictEqual(
                problems(
                    rec({ setIdentifier: "a", failoverRoutingPolicies: [{ type: "SECONDARY" }] }),
                ),
                [],
            ));
        it("accepts an alias PRIMARY without a health check", () =>
            assert.deepStrictEqual(
                problems(
                    aliasRecord({
                        setIdentifier: "a",
                        failoverRoutingPolicies: [{ type: "PRIMARY" }],
                    }),
                ),
                [],
            ));

        const cloudFront = (target: Record<string, unknown>) =>
            aliasRecord({ aliases: [{ ...alias, ...target }] });
        const cfMessage = (name: string) =>
            `evaluateTargetHealth must be false for an alias to a CloudFront distribution (${name}) (${aliasDoc})`;
        it("rejects evaluateTargetHealth on CloudFront's hosted zone, whatever the name", () =>
            assert.deepStrictEqual(problems(cloudFront({ zoneId: cloudFrontHostedZoneId })), [
                cfMessage("api-alb.example.com"),
            ]));
        for (const name of ["d111.cloudfront.net", "d111.cloudfront.net."]) {
            it(`rejects evaluateTargetHealth on ${name} in another zone`, () =>
                assert.deepStrictEqual(problems(cloudFront({ name })), [cfMessage(name)]));
        }
        it("accepts a name that only contains cloudfront.net", () =>
            assert.deepStrictEqual(
                problems(cloudFront({ name: "d111.cloudfront.net.example.com" })),
                [],
            ));
        it("accepts evaluateTargetHealth false on CloudFront", () =>
            assert.deepStrictEqual(
                problems(
                    cloudFront({
                        zoneId: cloudFrontHostedZoneId,
                        name: "d111.cloudfront.net",
                        evaluateTargetHealth: false,
                    }),
                ),
                [],
            ));
    });
});
