import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CredentialsPlacement, DatabaseCredentials, generatePassword } from "./databaseCredentials";
import { DatabaseNetwork } from "./databaseNetwork";

export { writeForwardingSupported } from "../../policies/lib/aurora-versions";

/** Aurora engines that can form a global database. */
export type AuroraGlobalEngine = "aurora-postgresql" | "aurora-mysql";

/** The port each engine listens on. */
export function auroraPort(engine: AuroraGlobalEngine): number {
    return engine === "aurora-postgresql" ? 5432 : 3306;
}

/** Logs each engine can export to CloudWatch, all of which a database owner wants after an incident. */
export function auroraLogExports(engine: AuroraGlobalEngine): string[] {
    return engine === "aurora-postgresql"
        ? ["postgresql"]
        : ["audit", "error", "general", "slowquery"];
}

/**
 * The identifier of the snapshot AWS takes when a cluster or instance is deleted. DB snapshot
 * identifiers are 1 to 255 letters, digits and hyphens, start with a letter, and have no two
 * consecutive hyphens and no trailing hyphen.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html
 */
export function finalSnapshotIdentifier(name: string, region: string): string {
    const raw = `${name.includes(region) ? name : `${name}-${region}`}-final`
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/-+/g, "-");
    const trimmed = raw.replace(/^[^a-z]+/, "").slice(0, 255);
    return trimmed.replace(/-+$/, "");
}

/**
 * Attributes AWS changes during a switchover or failover of a global database. If a later
 * `pulumi up` tried to set them back, it would detach a cluster from the global database
 * (the failure reported for other IaC tools, e.g. cloudposse/terraform-aws-rds-cluster#281).
 */
export const globalClusterDriftProperties = [
    "globalClusterIdentifier",
    "replicationSourceIdentifier",
];

/** Arguments of one region's part of an Aurora global database. */
export interface AuroraGlobalDatabaseArgs {
    /**
     * `primary` creates the global cluster and the writable cluster; `secondary` joins an existing
     * global cluster with a read-only cluster and no master credentials.
     */
    role: "primary" | "secondary";
    /** The global cluster: created with this identifier on the primary, joined on a secondary. */
    globalClusterIdentifier: pulumi.Input<string>;
    /** Engine; a secondary must use the primary's. */
    engine: AuroraGlobalEngine;
    /** Pinned engine version; a secondary must use the primary's. */
    engineVersion: pulumi.Input<string>;
    /** Instance class of every instance; `db.serverless` for Aurora Serverless v2. */
    instanceClass: string;
    /**
     * With `db.serverless`: the capacity range of every instance, in Aurora capacity units (0 to
     * 256 in half steps, the maximum at least 1). Set on the cluster in every region, secondaries
     * included: AWS adds a `db.serverless` instance only to a cluster that has one.
     */
    serverlessCapacity?: ServerlessCapacity;
    /** Instances in this region: at least one, so that a secondary can be promoted. */
    instanceCount: number;
    /** KMS key in this region for storage, the master secret and Performance Insights. */
    kmsKeyArn: pulumi.Input<string>;
    /** Region this part lives in; names the final snapshot. */
    region: string;
    /** VPC of the cluster. */
    vpcId: pulumi.Input<string>;
    /** Private subnets of the cluster. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The only security group allowed to connect. */
    clientSecurityGroupId: pulumi.Input<string>;
    /** Automated backup retention, days. */
    backupRetentionDays: number;
    /** Primary only: initial database name. */
    databaseName?: string;
    /** Primary only: master user name; its password lives only in Secrets Manager. */
    masterUsername?: string;
    /**
     * Primary only: where the master credentials live. Secrets Manager cannot manage the password
     * of a global database's cluster, so the component keeps it in a secret it owns (see
     * `DatabaseCredentials`), replicated to every region in `replicaKmsKeyArns`.
     */
    credentials?: CredentialsPlacement;
    /**
     * Secondary only: forward writes to the primary (global write forwarding). Only on engine
     * versions that support it (see `writeForwardingSupported` in the engine's rules).
     */
    writeForwarding?: boolean;
}

/** An Aurora Serverless v2 capacity range, in Aurora capacity units (ACUs). */
export interface ServerlessCapacity {
    minCapacity: number;
    maxCapacity: number;
}

const defaults = {
    databaseName: "app",
    masterUsername: "dbadmin",
    writeForwarding: false,
    serverlessCapacity: { minCapacity: 0.5, maxCapacity: 16 } as ServerlessCapacity,
};

/**
 * The cluster's serverless v2 scaling configuration: the capacity range with `db.serverless`
 * instances, none with provisioned ones.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html
 */
export function serverlessScaling(
    instanceClass: string,
    capacity: ServerlessCapacity,
): Pick<aws.rds.ClusterArgs, "serverlessv2ScalingConfiguration"> {
    return instanceClass === "db.serverless"
        ? {
              serverlessv2ScalingConfiguration: {
                  minCapacity: capacity.minCapacity,
                  maxCapacity: capacity.maxCapacity,
              },
          }
        : {};
}

/**
 * One region of an Aurora global database: on the primary, the global cluster, the writable
 * cluster and its instances; on a secondary, a cluster that joins the global cluster. Both are
 * KMS-encrypted, deletion-protected, keep a final snapshot and `protect` their resources. The
 * master password lives in a project-owned secret (`DatabaseCredentials`): Secrets Manager cannot
 * manage the password of a global database's cluster
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations).
 */
export class AuroraGlobalDatabase extends pulumi.ComponentResource {
    /** Identifier of the global cluster. */
    public readonly globalClusterIdentifier: pulumi.Output<string>;
    /** Identifier of this region's cluster. */
    public readonly clusterIdentifier: pulumi.Output<string>;
    /** ARN of this region's cluster. */
    public readonly clusterArn: pulumi.Output<string>;
    /** Writer endpoint (on a secondary it answers only after a switchover or failover). */
    public readonly endpoint: pulumi.Output<string>;
    /** Reader endpoint. */
    public readonly readerEndpoint: pulumi.Output<string>;
    /** Resource ID of this region's cluster (`cluster-...`), which `rds-db:connect` names. */
    public readonly clusterResourceId: pulumi.Output<string>;
    /** Primary only: ARN of the Secrets Manager secret holding the master credentials. */
    public readonly masterUserSecretArn: pulumi.Output<string | undefined>;
    /**
     * The global cluster's writer endpoint: it follows a switchover or failover to whichever
     * region holds the writer (read from the global cluster on the primary, unknown elsewhere).
     */
    public readonly globalWriterEndpoint: pulumi.Output<string | undefined>;

    constructor(
        name: string,
        args: AuroraGlobalDatabaseArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:data:AuroraGlobalDatabase", name, {}, opts);
        const settings = { ...defaults, ...args };
        if (!Number.isInteger(settings.instanceCount) || settings.instanceCount < 1) {
            throw new Error(
                `${name}: instanceCount ${settings.instanceCount} is invalid; every region needs at least 1 instance to be promotable`,
            );
        }
        const port = auroraPort(settings.engine);
        const network = new DatabaseNetwork(
            name,
            {
                vpcId: settings.vpcId,
                subnetIds: settings.subnetIds,
                clientSecurityGroupId: settings.clientSecurityGroupId,
                port,
                description: `Aurora ${settings.role} ${name}`,
            },
            { parent: this },
        );

        if (settings.role === "primary" && settings.credentials === undefined) {
            throw new Error(
                `${name}: credentials is required on the primary; Secrets Manager cannot manage the password of a global database's cluster`,
            );
        }
        if (settings.role === "primary" && settings.writeForwarding) {
            throw new Error(`${name}: writeForwarding applies to secondary clusters only`);
        }
        let globalClusterIdentifier: pulumi.Output<string>;
        let globalWriterEndpoint: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (settings.role === "primary") {
            const globalCluster = new aws.rds.GlobalCluster(
                name,
                {
                    globalClusterIdentifier: settings.globalClusterIdentifier,
                    engine: settings.engine,
                    engineVersion: settings.engineVersion,
                    databaseName: settings.databaseName,
                    storageEncrypted: true,
                    deletionProtection: true,
                },
                { parent: this, protect: true },
            );
            globalClusterIdentifier = globalCluster.id;
            globalWriterEndpoint = globalCluster.endpoint;
        } else {
            globalClusterIdentifier = pulumi.output(settings.globalClusterIdentifier);
        }

        const common: aws.rds.ClusterArgs = {
            globalClusterIdentifier,
            engine: settings.engine,
            engineMode: "provisioned",
            engineVersion: settings.engineVersion,
            port,
            dbSubnetGroupName: network.subnetGroupName,
            vpcSecurityGroupIds: [network.securityGroupId],
            storageEncrypted: true,
            kmsKeyId: settings.kmsKeyArn,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: finalSnapshotIdentifier(name, settings.region),
            backupRetentionPeriod: settings.backupRetentionDays,
            copyTagsToSnapshot: true,
            iamDatabaseAuthenticationEnabled: true,
            enabledCloudwatchLogsExports: auroraLogExports(settings.engine),
            ...serverlessScaling(settings.instanceClass, settings.serverlessCapacity),
        };
        // Generated here, sent only through write-only inputs, rotated away on creation.
        const password = pulumi.secret(generatePassword());
        const roleSpecific: Partial<aws.rds.ClusterArgs> =
            settings.role === "primary"
                ? {
                      databaseName: settings.databaseName,
                      masterUsername: settings.masterUsername,
                      masterPasswordWo: password,
                      masterPasswordWoVersion: 1,
                  }
                : settings.writeForwarding
                  ? { enableGlobalWriteForwarding: true }
                  : {};
        const cluster = new aws.rds.Cluster(
            name,
            { ...common, ...roleSpecific },
            { parent: this, protect: true, ignoreChanges: globalClusterDriftProperties },
        );

        // Instances are numbered 1..count: raising the count adds instances without renaming any.
        for (let n = 1; n <= settings.instanceCount; n++) {
            new aws.rds.ClusterInstance(
                `${name}-${n}`,
                {
                    clusterIdentifier: cluster.id,
                    engine: settings.engine,
                    engineVersion: settings.engineVersion,
                    instanceClass: settings.instanceClass,
                    dbSubnetGroupName: network.subnetGroupName,
                    publiclyAccessible: false,
                    // Regions must stay on the same version for a managed switchover, so minor
                    // upgrades are deliberate, global changes rather than per-instance surprises.
                    autoMinorVersionUpgrade: false,
                    performanceInsightsEnabled: true,
                    performanceInsightsKmsKeyId: settings.kmsKeyArn,
                    promotionTier: n,
                },
                { parent: this, protect: true },
            );
        }

        this.globalClusterIdentifier = globalClusterIdentifier;
        this.clusterIdentifier = cluster.clusterIdentifier;
        this.clusterArn = cluster.arn;
        this.endpoint = cluster.endpoint;
        this.readerEndpoint = cluster.readerEndpoint;
        this.clusterResourceId = cluster.clusterResourceId;
        let secretArn: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (settings.role === "primary" && settings.credentials) {
            secretArn = new DatabaseCredentials(
                name,
                {
                    engine: settings.engine,
                    region: settings.region,
                    username: settings.masterUsername,
                    password,
                    host: cluster.endpoint,
                    port,
                    dbname: settings.databaseName,
                    ...settings.credentials,
                },
                { parent: this },
            ).secretArn;
        }
        this.masterUserSecretArn = secretArn;
        this.globalWriterEndpoint = globalWriterEndpoint;
        this.registerOutputs({
            globalClusterIdentifier: this.globalClusterIdentifier,
            clusterIdentifier: this.clusterIdentifier,
            clusterArn: this.clusterArn,
            endpoint: this.endpoint,
            readerEndpoint: this.readerEndpoint,
            clusterResourceId: this.clusterResourceId,
            masterUserSecretArn: this.masterUserSecretArn,
            globalWriterEndpoint: this.globalWriterEndpoint,
        });
    }
}
