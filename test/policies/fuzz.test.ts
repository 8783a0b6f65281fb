/**
 * Random property bags, with the keys the policies read, wrong types, nesting and unknowns:
 * no policy may throw anything but the SDK's unknown-value error. Seeded, so a failure repeats.
 */
import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy, UnknownValueError } from "@pulumi/policy";
import { policies } from "../../policies/policies";
import { computeTypes } from "../../policies/lib/catalog";
import { FixtureResource, runResourcePolicy, runStackPolicy, unknownString } from "./harness";

/** mulberry32: a small, seeded PRNG. */
function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const types = [
    "aws:route53/record:Record",
    "aws:route53/healthCheck:HealthCheck",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    "aws:dynamodb/table:Table",
    "aws:dynamodb/tableReplica:TableReplica",
    "aws:rds/cluster:Cluster",
    "aws:rds/globalCluster:GlobalCluster",
    "aws:rds/instance:Instance",
    "aws:lb/targetGroup:TargetGroup",
    "aws:globalaccelerator/endpointGroup:EndpointGroup",
    "pulumi:pulumi:StackReference",
    "pulumi:pulumi:Stack",
    "aws:sqs/queue:Queue",
    ...computeTypes,
];

const keys = [
    "name",
    "type",
    "ttl",
    "records",
    "aliases",
    "healthCheckId",
    "setIdentifier",
    "zoneId",
    "failoverRoutingPolicies",
    "latencyRoutingPolicies",
    "weightedRoutingPolicies",
    "geolocationRoutingPolicies",
    "multivalueAnswerRoutingPolicy",
    "region",
    "bucket",
    "arn",
    "id",
    "rules",
    "destination",
    "status",
    "versioningConfiguration",
    "versioning",
    "replicas",
    "regionName",
    "globalTableArn",
    "globalClusterIdentifier",
    "replicationSourceIdentifier",
    "replicateSourceDb",
    "deletionProtection",
    "deletionProtectionEnabled",
    "pointInTimeRecovery",
    "enabled",
    "backupRetentionPeriod",
    "skipFinalSnapshot",
    "healthCheck",
    "targetType",
    "endpointConfigurations",
    "endpointId",
    "healthCheckProtocol",
    "desiredCount",
    "desiredCapacity",
    "minSize",
    "maxSize",
    "scalingConfig",
    "desiredSize",
    "tags",
    "Strategy",
    "requestInterval",
    "failureThreshold",
    "disabled",
    "childHealthchecks",
    "outputs",
    "dataStores",
    "kind",
    "identifier",
    "sourceArn",
    "evaluateTargetHealth",
    "defaultTags",
    "replicationTime",
    "reservedConcurrentExecutions",
    "schedulingStrategy",
    "replicationConfiguration",
];

const scalars = [
    undefined,
    null,
    true,
    false,
    0,
    -1,
    60,
    300,
    1.5,
    NaN,
    "",
    "us-east-1",
    "us-west-2",
    "PRIMARY",
    "SECONDARY",
    "Enabled",
    "Disabled",
    "TCP",
    "HTTPS",
    "lambda",
    "warm-standby",
    "pilot-light",
    "arn:aws:s3:::b",
    "arn:aws:dynamodb:us-east-1:1:table/t",
    "x.us-east-1.elb.amazonaws.com",
    "d1.cloudfront.net",
    "Z2FDTNDATAQYW2",
    '{"tags":{"Strategy":"active-active"}}',
    unknownString,
];

function value(random: () => number, depth: number): unknown {
    const pick = random();
    if (depth < 3 && pick < 0.2) {
        return Array.from({ length: Math.floor(random() * 3) }, () => value(random, depth + 1));
    }
    if (depth < 3 && pick < 0.45) {
        return bag(random, depth + 1);
    }
    return scalars[Math.floor(random() * scalars.length)];
}

function bag(random: () => number, depth = 0): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const count = Math.floor(random() * 8);
    for (let i = 0; i < count; i++) {
        result[keys[Math.floor(random() * keys.length)]] = value(random, depth);
    }
    return result;
}

function resource(random: () => number, index: number): FixtureResource {
    return {
        type: types[Math.floor(random() * types.length)],
        name: `r${index}`,
        props: bag(random),
        providerProps: random() < 0.8 ? bag(random, 2) : undefined,
    };
}

async function tolerateUnknowns(run: Promise<unknown>) {
    try {
        await run;
    } catch (err) {
        if (!(err instanceof UnknownValueError)) {
            throw err;
        }
    }
}

describe("policies on random input", () => {
    for (const [index, policy] of policies.entries()) {
        it(`${policy.name} never throws on 300 random inputs`, async () => {
            const random = prng(1000 + index);
            let ran = 0;
            for (let i = 0; i < 300; i++) {
                const config = random() < 0.3 ? bag(random) : {};
                if ("validateResource" in policy) {
                    await tolerateUnknowns(
                        runResourcePolicy(
                            policy as ResourceValidationPolicy,
                            resource(random, 0),
                            config,
                        ),
                    );
                } else {
                    const count = Math.floor(random() * 6);
                    const resources = Array.from({ length: count }, (_, n) => resource(random, n));
                    await tolerateUnknowns(
                        runStackPolicy(policy as StackValidationPolicy, resources, config),
                    );
                }
                ran++;
            }
            assert.strictEqual(ran, 300);
        });
    }
});
