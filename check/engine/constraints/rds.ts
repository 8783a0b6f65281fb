import { Constraint, isSet } from "./types";

const globalDoc =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-attaching.html";
const replicaDoc = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html";

const credentialInputs = ["masterUsername", "masterPassword", "manageMasterUserPassword"] as const;

/**
 * Aurora: a cluster that joins a global cluster which already has a primary is a secondary, and
 * a secondary takes no master credentials (they come from the primary).
 */
export const cluster: Constraint = ({ resource, all }) => {
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

/** RDS cross-region replica: an ARN source, a KMS key in the replica's region, no credentials. */
export const instance: Constraint = ({ resource }) => {
    const source = resource.inputs.replicateSourceDb;
    if (!isSet(source)) {
        return [];
    }
    const problems: string[] = [];
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
