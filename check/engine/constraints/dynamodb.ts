import { RecordedResource } from "../types";
import { Constraint, get, isSet, list } from "./types";

const globalTablesDoc =
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_reqs_bestpractices.html";

function streamProblem(table: RecordedResource): string | undefined {
    const i = table.inputs;
    if (i.streamEnabled !== true || i.streamViewType !== "NEW_AND_OLD_IMAGES") {
        return `table ${JSON.stringify(table.name)} must have streamEnabled true and streamViewType NEW_AND_OLD_IMAGES to have replicas, but has streamEnabled ${JSON.stringify(i.streamEnabled ?? false)} and streamViewType ${JSON.stringify(i.streamViewType ?? null)} (${globalTablesDoc})`;
    }
    return undefined;
}

const mrscDoc =
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html";
const pitrDoc =
    "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html";
const replicaKmsDoc =
    "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ReplicaSettingsUpdate.html";

function kmsRegionProblem(key: unknown, region: string, what: string): string[] {
    if (typeof key === "string" && key.startsWith("arn:") && key.split(":")[3] !== region) {
        return [
            `${what} kmsKeyArn ${JSON.stringify(key)} is not in ${region}; a table or replica is encrypted with a key of its own region (${replicaKmsDoc})`,
        ];
    }
    return [];
}

/** PITR period, MRSC shape, and keys in each replica's region. */
function tableSettings(resource: RecordedResource): string[] {
    const i = resource.inputs;
    const problems: string[] = [];
    const period = get(i, "pointInTimeRecovery", "recoveryPeriodInDays");
    if (
        period !== undefined &&
        (!Number.isInteger(period) || Number(period) < 1 || Number(period) > 35)
    ) {
        problems.push(
            `pointInTimeRecovery.recoveryPeriodInDays ${JSON.stringify(period)} must be an integer from 1 to 35 (${pitrDoc})`,
        );
    }
    problems.push(
        ...kmsRegionProblem(get(i, "serverSideEncryption", "kmsKeyArn"), resource.region, "table"),
    );
    const replicas = list(i.replicas);
    for (const replica of replicas) {
        problems.push(
            ...kmsRegionProblem(
                get(replica, "kmsKeyArn"),
                String(get(replica, "regionName")),
                `replica ${String(get(replica, "regionName"))}`,
            ),
        );
    }
    const strong = replicas.some((r) => get(r, "consistencyMode") === "STRONG");
    if (strong) {
        const witness = get(i, "globalTableWitness", "regionName");
        const regions = new Set([
            resource.region,
            ...replicas.map((r) => String(get(r, "regionName"))),
            ...(isSet(witness) ? [String(witness)] : []),
        ]);
        if (regions.size !== 3) {
            problems.push(
                `an MRSC table spans exactly 3 regions (replicas plus witness), but this one spans ${regions.size}: ${[...regions].join(", ")} (${mrscDoc})`,
            );
        }
        if (replicas.some((r) => get(r, "consistencyMode") !== "STRONG")) {
            problems.push(
                `every replica of an MRSC table must use consistencyMode STRONG (${mrscDoc})`,
            );
        }
        if (get(i, "ttl", "enabled") === true) {
            problems.push(`MRSC tables do not support TTL (${mrscDoc})`);
        }
        if (list(i.localSecondaryIndexes).length > 0) {
            problems.push(`MRSC tables do not support local secondary indexes (${mrscDoc})`);
        }
    }
    return problems;
}

/** A table with inline replicas needs NEW_AND_OLD_IMAGES streams; replicas are in other regions. */
export const table: Constraint = ({ resource }) => {
    const problems: string[] = tableSettings(resource);
    const replicas = list(resource.inputs.replicas);
    if (replicas.length === 0) {
        return problems;
    }
    const stream = streamProblem(resource);
    if (stream) {
        problems.push(stream);
    }
    for (const replica of replicas) {
        if (get(replica, "regionName") === resource.region) {
            problems.push(
                `replica regionName ${JSON.stringify(resource.region)} is the table's own region (${globalTablesDoc})`,
            );
        }
    }
    return problems;
};

/** A table replica's source table streams NEW_AND_OLD_IMAGES and lives in another region. */
export const tableReplica: Constraint = ({ resource, all }) => {
    const arn = resource.inputs.globalTableArn;
    if (!isSet(arn)) {
        return [`globalTableArn is required (${globalTablesDoc})`];
    }
    const source = all.find((r) => r.type === "aws:dynamodb/table:Table" && r.outputs.arn === arn);
    if (!source) {
        return [
            `globalTableArn ${JSON.stringify(arn)} names no table created by the stacks run so far (${globalTablesDoc})`,
        ];
    }
    const problems: string[] = kmsRegionProblem(
        resource.inputs.kmsKeyArn,
        resource.region,
        "replica",
    );
    const stream = streamProblem(source);
    if (stream) {
        problems.push(stream);
    }
    if (source.region === resource.region) {
        problems.push(
            `replica is in ${resource.region}, the source table's own region (${globalTablesDoc})`,
        );
    }
    return problems;
};
