import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RegionNetwork } from "./app";
import { StackConfig } from "./config";

/** The primary's writable data stores and their manifest (issue #4). */
export function primaryData(
    _config: StackConfig,
    _provider: aws.Provider,
    _network: RegionNetwork,
): Record<string, unknown> {
    return { dataStores: [] };
}

/** A secondary's replicas of the primary's stores, and the replication into its region (issue #4). */
export function secondaryData(
    _config: StackConfig,
    _provider: aws.Provider,
    _primary: pulumi.StackReference,
    _network: RegionNetwork,
): Record<string, unknown> {
    return { dataStores: [] };
}
