/**
 * Input rules for the observability and game-day resources: Synthetics canaries, CloudWatch
 * dashboards and FIS experiment templates, each citing the AWS page that states it.
 */
import { Constraint, get, isSet, list } from "./types";

const startCanaryDoc =
    "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_StartCanary.html";
const runConfigDoc =
    "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryRunConfigInput.html";
const runtimeDoc =
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_Library.html";
const canaryCfnDoc =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-synthetics-canary.html";
const dashboardDoc =
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html";
const fisActionsDoc = "https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html";
const fisTargetsDoc = "https://docs.aws.amazon.com/fis/latest/userguide/targets.html";
const fisStopDoc = "https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html";

/** A canary: name, runtime, run limits and artifact location as the Synthetics API accepts them. */
export const canary: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    // A canary the program does not name is named by the provider (autonaming), which makes a
    // name Synthetics accepts; only a name the program sets is the program's to get right.
    const name = String(i.name ?? "");
    if (isSet(i.name) && !/^[0-9a-z_-]{1,21}$/.test(name)) {
        problems.push(
            `name ${JSON.stringify(name)} must be 1-21 characters of lowercase letters, digits, - and _ (${startCanaryDoc})`,
        );
    }
    if (
        !/^syn-(nodejs-puppeteer|nodejs-playwright|python-selenium|nodejs|java)-\d+\.\d+$/.test(
            String(i.runtimeVersion),
        )
    ) {
        problems.push(
            `runtimeVersion ${JSON.stringify(i.runtimeVersion)} is not a Synthetics runtime version like syn-nodejs-puppeteer-15.0 (${runtimeDoc})`,
        );
    }
    const timeout = get(i, "runConfig", "timeoutInSeconds");
    if (
        isSet(timeout) &&
        !(Number.isInteger(timeout) && Number(timeout) >= 3 && Number(timeout) <= 840)
    ) {
        problems.push(
            `runConfig.timeoutInSeconds ${JSON.stringify(timeout)} must be an integer from 3 to 840 (${runConfigDoc})`,
        );
    }
    const memory = get(i, "runConfig", "memoryInMb");
    if (isSet(memory)) {
        const m = Number(memory);
        if (!(Number.isInteger(m) && m >= 960 && m <= 3008 && m % 64 === 0)) {
            problems.push(
                `runConfig.memoryInMb ${JSON.stringify(memory)} must be a multiple of 64 from 960 to 3008 (${runConfigDoc})`,
            );
        }
    }
    if (!String(i.artifactS3Location ?? "").startsWith("s3://")) {
        problems.push(
            `artifactS3Location ${JSON.stringify(i.artifactS3Location ?? null)} must be a full S3 location starting with s3:// (${canaryCfnDoc})`,
        );
    }
    return problems;
};

/** A dashboard: its name. */
export const dashboard: Constraint = ({ resource }) => {
    const name = String(resource.inputs.dashboardName ?? "");
    return /^[A-Za-z0-9_-]{1,255}$/.test(name)
        ? []
        : [
              `dashboardName ${JSON.stringify(name)} may contain only letters, digits, - and _, up to 255 characters (${dashboardDoc})`,
          ];
};

/** The FIS actions the project uses: each action's target key, its resource type and required parameters. */
export const fisActions: Readonly<
    Record<string, { targetKey: string; resourceType: string; required: string[] }>
> = {
    "aws:ecs:stop-task": { targetKey: "Tasks", resourceType: "aws:ecs:task", required: [] },
    "aws:dynamodb:global-table-pause-replication": {
        targetKey: "Tables",
        resourceType: "aws:dynamodb:global-table",
        required: ["duration"],
    },
    "aws:s3:bucket-pause-replication": {
        targetKey: "Buckets",
        resourceType: "aws:s3:bucket",
        required: ["duration", "region"],
    },
    "aws:network:route-table-disrupt-cross-region-connectivity": {
        targetKey: "Subnets",
        resourceType: "aws:ec2:subnet",
        required: ["duration", "region"],
    },
};

/** Parameters a target's resource type accepts (FIS targets: resource-type parameters). */
const targetParameters: Readonly<Record<string, string[]>> = {
    "aws:ecs:task": ["cluster", "service"],
    "aws:ec2:subnet": ["availabilityZoneIdentifier", "vpc"],
};

/**
 * An experiment template: each known action names its documented target key and a target of
 * the right resource type, carries its required parameters (durations in ISO 8601); targets use
 * a valid selection mode and say which resources they select; stop conditions are alarms or none.
 */
export const experimentTemplate: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const targets = new Map(
        list(i.targets).map((t) => [String(get(t, "name")), t as Record<string, unknown>]),
    );
    for (const action of list(i.actions)) {
        const name = String(get(action, "name"));
        const rule = fisActions[String(get(action, "actionId"))];
        if (!rule) {
            continue;
        }
        const key = get(action, "target", "key");
        const targetName = String(get(action, "target", "value"));
        if (key !== rule.targetKey) {
            problems.push(
                `action ${name} (${get(action, "actionId")}) needs target key ${rule.targetKey}, not ${JSON.stringify(key ?? null)} (${fisActionsDoc})`,
            );
        }
        const target = targets.get(targetName);
        if (!target || target.resourceType !== rule.resourceType) {
            problems.push(
                `action ${name} (${get(action, "actionId")}) must target a ${rule.resourceType} target; ${JSON.stringify(targetName)} is ${target ? String(target.resourceType) : "not a target of this template"} (${fisActionsDoc})`,
            );
        }
        const params = new Map(
            list(get(action, "parameters")).map((p) => [
                String(get(p, "key")),
                String(get(p, "value")),
            ]),
        );
        for (const required of rule.required.filter((p) => !params.has(p))) {
            problems.push(
                `action ${name} (${get(action, "actionId")}) needs parameter ${required} (${fisActionsDoc})`,
            );
        }
        const duration = params.get("duration");
        if (duration !== undefined && !/^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$/.test(duration)) {
            problems.push(
                `action ${name}: duration ${JSON.stringify(duration)} must be an ISO 8601 duration such as PT10M (${fisActionsDoc})`,
            );
        }
    }
    for (const [name, t] of targets) {
        const mode = String(t.selectionMode ?? "");
        if (!/^(ALL|COUNT\(\d+\)|PERCENT\(\d+\))$/.test(mode)) {
            problems.push(
                `target ${name}: selectionMode ${JSON.stringify(mode)} must be ALL, COUNT(n) or PERCENT(n) (${fisTargetsDoc})`,
            );
        }
        const allowed = targetParameters[String(t.resourceType)] ?? [];
        for (const p of Object.keys((t.parameters as Record<string, unknown>) ?? {})) {
            if (!allowed.includes(p)) {
                problems.push(
                    `target ${name}: ${t.resourceType} takes no parameter ${p}${allowed.length ? `; it takes ${allowed.join(", ")}` : ""} (${fisTargetsDoc})`,
                );
            }
        }
        if (!isSet(t.resourceArns) && !isSet(t.resourceTags) && !isSet(t.parameters)) {
            problems.push(
                `target ${name} selects nothing: give resourceArns, resourceTags or parameters (${fisTargetsDoc})`,
            );
        }
    }
    const stops = list(i.stopConditions);
    if (stops.length === 0) {
        problems.push(
            `stopConditions must list at least one condition (source none, or a CloudWatch alarm) (${fisStopDoc})`,
        );
    }
    for (const s of stops) {
        const source = get(s, "source");
        if (
            source === "aws:cloudwatch:alarm" &&
            !String(get(s, "value") ?? "").startsWith("arn:aws:cloudwatch:")
        ) {
            problems.push(
                `stop condition value ${JSON.stringify(get(s, "value") ?? null)} must be a CloudWatch alarm ARN (${fisStopDoc})`,
            );
        } else if (source !== "aws:cloudwatch:alarm" && source !== "none") {
            problems.push(
                `stop condition source ${JSON.stringify(source)} must be aws:cloudwatch:alarm or none (${fisStopDoc})`,
            );
        }
    }
    return problems;
};
