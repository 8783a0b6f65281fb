/**
 * health-check-detection-time's "attach or remove" judgement (issue #30: survivors of
 * `isReferenced` and `identifiers`): a check is used when a record names it by id or ARN, a
 * calculated check lists it, or any resource's input depends on it; anything else is not a use.
 */
import * as assert from "assert";
import { healthCheckDetectionTime } from "../../../policies/policies";
import { FixtureResource, runStackPolicy, unknownString } from "../harness";

const check = (props: Record<string, unknown> = {}): FixtureResource => ({
    type: "aws:route53/healthCheck:HealthCheck",
    name: "api-use1",
    props: {
        type: "HTTPS",
        fqdn: "api.example.com",
        requestInterval: 10,
        failureThreshold: 3,
        id: "hc-1",
        ...props,
    },
});
const record = (healthCheckId: string, type = "aws:route53/record:Record"): FixtureResource => ({
    type,
    name: "api-primary",
    props: { name: "app.example.com", healthCheckId },
});
const unattached =
    'Attach health check "api-use1" to the records it protects (healthCheckId) or a calculated health check, or remove it: nothing in this stack references it, so it triggers no failover.';
const violations = async (resources: FixtureResource[], config: Record<string, unknown> = {}) =>
    (await runStackPolicy(healthCheckDetectionTime, resources, config)).violations;

describe("health-check-detection-time: which checks are used", () => {
    it("a record naming the check by id or by the end of its ARN uses it", async () => {
        assert.deepStrictEqual(await violations([check(), record("hc-1")]), []);
        assert.deepStrictEqual(
            await violations([
                check({ id: undefined, arn: "arn:aws:route53:::healthcheck/hc-9" }),
                record("hc-9"),
            ]),
            [],
        );
    });
    it("a record naming another check, or a resource of another type naming it, does not", async () => {
        assert.deepStrictEqual(await violations([check(), record("hc-2")]), [unattached]);
        assert.deepStrictEqual(await violations([check(), record("hc-1", "aws:sns/topic:Topic")]), [
            unattached,
        ]);
        assert.deepStrictEqual(await violations([check({ id: undefined }), record("")]), [
            unattached,
        ]);
    });
    it("a calculated check listing it uses it, one listing others does not", async () => {
        const calculated = (children: string[]): FixtureResource => ({
            type: "aws:route53/healthCheck:HealthCheck",
            name: "calc",
            props: { type: "CALCULATED", childHealthchecks: children, id: "calc-1" },
        });
        const attachCalc =
            'Attach health check "calc" to the records it protects (healthCheckId) or a calculated health check, or remove it: nothing in this stack references it, so it triggers no failover.';
        assert.deepStrictEqual(
            await violations([check(), calculated(["hc-0", "hc-1"]), record("calc-1")]),
            [],
        );
        assert.deepStrictEqual(
            await violations([check(), calculated(["hc-0"]), record("calc-1")]),
            [unattached],
        );
        assert.deepStrictEqual(await violations([check(), calculated(["hc-1"])]), [attachCalc]);
    });
    it("an input that depends on the check uses it; its own inputs do not", async () => {
        const alarm: FixtureResource = {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: "hc-alarm",
            props: { dimensions: { HealthCheckId: "x" } },
            propertyDependencies: { dimensions: ["other", "api-use1"] },
        };
        const other: FixtureResource = { type: "aws:sns/topic:Topic", name: "other", props: {} };
        assert.deepStrictEqual(await violations([check({ id: undefined }), other, alarm]), []);
        const self = { ...check({ id: undefined }), propertyDependencies: { fqdn: ["api-use1"] } };
        assert.deepStrictEqual(await violations([self]), [unattached]);
    });
    it("allowUnreferenced turns the judgement off", async () =>
        assert.deepStrictEqual(await violations([check()], { allowUnreferenced: true }), []));
    it("judges detection time only for endpoint checks", async () => {
        for (const type of ["CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"]) {
            assert.deepStrictEqual(
                await violations([
                    check({ type, requestInterval: 30, failureThreshold: 10 }),
                    record("hc-1"),
                ]),
                [],
                type,
            );
        }
        assert.deepStrictEqual(
            await violations([
                check({ type: undefined, requestInterval: 30, failureThreshold: 10 }),
                record("hc-1"),
            ]),
            [],
        );
    });

    it("children listed by a resource that is not a health check are no use", async () =>
        assert.deepStrictEqual(
            await violations([
                check(),
                {
                    type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
                    name: "composite",
                    props: { childHealthchecks: ["hc-1"] },
                },
            ]),
            [unattached],
        ));
    it("a record whose healthCheckId is not known yet may name the check: no finding", async () =>
        assert.deepStrictEqual(await violations([check(), record(unknownString)]), []));
    it("a check whose disabled flag is not known yet raises the SDK's unknown error", async () =>
        assert.rejects(
            violations([check({ disabled: unknownString }), record("hc-1")]),
            /can't be known during preview/,
        ));
});
