/**
 * Facts about Aurora engine versions, pure and in the pack's library (the pack stands alone), so
 * that the Aurora component, the config rules and the engine's constraints read one copy without
 * loading @pulumi/aws.
 */

/**
 * Whether an Aurora engine version supports global write forwarding: Aurora PostgreSQL 16 and
 * later, 15.4+ and 14.9+; Aurora MySQL 2.08.1 and later (versions like `8.0.mysql_aurora.3.04.0`).
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-apg.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-ams.html
 */
export function writeForwardingSupported(engine: string, version: string): boolean {
    const numbers = (text: string) => text.split(".").map((n) => Number.parseInt(n, 10));
    const atLeast = (have: number[], want: number[]) => {
        for (let i = 0; i < want.length; i++) {
            const h = Number.isNaN(have[i]) || have[i] === undefined ? 0 : have[i];
            if (h !== want[i]) {
                return h > want[i];
            }
        }
        return true;
    };
    if (engine === "aurora-postgresql") {
        const [major, minor] = numbers(version);
        return major >= 16 || (major === 15 && minor >= 4) || (major === 14 && minor >= 9);
    }
    if (engine === "aurora-mysql") {
        const aurora = /mysql_aurora\.(\d+(?:\.\d+)*)/.exec(version);
        return aurora !== null && atLeast(numbers(aurora[1]), [2, 8, 1]);
    }
    return false;
}
