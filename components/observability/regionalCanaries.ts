import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tlsOnlyBucketPolicy } from "../data/s3ReplicatedBucket";
import { Alerts, alertSubscriptions, cloudWatchAlarmTopic } from "../region/alarms";
import { CanaryPlan, canaryRuntimeVersion, canaryScript } from "./plan";

/** Arguments of {@link RegionalCanaries}. */
export interface RegionalCanariesArgs {
    /** The region the canaries run in (the component's provider must be for it). */
    region: string;
    /** The canaries that run in `region` (from `planCanaries`). */
    canaries: CanaryPlan[];
    /** Canary name to the URL it requests, when the plan's URL is only known as an Output. */
    urls?: Record<string, pulumi.Input<string>>;
    /** Synthetics runtime version. Default: the most recent Node.js Puppeteer runtime. */
    runtimeVersion?: string;
    /** Schedule expression. Default `rate(5 minutes)`. */
    schedule?: string;
    /** Per-run timeout in seconds (3-840). Default 60. */
    timeoutSeconds?: number;
    /** Days to keep run artifacts (and the data Synthetics keeps about runs). Default 30. */
    artifactRetentionDays?: number;
    /** The alarm fires when success falls below this percentage. Default 90. */
    alarmThresholdPercent?: number;
    /** Where the canary alarms notify (optional; wins over `alerts`). */
    alarmTopicArn?: pulumi.Input<string>;
    /**
     * Who the canary alarms reach, as for the other alarms: `topicArn` when that topic is in
     * `region` (an alarm notifies a topic in its own region only), else a topic of the
     * component's own, encrypted with the artifacts key, with the `email` and `httpsEndpoints`
     * subscriptions. Unset: the alarms notify nobody.
     */
    alerts?: Alerts;
    /**
     * Regions whose own endpoint is expected to fail (a standby that runs no tasks): the canaries
     * that probe them keep their alarm, for the dashboard, with actions disabled. The public-name
     * canaries always page.
     */
    quietRegions?: string[];
}

const defaults = {
    runtimeVersion: canaryRuntimeVersion,
    schedule: "rate(5 minutes)",
    timeoutSeconds: 60,
    artifactRetentionDays: 30,
    alarmThresholdPercent: 90,
};

/** The arguments with their defaults applied. */
type Settings = RegionalCanariesArgs & typeof defaults;

/** What every canary of a region shares. */
interface CanaryDeps {
    bucket: aws.s3.Bucket;
    key: aws.kms.Key;
    role: aws.iam.Role;
    script: aws.s3.BucketObjectv2;
}

/**
 * The canaries that run in one region, with what they need there: a KMS key and an encrypted,
 * private, TLS-only artifacts bucket that expires run artifacts, the script object, a
 * least-privilege execution role, and an alarm per canary (FIS stop conditions and paging).
 */
export class RegionalCanaries extends pulumi.ComponentResource {
    /** Canary name to its alarm's ARN. */
    public readonly alarmArns: pulumi.Output<Record<string, string>>;
    /**
     * The ARNs of the alarms that can be OK in steady state (every alarm but those of canaries
     * that probe a `quietRegions` endpoint): the ones fit to gate something, such as a game day's
     * stop conditions.
     */
    public readonly gatingAlarmArns: pulumi.Output<string[]>;
    /** The artifacts bucket's name. */
    public readonly artifactsBucket: pulumi.Output<string>;

    constructor(
        name: string,
        args: RegionalCanariesArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:observability:RegionalCanaries", name, {}, opts);
        const a = { ...defaults, ...args };
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const topic = canaryTopicPlan(a.region, a.alerts ?? {});
        const { key, bucket } = this.artifactsStore(name, a, account, topic === "own");
        const alarmTopicArn =
            a.alarmTopicArn ??
            (topic === "own"
                ? this.alarmTopic(name, key, account, a.alerts ?? {})
                : topic === "none"
                  ? undefined
                  : topic.existing);
        const script = new aws.s3.BucketObjectv2(
            `${name}-script`,
            {
                bucket: bucket.id,
                key: "script/health-probe.zip",
                source: new pulumi.asset.AssetArchive({
                    "nodejs/node_modules/index.js": new pulumi.asset.StringAsset(canaryScript),
                }),
                serverSideEncryption: "aws:kms",
                kmsKeyId: key.arn,
            },
            { parent: this },
        );
        const role = new aws.iam.Role(
            `${name}-canary`,
            {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "lambda.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        },
                    ],
                }),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-canary`,
            {
                role: role.id,
                policy: pulumi
                    .all([bucket.arn, key.arn, account])
                    .apply(([bucketArn, keyArn, id]) =>
                        JSON.stringify(canaryRolePolicy(bucketArn, keyArn, id, a.region)),
                    ),
            },
            { parent: this },
        );
        const alarms: Record<string, pulumi.Output<string>> = {};
        for (const c of a.canaries) {
            alarms[c.name] = this.canaryWithAlarm(
                c,
                { ...a, ...(alarmTopicArn ? { alarmTopicArn } : {}) },
                { bucket, key, role, script },
            );
        }
        this.alarmArns = pulumi.output(alarms);
        this.gatingAlarmArns = pulumi.all(
            a.canaries
                .filter((c) => canaryPages(c, a.quietRegions ?? []))
                .map((c) => alarms[c.name]),
        );
        this.artifactsBucket = bucket.bucket;
        this.registerOutputs({
            alarmArns: this.alarmArns,
            gatingAlarmArns: this.gatingAlarmArns,
            artifactsBucket: this.artifactsBucket,
        });
    }

    /** The KMS key, and the encrypted, private, TLS-only bucket where run artifacts expire. */
    private artifactsStore(
        name: string,
        a: Settings,
        account: pulumi.Output<string>,
        encryptsTopic: boolean,
    ) {
        const key = new aws.kms.Key(
            `${name}-artifacts`,
            {
                description: `Synthetics canary artifacts in ${a.region}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: account.apply((id) => JSON.stringify(artifactKeyPolicy(id, encryptsTopic))),
            },
            { parent: this },
        );
        const bucket = new aws.s3.Bucket(
            `${name}-artifacts`,
            {
                forceDestroy: true,
                // Run artifacts of this region's canaries: evidence kept where it was produced,
                // not application data, so it is not replicated (policies/lib/app-data.ts).
                tags: { "multi-region-failover:regional": "true" },
            },
            { parent: this },
        );
        // Versioned like every bucket here; old versions expire with the artifacts.
        new aws.s3.BucketVersioning(
            `${name}-artifacts`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-artifacts`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: key.arn,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            { parent: this },
        );
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-artifacts`,
            {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        new aws.s3.BucketPolicy(
            `${name}-artifacts`,
            {
                bucket: bucket.id,
                policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))),
            },
            { parent: this, dependsOn: [publicAccessBlock] },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-artifacts`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-run-artifacts",
                        status: "Enabled",
                        filter: { prefix: "runs/" },
                        expiration: { days: a.artifactRetentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: 1 },
                    },
                ],
            },
            { parent: this },
        );
        return { key, bucket };
    }

    /**
     * The canary alarms' own topic, encrypted with the artifacts key (whose policy then lets
     * CloudWatch use it), publishable by CloudWatch alarms of this account only, subscribed to
     * `alerts`.
     */
    private alarmTopic(
        name: string,
        key: aws.kms.Key,
        account: pulumi.Output<string>,
        alerts: Alerts,
    ): pulumi.Output<string> {
        return cloudWatchAlarmTopic(
            name,
            { kmsKeyArn: key.arn, displayName: "Canary alarms", accountId: account, alerts },
            this,
        );
    }

    /** One canary and the alarm on its success rate; returns the alarm's ARN. */
    private canaryWithAlarm(c: CanaryPlan, a: Settings, deps: CanaryDeps): pulumi.Output<string> {
        const { bucket, key, role, script } = deps;
        const canary = new aws.synthetics.Canary(
            c.name,
            {
                name: c.name,
                artifactS3Location: pulumi.interpolate`s3://${bucket.bucket}/runs/${c.name}/`,
                artifactConfig: {
                    s3Encryption: { encryptionMode: "SSE_KMS", kmsKeyArn: key.arn },
                },
                executionRoleArn: role.arn,
                handler: "index.handler",
                runtimeVersion: a.runtimeVersion,
                s3Bucket: bucket.bucket,
                s3Key: script.key,
                schedule: { expression: a.schedule },
                runConfig: {
                    timeoutInSeconds: a.timeoutSeconds,
                    memoryInMb: 960,
                    environmentVariables: {
                        TARGET_URL: a.urls?.[c.name] ?? c.url,
                        VERIFY_TLS: String(c.verifyTls),
                    },
                },
                successRetentionPeriod: a.artifactRetentionDays,
                failureRetentionPeriod: a.artifactRetentionDays,
                startCanary: true,
                deleteLambda: true,
            },
            { parent: this, dependsOn: [script] },
        );
        return new aws.cloudwatch.MetricAlarm(
            c.name,
            {
                alarmDescription: `${c.checks === "public" ? "the public name" : `the ${c.checks} endpoint`} is not reachable from ${c.runIn}: its health path succeeded in under ${a.alarmThresholdPercent}% of canary runs`,
                namespace: "CloudWatchSynthetics",
                metricName: "SuccessPercent",
                dimensions: { CanaryName: canary.name },
                statistic: "Average",
                period: 300,
                evaluationPeriods: 2,
                datapointsToAlarm: 2,
                threshold: a.alarmThresholdPercent,
                comparisonOperator: "LessThanThreshold",
                // A canary that stops reporting is as bad as one that fails.
                treatMissingData: "breaching",
                ...(a.alarmTopicArn
                    ? { alarmActions: [a.alarmTopicArn], okActions: [a.alarmTopicArn] }
                    : {}),
                ...(canaryPages(c, a.quietRegions ?? []) ? {} : { actionsEnabled: false }),
            },
            { parent: this },
        ).arn;
    }
}

/**
 * Whether canary `c`'s alarm pages: not when it probes the endpoint of a region in
 * `quietRegions` (a standby that runs no tasks answers 503 by design).
 */
export function canaryPages(
    c: Pick<CanaryPlan, "checks">,
    quietRegions: readonly string[],
): boolean {
    return c.checks === "public" || !quietRegions.includes(c.checks);
}

/**
 * Where a region's canary alarms notify, from `alerts`: the existing topic when it is in the
 * canaries' region (CloudWatch alarms notify topics in their own region only), a topic of the
 * component's own when `alerts` lists email or HTTPS subscribers, else nobody.
 */
export function canaryTopicPlan(
    region: string,
    alerts: Alerts,
): { existing: string } | "own" | "none" {
    if (alerts.topicArn && alerts.topicArn.split(":")[3] === region) {
        return { existing: alerts.topicArn };
    }
    return alertSubscriptions(alerts).length > 0 ? "own" : "none";
}

/**
 * The artifacts key: administered by the account; principals use it as their IAM policies allow.
 * When it also encrypts the alarm topic, CloudWatch alarms of this account may use it, or their
 * notifications to the encrypted topic are dropped.
 */
export function artifactKeyPolicy(
    accountId: string,
    encryptsTopic = false,
): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            ...(encryptsTopic
                ? [
                      {
                          Sid: "CloudWatchAlarmsPublish",
                          Effect: "Allow",
                          Principal: { Service: "cloudwatch.amazonaws.com" },
                          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                          Resource: "*",
                          Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                      },
                  ]
                : []),
        ],
    };
}

/**
 * The canary role: write its own run artifacts and read the script in this bucket, put metrics
 * in the Synthetics namespace only, write its own Lambda log groups, use the artifacts key.
 * `s3:ListAllMyBuckets` takes no resource (Synthetics checks the artifact location with it).
 */
export function canaryRolePolicy(
    bucketArn: string,
    keyArn: string,
    accountId: string,
    region: string,
): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteRunArtifacts",
                Effect: "Allow",
                Action: ["s3:PutObject"],
                Resource: `${bucketArn}/runs/*`,
            },
            {
                Sid: "ReadScript",
                Effect: "Allow",
                Action: ["s3:GetObject"],
                Resource: `${bucketArn}/script/*`,
            },
            {
                Sid: "LocateBucket",
                Effect: "Allow",
                Action: ["s3:GetBucketLocation"],
                Resource: bucketArn,
            },
            { Sid: "FindBucket", Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: "*" },
            {
                Sid: "SyntheticsMetricsOnly",
                Effect: "Allow",
                Action: ["cloudwatch:PutMetricData"],
                Resource: "*",
                Condition: { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } },
            },
            {
                Sid: "OwnLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/cwsyn-*`,
            },
            {
                Sid: "ArtifactsKey",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: keyArn,
            },
        ],
    };
}
