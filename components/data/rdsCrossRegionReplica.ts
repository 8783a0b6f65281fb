import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { finalSnapshotIdentifier } from "./auroraGlobalDatabase";
import { CredentialsPlacement, DatabaseCredentials, generatePassword } from "./databaseCredentials";
import { DatabaseNetwork } from "./databaseNetwork";

/** Non-Aurora engines with cross-region read replicas. */
export type RdsReplicaEngine = "postgres" | "mysql" | "mariadb";

/** The port each engine listens on. */
export function rdsPort(engine: RdsReplicaEngine): number {
    return engine === "postgres" ? 5432 : 3306;
}

/** Logs each engine can export to CloudWatch. */
export function rdsLogExports(engine: RdsReplicaEngine): string[] {
    return engine === "postgres"
        ? ["postgresql", "upgrade"]
        : ["audit", "error", "general", "slowquery"];
}

/**
 * Attributes that change when a replica is promoted. A later `pulumi up` must not try to turn a
 * promoted instance back into a replica (AWS cannot), so they are ignored after creation.
 */
export const promotionDriftProperties = ["replicateSourceDb"];

/** Arguments of the source instance or a cross-region replica of it. */
export interface RdsCrossRegionReplicaArgs {
    /**
     * ARN of the source instance in another region; leave unset to create the source (primary).
     * Cross-region replicas must name their source by ARN.
     */
    sourceDbArn?: pulumi.Input<string>;
    /** Engine of the source; replicas inherit it from the source. */
    engine: RdsReplicaEngine;
    /** Primary only: pinned engine version. */
    engineVersion?: string;
    /** Instance class. */
    instanceClass: string;
    /** Primary only: allocated storage, GiB; replicas inherit it. */
    allocatedStorageGb?: number;
    /** KMS key in this component's region (a replica needs one in its own region). */
    kmsKeyArn: pulumi.Input<string>;
    /** Region this instance lives in; names the final snapshot. */
    region: string;
    /** VPC of the instance. */
    vpcId: pulumi.Input<string>;
    /** Private subnets of the instance. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The only security group allowed to connect. */
    clientSecurityGroupId: pulumi.Input<string>;
    /** Automated backup retention, days; the source needs backups for replicas to exist. */
    backupRetentionDays: number;
    /** Primary only: initial database name. */
    databaseName?: string;
    /** Primary only: master user name; its password lives only in Secrets Manager. */
    masterUsername?: string;
    /**
     * Source only: where the master credentials live. RDS cannot create a read replica of an
     * instance whose password Secrets Manager manages, so the component keeps it in a secret it
     * owns (see `DatabaseCredentials`), replicated to every region in `replicaKmsKeyArns`.
     */
    credentials?: CredentialsPlacement;
}

const defaults = { databaseName: "app", masterUsername: "dbadmin", allocatedStorageGb: 100 };

/**
 * An RDS instance (PostgreSQL, MySQL, MariaDB) that replicates across regions: the encrypted,
 * Multi-AZ source on the primary, or a read replica of it on a secondary, encrypted with a key
 * of the replica's own region. Deletion-protected and `protect`ed; the source keeps a final
 * snapshot (a replica cannot), and its master password lives in a project-owned secret.
 */
export class RdsCrossRegionReplica extends pulumi.ComponentResource {
    /** Instance identifier. */
    public readonly identifier: pulumi.Output<string>;
    /** Instance ARN; a replica names its source by this. */
    public readonly arn: pulumi.Output<string>;
    /** Host name of the instance. */
    public readonly address: pulumi.Output<string>;
    /** Resource ID of the instance (`db-...`), which `rds-db:connect` names. */
    public readonly resourceId: pulumi.Output<string>;
    /** Primary only: ARN of the Secrets Manager secret holding the master credentials. */
    public readonly masterUserSecretArn: pulumi.Output<string | undefined>;

    constructor(
        name: string,
        args: RdsCrossRegionReplicaArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:data:RdsCrossRegionReplica", name, {}, opts);
        const settings = { ...defaults, ...args };
        const isReplica = settings.sourceDbArn !== undefined;
        if (!isReplica && settings.engineVersion === undefined) {
            throw new Error(`${name}: engineVersion is required for the source instance`);
        }
        const port = rdsPort(settings.engine);
        const network = new DatabaseNetwork(
            name,
            {
                vpcId: settings.vpcId,
                subnetIds: settings.subnetIds,
                clientSecurityGroupId: settings.clientSecurityGroupId,
                port,
                description: `RDS ${isReplica ? "replica" : "source"} ${name}`,
            },
            { parent: this },
        );
        if (!isReplica && settings.credentials === undefined) {
            throw new Error(
                `${name}: credentials is required for the source instance; RDS cannot replicate an instance whose password Secrets Manager manages`,
            );
        }
        const password = pulumi.secret(generatePassword());
        const common: aws.rds.InstanceArgs = {
            instanceClass: settings.instanceClass,
            port,
            dbSubnetGroupName: network.subnetGroupName,
            vpcSecurityGroupIds: [network.securityGroupId],
            publiclyAccessible: false,
            multiAz: true,
            storageEncrypted: true,
            kmsKeyId: settings.kmsKeyArn,
            deletionProtection: true,
            // AWS takes no final snapshot of a read replica (DeleteDBInstance), and fails the
            // delete if asked for one; deletion protection and `protect` guard the replica.
            ...(isReplica
                ? { skipFinalSnapshot: true }
                : {
                      skipFinalSnapshot: false,
                      finalSnapshotIdentifier: finalSnapshotIdentifier(name, settings.region),
                  }),
            // Backups on the replica too: once promoted it is the database of record.
            backupRetentionPeriod: settings.backupRetentionDays,
            copyTagsToSnapshot: true,
            // A replica must run a version at least as new as its source; upgrades are deliberate.
            autoMinorVersionUpgrade: false,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: settings.kmsKeyArn,
            enabledCloudwatchLogsExports: rdsLogExports(settings.engine),
        };
        const specific: Partial<aws.rds.InstanceArgs> = isReplica
            ? { replicateSourceDb: settings.sourceDbArn }
            : {
                  engine: settings.engine,
                  engineVersion: settings.engineVersion,
                  allocatedStorage: settings.allocatedStorageGb,
                  maxAllocatedStorage: settings.allocatedStorageGb * 4,
                  storageType: "gp3",
                  dbName: settings.databaseName,
                  username: settings.masterUsername,
                  passwordWo: password,
                  passwordWoVersion: 1,
                  iamDatabaseAuthenticationEnabled: true,
              };
        const instance = new aws.rds.Instance(
            name,
            { ...common, ...specific },
            {
                parent: this,
                protect: true,
                ignoreChanges: isReplica ? promotionDriftProperties : [],
            },
        );
        this.identifier = instance.identifier;
        this.arn = instance.arn;
        this.address = instance.address;
        this.resourceId = instance.resourceId;
        this.masterUserSecretArn =
            !isReplica && settings.credentials
                ? new DatabaseCredentials(
                      name,
                      {
                          engine: settings.engine,
                          region: settings.region,
                          username: settings.masterUsername,
                          password,
                          host: instance.address,
                          port,
                          dbname: settings.databaseName,
                          ...settings.credentials,
                      },
                      { parent: this },
                  ).secretArn
                : pulumi.output(undefined);
        this.registerOutputs({
            identifier: this.identifier,
            arn: this.arn,
            address: this.address,
            resourceId: this.resourceId,
            masterUserSecretArn: this.masterUserSecretArn,
        });
    }
}
