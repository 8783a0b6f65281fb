/**
 * The data layer of a regional stack. The primary owns the writable stores and exports what a
 * secondary needs (`data`) plus a manifest (`dataStores`); each secondary reads `data` through
 * its StackReference and creates, in its own region, the replicas and the replication into it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuroraGlobalDatabase, auroraPort } from "../components/data/auroraGlobalDatabase";
import {
    DataBindings,
    DataHandles,
    PolicyStatement,
    appDataBindings,
    arnInRegion,
    bindingShape,
} from "../components/data/dataBindings";
import { CredentialsPlacement } from "../components/data/databaseCredentials";
import { DynamoGlobalTable } from "../components/data/dynamoGlobalTable";
import { DynamoTableReplica } from "../components/data/dynamoTableReplica";
import { MultiRegionKey } from "../components/data/multiRegionKey";
import { RdsCrossRegionReplica, rdsPort } from "../components/data/rdsCrossRegionReplica";
import { S3ReplicatedBucket } from "../components/data/s3ReplicatedBucket";
import { SecretsEndpoint } from "../components/data/secretsEndpoint";
import type { ReplicationMode } from "../policies/lib/manifest";
import { RegionNetwork } from "./app";
import { StackConfig, projectName } from "./config";
import {
    DataEndpointsOutput,
    DataStoreManifestEntry,
    PrimaryDataContract,
    readPrimaryData,
} from "./contract";
import { regionProvider } from "./providers";

type ManifestOutput = pulumi.Output<DataStoreManifestEntry>;

/**
 * The global cluster identifier for a stack: 1 to 63 letters, digits and hyphens, starting with
 * a letter (CreateGlobalCluster). Unique per account, hence the project and stack.
 */
/**
 * The RDS writer address the tasks use: a Route 53 name that the Region switch plan points at the
 * instance it promoted (the promoted replica keeps its own endpoint, so a task given the source's
 * address would keep writing to the failed Region:
 * https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html). Only
 * with a plan over two regional stacks (one plan, one failover pair); otherwise undefined and the
 * tasks get the source instance's address, which a promotion by hand does not move.
 */
export function rdsWriterRecordName(config: StackConfig): string | undefined {
    const { data, failover, regionalStacks, dns } = config;
    return data.stores.includes("rds") && failover.plan && regionalStacks.length === 2
        ? `rds-writer.${dns.domain}`
        : undefined;
}

export function globalClusterIdentifierFor(project: string, stack: string): string {
    const cleaned = `${project}-${stack}`
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/-+/g, "-")
        .replace(/^[^a-z]+/, "");
    return cleaned.slice(0, 63).replace(/-+$/, "");
}

/** The ARN of the same table in another region (global table replicas share the name). */
export function tableArnInRegion(tableArn: string, region: string): string {
    return arnInRegion(tableArn, region);
}

/** The database name the stacks give Aurora and RDS (the components' default). */
const databaseName = "app";

/** Data settings this layer reads beyond the ones every stack shares. */
export interface DataExtras {
    /** On the primary: the region of every secondary (`data.replicaRegions`). */
    replicaRegions: string[];
    /** Secondary Aurora clusters forward writes to the primary (`data.auroraWriteForwarding`). */
    auroraWriteForwarding: boolean;
}

/** The extra data settings of `config`. */
export function dataExtras(config: StackConfig): DataExtras {
    return {
        replicaRegions: config.data.replicaRegions,
        auroraWriteForwarding: config.data.auroraWriteForwarding,
    };
}

/** What a regional stack's data layer returns: its outputs, and the app's bindings to it. */
export interface RegionalData {
    /** Stack outputs (`data`, `dataStores`, `dataEndpoints`). */
    outputs: Record<string, unknown>;
    /** What the region's application gets: environment, secrets and IAM statements. */
    bindings: pulumi.Output<DataBindings>;
}

/** The endpoints the service of a region uses, as the stack exports them. */
export function dataEndpointsOf(region: string, b: DataBindings): DataEndpointsOutput {
    return { region, environment: b.environment, secrets: b.secrets };
}

/** Bindings from handles whose values may still be Outputs. */
function bindingsOf(
    handles: Record<string, unknown>,
    secretKeyArn: pulumi.Input<string | undefined>,
): pulumi.Output<DataBindings> {
    // pulumi.output unwraps the Outputs nested in the handles.
    return pulumi
        .all([pulumi.output(handles), secretKeyArn])
        .apply(([h, key]) => appDataBindings(h as unknown as DataHandles, key));
}

/** What the regional application takes from the data layer (RegionalApplication's args). */
export interface AppDataWiring {
    /** Plain variables, by name; the values resolve once the stores exist. */
    environment: Record<string, pulumi.Output<string>>;
    /** Secret references, by name, with the key that encrypts them. */
    secrets: Record<string, { arn: pulumi.Output<string>; kmsKeyArn?: pulumi.Output<string> }>;
    /** The task role's statements. */
    taskPolicyStatements: pulumi.Output<PolicyStatement>[];
}

/**
 * The application's data wiring before the data layer exists. The stores need the application's
 * network, and the application needs the stores' endpoints, so the stack builds the application
 * with Outputs that resolve when `resolve` is given the data layer's bindings. The names and the
 * number of statements are plain (they follow `data.stores`), so the application knows them at
 * construction; a mismatch with what the data layer binds fails the deployment naming both.
 */
export function lateDataWiring(config: StackConfig): {
    wiring: AppDataWiring;
    resolve: (bindings: pulumi.Output<DataBindings>) => void;
    reject: (err: unknown) => void;
} {
    let resolve!: (bindings: pulumi.Output<DataBindings>) => void;
    let reject!: (err: unknown) => void;
    const later = new Promise<pulumi.Output<DataBindings>>((ok, fail) => {
        resolve = ok;
        reject = fail;
    });
    // The stack rethrows the data layer's error itself; this copy only fails the app's values.
    later.catch(() => undefined);
    // An apply that returns an Output is lifted: its value and its resources carry over.
    const bindings = pulumi.output(later).apply((b) => b as unknown as pulumi.Output<DataBindings>);
    const shape = bindingShape({ stores: config.data.stores });
    const pick = <T>(what: string, get: (b: DataBindings) => T | undefined): pulumi.Output<T> =>
        bindings.apply((b) => {
            const value = get(b);
            if (value === undefined) {
                throw new Error(`data wiring: the data layer binds no ${what}`);
            }
            return value;
        }) as pulumi.Output<T>;
    const environment: AppDataWiring["environment"] = {};
    for (const name of Object.keys(shape.environment)) {
        environment[name] = pick(`environment variable ${name}`, (b) => b.environment[name]);
    }
    const secrets: AppDataWiring["secrets"] = {};
    for (const name of Object.keys(shape.secrets)) {
        secrets[name] = {
            arn: pick(`secret ${name}`, (b) => b.secrets[name]),
            kmsKeyArn: pick("credentials key", (b) => b.secretKmsKeyArn),
        };
    }
    const taskPolicyStatements = shape.taskPolicyStatements.map((s, i) =>
        pick(`task-role statement ${s.Sid}`, (b) => b.taskPolicyStatements[i]),
    );
    return { wiring: { environment, secrets, taskPolicyStatements }, resolve, reject };
}

/**
 * Build the data layer, hand its bindings to the waiting application and return the stack
 * outputs. If the data layer fails, the application's pending values fail with a copy of its
 * error rather than wait forever; the stack reports the original.
 */
export async function withDataWiring(
    late: ReturnType<typeof lateDataWiring>,
    build: () => RegionalData | Promise<RegionalData>,
): Promise<Record<string, unknown>> {
    try {
        const data = await build();
        late.resolve(data.bindings);
        return data.outputs;
    } catch (err) {
        // A copy: the SDK prefixes the message of an error that fails a resource's input
        // ("error serializing property ...") in place, which would garble the stack's own error.
        const message = err instanceof Error ? err.message : String(err);
        late.reject(new Error(`the data layer failed: ${message}`));
        throw err;
    }
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

/**
 * Every way this secondary's data config disagrees with what the primary built. A replica must
 * use the primary's engine and consistency mode, and an MRSC replica must already exist here.
 */
export function primaryMismatches(config: StackConfig, source: PrimaryDataContract): string[] {
    const { data, region } = config;
    const problems: string[] = [];
    const differs = (key: string, mine: string, theirs: string | undefined) => {
        if (theirs !== undefined && mine !== theirs) {
            problems.push(
                `data.${key}: ${JSON.stringify(mine)} differs from the primary's ${JSON.stringify(theirs)}; a replica must use the primary's ${key}`,
            );
        }
    };
    if (data.stores.includes("aurora")) {
        differs("auroraEngine", data.auroraEngine, source.aurora?.engine);
    }
    if (data.stores.includes("rds")) {
        differs("rdsEngine", data.rdsEngine, source.rds?.engine);
    }
    if (data.stores.includes("dynamodb") && source.dynamodb) {
        differs("dynamodbConsistency", data.dynamodbConsistency, source.dynamodb.consistency);
        if (
            source.dynamodb.consistency === "strong" &&
            !source.dynamodb.replicaRegions.includes(region)
        ) {
            problems.push(
                `data.mrscRegions: the primary's MRSC table ${source.dynamodb.tableName} has replicas in ${source.dynamodb.replicaRegions.join(", ")}, not in this stack's region ${region}; MRSC replicas cannot be added after the table is created`,
            );
        }
    }
    return problems;
}

/**
 * The key and network of the database credentials on the primary: a dedicated multi-region key
 * with its replicas in every secondary region (created here, because the secret replicates into
 * those regions before any secondary stack exists), and the Secrets Manager endpoint.
 */
function primaryCredentials(
    config: StackConfig,
    opts: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions,
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
    const replicaRegions = [...new Set(dataExtras(config).replicaRegions)]
        .filter((r) => r !== region)
        .sort();
    for (const other of replicaRegions) {
        replicaKmsKeyArns[other] = new MultiRegionKey(
            `secret-key-${other}`,
            { primaryKeyArn: secretKey.arn, purpose: "database credentials" },
            { providers: { aws: providerFor(other) } },
        ).arn;
    }
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

/**
 * What each store's step of a regional data layer reads (config, network, the data key) and
 * fills in: the `dataStores` manifest, the `data` contract and the app's binding handles.
 */
interface StoreScope {
    config: StackConfig;
    network: RegionNetwork;
    opts: { providers: { aws: aws.Provider } };
    key: MultiRegionKey;
    manifest: ManifestOutput[];
    contract: Record<string, unknown>;
    handles: Record<string, unknown>;
}

/** A primary's store step also creates keys in other regions and places database credentials. */
interface PrimaryScope extends StoreScope {
    providerFor: (region: string) => aws.Provider;
    credentials: ReturnType<typeof primaryCredentials> | undefined;
    entry: (
        kind: DataStoreManifestEntry["kind"],
        identifier: pulumi.Input<string>,
        arn: pulumi.Input<string>,
        replication: ReplicationMode,
    ) => ManifestOutput;
}

/** A secondary's store step reads the primary's contract and records each replica's source. */
interface SecondaryScope extends StoreScope {
    source: PrimaryDataContract;
    local: (arn: string | undefined) => string;
    replicaEntry: (
        kind: DataStoreManifestEntry["kind"],
        identifier: pulumi.Input<string>,
        arn: pulumi.Input<string>,
        replication: ReplicationMode,
        sourceArn: pulumi.Input<string>,
    ) => ManifestOutput;
}

/** The primary's writable data stores, the `data` contract and the `dataStores` manifest. */
export function primaryData(
    config: StackConfig,
    provider: aws.Provider,
    network: RegionNetwork,
): RegionalData {
    const { data, region } = config;
    if (data.stores.length === 0) {
        const none = appDataBindings({ region, accountId: "" });
        return {
            outputs: {
                dataStores: [],
                data: { region },
                dataEndpoints: dataEndpointsOf(region, none),
            },
            bindings: pulumi.output(none),
        };
    }
    const opts = { providers: { aws: provider } };
    const providerFor = providerCache(config);
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
    const key = new MultiRegionKey(
        `data-key-${region}`,
        { purpose: "replicated data stores" },
        opts,
    );
    const manifest: ManifestOutput[] = [];
    const contract: Record<string, unknown> = { region, kmsKeyArn: key.arn };
    const handles: Record<string, unknown> = { region, accountId };
    const entry = (
        kind: DataStoreManifestEntry["kind"],
        identifier: pulumi.Input<string>,
        arn: pulumi.Input<string>,
        replication: ReplicationMode,
    ): ManifestOutput =>
        pulumi.all([identifier, arn]).apply(([id, a]) => ({
            kind,
            identifier: id,
            arn: a,
            region,
            replication,
        }));
    const databases = data.stores.includes("aurora") || data.stores.includes("rds");
    const credentials = databases
        ? primaryCredentials(config, opts, providerFor, network)
        : undefined;
    if (credentials) {
        contract.secretKeyArn = credentials.secretKeyArn;
        contract.secretReplicaRegions = credentials.replicaRegions;
    }

    const scope: PrimaryScope = {
        config,
        network,
        opts,
        key,
        manifest,
        contract,
        handles,
        providerFor,
        credentials,
        entry,
    };
    if (data.stores.includes("aurora")) {
        primaryAurora(scope);
    }
    if (data.stores.includes("rds")) {
        primaryRds(scope);
    }
    if (data.stores.includes("dynamodb")) {
        primaryDynamo(scope);
    }
    if (data.stores.includes("s3")) {
        primaryS3(scope);
    }

    const bindings = bindingsOf(handles, credentials?.secretKeyArn ?? pulumi.output(undefined));
    return {
        outputs: {
            dataStores: manifest,
            data: contract,
            dataEndpoints: bindings.apply((b) => dataEndpointsOf(region, b)),
        },
        bindings,
    };
}

/** The primary's Aurora global database: the writer cluster, in the contract and the manifest. */
function primaryAurora(scope: PrimaryScope) {
    const {
        config: { data, region },
        network,
        opts,
        key,
        credentials,
        manifest,
        entry,
        contract,
        handles,
    } = scope;
    const aurora = new AuroraGlobalDatabase(
        `aurora-${region}`,
        {
            role: "primary",
            globalClusterIdentifier: globalClusterIdentifierFor(projectName, pulumi.getStack()),
            engine: data.auroraEngine,
            engineVersion: data.auroraEngineVersion,
            instanceClass: data.auroraInstanceClass,
            serverlessCapacity: {
                minCapacity: data.auroraMinCapacity,
                maxCapacity: data.auroraMaxCapacity,
            },
            instanceCount: data.auroraInstanceCount,
            kmsKeyArn: key.arn,
            region,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            clientSecurityGroupId: network.appSecurityGroupId,
            backupRetentionDays: data.backupRetentionDays,
            databaseName,
            credentials,
        },
        opts,
    );
    manifest.push(
        entry("aurora", aurora.clusterIdentifier, aurora.clusterArn, "aurora-global-database"),
    );
    contract.aurora = {
        globalClusterIdentifier: aurora.globalClusterIdentifier,
        engine: data.auroraEngine,
        engineVersion: data.auroraEngineVersion,
        clusterArn: aurora.clusterArn,
        globalWriterEndpoint: aurora.globalWriterEndpoint,
        secretArn: aurora.masterUserSecretArn,
    };
    handles.aurora = {
        globalWriterEndpoint: aurora.globalWriterEndpoint,
        readerEndpoint: aurora.readerEndpoint,
        port: auroraPort(data.auroraEngine),
        databaseName,
        writeForwarding: false,
        secretArn: aurora.masterUserSecretArn,
        clusterResourceId: aurora.clusterResourceId,
    };
}

/** The primary's RDS instance, the source of the secondaries' read replicas. */
function primaryRds(scope: PrimaryScope) {
    const {
        config,
        config: { data, region },
        network,
        opts,
        key,
        credentials,
        manifest,
        entry,
        contract,
        handles,
    } = scope;
    const rds = new RdsCrossRegionReplica(
        `rds-${region}`,
        {
            engine: data.rdsEngine,
            engineVersion: data.rdsEngineVersion,
            instanceClass: data.rdsInstanceClass,
            allocatedStorageGb: data.rdsAllocatedStorageGb,
            kmsKeyArn: key.arn,
            region,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            clientSecurityGroupId: network.appSecurityGroupId,
            backupRetentionDays: data.backupRetentionDays,
            databaseName,
            credentials,
        },
        opts,
    );
    manifest.push(entry("rds", rds.identifier, rds.arn, "rds-cross-region-replica"));
    contract.rds = {
        sourceArn: rds.arn,
        engine: data.rdsEngine,
        engineVersion: data.rdsEngineVersion,
        address: rds.address,
        secretArn: rds.masterUserSecretArn,
    };
    handles.rds = {
        endpoint: rds.address,
        writerEndpoint: rdsWriterRecordName(config) ?? rds.address,
        port: rdsPort(data.rdsEngine),
        databaseName,
        secretArn: rds.masterUserSecretArn,
        resourceId: rds.resourceId,
    };
}

/** The primary's DynamoDB global table; when strong (MRSC), with its own key in every MRSC region. */
function primaryDynamo(scope: PrimaryScope) {
    const {
        config: { data, region },
        opts,
        key,
        providerFor,
        manifest,
        entry,
        contract,
        handles,
    } = scope;
    const strong = data.dynamodbConsistency === "strong";
    let tableKeyArn: pulumi.Output<string> = key.arn;
    const replicaKeys: Record<string, pulumi.Input<string>> = {};
    if (strong) {
        // MRSC replicas exist from the start, before any secondary stack, so the primary owns
        // a dedicated key and its replicas in every MRSC region (a secondary replicating the
        // shared key into the same region would collide with them).
        const tableKey = new MultiRegionKey(
            `dynamodb-key-${region}`,
            { purpose: "DynamoDB MRSC table" },
            opts,
        );
        tableKeyArn = tableKey.arn;
        replicaKeys[region] = tableKey.arn;
        for (const other of data.mrscRegions) {
            if (other === region || other === data.mrscWitnessRegion) {
                continue;
            }
            replicaKeys[other] = new MultiRegionKey(
                `dynamodb-key-${other}`,
                { primaryKeyArn: tableKey.arn, purpose: "DynamoDB MRSC table" },
                { providers: { aws: providerFor(other) } },
            ).arn;
        }
        if (data.mrscWitnessRegion !== "") {
            replicaKeys[data.mrscWitnessRegion] = "";
        }
    }
    const table = new DynamoGlobalTable(
        `dynamodb-${region}`,
        {
            region,
            kmsKeyArn: tableKeyArn,
            consistency: data.dynamodbConsistency,
            mrscReplicaKeys: strong ? replicaKeys : undefined,
            mrscWitnessRegion: data.mrscWitnessRegion || undefined,
            ttlAttribute: data.dynamodbTtlAttribute || undefined,
        },
        opts,
    );
    manifest.push(
        entry(
            "dynamodb",
            table.name,
            table.arn,
            strong ? "dynamodb-global-table-mrsc" : "dynamodb-global-table",
        ),
    );
    contract.dynamodb = {
        tableName: table.name,
        tableArn: table.arn,
        consistency: data.dynamodbConsistency,
        replicaRegions: table.replicaRegions,
    };
    handles.dynamodb = { tableName: table.name, tableArn: table.arn };
}

/** The primary's replicated bucket. */
function primaryS3(scope: PrimaryScope) {
    const {
        config: { data, region },
        opts,
        key,
        manifest,
        entry,
        contract,
        handles,
    } = scope;
    const bucket = new S3ReplicatedBucket(`s3-${region}`, { kmsKeyArn: key.arn }, opts);
    manifest.push(
        entry(
            "s3",
            bucket.bucketName,
            bucket.arn,
            data.s3ReplicationTimeControl ? "s3-crr-rtc" : "s3-crr",
        ),
    );
    contract.s3 = {
        bucketName: bucket.bucketName,
        bucketArn: bucket.arn,
        kmsKeyArn: key.arn,
        replicationTimeControl: data.s3ReplicationTimeControl,
        deleteMarkerReplication: data.s3DeleteMarkerReplication,
    };
    handles.s3 = { bucketName: bucket.bucketName, bucketArn: bucket.arn, kmsKeyArn: key.arn };
}

/**
 * Every reason the primary's credentials secret cannot serve this secondary: it must have a
 * replica in this region, or the tasks here could not read it when the primary's region is down.
 */
export function secretReplicaProblems(config: StackConfig, source: PrimaryDataContract): string[] {
    const needsSecret = config.data.stores.some((s) => s === "aurora" || s === "rds");
    if (!needsSecret || (source.secretReplicaRegions ?? []).includes(config.region)) {
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
        const none = appDataBindings({ region, accountId: "" });
        return {
            outputs: {
                dataStores: [],
                data: { region },
                dataEndpoints: dataEndpointsOf(region, none),
            },
            bindings: pulumi.output(none),
        };
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
    const sourceOf = <T>(pick: (c: PrimaryDataContract) => T): pulumi.Output<T> =>
        pulumi.output(pick(source)) as pulumi.Output<T>;
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
    const key = new MultiRegionKey(
        `data-key-${region}`,
        {
            primaryKeyArn: sourceOf((c) => c.kmsKeyArn as string),
            purpose: "replicated data stores",
        },
        opts,
    );
    const manifest: ManifestOutput[] = [];
    const contract: Record<string, unknown> = { region, kmsKeyArn: key.arn };
    const handles: Record<string, unknown> = { region, accountId };
    const local = (arn: string | undefined) => (arn ? arnInRegion(arn, region) : "");
    const replicaEntry = (
        kind: DataStoreManifestEntry["kind"],
        identifier: pulumi.Input<string>,
        arn: pulumi.Input<string>,
        replication: ReplicationMode,
        sourceArn: pulumi.Input<string>,
    ): ManifestOutput =>
        pulumi.all([identifier, arn, sourceArn]).apply(([id, a, s]) => ({
            kind,
            identifier: id,
            arn: a,
            region,
            replication,
            sourceArn: s,
        }));
    if (data.stores.includes("aurora") || data.stores.includes("rds")) {
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

    const scope: SecondaryScope = {
        config,
        network,
        opts,
        key,
        manifest,
        contract,
        handles,
        source,
        local,
        replicaEntry,
    };
    if (data.stores.includes("aurora")) {
        secondaryAurora(scope);
    }
    if (data.stores.includes("rds")) {
        secondaryRds(scope);
    }
    if (data.stores.includes("dynamodb")) {
        secondaryDynamo(scope);
    }
    if (data.stores.includes("s3")) {
        secondaryS3(scope);
    }

    const bindings = bindingsOf(
        handles,
        source.secretKeyArn ? local(source.secretKeyArn) : undefined,
    );
    return {
        outputs: {
            dataStores: manifest,
            data: contract,
            dataEndpoints: bindings.apply((b) => dataEndpointsOf(region, b)),
        },
        bindings,
    };
}

/** A secondary Aurora cluster in the primary's global database. */
function secondaryAurora(scope: SecondaryScope) {
    const {
        config,
        config: { data, region },
        network,
        opts,
        key,
        source,
        manifest,
        replicaEntry,
        handles,
        local,
    } = scope;
    const aurora = source.aurora!;
    const writeForwarding = dataExtras(config).auroraWriteForwarding;
    const cluster = new AuroraGlobalDatabase(
        `aurora-${region}`,
        {
            role: "secondary",
            globalClusterIdentifier: aurora.globalClusterIdentifier,
            engine: data.auroraEngine,
            // The primary's version, not this stack's config: a global database runs one.
            engineVersion: aurora.engineVersion,
            instanceClass: data.auroraInstanceClass,
            serverlessCapacity: {
                minCapacity: data.auroraMinCapacity,
                maxCapacity: data.auroraMaxCapacity,
            },
            instanceCount: data.auroraInstanceCount,
            kmsKeyArn: key.arn,
            region,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            clientSecurityGroupId: network.appSecurityGroupId,
            backupRetentionDays: data.backupRetentionDays,
            writeForwarding,
        },
        opts,
    );
    manifest.push(
        replicaEntry(
            "aurora",
            cluster.clusterIdentifier,
            cluster.clusterArn,
            "aurora-global-database",
            aurora.clusterArn,
        ),
    );
    handles.aurora = {
        globalWriterEndpoint: aurora.globalWriterEndpoint ?? "",
        readerEndpoint: cluster.readerEndpoint,
        port: auroraPort(data.auroraEngine),
        databaseName,
        writeForwarding,
        secretArn: local(aurora.secretArn),
        clusterResourceId: cluster.clusterResourceId,
    };
}

/** A cross-region read replica of the primary's RDS instance. */
function secondaryRds(scope: SecondaryScope) {
    const {
        config,
        config: { data, region },
        network,
        opts,
        key,
        source,
        manifest,
        replicaEntry,
        handles,
        local,
    } = scope;
    const rds = source.rds!;
    const replica = new RdsCrossRegionReplica(
        `rds-${region}`,
        {
            sourceDbArn: rds.sourceArn,
            engine: data.rdsEngine,
            instanceClass: data.rdsInstanceClass,
            kmsKeyArn: key.arn,
            region,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            clientSecurityGroupId: network.appSecurityGroupId,
            backupRetentionDays: data.backupRetentionDays,
        },
        opts,
    );
    manifest.push(
        replicaEntry(
            "rds",
            replica.identifier,
            replica.arn,
            "rds-cross-region-replica",
            rds.sourceArn,
        ),
    );
    handles.rds = {
        endpoint: replica.address,
        writerEndpoint: rdsWriterRecordName(config) ?? rds.address ?? "",
        port: rdsPort(data.rdsEngine),
        databaseName,
        secretArn: local(rds.secretArn),
        resourceId: replica.resourceId,
    };
}

/** This region's table replica: created here, or (MRSC) recorded, since the primary made it. */
function secondaryDynamo(scope: SecondaryScope) {
    const {
        config: { data, region },
        opts,
        key,
        source,
        manifest,
        replicaEntry,
        handles,
    } = scope;
    const table = source.dynamodb!;
    let replicaArn: pulumi.Input<string>;
    if (data.dynamodbConsistency === "strong") {
        // MRSC replicas were created with the table by the primary; this stack records the
        // one in its region and checks it exists.
        replicaArn = tableArnInRegion(table.tableArn, region);
        manifest.push(
            replicaEntry(
                "dynamodb",
                table.tableName,
                replicaArn,
                "dynamodb-global-table-mrsc",
                table.tableArn,
            ),
        );
    } else {
        const replica = new DynamoTableReplica(
            `dynamodb-${region}`,
            { globalTableArn: table.tableArn, kmsKeyArn: key.arn },
            opts,
        );
        replicaArn = replica.arn;
        manifest.push(
            replicaEntry(
                "dynamodb",
                table.tableName,
                replica.arn,
                "dynamodb-global-table",
                table.tableArn,
            ),
        );
    }
    handles.dynamodb = { tableName: table.tableName, tableArn: replicaArn };
}

/** This region's bucket, where the global stack replicates the primary's bucket to. */
function secondaryS3(scope: SecondaryScope) {
    const {
        config: { data, region },
        opts,
        key,
        source,
        manifest,
        replicaEntry,
        contract,
        handles,
    } = scope;
    const bucket = new S3ReplicatedBucket(`s3-${region}`, { kmsKeyArn: key.arn }, opts);
    manifest.push(
        replicaEntry(
            "s3",
            bucket.bucketName,
            bucket.arn,
            data.s3ReplicationTimeControl ? "s3-crr-rtc" : "s3-crr",
            source.s3!.bucketArn,
        ),
    );
    contract.s3 = { bucketName: bucket.bucketName, bucketArn: bucket.arn, kmsKeyArn: key.arn };
    handles.s3 = { bucketName: bucket.bucketName, bucketArn: bucket.arn, kmsKeyArn: key.arn };
}
