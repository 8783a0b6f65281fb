/**
 * Every data store of the data layer, by the kind `data.stores` names it. The order of this table
 * is the order the stores are created and listed in the `dataStores` manifest. A new store is a
 * file beside this one (see store.ts) and its row here; the type makes every kind of
 * `dataStoreKinds` (stacks/config) need its row.
 */
import type { DataStoreKind } from "../config";
import { aurora } from "./aurora";
import { dynamodb } from "./dynamodb";
import { rds } from "./rds";
import { s3 } from "./s3";
import type { DataStore } from "./store";

export const dataStoreTable: { readonly [K in DataStoreKind]: DataStore<K> } = {
    aurora,
    rds,
    dynamodb,
    s3,
};

/** The kinds of the table, in its order. */
export const tableOrder = Object.keys(dataStoreTable) as DataStoreKind[];

/** The enabled stores, in the table's order. */
export function enabledStores(stores: readonly DataStoreKind[]): DataStoreKind[] {
    return tableOrder.filter((kind) => stores.includes(kind));
}

/** Whether any enabled store keeps database credentials. */
export function needsCredentials(stores: readonly DataStoreKind[]): boolean {
    return stores.some((kind) => dataStoreTable[kind].credentials);
}
