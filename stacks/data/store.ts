/**
 * What one data store of the data layer is: a primary step that creates the writable store, a
 * secondary step that creates (or records) this region's replica, and the checks a secondary's
 * config must pass against what the primary built. Each store is one file beside this one,
 * registered in `stores.ts`; `layer.ts` runs the steps of the stores `data.stores` enables.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DataHandles } from "../../components/data/dataBindings";
import type { CredentialsPlacement } from "../../components/data/databaseCredentials";
import type { MultiRegionKey } from "../../components/data/multiRegionKey";
import type { ReplicationMode } from "../../policies/lib/manifest";
import type { RegionNetwork } from "../app";
import type { DataStoreKind, StackConfig } from "../config";
import type { DataStoreManifestEntry, PrimaryDataContract } from "../contract";

/** The database name the stacks give Aurora and RDS (the components' default). */
export const databaseName = "app";

/** Each field of `T` as a program passes it: the value, or an Output of it. */
export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** A store's part of the app's binding handles (components/data/dataBindings.ts), as Inputs. */
export type StoreHandles<K extends DataStoreKind> = Inputs<NonNullable<DataHandles[K]>>;

/** A store's part of the primary's `data` contract (stacks/contract.ts), as Inputs. */
export type StoreContract<K extends DataStoreKind> = Inputs<NonNullable<PrimaryDataContract[K]>>;

/** One `dataStores` manifest entry, resolved once the store exists. */
export type ManifestOutput = pulumi.Output<DataStoreManifestEntry>;

/** What every step of a regional data layer reads. */
export interface StoreScope {
    config: StackConfig;
    network: RegionNetwork;
    opts: { providers: { aws: aws.Provider } };
    /** This region's key of the replicated stores (the primary's, or its replica here). */
    key: MultiRegionKey;
    /** A manifest entry in this stack's region; `sourceArn` names the replicated store. */
    entry: (
        kind: DataStoreManifestEntry["kind"],
        identifier: pulumi.Input<string>,
        arn: pulumi.Input<string>,
        replication: ReplicationMode,
        sourceArn?: pulumi.Input<string>,
    ) => ManifestOutput;
}

/** A primary's step may create keys in other regions and uses the database credentials. */
export interface PrimaryScope extends StoreScope {
    providerFor: (region: string) => aws.Provider;
    /** Where database credentials go; set when a store that keeps credentials is enabled. */
    credentials: CredentialsPlacement | undefined;
}

/** A secondary's step reads the primary's contract. */
export interface SecondaryScope extends StoreScope {
    source: PrimaryDataContract;
    /** The ARN of the same resource in this stack's region ("" for none). */
    local: (arn: string | undefined) => string;
}

/** What a store's step adds to the stack: its manifest entry, contract entry and app handles. */
export interface StoreOutputs<K extends DataStoreKind> {
    manifest: ManifestOutput;
    /** The store's entry in this stack's `data` output, if it exports one. */
    contract?: StoreContract<K>;
    handles: StoreHandles<K>;
}

/** One data store of the data layer. */
export interface DataStore<K extends DataStoreKind> {
    /** Whether the store keeps master credentials in Secrets Manager (a credentials key, the endpoint). */
    credentials: boolean;
    /** Create the writable store on the primary. */
    primary(scope: PrimaryScope): StoreOutputs<K>;
    /** Create (or record) this region's replica on a secondary; `source[K]` is present. */
    secondary(scope: SecondaryScope): StoreOutputs<K>;
    /** Every way a secondary's config disagrees with what the primary built. */
    mismatches?(config: StackConfig, source: PrimaryDataContract): string[];
}

/** A mismatch line when a secondary's `data.<key>` differs from the primary's. */
export function differs(key: string, mine: string, theirs: string | undefined): string[] {
    return theirs !== undefined && mine !== theirs
        ? [
              `data.${key}: ${JSON.stringify(mine)} differs from the primary's ${JSON.stringify(theirs)}; a replica must use the primary's ${key}`,
          ]
        : [];
}

/**
 * `value` once it resolves, failing the deployment naming `what` if it resolves to nothing: for a
 * component output that is optional in general but always set the way the stacks build it.
 */
export function defined(
    value: pulumi.Output<string | undefined>,
    what: string,
): pulumi.Output<string> {
    return value.apply((v) => {
        if (v === undefined) {
            throw new Error(`data layer: ${what} is not set`);
        }
        return v;
    });
}
