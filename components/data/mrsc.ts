/**
 * DynamoDB multi-region strong consistency (MRSC) rules, as a pure function. AWS fixes the
 * consistency mode when a table is created and cannot add MRSC replicas later, so every rule is
 * checked before anything exists: by the stack config (as config errors) and by the component
 * (for arguments config does not expose, such as local secondary indexes).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
 */
import { mrscRegionSets } from "../../policies/lib/aws-limits";

/** What an MRSC table would be created with. */
export interface MrscRequest {
    /** Region of the table itself (the primary's); undefined when not known here. */
    tableRegion?: string;
    /** Region of the stack asking; a secondary must hold one of the replicas. */
    stackRegion?: string;
    /** Every region of the table, the table's own included. */
    regions: readonly string[];
    /** A region of `regions` that holds a witness instead of a replica; empty for none. */
    witnessRegion?: string;
    /** TTL attribute name; empty or undefined for no TTL. */
    ttlAttribute?: string;
    /** Number of local secondary indexes. */
    localSecondaryIndexCount: number;
}

/** The input a problem is about. */
export type MrscField = "regions" | "witnessRegion" | "ttlAttribute" | "localSecondaryIndexes";

/** One broken MRSC rule. */
export interface MrscProblem {
    field: MrscField;
    message: string;
}

/** Every MRSC rule `request` breaks; empty when AWS would accept the table. */
export function mrscProblems(request: MrscRequest): MrscProblem[] {
    const problems: MrscProblem[] = [];
    const regions = [...request.regions];
    const distinct = new Set(regions);
    const shown = JSON.stringify(regions);
    if (regions.length !== 3 || distinct.size !== 3) {
        problems.push({
            field: "regions",
            message: `${shown} has ${distinct.size} distinct region${distinct.size === 1 ? "" : "s"}; MRSC needs exactly 3 (3 replicas, or 2 replicas and a witness)`,
        });
    }
    const sets = Object.entries(mrscRegionSets);
    const home = sets.find(([, members]) => regions.every((r) => members.includes(r)));
    if (regions.length > 0 && !home) {
        problems.push({
            field: "regions",
            message: `${shown} is not within one MRSC region set; a table cannot span sets: ${sets.map(([set, members]) => `${set} (${members.join(", ")})`).join("; ")}`,
        });
    }
    if (request.tableRegion !== undefined && !distinct.has(request.tableRegion)) {
        problems.push({
            field: "regions",
            message: `${shown} must include the primary's region ${JSON.stringify(request.tableRegion)}, where the table is created`,
        });
    }
    if (
        request.stackRegion !== undefined &&
        request.stackRegion !== request.tableRegion &&
        !distinct.has(request.stackRegion)
    ) {
        problems.push({
            field: "regions",
            message: `${shown} must include this secondary's region ${JSON.stringify(request.stackRegion)}; MRSC replicas cannot be added after the table is created`,
        });
    }
    const witness = request.witnessRegion ?? "";
    if (witness !== "") {
        if (!distinct.has(witness)) {
            problems.push({
                field: "witnessRegion",
                message: `${JSON.stringify(witness)} must be one of the MRSC regions ${shown}`,
            });
        } else if (witness === request.tableRegion) {
            problems.push({
                field: "witnessRegion",
                message: `${JSON.stringify(witness)} is the primary's region, which holds the table; choose another of ${shown}`,
            });
        } else if (witness === request.stackRegion) {
            problems.push({
                field: "witnessRegion",
                message: `${JSON.stringify(witness)} is this secondary's region; a witness holds no readable data, so a recovery region must hold a replica`,
            });
        }
    }
    if ((request.ttlAttribute ?? "") !== "") {
        problems.push({
            field: "ttlAttribute",
            message: `${JSON.stringify(request.ttlAttribute)} is set, but MRSC tables do not support TTL; clear it or use eventual consistency`,
        });
    }
    if (request.localSecondaryIndexCount > 0) {
        problems.push({
            field: "localSecondaryIndexes",
            message: `${request.localSecondaryIndexCount} given, but MRSC tables do not support local secondary indexes`,
        });
    }
    return problems;
}
