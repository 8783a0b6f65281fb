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

/** A table with inline replicas needs NEW_AND_OLD_IMAGES streams; replicas are in other regions. */
export const table: Constraint = ({ resource }) => {
    const replicas = list(resource.inputs.replicas);
    if (replicas.length === 0) {
        return [];
    }
    const problems: string[] = [];
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
    const problems: string[] = [];
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
