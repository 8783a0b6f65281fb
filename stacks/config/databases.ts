/**
 * Which engine versions and instance classes each database engine takes, so a version of another
 * engine (mysql with 16.6) or a class the engine does not offer (Aurora on db.m6g) fails in config,
 * not at the RDS API.
 *
 * Sources (read 2026-11):
 * - Aurora classes: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html
 * - Aurora Serverless v2 (`db.serverless`): https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html
 * - RDS classes: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html
 * - Aurora PostgreSQL versions: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html
 * - Aurora MySQL versions: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.release-calendars.html
 * - RDS PostgreSQL: https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 * - RDS MySQL: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html
 * - RDS MariaDB: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MariaDB.Concepts.VersionMgmt.html
 */
import { quote } from "./fields";

/** The version format of an engine, and the majors RDS has released for it. */
interface EngineVersions {
    pattern: RegExp;
    /** How the versions look, for the message. */
    shape: string;
    source: string;
}

const postgresVersions = /^(9\.6|1[0-8])\.\d+$/;

export const engineVersions: Readonly<Record<string, EngineVersions>> = {
    "aurora-postgresql": {
        pattern: postgresVersions,
        shape: "<major>.<minor> with a PostgreSQL major 10 to 18, e.g. 16.6",
        source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html",
    },
    "aurora-mysql": {
        pattern: /^(5\.7\.mysql_aurora\.2|8\.0\.mysql_aurora\.3)\.\d{2}\.\d+$/,
        shape: "8.0.mysql_aurora.3.<minor>.<patch>, e.g. 8.0.mysql_aurora.3.08.0",
        source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.release-calendars.html",
    },
    postgres: {
        pattern: postgresVersions,
        shape: "<major>.<minor> with a PostgreSQL major 10 to 18, e.g. 16.6",
        source: "https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html",
    },
    mysql: {
        pattern: /^(5\.7|8\.0|8\.4)\.\d+$/,
        shape: "8.0.<patch> or 8.4.<patch>, e.g. 8.0.40",
        source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html",
    },
    mariadb: {
        pattern: /^(10\.[3-6]|10\.11|11\.4|11\.8)\.\d+$/,
        shape: "10.5, 10.6, 10.11, 11.4 or 11.8 with a patch, e.g. 10.11.10",
        source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MariaDB.Concepts.VersionMgmt.html",
    },
};

/** Instance class families an engine group runs on, with the sizes each offers. */
interface ClassTable {
    families: Readonly<Record<string, RegExp>>;
    /** Classes outside the family.size form. */
    special: readonly string[];
    /** What the table allows, for the message. */
    allowed: string;
    source: string;
}

/** Every size from large up, and metal: what the memory- and general-purpose families offer. */
const largeAndUp = /^(large|xlarge|\d+xlarge|metal(-\d+xl)?)$/;

const auroraClasses: ClassTable = {
    families: {
        r5: largeAndUp,
        r6g: largeAndUp,
        r6gd: largeAndUp,
        r6i: largeAndUp,
        r6id: largeAndUp,
        r7g: largeAndUp,
        r7i: largeAndUp,
        r8g: largeAndUp,
        r8gd: largeAndUp,
        x2g: largeAndUp,
        // Aurora offers burstable classes only in these two sizes.
        t3: /^(medium|large)$/,
        t4g: /^(medium|large)$/,
    },
    special: ["db.serverless"],
    allowed:
        "db.serverless (Aurora Serverless v2), db.r5, db.r6g, db.r6gd, db.r6i, db.r6id, db.r7g, db.r7i, db.r8g, db.r8gd or db.x2g from large up, or db.t3 or db.t4g medium or large",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html",
};

const burstable = /^(micro|small|medium|large|xlarge|2xlarge)$/;

const rdsClasses: ClassTable = {
    families: {
        m5: largeAndUp,
        m5d: largeAndUp,
        m6g: largeAndUp,
        m6gd: largeAndUp,
        m6i: largeAndUp,
        m6id: largeAndUp,
        m7g: largeAndUp,
        m7i: largeAndUp,
        m8g: largeAndUp,
        r5: largeAndUp,
        r5b: largeAndUp,
        r5d: largeAndUp,
        r6g: largeAndUp,
        r6gd: largeAndUp,
        r6i: largeAndUp,
        r6id: largeAndUp,
        r7g: largeAndUp,
        r7i: largeAndUp,
        r8g: largeAndUp,
        x2g: largeAndUp,
        t3: burstable,
        t4g: burstable,
    },
    special: [],
    allowed:
        "db.m5, db.m5d, db.m6g, db.m6gd, db.m6i, db.m6id, db.m7g, db.m7i, db.m8g, db.r5, db.r5b, db.r5d, db.r6g, db.r6gd, db.r6i, db.r6id, db.r7g, db.r7i, db.r8g or db.x2g from large up, or db.t3 or db.t4g from micro to 2xlarge",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html",
};

/** Why `version` is not a version of `engine`, or undefined when it has the engine's form. */
export function engineVersionProblem(engine: string, version: string): string | undefined {
    const rule = engineVersions[engine];
    if (!rule || rule.pattern.test(version)) {
        return undefined;
    }
    return `${quote(version)} is not a ${engine} version; ${engine} versions are ${rule.shape} (${rule.source})`;
}

/** Why `instanceClass` does not run `engine`, or undefined when it does. */
export function instanceClassProblem(engine: string, instanceClass: string): string | undefined {
    const aurora = engine.startsWith("aurora");
    const table = aurora ? auroraClasses : rdsClasses;
    if (table.special.includes(instanceClass)) {
        return undefined;
    }
    const [prefix, family, size] = instanceClass.split(".");
    const sizes = prefix === "db" ? table.families[family] : undefined;
    if (sizes && size !== undefined && sizes.test(size)) {
        return undefined;
    }
    const what = aurora ? "an Aurora" : `a ${engine}`;
    return `${quote(instanceClass)} is not ${what} instance class; use ${table.allowed} (${table.source})`;
}
