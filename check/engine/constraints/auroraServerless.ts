/**
 * Rule `aurora-serverless-capacity`: a `db.serverless` instance needs its cluster's capacity
 * range (secondary clusters of a global database too), and the range must be one Aurora accepts.
 */
import { Constraint, isSet } from "./types";

const requirementsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html";
const rule = "rule aurora-serverless-capacity:";
const scalingDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html";

/**
 * The capacity range AWS documents, in Aurora capacity units (ACUs), in half-ACU steps. The
 * minimum may be 0 (auto-pause) only on versions that support auto-pause, else 0.5; the maximum
 * must be higher than 0.5 ACU and is 256 on recent versions, 128 on older ones.
 */
export const serverlessCapacity = { min: 0, maxFloor: 1, max: 256, step: 0.5 } as const;

/** The instance class of Aurora Serverless v2. */
export const serverlessInstanceClass = "db.serverless";

function halfSteps(value: number): boolean {
    return Number.isInteger(value / serverlessCapacity.step);
}

/** What is wrong with a capacity range, each problem naming the field and the value. */
export function serverlessCapacityProblems(min: unknown, max: unknown): string[] {
    const { min: lowest, maxFloor, max: highest, step } = serverlessCapacity;
    const problems: string[] = [];
    if (typeof min !== "number" || min < lowest || min > highest || !halfSteps(min)) {
        problems.push(
            `minCapacity ${JSON.stringify(min ?? null)} must be ${lowest} to ${highest} ACUs in steps of ${step} (${scalingDoc})`,
        );
    }
    if (typeof max !== "number" || max < maxFloor || max > highest || !halfSteps(max)) {
        problems.push(
            `maxCapacity ${JSON.stringify(max ?? null)} must be ${maxFloor} to ${highest} ACUs in steps of ${step} (${scalingDoc})`,
        );
    }
    if (typeof min === "number" && typeof max === "number" && min > max) {
        problems.push(`minCapacity ${min} is above maxCapacity ${max} (${scalingDoc})`);
    }
    return problems;
}

/** A cluster's serverless v2 capacity range, when it has one, is within AWS's limits. */
export const serverlessCluster: Constraint = ({ resource }) => {
    const scaling = resource.inputs.serverlessv2ScalingConfiguration;
    if (!isSet(scaling)) {
        return [];
    }
    const { minCapacity, maxCapacity } = scaling as {
        minCapacity?: unknown;
        maxCapacity?: unknown;
    };
    return serverlessCapacityProblems(minCapacity, maxCapacity).map(
        (p) => `${rule} serverlessv2ScalingConfiguration.${p}`,
    );
};

/**
 * A `db.serverless` instance can only be added to a cluster with a serverless v2 scaling
 * configuration; a secondary cluster of a global database is no exception. An instance whose
 * cluster is unknown is left to the `clusterInstance` constraint.
 */
export const serverlessInstance: Constraint = ({ resource, all }) => {
    if (resource.inputs.instanceClass !== serverlessInstanceClass) {
        return [];
    }
    const cluster = all.find(
        (r) =>
            r.type === "aws:rds/cluster:Cluster" &&
            r.outputs.id === resource.inputs.clusterIdentifier,
    );
    if (!cluster || isSet(cluster.inputs.serverlessv2ScalingConfiguration)) {
        return [];
    }
    return [
        `${rule} instanceClass "${serverlessInstanceClass}" needs its cluster ${JSON.stringify(cluster.name)} to have serverlessv2ScalingConfiguration (a capacity range); it has none (${requirementsDoc})`,
    ];
};
