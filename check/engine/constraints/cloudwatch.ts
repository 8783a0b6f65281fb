import { logRetentionDays } from "../../../policies/lib/aws-limits";
import { Constraint, isSet } from "./types";

const retentionDoc =
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html";
const logGroupDoc =
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html";
const alarmDoc =
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html";

/** A log group: a retention value CloudWatch Logs accepts, and a KMS key given by ARN. */
export const logGroup: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    if (isSet(i.retentionInDays) && !logRetentionDays.includes(Number(i.retentionInDays))) {
        problems.push(
            `retentionInDays ${JSON.stringify(i.retentionInDays)} is not allowed; use one of ${logRetentionDays.join(", ")} (${retentionDoc})`,
        );
    }
    if (isSet(i.kmsKeyId) && !String(i.kmsKeyId).startsWith("arn:")) {
        problems.push(
            `kmsKeyId ${JSON.stringify(i.kmsKeyId)} must be a KMS key ARN (${logGroupDoc})`,
        );
    }
    return problems;
};

/** A metric alarm: a period of 10, 20, 30 or a multiple of 60, and M of N within N. */
export const metricAlarm: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    if (isSet(i.period)) {
        const period = Number(i.period);
        if (![10, 20, 30].includes(period) && (period < 60 || period % 60 !== 0)) {
            problems.push(
                `period ${period} must be 10, 20, 30 or a multiple of 60 seconds (${alarmDoc})`,
            );
        }
    }
    const evaluations = Number(i.evaluationPeriods);
    if (!Number.isInteger(evaluations) || evaluations < 1) {
        problems.push(
            `evaluationPeriods ${JSON.stringify(i.evaluationPeriods ?? null)} must be an integer of at least 1 (${alarmDoc})`,
        );
    } else if (isSet(i.datapointsToAlarm) && Number(i.datapointsToAlarm) > evaluations) {
        problems.push(
            `datapointsToAlarm ${i.datapointsToAlarm} is above evaluationPeriods ${evaluations} (${alarmDoc})`,
        );
    }
    return problems;
};
