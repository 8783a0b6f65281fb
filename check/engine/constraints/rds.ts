import { backupRetentionRange } from "../../../policies/lib/aws-limits";
import { writeForwardingSupported } from "../../../policies/lib/aurora-versions";
import { RecordedResource } from "../types";
import { Constraint, isSet } from "./types";

const createClusterDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html";
const createInstanceDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html";
const globalClusterDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html";
const deleteClusterDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html";
const clusterInstanceDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.CreateInstance.html";

/** DB identifiers: a letter first, then letters, digits and single hyphens, no trailing hyphen. */
function identifierProblem(key: string, value: unknown, max: number, doc: string): string[] {
    if (typeof value !== "string") {
        return [];
    }
    if (
        value.length < 1 ||
        value.length > max ||
        !/^[A-Za-z][A-Za-z0-9-]*$/.test(value) ||
        value.includes("--") ||
        value.endsWith("-")
    ) {
        return [
            `${key} ${JSON.stringify(value)} must be 1 to ${max} letters, digits or hyphens, start with a letter, and have no two consecutive hyphens and no trailing hyphen (${doc})`,
        ];
    }
    return [];
}

/** Backup retention, final snapshot and managed-password rules shared by clusters and instances. */
function commonDatabaseProblems(resource: RecordedResource, min: number, doc: string): string[] {
    const i = resource.inputs;
    const problems: string[] = [];
    const days = i.backupRetentionPeriod;
    if (
        days !== undefined &&
        (!Number.isInteger(days) || Number(days) < min || Number(days) > backupRetentionRange.max)
    ) {
        problems.push(
            `backupRetentionPeriod ${JSON.stringify(days)} must be an integer from ${min} to ${backupRetentionRange.max} (${doc})`,
        );
    }
    if (i.skipFinalSnapshot === false && !isSet(i.finalSnapshotIdentifier)) {
        problems.push(
            `skipFinalSnapshot is false, so deleting needs finalSnapshotIdentifier (${deleteClusterDoc})`,
        );
    }
    problems.push(
        ...identifierProblem(
            "finalSnapshotIdentifier",
            i.finalSnapshotIdentifier,
            255,
            deleteClusterDoc,
        ),
    );
    const password = i.masterPassword ?? i.password ?? i.masterPasswordWo ?? i.passwordWo;
    if (i.manageMasterUserPassword === true && isSet(password)) {
        problems.push(
            `manageMasterUserPassword cannot be combined with a master password; Secrets Manager generates it (${doc})`,
        );
    }
    if (isSet(i.masterUserSecretKmsKeyId) && i.manageMasterUserPassword !== true) {
        problems.push(
            `masterUserSecretKmsKeyId is only valid with manageMasterUserPassword true (${doc})`,
        );
    }
    return problems;
}

/** A global cluster: an Aurora engine (unless created from a source cluster) and a valid identifier. */
export const globalCluster: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems = identifierProblem(
        "globalClusterIdentifier",
        i.globalClusterIdentifier,
        63,
        globalClusterDoc,
    );
    if (!isSet(i.sourceDbClusterIdentifier)) {
        if (typeof i.engine !== "string" || !i.engine.startsWith("aurora")) {
            problems.push(
                `engine ${JSON.stringify(i.engine ?? null)} is required and must be an Aurora engine (aurora-mysql or aurora-postgresql) when no source cluster is given (${globalClusterDoc})`,
            );
        }
    }
    return problems;
};

/** A cluster instance runs its cluster's engine. */
export const clusterInstance: Constraint = ({ resource, all }) => {
    const cluster = all.find(
        (r) =>
            r.type === "aws:rds/cluster:Cluster" &&
            r.outputs.id === resource.inputs.clusterIdentifier,
    );
    if (!cluster) {
        return [
            `clusterIdentifier ${JSON.stringify(resource.inputs.clusterIdentifier ?? null)} names no cluster created by the stacks run so far (${clusterInstanceDoc})`,
        ];
    }
    if (resource.inputs.engine !== cluster.inputs.engine) {
        return [
            `engine ${JSON.stringify(resource.inputs.engine ?? null)} differs from its cluster's ${JSON.stringify(cluster.inputs.engine ?? null)} (${clusterInstanceDoc})`,
        ];
    }
    return [];
};

const globalDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-attaching.html";
const replicaDoc = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html";

const credentialInputs = ["masterUsername", "masterPassword", "manageMasterUserPassword"] as const;

/**
 * Aurora: a cluster that joins a global cluster which already has a primary is a secondary, and
 * a secondary takes no master credentials (they come from the primary).
 */
export const cluster: Constraint = (ctx) => [
    ...commonDatabaseProblems(ctx.resource, backupRetentionRange.min, createClusterDoc),
    ...globalClusterAgreement(ctx),
    ...secondaryCluster(ctx),
    ...globalManagedPassword(ctx),
    ...writeForwarding(ctx),
];

/** A cluster joining a global cluster runs the global cluster's engine and version. */
const globalClusterAgreement: Constraint = ({ resource, all }) => {
    const globalId = resource.inputs.globalClusterIdentifier;
    const global = all.find(
        (r) => r.type === "aws:rds/globalCluster:GlobalCluster" && r.outputs.id === globalId,
    );
    if (!isSet(globalId) || !global) {
        return [];
    }
    const problems: string[] = [];
    for (const key of ["engine", "engineVersion"] as const) {
        if (isSet(global.inputs[key]) && resource.inputs[key] !== global.inputs[key]) {
            problems.push(
                `${key} ${JSON.stringify(resource.inputs[key] ?? null)} differs from global cluster ${JSON.stringify(globalId)}'s ${JSON.stringify(global.inputs[key])} (${globalDoc})`,
            );
        }
    }
    return problems;
};

const secondaryCluster: Constraint = ({ resource, all }) => {
    const globalId = resource.inputs.globalClusterIdentifier;
    if (!isSet(globalId)) {
        return [];
    }
    const earlier = all.filter(
        (r) =>
            r.type === resource.type &&
            r.urn !== resource.urn &&
            r.inputs.globalClusterIdentifier === globalId,
    );
    const primary = earlier.find(
        (r) => r.stack !== resource.stack || all.indexOf(r) < all.indexOf(resource),
    );
    if (!primary) {
        return [];
    }
    const problems: string[] = [];
    const given = credentialInputs.filter(
        (k) => isSet(resource.inputs[k]) && resource.inputs[k] !== false,
    );
    if (given.length > 0) {
        problems.push(
            `secondary cluster of global cluster ${JSON.stringify(globalId)} must not set ${given.join(", ")}; credentials come from the primary (${globalDoc})`,
        );
    }
    for (const key of ["engine", "engineVersion"] as const) {
        if (
            isSet(resource.inputs[key]) &&
            isSet(primary.inputs[key]) &&
            resource.inputs[key] !== primary.inputs[key]
        ) {
            problems.push(
                `${key} ${JSON.stringify(resource.inputs[key])} differs from the primary's ${JSON.stringify(primary.inputs[key])}; a global database needs the same ${key} (${globalDoc})`,
            );
        }
    }
    if (primary.region === resource.region) {
        problems.push(
            `secondary cluster is in ${resource.region}, the primary cluster's region; each region holds one cluster of a global database (${globalDoc})`,
        );
    }
    return problems;
};

const auroraSecretsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations";
const rdsSecretsDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations";
const writeForwardingDocs: Record<string, string> = {
    "aurora-postgresql":
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-apg.html",
    "aurora-mysql":
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-ams.html",
};

/**
 * Rule `aurora-global-managed-password`: Secrets Manager cannot manage the master password of a
 * cluster that is part of an Aurora global database.
 */
const globalManagedPassword: Constraint = ({ resource }) =>
    isSet(resource.inputs.globalClusterIdentifier) &&
    resource.inputs.manageMasterUserPassword === true
        ? [
              `rule aurora-global-managed-password: manageMasterUserPassword is true on a cluster of global cluster ${JSON.stringify(resource.inputs.globalClusterIdentifier)}; Secrets Manager cannot manage the master password of a DB cluster that is part of an Aurora global database: use a secret you own (${auroraSecretsDoc})`,
          ]
        : [];

/**
 * Rule `aurora-write-forwarding`: global write forwarding is set on secondary clusters only, and
 * only on engine versions that support it.
 */
const writeForwarding: Constraint = ({ resource }) => {
    const i = resource.inputs;
    if (i.enableGlobalWriteForwarding !== true) {
        return [];
    }
    const engine = String(i.engine ?? "");
    const doc = writeForwardingDocs[engine] ?? writeForwardingDocs["aurora-postgresql"];
    if (!isSet(i.globalClusterIdentifier)) {
        return [
            `rule aurora-write-forwarding: enableGlobalWriteForwarding is true on a cluster outside a global database; it applies to secondary clusters of an Aurora global database (${doc})`,
        ];
    }
    if (typeof i.engineVersion === "string" && !writeForwardingSupported(engine, i.engineVersion)) {
        return [
            `rule aurora-write-forwarding: ${engine} ${i.engineVersion} does not support global write forwarding (Aurora PostgreSQL 14.9+, 15.4+, 16+; Aurora MySQL 2.08.1+) (${doc})`,
        ];
    }
    return [];
};

/** The instance `replicateSourceDb` names, among the resources recorded so far. */
function sourceInstanceOf(
    resource: RecordedResource,
    all: readonly RecordedResource[],
): RecordedResource | undefined {
    const source = resource.inputs.replicateSourceDb;
    if (!isSet(source)) {
        return undefined;
    }
    return all.find(
        (r) =>
            r !== resource &&
            r.type === resource.type &&
            (r.outputs.arn === source || r.outputs.id === source),
    );
}

/**
 * Rule `rds-replica-source-managed-password`: RDS cannot create a read replica of an instance
 * whose master password Secrets Manager manages (every engine but SQL Server). A replica that asks
 * for a final snapshot deploys fine and fails only when deleted: that is the policy
 * `rds-replica-final-snapshot` (policies/rules/), a finding, not a refusal.
 */
const replicaChain: Constraint = ({ resource, all }) => {
    const problems: string[] = [];
    const i = resource.inputs;
    const managedSource = (source: RecordedResource) =>
        source.inputs.manageMasterUserPassword === true &&
        !String(source.inputs.engine ?? "").startsWith("sqlserver");
    if (isSet(i.replicateSourceDb)) {
        const source = sourceInstanceOf(resource, all);
        if (source && managedSource(source)) {
            problems.push(
                `rule rds-replica-source-managed-password: source instance ${JSON.stringify(source.name)} sets manageMasterUserPassword true; RDS cannot create a read replica of an instance whose master password Secrets Manager manages: give the source a secret you own (${rdsSecretsDoc})`,
            );
        }
    } else if (managedSource(resource)) {
        const replicas = all.filter(
            (r) => r.type === resource.type && sourceInstanceOf(r, [resource]) === resource,
        );
        if (replicas.length > 0) {
            problems.push(
                `rule rds-replica-source-managed-password: manageMasterUserPassword is true, but ${replicas.map((r) => JSON.stringify(`${r.stack}/${r.name}`)).join(", ")} ${replicas.length === 1 ? "replicates" : "replicate"} this instance; RDS cannot create a read replica of an instance whose master password Secrets Manager manages (${rdsSecretsDoc})`,
            );
        }
    }
    return problems;
};

/** RDS cross-region replica: an ARN source, a KMS key in the replica's region, no credentials. */
export const instance: Constraint = ({ resource, all }) => {
    const problems = [
        ...commonDatabaseProblems(resource, 0, createInstanceDoc),
        ...replicaChain({ resource, all }),
    ];
    const source = resource.inputs.replicateSourceDb;
    if (!isSet(source)) {
        return problems;
    }
    const sourceInstance = all.find(
        (r) => r.type === resource.type && (r.outputs.arn === source || r.outputs.id === source),
    );
    if (sourceInstance && !(Number(sourceInstance.inputs.backupRetentionPeriod) >= 1)) {
        problems.push(
            `source instance ${JSON.stringify(sourceInstance.name)} has backupRetentionPeriod ${JSON.stringify(sourceInstance.inputs.backupRetentionPeriod ?? 0)}; a read replica needs automated backups enabled on its source (${replicaDoc})`,
        );
    }
    const crossRegion =
        typeof source === "string" &&
        source.startsWith("arn:") &&
        source.split(":")[3] !== resource.region;
    if (typeof source === "string" && !source.startsWith("arn:") && source.includes(":")) {
        problems.push(
            `replicateSourceDb ${JSON.stringify(source)} must be an identifier in-region or an ARN cross-region (${replicaDoc})`,
        );
    }
    if (
        crossRegion &&
        resource.inputs.storageEncrypted === true &&
        !isSet(resource.inputs.kmsKeyId)
    ) {
        problems.push(
            `an encrypted cross-region replica needs kmsKeyId from the replica's region ${resource.region} (${replicaDoc})`,
        );
    }
    if (
        crossRegion &&
        typeof resource.inputs.kmsKeyId === "string" &&
        resource.inputs.kmsKeyId.startsWith("arn:") &&
        resource.inputs.kmsKeyId.split(":")[3] !== resource.region
    ) {
        problems.push(
            `kmsKeyId ${JSON.stringify(resource.inputs.kmsKeyId)} is not in the replica's region ${resource.region} (${replicaDoc})`,
        );
    }
    for (const key of ["username", "password", "manageMasterUserPassword", "dbName"] as const) {
        if (isSet(resource.inputs[key]) && resource.inputs[key] !== false) {
            problems.push(`a read replica must not set ${key} (${replicaDoc})`);
        }
    }
    return problems;
};
