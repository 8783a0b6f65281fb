import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { randomInt } from "crypto";

/** Engines whose master credentials this component keeps. */
export type CredentialEngine =
    | "aurora-postgresql"
    | "aurora-mysql"
    | "postgres"
    | "mysql"
    | "mariadb";

/**
 * Characters a master password may contain: printable ASCII except `/`, `"`, `@` and space, which
 * RDS refuses (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints),
 * and `'` and `\`, which break naive connection strings.
 */
export const passwordAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-.:;<=>?[]^_{|}~";

/**
 * A master password of `length` characters drawn uniformly from `passwordAlphabet` with a
 * cryptographic generator (`pick(n)` returns an integer in [0, n)).
 */
export function generatePassword(length = 32, pick: (n: number) => number = randomInt): string {
    if (!Number.isInteger(length) || length < 8 || length > 41) {
        // 41 is the shortest maximum of the engines (MySQL); 8 their common minimum.
        throw new Error(`password length ${length} must be an integer from 8 to 41`);
    }
    let out = "";
    for (let i = 0; i < length; i++) {
        out += passwordAlphabet[pick(passwordAlphabet.length)];
    }
    return out;
}

/**
 * AWS's single-user rotation function for each engine, published in the Serverless Application
 * Repository (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_available-rotation-templates.html).
 * Single-user rotation is safe here because no task holds the password: the app reads the secret
 * when it connects (components/data/dataBindings.ts, `secretContract`). Rotation runs only in the
 * primary Region, where the secret's primary copy is; while that Region is down it is paused by
 * design (a replica secret cannot be updated on its own: docs/data.md, "Credentials AWS accepts").
 */
export function rotationApplicationId(engine: CredentialEngine): string {
    const name =
        engine === "aurora-postgresql" || engine === "postgres"
            ? "PostgreSQL"
            : engine === "mariadb"
              ? "MariaDB"
              : "MySQL";
    return `arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDS${name}RotationSingleUser`;
}

/** The secret's replica regions and the KMS key ARN of each; the secret's own region excluded. */
export function secretReplicas(
    ownRegion: string,
    replicaKeys: Record<string, string>,
): { region: string; kmsKeyId: string }[] {
    return Object.keys(replicaKeys)
        .filter((region) => region !== ownRegion)
        .sort()
        .map((region) => ({ region, kmsKeyId: replicaKeys[region] }));
}

/** What the rotation function needs to reach the database and Secrets Manager. */
export interface RotationNetwork {
    /** Private subnets of the database's VPC. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** A security group allowed to the database port and to the Secrets Manager endpoint. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** Where a database keeps its master credentials: the keys of the secret and its rotation. */
export interface CredentialsPlacement {
    /** Multi-region key of the database's region; the secret is encrypted with it. */
    kmsKeyArn: pulumi.Input<string>;
    /** Region of every secondary to its replica of the same multi-region key. */
    replicaKmsKeyArns: Record<string, pulumi.Input<string>>;
    /** Where the rotation function runs. */
    rotationNetwork: RotationNetwork;
}

/** Arguments of a database's master credentials. */
export interface DatabaseCredentialsArgs extends CredentialsPlacement {
    /** Engine; picks the rotation function and goes into the secret's JSON. */
    engine: CredentialEngine;
    /** Region of the database and of the secret. */
    region: string;
    /** Master user name. */
    username: string;
    /** The generated password, as a Pulumi secret; sent only through write-only inputs. */
    password: pulumi.Input<string>;
    /** Writer host name the rotation function connects to. */
    host: pulumi.Input<string>;
    /** Database port. */
    port: number;
    /** Initial database name. */
    dbname: string;
    /** Multi-region KMS key of this region; the secret is encrypted with it. */
    kmsKeyArn: pulumi.Input<string>;
    /** Region of every secondary to its replica of the same multi-region key. */
    replicaKmsKeyArns: Record<string, pulumi.Input<string>>;
    /** Where the rotation function runs. */
    rotationNetwork: RotationNetwork;
    /** Days between rotations. */
    rotationDays?: number;
}

const defaults = { rotationDays: 30 };

/**
 * The master credentials of a database that AWS will not let Secrets Manager manage (a cluster of
 * an Aurora global database, the source of a cross-region RDS replica): a Secrets Manager secret
 * owned by the project, encrypted with the multi-region key, replicated to every secondary region,
 * and rotated by AWS's rotation function for the engine, immediately on creation and then every
 * `rotationDays`.
 *
 * The initial password is generated in the program and reaches AWS only through write-only inputs
 * (`secretStringWo` here, `masterPasswordWo`/`passwordWo` on the database): Pulumi never reads them
 * back, keeps them out of outputs and stores them in state only as encrypted secrets; the first
 * rotation replaces it within minutes, so that value opens nothing.
 */
export class DatabaseCredentials extends pulumi.ComponentResource {
    /** ARN of the secret in its own region (replicas share the name, in their regions). */
    public readonly secretArn: pulumi.Output<string>;
    /** Name of the secret. */
    public readonly secretName: pulumi.Output<string>;
    /** Regions that hold a replica. */
    public readonly replicaRegions: string[];

    constructor(
        name: string,
        args: DatabaseCredentialsArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:data:DatabaseCredentials", name, {}, opts);
        const settings = { ...defaults, ...args };
        const parent = { parent: this };
        const replicas = pulumi
            .all(settings.replicaKmsKeyArns as Record<string, pulumi.Input<string>>)
            .apply((keys) => secretReplicas(settings.region, keys as Record<string, string>));
        const secret = new aws.secretsmanager.Secret(
            name,
            {
                description: `Master credentials of ${name}`,
                kmsKeyId: settings.kmsKeyArn,
                replicas,
                recoveryWindowInDays: 30,
            },
            parent,
        );
        const version = new aws.secretsmanager.SecretVersion(
            name,
            {
                secretId: secret.id,
                secretStringWo: pulumi.secret(
                    pulumi.all([settings.password, settings.host]).apply(([password, host]) =>
                        JSON.stringify({
                            engine: settings.engine.replace(/^aurora-/, ""),
                            host,
                            port: settings.port,
                            dbname: settings.dbname,
                            username: settings.username,
                            password,
                        }),
                    ),
                ),
                secretStringWoVersion: 1,
            },
            // Rotation owns the value from now on.
            { ...parent, ignoreChanges: ["secretStringWo", "secretStringWoVersion"] },
        );
        const functionName = `${name}-rotation`.slice(0, 64);
        const rotator = new aws.serverlessrepository.CloudFormationStack(
            `${name}-rotation`,
            {
                applicationId: rotationApplicationId(settings.engine),
                capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
                parameters: {
                    endpoint: `https://secretsmanager.${settings.region}.amazonaws.com`,
                    functionName,
                    kmsKeyArn: settings.kmsKeyArn,
                    vpcSubnetIds: pulumi
                        .output(settings.rotationNetwork.subnetIds)
                        .apply((ids) => ids.join(",")),
                    vpcSecurityGroupIds: pulumi
                        .output(settings.rotationNetwork.securityGroupIds)
                        .apply((ids) => ids.join(",")),
                },
            },
            parent,
        );
        new aws.secretsmanager.SecretRotation(
            name,
            {
                secretId: secret.id,
                rotationLambdaArn: rotator.outputs.apply((o) => o.RotationLambdaARN),
                rotationRules: { automaticallyAfterDays: settings.rotationDays },
                rotateImmediately: true,
            },
            { ...parent, dependsOn: [version] },
        );
        this.secretArn = secret.arn;
        this.secretName = secret.name;
        this.replicaRegions = Object.keys(settings.replicaKmsKeyArns)
            .filter((r) => r !== settings.region)
            .sort();
        this.registerOutputs({
            secretArn: this.secretArn,
            secretName: this.secretName,
            replicaRegions: this.replicaRegions,
        });
    }
}
