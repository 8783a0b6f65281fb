/**
 * Lookups the simulation makes at every moment (a check by its id, a record group's records, the
 * groups in order), built once per model instead of scanning the model's arrays each time: a
 * program with hundreds of records otherwise makes every moment quadratic in its size. A model
 * is not changed once extracted; the index is still rebuilt when a model's arrays are replaced.
 */
import { groupBy } from "../lib/memo";
import { CheckModel, Model, RecordModel } from "./model";

interface ModelIndex {
    checks: readonly CheckModel[];
    records: readonly RecordModel[];
    checkById: Map<string, CheckModel>;
    recordsByGroup: Map<string, RecordModel[]>;
    groups: readonly string[];
    userGroups: readonly string[];
}

const indexes = new WeakMap<Model, ModelIndex>();

function build(model: Model): ModelIndex {
    const checkById = new Map<string, CheckModel>();
    for (const check of model.checks) {
        // The first check of an id wins, as a scan with `find` would take it.
        if (!checkById.has(check.id)) {
            checkById.set(check.id, check);
        }
    }
    const recordsByGroup = groupBy(model.records, (record) => record.group);
    // The group with the most records (the users' name) first, then by name.
    const groups = [...recordsByGroup.entries()]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .map(([group]) => group);
    const data = new Set(model.records.filter((r) => r.storeTarget).map((r) => r.group));
    return {
        checks: model.checks,
        records: model.records,
        checkById,
        recordsByGroup,
        groups,
        userGroups: groups.filter((g) => !data.has(g)),
    };
}

function indexOf(model: Model): ModelIndex {
    const known = indexes.get(model);
    if (known && known.checks === model.checks && known.records === model.records) {
        return known;
    }
    const built = build(model);
    indexes.set(model, built);
    return built;
}

/** The check with this id (the first, if a program declares one twice). */
export function checkById(model: Model, id: string | undefined): CheckModel | undefined {
    return id === undefined ? undefined : indexOf(model).checkById.get(id);
}

/** A record group's records, in the model's order. */
export function recordsOf(model: Model, group: string): readonly RecordModel[] {
    return indexOf(model).recordsByGroup.get(group) ?? [];
}

/** Record groups, the one with the most records (the users' name) first. */
export function groupsOf(model: Model): readonly string[] {
    return indexOf(model).groups;
}

/** Record groups that send users to regions (not the names of data stores' writers). */
export function userGroupsOf(model: Model): readonly string[] {
    return indexOf(model).userGroups;
}
