import { RecordedResource } from "../types";
import { Constraint, isSet } from "./types";

const replicateDoc = "https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html";
const deletionDoc =
    "https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html";
const rotationDoc =
    "https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html";

function deletionWindowProblem(resource: RecordedResource): string[] {
    const days = resource.inputs.deletionWindowInDays;
    if (days !== undefined && (!Number.isInteger(days) || Number(days) < 7 || Number(days) > 30)) {
        return [
            `deletionWindowInDays ${JSON.stringify(days)} must be an integer from 7 to 30 (${deletionDoc})`,
        ];
    }
    return [];
}

/** KMS key: deletion window 7-30 days, rotation period 90-2560 days. */
export const key: Constraint = ({ resource }) => {
    const problems = deletionWindowProblem(resource);
    const period = resource.inputs.rotationPeriodInDays;
    if (
        period !== undefined &&
        (!Number.isInteger(period) || Number(period) < 90 || Number(period) > 2560)
    ) {
        problems.push(
            `rotationPeriodInDays ${JSON.stringify(period)} must be an integer from 90 to 2560 (${rotationDoc})`,
        );
    }
    return problems;
};

/** A replica key replicates a multi-Region primary key into another region. */
export const replicaKey: Constraint = ({ resource, all }) => {
    const problems = deletionWindowProblem(resource);
    const primaryArn = resource.inputs.primaryKeyArn;
    if (!isSet(primaryArn)) {
        return [...problems, `primaryKeyArn is required (${replicateDoc})`];
    }
    const primary = all.find((r) => r.type === "aws:kms/key:Key" && r.outputs.arn === primaryArn);
    if (!primary) {
        problems.push(
            `primaryKeyArn ${JSON.stringify(primaryArn)} names no KMS key created by the stacks run so far (${replicateDoc})`,
        );
        return problems;
    }
    if (primary.inputs.multiRegion !== true) {
        problems.push(
            `primary key ${JSON.stringify(primary.name)} is not a multi-Region key (multiRegion true); only multi-Region primary keys can be replicated (${replicateDoc})`,
        );
    }
    if (primary.region === resource.region) {
        problems.push(
            `replica is in ${resource.region}, the primary key's own region; a replica must be in another region (${replicateDoc})`,
        );
    }
    return problems;
};
