/**
 * Every fix the check prints is re-checked against the engine's AWS input rules first (issue 26,
 * item 9): a fix that leads into a refusal is withheld, with the reason, and the fixes the budget
 * builds are ones AWS accepts.
 */
import * as assert from "assert";
import { Fix, suggestFixes } from "../../policies/budget";
import { fixRefusals, recheckFixes, withoutWithheld } from "../../check/fixes";
import { recorded } from "../helpers/recorded";

const configDoc =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html";
const healthCheckDoc =
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html";

function bucket(name: string, region: string) {
    return [
        recorded("aws:s3/bucket:Bucket", name, { bucket: name }, { region }),
        recorded(
            "aws:s3/bucketVersioning:BucketVersioning",
            `${name}-versioning`,
            { bucket: name, versioningConfiguration: { status: "Enabled" } },
            { region },
        ),
    ];
}

/** Cross-region S3 replication with one V1 rule (a top-level prefix, no filter) and no RTC. */
const v1Rule = {
    id: "docs",
    status: "Enabled",
    prefix: "docs/",
    destination: { bucket: "arn:aws:s3:::uploads-replica" },
};
const resources = [
    ...bucket("uploads", "us-east-1"),
    ...bucket("uploads-replica", "us-west-2"),
    recorded("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "uploads-replication", {
        bucket: "uploads",
        role: "arn:aws:iam::123456789012:role/replication",
        rules: [v1Rule],
    }),
    recorded("aws:route53/healthCheck:HealthCheck", "api", {
        type: "HTTPS",
        fqdn: "api.example.com",
        port: 443,
        resourcePath: "/health",
        requestInterval: 30,
        failureThreshold: 3,
    }),
];

function fix(text: string, changes: Fix["changes"]): Fix {
    return {
        text,
        changes,
        rtoSeconds: 60,
        rpoSeconds: 900,
        savesRtoSeconds: 1,
        savesRpoSeconds: 0,
    };
}

const rtcOnV1 = {
    ...v1Rule,
    destination: {
        ...v1Rule.destination,
        replicationTime: { status: "Enabled", time: { minutes: 15 } },
        metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
    },
};

describe("fixes re-checked against the engine's constraints", () => {
    it("withholds a fix that turns on RTC in a V1 rule, naming the rule AWS would refuse", () => {
        const refused = fix("Enable RTC.", [
            { resource: "uploads-replication", stack: "test", set: { rules: [rtcOnV1] } },
        ]);
        assert.deepStrictEqual(fixRefusals(refused, resources), [
            `aws:s3/bucketReplicationConfig:BucketReplicationConfig "uploads-replication": rule "docs" enables Replication Time Control without a filter: RTC is part of the V2 rule form, which needs a filter (filter: {} for the whole bucket, or filter: { prefix }) and deleteMarkerReplication in place of the V1 prefix (${configDoc})`,
        ]);
    });

    it("withholds a health check interval Route 53 does not offer, keeps the one it does", () => {
        const twenty = fix("Probe every 20 s.", [
            { resource: "api", stack: "test", set: { requestInterval: 20 } },
        ]);
        const ten = fix("Probe every 10 s.", [
            { resource: "api", stack: "test", set: { requestInterval: 10, failureThreshold: 1 } },
        ]);
        const { offered, withheld } = recheckFixes([twenty, ten], resources);
        assert.deepStrictEqual(offered, [ten]);
        assert.deepStrictEqual(withheld, [
            {
                fix: twenty,
                refusals: [
                    `aws:route53/healthCheck:HealthCheck "api": requestInterval 20 is invalid; it must be 10 or 30 (${healthCheckDoc})`,
                ],
            },
        ]);
    });

    it("does not hold a refusal the resource already had against the fix", () => {
        const broken = resources.map((r) =>
            r.name === "api" ? { ...r, inputs: { ...r.inputs, failureThreshold: 11 } } : r,
        );
        const ten = fix("Probe every 10 s.", [
            { resource: "api", stack: "test", set: { requestInterval: 10 } },
        ]);
        assert.deepStrictEqual(fixRefusals(ten, broken), []);
    });

    it("passes a change to a stack's exported capacity (no resource input to refuse)", () => {
        const capacity = fix("Run the standby at full capacity.", [
            { contract: "secondary", capacity: { desiredCount: 6, minCount: 6, maxCount: 6 } },
        ]);
        assert.deepStrictEqual(fixRefusals(capacity, resources), []);
    });

    it("the budget's RTC fix for a V1 rule is the V2 form, and the engine accepts it", () => {
        const fixes = suggestFixes({ resources, contracts: [] });
        const rtc = fixes.find((f) => f.text.startsWith("Enable S3 Replication Time Control"));
        assert.ok(rtc, JSON.stringify(fixes.map((f) => f.text)));
        assert.strictEqual(
            rtc.text,
            "Enable S3 Replication Time Control on uploads-replication (test) (1 rule(s) without it): 99.99% of objects within 15 minutes, with an SLA, for $0.015/GB more. RTC exists only in the V2 rule form, so its V1 rule (no filter) becomes V2: the prefix moves into filter, and deleteMarkerReplication Enabled keeps the delete-marker replication V1 did.",
        );
        assert.deepStrictEqual(rtc.changes, [
            {
                resource: "uploads-replication",
                stack: "test",
                set: {
                    rules: [
                        {
                            id: "docs",
                            status: "Enabled",
                            filter: { prefix: "docs/" },
                            deleteMarkerReplication: { status: "Enabled" },
                            destination: rtcOnV1.destination,
                        },
                    ],
                },
            },
        ]);
        const { offered, withheld } = recheckFixes(fixes, resources);
        assert.deepStrictEqual(withheld, []);
        assert.deepStrictEqual(offered, fixes);
    });

    it("takes a withheld fix out of the failover-objectives message, and an emptied list's heading", () => {
        const withheld = [{ fix: fix("Probe every 20 s.", []), refusals: ["no"] }];
        const message =
            "Bring the estimated worst-case RTO of 900 s within the objective of 600 s. Breakdown:\n  - detection 90 s\nFixes for this design, each re-estimated by the model:\n  - Probe every 20 s. Estimate after it: RTO 880 s (−20 s).";
        assert.strictEqual(
            withoutWithheld(message, withheld),
            "Bring the estimated worst-case RTO of 900 s within the objective of 600 s. Breakdown:\n  - detection 90 s",
        );
        const two = `${message}\n  - Set ttl 60 on record api. Estimate after it: RTO 700 s (−200 s).`;
        assert.strictEqual(
            withoutWithheld(two, withheld),
            "Bring the estimated worst-case RTO of 900 s within the objective of 600 s. Breakdown:\n  - detection 90 s\nFixes for this design, each re-estimated by the model:\n  - Set ttl 60 on record api. Estimate after it: RTO 700 s (−200 s).",
        );
    });
});
