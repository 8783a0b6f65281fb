/**
 * How an application task reaches its data: environment variables, secrets and task-role
 * statements, per store, for the task's own region. Pure functions over plain values, so each
 * store's wiring in each role is tested without running a program. The variable names are a
 * contract with the application (docs/data.md, "Environment contract").
 */

/** An IAM policy statement as the task role receives it. */
export interface PolicyStatement {
    Sid: string;
    Effect: "Allow";
    Action: string[];
    Resource: string[];
}

/** What a task needs to know about each store, every value in the task's own region. */
export interface DataHandles {
    /** Region of the task, and of every ARN and endpoint below but the global ones. */
    region: string;
    /** AWS account of the stores. */
    accountId: string;
    /** AWS partition, `aws` unless in China or GovCloud. */
    partition?: string;
    dynamodb?: {
        /** Table name, the same in every region. */
        tableName: string;
        /** ARN of this region's replica (or the table itself on the primary). */
        tableArn: string;
    };
    s3?: {
        /** This region's bucket. */
        bucketName: string;
        bucketArn: string;
        /** KMS key (this region's replica of the multi-region key) the bucket encrypts with. */
        kmsKeyArn: string;
        /** With `data.s3.multiRegionAccessPoint`: the access point the app uses instead. */
        multiRegionAccessPoint?: { alias: string; arn: string };
    };
    aurora?: {
        /** The global cluster's writer endpoint, which follows a switchover or failover. */
        globalWriterEndpoint: string;
        /** This region's cluster reader endpoint. */
        readerEndpoint: string;
        port: number;
        databaseName: string;
        /** Whether this (secondary) cluster forwards writes to the primary. */
        writeForwarding: boolean;
        /** The master credentials secret, its ARN in this region (a replica on a secondary). */
        secretArn: string;
        /** This region's cluster resource ID, for `rds-db:connect`. */
        clusterResourceId: string;
        /** With IAM database authentication: the database user the app connects as. */
        iamDatabaseUser?: string;
    };
    rds?: {
        /** This region's instance: the source on the primary, the read replica on a secondary. */
        endpoint: string;
        /** The source (writer) instance's endpoint, in the primary's region. */
        writerEndpoint: string;
        port: number;
        databaseName: string;
        /** The master credentials secret, its ARN in this region. */
        secretArn: string;
        /** This region's instance resource ID (`db-...`), for `rds-db:connect`. */
        resourceId: string;
        /** With IAM database authentication: the database user the app connects as. */
        iamDatabaseUser?: string;
    };
}

/** What `RegionalApplication` takes from the data layer. */
export interface DataBindings {
    /** Plain environment variables. */
    environment: Record<string, string>;
    /** Environment variables filled by ECS from Secrets Manager (`valueFrom` ARNs). */
    secrets: Record<string, string>;
    /** Statements of the task role: only these stores' ARNs, in this region. */
    taskPolicyStatements: PolicyStatement[];
    /** Statements of the task execution role, which fetches `secrets` when a task starts. */
    executionPolicyStatements: PolicyStatement[];
    /** The KMS key (in this region) the credentials secrets are encrypted with, if any. */
    secretKmsKeyArn?: string;
}

/** The same ARN in another region (global table replicas, replicated secrets, MRK replicas). */
export function arnInRegion(arn: string, region: string): string {
    const parts = arn.split(":");
    parts[3] = region;
    return parts.join(":");
}

/** The environment variables each store sets, in order: the contract docs/data.md lists. */
export const environmentContract = {
    common: ["DATA_REGION"],
    dynamodb: ["DYNAMODB_TABLE_NAME", "DYNAMODB_REGION"],
    s3: ["S3_BUCKET_NAME", "S3_BUCKET_REGION", "S3_ACCESS_POINT_ARN"],
    aurora: [
        "AURORA_WRITER_ENDPOINT",
        "AURORA_READER_ENDPOINT",
        "AURORA_PORT",
        "AURORA_DATABASE",
        "AURORA_WRITE_FORWARDING",
    ],
    rds: ["RDS_ENDPOINT", "RDS_WRITER_ENDPOINT", "RDS_PORT", "RDS_DATABASE"],
} as const;

/**
 * The variable that names each database's credentials secret (R's replica): the app reads the
 * secret when it opens a connection, not once at task start. ECS resolves `secrets` only when a
 * task starts ("If the secret is subsequently updated or rotated, the container will not receive
 * the updated value automatically":
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html),
 * so a task given the password that way would fail its next connection after the first rotation,
 * minutes after the deployment.
 */
export const secretContract = {
    aurora: "AURORA_SECRET_ARN",
    rds: "RDS_SECRET_ARN",
} as const;

const dynamodbActions = [
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
];

/** `valueFrom` of one JSON key of a secret (ECS: `arn:...:secret:name-abc123:key::`). */
export function secretKey(secretArn: string, key: string): string {
    return `${secretArn}:${key}::`;
}

/**
 * The credentials secret's bindings: its ARN in R for the app, which reads it (GetSecretValue,
 * through the Secrets Manager endpoint) whenever it opens a connection, and again after an
 * authentication failure; the task role may read that secret and decrypt with its key, nothing
 * else. No password is injected into the container.
 */
function credentialBindings(
    store: "aurora" | "rds",
    secretArn: string,
    kmsKeyArns: string[],
    out: DataBindings,
): void {
    out.environment[secretContract[store]] = secretArn;
    out.taskPolicyStatements.push({
        Sid: `Read${store === "aurora" ? "Aurora" : "Rds"}Credentials`,
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [secretArn],
    });
    if (kmsKeyArns.length > 0) {
        out.taskPolicyStatements.push({
            Sid: `Decrypt${store === "aurora" ? "Aurora" : "Rds"}Credentials`,
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: kmsKeyArns,
        });
    }
}

/** `rds-db:connect` for one database user, only with IAM database authentication. */
function iamConnect(
    sid: string,
    h: DataHandles,
    resourceId: string,
    user: string | undefined,
): PolicyStatement[] {
    if (!user) {
        return [];
    }
    const partition = h.partition ?? "aws";
    return [
        {
            Sid: sid,
            Effect: "Allow",
            Action: ["rds-db:connect"],
            Resource: [
                `arn:${partition}:rds-db:${h.region}:${h.accountId}:dbuser:${resourceId}/${user}`,
            ],
        },
    ];
}

/**
 * The bindings of a task in `h.region` to every store in `h`. `secretKmsKeyArn` is the key (in
 * this region) the credentials secrets are encrypted with; the execution role may decrypt with it.
 */
export function appDataBindings(h: DataHandles, secretKmsKeyArn?: string): DataBindings {
    const out: DataBindings = {
        environment: {},
        secrets: {},
        taskPolicyStatements: [],
        executionPolicyStatements: [],
    };
    const stores = [h.dynamodb, h.s3, h.aurora, h.rds].filter((s) => s !== undefined);
    if (stores.length === 0) {
        return out;
    }
    if (secretKmsKeyArn && (h.aurora || h.rds)) {
        out.secretKmsKeyArn = secretKmsKeyArn;
    }
    out.environment.DATA_REGION = h.region;
    const secretKeys = secretKmsKeyArn ? [secretKmsKeyArn] : [];
    if (h.dynamodb) {
        out.environment.DYNAMODB_TABLE_NAME = h.dynamodb.tableName;
        out.environment.DYNAMODB_REGION = h.region;
        out.taskPolicyStatements.push({
            Sid: "DynamoDbTableInRegion",
            Effect: "Allow",
            Action: dynamodbActions,
            Resource: [h.dynamodb.tableArn, `${h.dynamodb.tableArn}/index/*`],
        });
    }
    if (h.s3) {
        out.environment.S3_BUCKET_NAME = h.s3.bucketName;
        out.environment.S3_BUCKET_REGION = h.region;
        const mrap = h.s3.multiRegionAccessPoint;
        if (mrap) {
            out.environment.S3_ACCESS_POINT_ARN = mrap.arn;
        }
        out.taskPolicyStatements.push(
            {
                Sid: "S3BucketInRegion",
                Effect: "Allow",
                Action: ["s3:ListBucket"],
                Resource: [h.s3.bucketArn],
            },
            {
                Sid: "S3ObjectsInRegion",
                Effect: "Allow",
                Action: ["s3:DeleteObject", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
                Resource: [`${h.s3.bucketArn}/*`],
            },
            {
                Sid: "S3KeyInRegion",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: [h.s3.kmsKeyArn],
            },
        );
        if (mrap) {
            // A Multi-Region Access Point is global: its ARN has no region, and S3 routes each
            // request to a bucket, which the statements above already name for this region.
            out.taskPolicyStatements.push({
                Sid: "S3MultiRegionAccessPoint",
                Effect: "Allow",
                Action: [
                    "s3:DeleteObject",
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:ListBucket",
                    "s3:PutObject",
                ],
                Resource: [mrap.arn, `${mrap.arn}/object/*`],
            });
        }
    }
    if (h.aurora) {
        const a = h.aurora;
        out.environment.AURORA_WRITER_ENDPOINT = a.globalWriterEndpoint;
        out.environment.AURORA_READER_ENDPOINT = a.readerEndpoint;
        out.environment.AURORA_PORT = String(a.port);
        out.environment.AURORA_DATABASE = a.databaseName;
        out.environment.AURORA_WRITE_FORWARDING = String(a.writeForwarding);
        credentialBindings("aurora", a.secretArn, secretKeys, out);
        out.taskPolicyStatements.push(
            ...iamConnect("AuroraIamConnect", h, a.clusterResourceId, a.iamDatabaseUser),
        );
    }
    if (h.rds) {
        const r = h.rds;
        out.environment.RDS_ENDPOINT = r.endpoint;
        out.environment.RDS_WRITER_ENDPOINT = r.writerEndpoint;
        out.environment.RDS_PORT = String(r.port);
        out.environment.RDS_DATABASE = r.databaseName;
        credentialBindings("rds", r.secretArn, secretKeys, out);
        out.taskPolicyStatements.push(
            ...iamConnect("RdsIamConnect", h, r.resourceId, r.iamDatabaseUser),
        );
    }
    // One decrypt statement for both databases' secrets when they share the key.
    out.taskPolicyStatements = mergeDecrypt(out.taskPolicyStatements);
    return out;
}

function mergeDecrypt(statements: PolicyStatement[]): PolicyStatement[] {
    const decrypt = statements.filter((s) => s.Action.join() === "kms:Decrypt");
    if (decrypt.length < 2) {
        return statements;
    }
    const resources = [...new Set(decrypt.flatMap((s) => s.Resource))];
    return [
        ...statements.filter((s) => !decrypt.includes(s)),
        {
            Sid: "DecryptDatabaseCredentials",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: resources,
        },
    ];
}

/**
 * Every region a statement's resources name (the region field of each ARN; global ARNs such as
 * an S3 bucket's or a Multi-Region Access Point's have none).
 */
export function regionsNamed(statements: readonly PolicyStatement[]): string[] {
    const regions = statements
        .flatMap((s) => s.Resource)
        .map((arn) => arn.split(":")[3] ?? "")
        .filter((r) => r !== "");
    return [...new Set(regions)].sort();
}

/** Which stores a task is bound to, and whether S3 goes through a Multi-Region Access Point. */
export interface BindingShapeRequest {
    stores: readonly ("aurora" | "rds" | "dynamodb" | "s3")[];
    multiRegionAccessPoint?: boolean;
    iamDatabaseUser?: string;
}

/**
 * The bindings' shape for a set of stores, with placeholder values: which variables, secrets and
 * how many statements a task gets. A stack needs the names before the stores exist (the names
 * are plain, the values are Outputs), and this keeps both in step with `appDataBindings`.
 */
export function bindingShape(request: BindingShapeRequest): DataBindings {
    const has = (s: BindingShapeRequest["stores"][number]) => request.stores.includes(s);
    const arn = (service: string, resource: string) => `arn:aws:${service}:r:0:${resource}`;
    return appDataBindings(
        {
            region: "r",
            accountId: "0",
            dynamodb: has("dynamodb")
                ? { tableName: "t", tableArn: arn("dynamodb", "table/t") }
                : undefined,
            s3: has("s3")
                ? {
                      bucketName: "b",
                      bucketArn: "arn:aws:s3:::b",
                      kmsKeyArn: arn("kms", "key/k"),
                      multiRegionAccessPoint: request.multiRegionAccessPoint
                          ? { alias: "a", arn: "arn:aws:s3::0:accesspoint/a" }
                          : undefined,
                  }
                : undefined,
            aurora: has("aurora")
                ? {
                      globalWriterEndpoint: "w",
                      readerEndpoint: "r",
                      port: 0,
                      databaseName: "d",
                      writeForwarding: false,
                      secretArn: arn("secretsmanager", "secret:a"),
                      clusterResourceId: "c",
                      iamDatabaseUser: request.iamDatabaseUser,
                  }
                : undefined,
            rds: has("rds")
                ? {
                      endpoint: "e",
                      writerEndpoint: "w",
                      port: 0,
                      databaseName: "d",
                      secretArn: arn("secretsmanager", "secret:r"),
                      resourceId: "i",
                      iamDatabaseUser: request.iamDatabaseUser,
                  }
                : undefined,
        },
        has("aurora") || has("rds") ? arn("kms", "key/s") : undefined,
    );
}
