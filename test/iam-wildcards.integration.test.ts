/**
 * Least privilege, reviewed: every policy statement with `*` as its Resource, in every resource
 * the project records across the configurations that add policies, must be on this list with
 * the reason AWS requires it. A new `*` fails here until it is scoped, or reviewed and added.
 * (Runs the project under overrides, so it is an integration test.)
 */
import * as assert from "assert";
import { runProject } from "./helpers/engine";
import { WildcardStatement, wildcardStatements } from "./helpers/iam-wildcards";

const keyPolicy =
    'a key policy\'s Resource "*" means the key itself (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html)';

/** Statement key (see wildcardStatements) to the reason its `*` stays. */
const reviewed: Record<string, string> = {
    "aws:iam/rolePolicy:RolePolicy app-<region>-execution EcrLogin":
        "ecr:GetAuthorizationToken has no resource type; it is account-wide (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html)",
    "aws:iam/rolePolicy:RolePolicy canaries-<region>-canary FindBucket":
        "s3:ListAllMyBuckets has no resource type (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html); the Synthetics runtime lists buckets to find its artifacts bucket (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_CanaryPermissions.html)",
    "aws:iam/rolePolicy:RolePolicy canaries-<region>-canary SyntheticsMetricsOnly":
        "cloudwatch:PutMetricData has no resource type; the cloudwatch:namespace condition limits it to CloudWatchSynthetics (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html)",
    "aws:iam/rolePolicy:RolePolicy gameday-<region>-fis ExperimentLog":
        "vended log delivery (logs:CreateLogDelivery, PutResourcePolicy, Describe*) takes no resource-level permission (https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html#experiment-log-permissions)",
    "aws:iam/rolePolicy:RolePolicy gameday-<region>-fis ListBucketsToResolveTheTarget":
        "s3:ListAllMyBuckets has no resource type (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)",
    "aws:iam/rolePolicy:RolePolicy gameday-<region>-fis ReadOnlyResolution":
        "EC2 Describe*, tag:GetResources and cloudwatch:DescribeAlarms support no resource-level permissions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html); read-only",
    "aws:iam/rolePolicy:RolePolicy gameday-<region>-fis ResolveTasksOfThisCluster":
        "ecs:ListTasks takes no task ARN; both actions are held to this cluster by the ecs:cluster condition (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html)",
    "aws:iam/rolePolicy:RolePolicy switch-<region>-execution DescribeAurora":
        "Region switch plan execution role: owned by issue #25 (helper dyn); rds:Describe* are read-only",
    "aws:iam/rolePolicy:RolePolicy switch-<region>-execution DescribeRds":
        "Region switch plan execution role: owned by issue #25 (helper dyn); read-only",
    "aws:iam/rolePolicy:RolePolicy switch-<region>-execution ReadCapacity":
        "Region switch plan execution role: owned by issue #25 (helper dyn), which scopes application-autoscaling:RegisterScalableTarget",
    "aws:kms/key:Key app-<region>-key AccountAdministers": keyPolicy,
    "aws:kms/key:Key app-<region>-key AlarmsPublishToTheTopic": keyPolicy,
    "aws:kms/key:Key app-<region>-key LogsEncryptsTheLogGroup": keyPolicy,
    "aws:kms/key:Key canaries-<region>-artifacts AccountAdministers": keyPolicy,
    "aws:kms/key:Key canaries-<region>-artifacts CloudWatchAlarmsPublish": keyPolicy,
    "aws:kms/key:Key data-key-<region> AccountAdministersKey": keyPolicy,
    "aws:kms/key:Key data-key-<region> DataServicesUseKeyInRegion": keyPolicy,
    "aws:kms/key:Key edge-gate-<region>-logs AccountAdministers": keyPolicy,
    "aws:kms/key:Key edge-gate-<region>-logs LogsEncryptsTheFunctionLog": keyPolicy,
    "aws:kms/key:Key gameday-<region>-fis-logs AccountAdministers": keyPolicy,
    "aws:kms/key:Key gameday-<region>-fis-logs LogsEncryptsTheExperimentLog": keyPolicy,
    "aws:kms/key:Key routing-edge-logs AccountAdministers": keyPolicy,
    "aws:kms/key:Key routing-edge-logs LogDeliveryEncrypts": keyPolicy,
    "aws:kms/key:Key routing-health-alarms AccountAdministers": keyPolicy,
    "aws:kms/key:Key routing-health-alarms CloudWatchAlarmsPublish": keyPolicy,
    "aws:kms/key:Key secret-key-<region> AccountAdministersKey": keyPolicy,
    "aws:kms/key:Key secret-key-<region> DataServicesUseKeyInRegion": keyPolicy,
    "aws:kms/replicaKey:ReplicaKey data-key-<region> AccountAdministersKey": keyPolicy,
    "aws:kms/replicaKey:ReplicaKey data-key-<region> DataServicesUseKeyInRegion": keyPolicy,
    "aws:kms/replicaKey:ReplicaKey secret-key-<region> AccountAdministersKey": keyPolicy,
    "aws:kms/replicaKey:ReplicaKey secret-key-<region> DataServicesUseKeyInRegion": keyPolicy,
};

/** The configurations that add policies: routing modes, every store, ARC, alerts, active-active. */
const configurations: string[][] = [
    [],
    ["routing.mode=cloudfront"],
    ["routing.mode=global-accelerator"],
    ['data.stores=["aurora","rds","dynamodb","s3"]'],
    ["routing.arc=true"],
    ["strategy=active-active"],
    ['alerts={"email":["ops@example.com"]}'],
];

describe('IAM: every Resource "*" is reviewed', function () {
    this.timeout(900_000);
    const seen = new Map<string, WildcardStatement>();

    before(async () => {
        for (const overrides of configurations) {
            const records = await runProject({ overrides });
            for (const w of wildcardStatements(records.flatMap((r) => r.resources))) {
                seen.set(w.key, w);
            }
        }
    });

    it("finds the statements (the scan reads policies: the KMS keys' are always there)", () => {
        assert.ok(seen.has("aws:kms/key:Key app-<region>-key AccountAdministers"));
        assert.ok(seen.size >= 20, `${seen.size} statements`);
    });

    it("has no `*` that is not on the reviewed list", () => {
        const unreviewed = [...seen.keys()].filter((k) => !(k in reviewed)).sort();
        assert.deepStrictEqual(
            unreviewed,
            [],
            `scope these, or review and add each with its reason:\n${unreviewed.join("\n")}`,
        );
    });

    it("lists no entry the project no longer has (the list stays the truth)", () => {
        const stale = Object.keys(reviewed).filter((k) => !seen.has(k));
        assert.deepStrictEqual(stale, []);
    });

    it("gives every entry a reason that cites AWS or the issue that owns it", () => {
        for (const [key, reason] of Object.entries(reviewed)) {
            assert.match(reason, /https:\/\/docs\.aws\.amazon\.com\/|issue #\d+/, key);
        }
    });

    it("keeps write access on `*` conditioned: only read-only and documented actions stand alone", () => {
        const unconditioned = [...seen.values()].filter(
            (w) => !w.hasCondition && !w.type.startsWith("aws:kms/"),
        );
        const writes = unconditioned.flatMap((w) =>
            w.actions
                .filter((a) => !/^[a-z0-9-]+:(Describe|Get|List)/.test(a))
                .map((a) => `${w.key}: ${a}`),
        );
        assert.deepStrictEqual(writes.sort(), [
            "aws:iam/rolePolicy:RolePolicy gameday-<region>-fis ExperimentLog: logs:CreateLogDelivery",
            "aws:iam/rolePolicy:RolePolicy gameday-<region>-fis ExperimentLog: logs:PutResourcePolicy",
            "aws:iam/rolePolicy:RolePolicy switch-<region>-execution ReadCapacity: application-autoscaling:RegisterScalableTarget",
        ]);
    });
});
