import { Constraint, get, isSet, list } from "./types";

const replicateDoc =
    "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ReplicateSecretToRegions.html";
const rotationDoc =
    "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html";

/** The region of a KMS key ARN, or undefined for an alias or key ID. */
function keyRegion(key: unknown): string | undefined {
    return typeof key === "string" && key.startsWith("arn:") ? key.split(":")[3] : undefined;
}

/**
 * Rule `secret-replica-region`: each replica of a secret is in another region than the secret,
 * once per region, encrypted with a KMS key of the replica's own region (KMS keys are regional;
 * a multi-Region key is named by its replica's ARN there).
 */
export const secret: Constraint = ({ resource }) => {
    const problems: string[] = [];
    const own = keyRegion(resource.inputs.kmsKeyId);
    if (own !== undefined && own !== resource.region) {
        problems.push(
            `rule secret-replica-region: kmsKeyId ${JSON.stringify(resource.inputs.kmsKeyId)} is in ${own}, not in the secret's region ${resource.region} (${replicateDoc})`,
        );
    }
    const seen = new Set<string>();
    for (const replica of list(resource.inputs.replicas)) {
        const region = String(get(replica, "region") ?? "");
        if (region === resource.region) {
            problems.push(
                `rule secret-replica-region: replica region ${region} is the secret's own region (${replicateDoc})`,
            );
        }
        if (seen.has(region)) {
            problems.push(
                `rule secret-replica-region: region ${region} has two replicas; a secret has at most one per region (${replicateDoc})`,
            );
        }
        seen.add(region);
        const kms = keyRegion(get(replica, "kmsKeyId"));
        if (kms !== undefined && kms !== region) {
            problems.push(
                `rule secret-replica-region: replica in ${region} names kmsKeyId ${JSON.stringify(get(replica, "kmsKeyId"))} of ${kms}; a replica is encrypted with a key of its own region (${replicateDoc})`,
            );
        }
    }
    return problems;
};

/** Rule `secret-rotation`: a rotation function, and a schedule of 1 to 1000 days or an expression. */
export const secretRotation: Constraint = ({ resource }) => {
    const problems: string[] = [];
    const days = get(resource.inputs, "rotationRules", "automaticallyAfterDays");
    const expression = get(resource.inputs, "rotationRules", "scheduleExpression");
    if (days !== undefined && isSet(expression)) {
        problems.push(
            `rule secret-rotation: rotationRules sets both automaticallyAfterDays and scheduleExpression; use one (${rotationDoc})`,
        );
    }
    if (
        days !== undefined &&
        (!Number.isInteger(days) || Number(days) < 1 || Number(days) > 1000)
    ) {
        problems.push(
            `rule secret-rotation: rotationRules.automaticallyAfterDays ${JSON.stringify(days)} must be an integer from 1 to 1000 (${rotationDoc})`,
        );
    }
    if (!isSet(resource.inputs.rotationLambdaArn)) {
        problems.push(
            `rule secret-rotation: rotationLambdaArn is required for a secret that Secrets Manager does not manage for another service (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html)`,
        );
    }
    return problems;
};
