/**
 * AWS input limits and fixed facts that more than one part of the project checks: the stack
 * config validation, the offline engine's constraint checks and the policies. Each fact names
 * its AWS source. This module is pure and lives in the pack, because the pack is published alone
 * and must not import from the program.
 */

/**
 * Route 53 health check request intervals, in seconds: "10 (fast) or 30 (standard)".
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 */
export const healthCheckIntervals: readonly number[] = [10, 30];

/** Route 53 health check failure threshold range (API_HealthCheckConfig: "1-10"). */
export const healthCheckFailureThresholdRange = { min: 1, max: 10 } as const;

/**
 * Regions Route 53 health checkers run from (API_HealthCheckConfig, `Regions`). When any are
 * given, at least 3 are required.
 */
export const healthCheckerRegions: readonly string[] = [
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
];

/**
 * Regions whose CloudWatch alarms a Route 53 health check can watch (API_AlarmIdentifier,
 * `Region`, Valid Values).
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html
 */
export const cloudWatchAlarmRegions: readonly string[] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "me-south-1",
    "me-central-1",
    "il-central-1",
    "af-south-1",
    "sa-east-1",
    "mx-central-1",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-west-1",
    "us-gov-east-1",
];

/** Minimum number of checker regions when `regions` is set (API_HealthCheckConfig). */
export const minHealthCheckerRegions = 3;

/** Route 53 record TTL range, seconds (API_ResourceRecordSet, `TTL`: 0 to 2147483647). */
export const route53TtlRange = { min: 0, max: 2147483647 } as const;

/**
 * Valid Fargate task sizes: CPU units to the allowed memory values in MiB.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
export const fargateMemoryByCpu: Readonly<Record<number, readonly number[]>> = {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
};

/** Whether `cpu` units and `memory` MiB form a task size Fargate accepts. */
export function isValidFargateSize(cpu: number, memory: number): boolean {
    return fargateMemoryByCpu[cpu]?.includes(memory) ?? false;
}

/** A one-line description of the Fargate sizes allowed for `cpu`, for error messages. */
export function describeFargateMemory(cpu: number): string {
    const allowed = fargateMemoryByCpu[cpu];
    if (!allowed) {
        return `cpu must be one of ${Object.keys(fargateMemoryByCpu).join(", ")}`;
    }
    return `memory for cpu ${cpu} must be one of ${allowed.join(", ")}`;
}

/**
 * Elastic Load Balancing's canonical hosted zone IDs for ALBs, used by alias records.
 * https://docs.aws.amazon.com/general/latest/gr/elb.html
 */
export const albHostedZoneIds: Readonly<Record<string, string>> = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
    "ca-central-1": "ZQSVJUPU6J1EY",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-west-2": "ZHURV8PSTC4K8",
    "eu-west-3": "Z3Q77PNBQS71R4",
    "eu-central-1": "Z215JYRZR1TBD5",
    "eu-north-1": "Z23TAZ7KOBJP6D",
    "ap-northeast-1": "Z14GRHDCWA56QT",
    "ap-northeast-2": "ZWKZPGTI48KDX",
    "ap-northeast-3": "Z5LXEXXYW11ES",
    "ap-southeast-1": "Z1LMS91P8CMLE5",
    "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ap-south-1": "ZP97RAFLXTNZK",
    "sa-east-1": "Z2P70J7HTTTPLU",
};

/** CloudFront's alias hosted zone ID (API_AliasTarget). */
export const cloudFrontHostedZoneId = "Z2FDTNDATAQYW2";

/** Global Accelerator's alias hosted zone ID (API_AliasTarget). */
export const globalAcceleratorHostedZoneId = "Z2BJ6XQ5FK7U4H";

/** Commercial AWS regions this project knows how to place resources in. */
export const knownRegions: readonly string[] = Object.keys(albHostedZoneIds);

/**
 * DynamoDB multi-region strong consistency (MRSC) region sets; a table cannot span sets.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
 */
export const mrscRegionSets: Readonly<Record<string, readonly string[]>> = {
    US: ["us-east-1", "us-east-2", "us-west-2"],
    EU: ["eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1"],
    AP: ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3"],
};

function range(from: number, to: number, step: number): number[] {
    const values: number[] = [];
    for (let value = from; value <= to; value += step) {
        values.push(value);
    }
    return values;
}

/**
 * Automated backup retention this project requires of every database, days. AWS accepts 1 to 35
 * (CreateDBCluster `BackupRetentionPeriod`); a week keeps a point-in-time restore available
 * across a long weekend's incident, since replication copies corruption and deletes too.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html
 */
export const minBackupRetentionDays = 7;

/** AWS's accepted range for automated backup retention of a DB cluster, days. */
export const backupRetentionRange = { min: 1, max: 35 } as const;

/**
 * Major engine versions past the end of RDS standard support, by engine. New clusters on them
 * are refused or billed as Extended Support.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html
 */
export const endOfLifeEngineMajors: Readonly<Record<string, readonly string[]>> = {
    "aurora-postgresql": ["9", "10", "11", "12"],
    "aurora-mysql": ["5.6", "5.7"],
    postgres: ["9", "10", "11", "12"],
    mysql: ["5.6", "5.7"],
    mariadb: ["10.3", "10.4"],
};

/** Why `version` of `engine` is end of life, or undefined when it is supported. */
export function endOfLifeEngineVersion(engine: string, version: string): string | undefined {
    const majors = endOfLifeEngineMajors[engine] ?? [];
    const hit = majors.find((major) => version === major || version.startsWith(`${major}.`));
    return hit
        ? `is ${engine} ${hit}, which is past the end of RDS standard support; use a supported major version such as ${engine.includes("mysql") ? "8.0" : engine === "mariadb" ? "10.11" : "16"}`
        : undefined;
}

/**
 * Status codes a CloudFront origin group can fail over on (FailoverCriteria.StatusCodes).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
 */
export const cloudFrontFailoverStatusCodes: readonly number[] = [
    400, 403, 404, 416, 500, 502, 503, 504,
];

/** Members of a CloudFront origin group: exactly a primary and a secondary origin (same page). */
export const cloudFrontOriginGroupSize = 2;

/** CloudFront origin connection timeout range, seconds; default 10 (same page). */
export const cloudFrontConnectionTimeoutRange = { min: 1, max: 10 } as const;

/** CloudFront origin connection attempts range; default 3 (same page). */
export const cloudFrontConnectionAttemptsRange = { min: 1, max: 3 } as const;

/**
 * Global Accelerator endpoint group health check intervals (10 or 30 s), threshold count (1-10)
 * and traffic dial (0-100 percent).
 * https://docs.aws.amazon.com/global-accelerator/latest/api/API_EndpointGroup.html
 */
export const acceleratorHealthCheckIntervals: readonly number[] = [10, 30];
export const acceleratorThresholdCountRange = { min: 1, max: 10 } as const;
export const acceleratorTrafficDialRange = { min: 0, max: 100 } as const;

/**
 * Availability Zones a new account can use in each known region (what
 * `aws ec2 describe-availability-zones` lists). us-west-1 and ap-northeast-1 have a further zone
 * that is closed to new accounts, so it is not counted.
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 */
export const availabilityZoneCounts: Readonly<Record<string, number>> = {
    "us-east-1": 6,
    "us-east-2": 3,
    "us-west-1": 2,
    "us-west-2": 4,
    "ca-central-1": 3,
    "eu-west-1": 3,
    "eu-west-2": 3,
    "eu-west-3": 3,
    "eu-central-1": 3,
    "eu-north-1": 3,
    "ap-northeast-1": 3,
    "ap-northeast-2": 4,
    "ap-northeast-3": 3,
    "ap-southeast-1": 3,
    "ap-southeast-2": 3,
    "ap-south-1": 3,
    "sa-east-1": 3,
};

/**
 * Retention values CloudWatch Logs' PutRetentionPolicy accepts, in days (0 keeps logs forever).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const logRetentionDays: readonly number[] = [
    0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];
