/**
 * The data layer of a regional stack. The primary owns the writable stores and exports what a
 * secondary needs (`data`) plus a manifest (`dataStores`); each secondary reads `data` through
 * its StackReference and creates, in its own region, the replicas and the replication into it.
 * What each store creates is its own file (stores.ts lists them); this file holds what the stores
 * share: the data key, the database credentials' key and endpoint, and the stack outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DataBindings,
    DataHandles,
    appDataBindings,
    arnInRegion,
} from "../../components/data/dataBindings";
import { CredentialsPlacement } from "../../components/data/databaseCredentials";
import { MultiRegionKey } from "../../components/data/multiRegionKey";
import { SecretsEndpoint } from "../../components/data/secretsEndpoint";
import { RegionNetwork } from "../app";
import { DataStoreKind, StackConfig } from "../config";
import { PrimaryDataContract, readPrimaryData } from "../contract";
import { regionProvider } from "../providers";
import { ManifestOutput, StoreContract, StoreHandles, StoreOutputs, StoreScope } from "./store";
import { dataStoreTable, enabledStores, needsCredentials } from "./stores";
import { RegionalData, dataEndpointsOf } from "./wiring";

/** The app's binding handles while the stores' values may still be Outputs. */
type HandleInputs = Pick<DataHandles, "region"> & {
    accountId: pulumi.Input<string>;
} & { [K in DataStoreKind]?: StoreHandles<K> };

/** This stack's `data` output while the stores' values may still be Outputs. */
type ContractInputs = {
    region: string;
    kmsKeyArn: pulumi.Input<string>;
    secretKeyArn?: pulumi.Input<string>;
    secretReplicaRegions?: string[];
} & { [K in DataStoreKind]?: StoreContract<K> };

/** Bindings from handles whose values may still be Outputs. */
function bindingsOf(
    handles: HandleInputs,
    secretKeyArn: pulumi.Input<string | undefined>,
): pulumi.Output<DataBindings> {
    // pulumi.output unwraps the Outputs nested in the handles.
    return pulumi
        .all([pulumi.output(handles), secretKeyArn])
        .apply(([h, key]) => appDataBindings(h, key));
}

/** A stack's data outputs and bindings with no stores enabled. */
function noStores(region: string): RegionalData {
    const none = appDataBindings({ region, accountId: "" });
    return {
        outputs: { dataStores: [], data: { region }, dataEndpoints: dataEndpointsOf(region, none) },
        bindings: pulumi.output(none),
    };
}

/** Run each enabled store's step and gather the manifest, contract entries and app handles. */
function runStores(
    region: string,
    stores: readonly DataStoreKind[],
    step: <K extends DataStoreKind>(kind: K) => StoreOutputs<K>,
    contract: ContractInputs,
    handles: HandleInputs,
    secretKeyArn: pulumi.Input<string | undefined>,
): RegionalData {
    const manifest: ManifestOutput[] = [];
    const record = <K extends DataStoreKind>(kind: K) => {
        const out = step(kind);
        manifest.push(out.manifest);
        if (out.contract !== undefined) {
            (contract as { [P in K]?: StoreContract<P> })[kind] = out.contract;
        }
        (handles as { [P in K]?: StoreHandles<P> })[kind] = out.handles;
    };
    enabledStores(stores).forEach(record);
    const bindings = bindingsOf(handles, secretKeyArn);
    return {
        outputs: {
            dataStores: manifest,
            data: contract,
            dataEndpoints: bindings.apply((b) => dataEndpointsOf(region, b)),
        },
        bindings,
    };
}

/** The manifest entry maker of a stack in `region`. */
function entryMaker(region: string): StoreScope["entry"] {
    return (kind, identifier, arn, replication, sourceArn) =>
        pulumi.all([identifier, arn, sourceArn]).apply(([id, a, s]) => ({
            kind,
            identifier: id,
            arn: a,
            region,
            replication,
            ...(sourceArn !== undefined ? { sourceArn: s } : {}),
        }));
}

/** One explicit provider per other region, created once however many stores need it. */
function providerCache(config: StackConfig): (region: string) => aws.Provider {
    const providers = new Map<string, aws.Provider>();
    return (region) => {
        if (!providers.has(region)) {
            providers.set(region, regionProvider(config, region));
        }
        return providers.get(region)!;
    };
}

/** The Secrets Manager endpoint the tasks and the rotation function reach the secret through. */
function secretsEndpoint(
    region: string,
    network: RegionNetwork,
    opts: pulumi.ComponentResourceOptions,
): void {
    new SecretsEndpoint(
        `secrets-${region}`,
        {
            region,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            clientSecurityGroupId: network.appSecurityGroupId,
        },
        opts,
    );
}

/**
 * Every way this secondary's data config disagrees with what the primary built. A replica must
 * use the primary's engine and consistency mode, and an MRSC replica must already exist here.
 */
export function primaryMismatches(config: StackConfig, source: PrimaryDataContract): string[] {
    return enabledStores(config.data.stores).flatMap(
        (kind) => dataStoreTable[kind].mismatches?.(config, source) ?? [],
    );
}

/**
 * The key and network of the database credentials on the primary: a dedicated multi-region key
 * with its replicas in every secondary region (created here, because the secret replicates into
 * those regions before any secondary stack exists), and the Secrets Manager endpoint.
 */
function primaryCredentials(
    config: StackConfig,
    opts: { providers: { aws: aws.Provider } },
    providerFor: (region: string) => aws.Provider,
    network: RegionNetwork,
): CredentialsPlacement & { secretKeyArn: pulumi.Output<string>; replicaRegions: string[] } {
    const { region } = config;
    const secretKey = new MultiRegionKey(
        `secret-key-${region}`,
        { purpose: "database credentials" },
        opts,
    );
    const replicaKmsKeyArns: Record<string, pulumi.Input<string>> = {};
    const replicaRegions = [...new Set(config.data.replicaRegions)]
        .filter((r) => r !== region)
        .sort();
    for (const other of replicaRegions) {
        replicaKmsKeyArns[other] = new MultiRegionKey(
            `secret-key-${other}`,
            { primaryKeyArn: secretKey.arn, purpose: "database credentials" },
            { providers: { aws: providerFor(other) } },
        ).arn;
    }
    secretsEndpoint(region, network, opts);
    return {
        kmsKeyArn: secretKey.arn,
        replicaKmsKeyArns,
        // The rotation function needs what the tasks have: the database port and the endpoint.
        rotationNetwork: {
            subnetIds: network.privateSubnetIds,
            securityGroupIds: [network.appSecurityGroupId],
        },
        secretKeyArn: secretKey.arn,
        replicaRegions,
    };
}

/** The primary's writable data stores, the `data` contract and the `dataStores` manifest. */
export function primaryData(
    config: StackConfig,
    provider: aws.Provider,
    network: RegionNetwork,
): RegionalData {
    const { data, region } = config;
    if (data.stores.length === 0) {
        return noStores(region);
    }
    const opts = { providers: { aws: provider } };
    const providerFor = providerCache(config);
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
    const key = new MultiRegionKey(
        `data-key-${region}`,
        { purpose: "replicated data stores" },
        opts,
    );
    const contract: ContractInputs = { region, kmsKeyArn: key.arn };
    const credentials = needsCredentials(data.stores)
        ? primaryCredentials(config, opts, providerFor, network)
        : undefined;
    if (credentials) {
        contract.secretKeyArn = credentials.secretKeyArn;
        contract.secretReplicaRegions = credentials.replicaRegions;
    }
    const scope = {
        config,
        network,
        opts,
        key,
        entry: entryMaker(region),
        providerFor,
        credentials,
    };
    return runStores(
        region,
        data.stores,
        (kind) => dataStoreTable[kind].primary(scope),
        contract,
        { region, accountId },
        credentials?.secretKeyArn ?? pulumi.output(undefined),
    );
}

/**
 * Every reason the primary's credentials secret cannot serve this secondary: it must have a
 * replica in this region, or the tasks here could not read it when the primary's region is down.
 */
export function secretReplicaProblems(config: StackConfig, source: PrimaryDataContract): string[] {
    if (
        !needsCredentials(config.data.stores) ||
        (source.secretReplicaRegions ?? []).includes(config.region)
    ) {
        return [];
    }
    return [
        `data.replicaRegions: the primary ${config.primaryStack} replicates its database credentials to ${JSON.stringify(source.secretReplicaRegions ?? [])}, not to this stack's region ${config.region}; add ${config.region} to data.replicaRegions on the primary and run \`pulumi up\` there first`,
    ];
}

/**
 * A secondary's replicas of the primary's stores, in this stack's region. Every identifier of
 * the primary comes from its `data` output; a store this stack replicates but the primary does
 * not export fails before anything is created. S3 replication into this region's bucket is
 * configured by the global stack (stacks/replication.ts), never here: a failover updates this
 * stack, and must not need the primary's region.
 */
export async function secondaryData(
    config: StackConfig,
    provider: aws.Provider,
    primary: pulumi.StackReference,
    network: RegionNetwork,
): Promise<RegionalData> {
    const { data, region } = config;
    if (data.stores.length === 0) {
        return noStores(region);
    }
    const opts = { providers: { aws: provider } };
    const source = await readPrimaryData(primary, config.primaryStack, data.stores);
    const mismatches = [
        ...primaryMismatches(config, source),
        ...secretReplicaProblems(config, source),
    ];
    if (mismatches.length > 0) {
        throw new Error(
            `this stack cannot replicate the primary ${config.primaryStack}:\n` +
                mismatches.map((m) => `  - ${m}`).join("\n"),
        );
    }
    if (source.region === region) {
        throw new Error(
            `aws:region: ${JSON.stringify(region)} is the primary's region (${config.primaryStack}); a secondary must be in another region`,
        );
    }
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
    const key = new MultiRegionKey(
        `data-key-${region}`,
        { primaryKeyArn: pulumi.output(source.kmsKeyArn!), purpose: "replicated data stores" },
        opts,
    );
    const local = (arn: string | undefined) => (arn ? arnInRegion(arn, region) : "");
    if (needsCredentials(data.stores)) {
        secretsEndpoint(region, network, opts);
    }
    const scope = { config, network, opts, key, entry: entryMaker(region), source, local };
    return runStores(
        region,
        data.stores,
        (kind) => dataStoreTable[kind].secondary(scope),
        { region, kmsKeyArn: key.arn },
        { region, accountId },
        source.secretKeyArn ? local(source.secretKeyArn) : undefined,
    );
}
