import * as assert from "assert";
import {
    PolicyResource,
    StackValidationArgs,
    UnknownValueError,
    unknownCheckingProxy,
} from "@pulumi/policy";
import {
    failoverObjectives,
    failoverObjectivesDefaults,
} from "../../policies/rules/failover-objectives";
import { BudgetResource } from "../../policies/budget";
import { appGraph, Strategy, standbyCapacity } from "../budget/fixtures";

class NotApplicable extends Error {}

const primaryRef = "organization/multi-region-failover/primary";
const secondaryRef = "organization/multi-region-failover/secondary";

/** A policy resource the way the engine hands it to a stack policy. */
function policyResource(r: BudgetResource, region = "us-east-1"): PolicyResource {
    const props = (r.outputs ?? {}) as Record<string, unknown>;
    return {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        provider: {
            type: "pulumi:providers:aws",
            props: { region },
            urn: "urn:provider",
            name: "aws",
        },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    } as unknown as PolicyResource;
}

function stackReference(name: string, outputs: unknown): BudgetResource {
    return {
        urn: `urn:pulumi:global::multi-region-failover::pulumi:pulumi:StackReference::${name}`,
        type: "pulumi:pulumi:StackReference",
        name,
        outputs: { name, outputs, secretOutputNames: [] },
    };
}

const manifest = (replication = "s3-crr-rtc") => [
    {
        kind: "dynamodb",
        identifier: "orders",
        arn: "arn:aws:dynamodb:us-east-1:1:table/orders",
        region: "us-east-1",
        replication: "dynamodb-global-table",
    },
    {
        kind: "s3",
        identifier: "assets-primary",
        arn: "arn:aws:s3:::assets-primary",
        region: "us-east-1",
        replication,
    },
];

/** The global stack's resources for `strategy`, with the regional contracts behind its StackReferences. */
function globalStack(
    strategy: Strategy,
    more: { secondaryObjectives?: unknown; replication?: string } = {},
): PolicyResource[] {
    const standby = standbyCapacity[strategy];
    return [
        ...appGraph(strategy).filter((r) => r.stack === "global"),
        stackReference(primaryRef, {
            role: "primary",
            strategy,
            region: "us-east-1",
            capacity: {
                desiredCount: 3,
                minCount: 3,
                maxCount: 6,
                fullCapacity: 3,
                servesTraffic: true,
            },
            dataStores: manifest(more.replication),
        }),
        stackReference(secondaryRef, {
            role: "secondary",
            strategy,
            region: "us-west-2",
            capacity: {
                desiredCount: standby.desired,
                minCount: standby.desired,
                maxCount: standby.max,
                fullCapacity: 3,
                servesTraffic: strategy === "active-active",
            },
            dataStores: [],
            ...(more.secondaryObjectives ? { objectives: more.secondaryObjectives } : {}),
        }),
    ].map((r) => policyResource(r));
}

function run(resources: PolicyResource[], config: unknown = {}) {
    const violations: string[] = [];
    const args: StackValidationArgs = {
        resources,
        stackTags: new Map(),
        getConfig: <T>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    try {
        const returned = failoverObjectives.validateStack(args, (message) =>
            violations.push(message),
        );
        // Synchronous: the violations are all reported when it returns.
        assert.strictEqual(returned, undefined);
    } catch (err) {
        if (err instanceof NotApplicable) {
            return { violations, notApplicable: err.message };
        }
        throw err;
    }
    return { violations, notApplicable: undefined };
}

describe("policy failover-objectives", () => {
    it("declares its name, level, severity, remediation and config defaults", () => {
        assert.strictEqual(failoverObjectives.name, "failover-objectives");
        assert.strictEqual(failoverObjectives.enforcementLevel, "mandatory");
        assert.strictEqual(failoverObjectives.severity, "high");
        assert.ok(failoverObjectives.remediationSteps);
        const properties = failoverObjectives.configSchema!.properties;
        assert.deepStrictEqual(
            Object.fromEntries(
                Object.entries(properties).map(([k, v]) => [k, (v as { default: number }).default]),
            ),
            { ...failoverObjectivesDefaults, deployment: {}, usage: undefined },
        );
        assert.strictEqual(properties.usage!.type, "object");
    });

    it("passes warm standby against the default objectives (RTO 396 s, RPO 900 s)", () => {
        assert.deepStrictEqual(run(globalStack("warm-standby")), {
            violations: [],
            notApplicable: undefined,
        });
    });

    it("fails pilot light against a 900 s RTO with the breakdown", () => {
        const { violations } = run(globalStack("pilot-light"), { rtoSeconds: 900 });
        assert.deepStrictEqual(violations, [
            "Bring the estimated worst-case RTO of 1116 s (pilot-light, dns routing) within the objective of 900 s (policy config). Breakdown:\n" +
                "  - detection 36 s: health check health-us-east-1 (this stack): requestInterval 10 s × failureThreshold 3 + 6 s HTTP(S) probe timeout (Route 53 DG, dns-failover-determining-health-of-endpoints (awsdocs/amazon-route53-docs@0ff8bb6): 4 s connect + 2 s response)\n" +
                "  - operator 600 s: standby us-west-2 runs 1 of 3 tasks and autoscaling stops at 1; reaching full capacity needs a deployment (operator response, configurable, default 600 s)\n" +
                "  - deployment 300 s: pulumi up: standby us-west-2 runs 1 of 3 tasks and autoscaling stops at 1; reaching full capacity needs a deployment (configurable, default 300 s)\n" +
                "  - data-promotion 0 s: dynamodb orders (organization/multi-region-failover/primary dataStores): every replica is writable\n" +
                `  - standby-scale-up 60 s: standby us-west-2 runs 1 of 3 tasks (${secondaryRef} capacity output (desiredCount 1, maxCount 1, fullCapacity 3)); after the deployment: 60 s ECS task start (model assumption, configurable)\n` +
                "  - traffic-shift 120 s: record app-us-east-1 (this stack): alias TTL 60 s (Route 53 FAQ / resource-record-sets-choosing-alias-non-alias: alias to an AWS resource uses its fixed 60 s TTL) + 60 s propagation (Route 53 DG, best-practices-dns (awsdocs/amazon-route53-docs@20377cc): propagation typically under one minute)\n" +
                // 1116 − (600 operator + 300 deployment + 60 task start) = 156;
                // 1116 − 900 + (240 − 60) autoscaling = 396; 36 − (10 × 1 + 6) = 20.
                "Fixes for this design, each re-estimated by the model:\n" +
                `  - Run standby us-west-2 (${secondaryRef}) at full capacity, 3 tasks instead of 1 (its ECS service's desiredCount; an active-active standby, or a warm standby at 100%): no scale-up after the failover. Estimate after it: RTO 156 s (−960 s).\n` +
                `  - Let autoscaling raise standby us-west-2 (${secondaryRef}) to full capacity: set its maximum to 3 or more (now 1); target tracking then scales it without a deployment or a person. Estimate after it: RTO 396 s (−720 s).\n` +
                "  - Set requestInterval 10 and failureThreshold 1 on the Route 53 health checks (now health-us-east-1 (this stack) 10 s × 3, health-us-west-2 (this stack) 10 s × 3); one failed probe then fails over, so a single blip can too. Estimate after it: RTO 1096 s (−20 s).",
        ]);
    });

    it("takes the RTO objective and the operator time from the config", () => {
        assert.deepStrictEqual(
            run(globalStack("pilot-light"), { rtoSeconds: 1200 }).violations,
            [],
        );
        assert.deepStrictEqual(
            run(globalStack("pilot-light"), { rtoSeconds: 900, operatorResponseSeconds: 300 })
                .violations,
            [],
        );
        const { violations } = run(globalStack("warm-standby"), { rtoSeconds: 300 });
        assert.strictEqual(violations.length, 1);
        assert.match(
            violations[0]!,
            /^Bring the estimated worst-case RTO of 396 s \(warm-standby, dns routing\) within the objective of 300 s \(policy config\)\./,
        );
    });

    it("holds the deployment to a stricter objective a regional stack declares", () => {
        const { violations } = run(
            globalStack("warm-standby", {
                secondaryObjectives: { rtoSeconds: 120, rpoSeconds: 900 },
            }),
        );
        assert.strictEqual(violations.length, 1);
        assert.match(
            violations[0]!,
            /^Bring the estimated worst-case RTO of 396 s \(warm-standby, dns routing\) within the objective of 120 s \(declared by organization\/multi-region-failover\/secondary \(objectives output\)\)\./,
        );
    });

    it("ignores a looser declared objective", () => {
        assert.deepStrictEqual(
            run(globalStack("pilot-light", { secondaryObjectives: { rtoSeconds: 3600 } }), {
                rtoSeconds: 900,
            }).violations.length,
            1,
        );
    });

    it("fails an unbounded RPO (S3 replication without RTC) with each store's bound", () => {
        const { violations } = run(globalStack("warm-standby", { replication: "s3-crr" }));
        assert.deepStrictEqual(violations, [
            "Bring the estimated RPO of unbounded within the objective of 3600 s (policy config). Replication bounds:\n" +
                `  - dynamodb orders (${primaryRef} dataStores) 1 s: dynamodb orders (${primaryRef} dataStores): DynamoDB DG, global tables: MREC replicates "usually within a second" (no SLA on ReplicationLatency)\n` +
                `  - s3 assets-primary (${primaryRef} dataStores) unbounded: s3 assets-primary (${primaryRef} dataStores): S3 UG, replication-troubleshoot: without RTC most objects replicate within 15 minutes, large objects "up to several hours"; no bound\n` +
                "Fixes for this design, each re-estimated by the model:\n" +
                `  - Enable S3 Replication Time Control on the replication of bucket assets-primary in ${primaryRef} (its dataStores output says s3-crr): 99.99% of objects within 15 minutes, with an SLA, for $0.015/GB more. Estimate after it: RPO 900 s (bounded).`,
        ]);
    });

    it("fails an RPO above the configured objective", () => {
        const { violations } = run(globalStack("warm-standby"), { rpoSeconds: 60 });
        assert.strictEqual(violations.length, 1);
        assert.match(
            violations[0]!,
            /^Bring the estimated RPO of 900 s within the objective of 60 s \(policy config\)\./,
        );
    });

    it("does not apply to a stack without a routing layer", () => {
        const resources = appGraph("warm-standby")
            .filter((r) => r.stack === "primary")
            .map((r) => policyResource(r));
        assert.deepStrictEqual(run(resources), {
            violations: [],
            notApplicable:
                "no routing layer in this stack (Route 53 records with a routing policy, Global Accelerator endpoint groups or CloudFront origin groups)",
        });
    });

    it("a declared objective equal to the config's is the config's (only a stricter one is named)", () => {
        const { violations } = run(
            globalStack("warm-standby", {
                secondaryObjectives: { rtoSeconds: 300, rpoSeconds: 900 },
            }),
            { rtoSeconds: 300 },
        );
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0]!, /within the objective of 300 s \(policy config\)\./);
    });

    it("takes a 0 objective from the config, and keeps the default for a negative one", () => {
        const zero = run(globalStack("warm-standby"), { rpoSeconds: 0 }).violations;
        assert.strictEqual(zero.length, 1);
        assert.match(
            zero[0]!,
            /^Bring the estimated RPO of 900 s within the objective of 0 s \(policy config\)\./,
        );
        assert.deepStrictEqual(run(globalStack("warm-standby"), { rpoSeconds: -1 }).violations, []);
    });

    it("keeps defaults when the config has the wrong types", () => {
        assert.deepStrictEqual(
            run(globalStack("warm-standby"), { rtoSeconds: "soon", rpoSeconds: null }).violations,
            [],
        );
        assert.deepStrictEqual(run(globalStack("warm-standby"), "not an object").violations, []);
    });

    it("lets unknown values surface as the SDK's UnknownValueError during preview", () => {
        const resources = globalStack("warm-standby").map((r) =>
            r.type === "aws:route53/healthCheck:HealthCheck"
                ? {
                      ...r,
                      props: unknownCheckingProxy({
                          ...r.props,
                          requestInterval: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                      }),
                  }
                : r,
        );
        assert.throws(() => run(resources), UnknownValueError);
    });

    it("never throws on random property bags", () => {
        let seed = 42;
        const random = () => {
            seed = (seed * 1103515245 + 12345) % 2 ** 31;
            return seed / 2 ** 31;
        };
        const values = (): unknown => {
            const pick = Math.floor(random() * 9);
            return [null, undefined, 0, -1, "x", "10", [], [{}], { a: 1 }][pick];
        };
        const keys = [
            "requestInterval",
            "failureThreshold",
            "type",
            "aliases",
            "ttl",
            "healthCheckId",
            "failoverRoutingPolicies",
            "outputs",
            "replicas",
            "rules",
            "endpointConfigurations",
            "originGroups",
            "origins",
            "region",
            "capacity",
            "dataStores",
        ];
        const types = [
            "aws:route53/record:Record",
            "aws:route53/healthCheck:HealthCheck",
            "pulumi:pulumi:StackReference",
            "aws:globalaccelerator/endpointGroup:EndpointGroup",
            "aws:cloudfront/distribution:Distribution",
            "aws:dynamodb/table:Table",
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            "aws:ecs/service:Service",
        ];
        for (let i = 0; i < 300; i++) {
            const resources = types.map((type, n) => {
                const props: Record<string, unknown> = {
                    failoverRoutingPolicies: [{ type: "PRIMARY" }],
                };
                for (const key of keys) {
                    if (random() < 0.5) {
                        props[key] = values();
                    }
                }
                return policyResource({ urn: `urn:${n}`, type, name: `r${n}`, outputs: props });
            });
            const outcome = run(resources, { rtoSeconds: values() });
            assert.ok(Array.isArray(outcome.violations));
        }
    });
});
