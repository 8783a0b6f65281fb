/**
 * Edge and operations lines: Route 53, Global Accelerator, CloudFront, WAF, ARC (clusters,
 * readiness checks, Region switch plans), KMS, CloudWatch alarms, logs and dashboards,
 * Synthetics canaries, FIS experiments and ACM certificates.
 */
import { regionCapacities } from "./capacity";
import type { PriceKey, PricingContext } from "./cost-model";
import {
    asArray,
    asBoolean,
    asNumber,
    asString,
    field,
    numberProp,
    ofType,
    prop,
    regionOf,
    stringProp,
} from "./graph";
import { routedRecords, types as routingTypes } from "./routing";
import { gbServedPerMonth } from "./usage";

export const edgeTypes = {
    zone: "aws:route53/zone:Zone",
    accelerator: "aws:globalaccelerator/accelerator:Accelerator",
    arcCluster: "aws:route53recoverycontrol/cluster:Cluster",
    readinessCheck: "aws:route53recoveryreadiness/readinessCheck:ReadinessCheck",
    regionSwitchPlan: "aws:arcregionswitch/plan:Plan",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    key: "aws:kms/key:Key",
    replicaKey: "aws:kms/replicaKey:ReplicaKey",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    canary: "aws:synthetics/canary:Canary",
    experimentTemplate: "aws:fis/experimentTemplate:ExperimentTemplate",
    certificate: "aws:acm/certificate:Certificate",
} as const;

/** Queries a validation record (`_…`) gets: ACM resolves it at issue and renewal only. */
const validationQueriesPerMonth = 1_000;

/** Route 53, Global Accelerator, CloudFront, WAF and ARC. */
export function priceEdge(ctx: PricingContext): void {
    const { resources, hours, usage } = ctx;
    for (const check of ofType(resources, routingTypes.healthCheck)) {
        const type = (stringProp(check, "type") ?? "").toUpperCase();
        const target = (stringProp(check, "fqdn") ?? "").toLowerCase();
        const awsEndpoint =
            ["CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"].includes(type) ||
            /\.(amazonaws\.com|cloudfront\.net|awsglobalaccelerator\.com)\.?$/.test(target);
        const options = [
            type.startsWith("HTTPS") ? "HTTPS" : undefined,
            type.endsWith("STR_MATCH") ? "string matching" : undefined,
            numberProp(check, "requestInterval") === 10 ? "fast interval" : undefined,
            asBoolean(prop(check, "measureLatency")) ? "latency measurement" : undefined,
        ].filter((o): o is string => o !== undefined);
        const endpoint = awsEndpoint ? "AWS endpoint" : "non-AWS endpoint";
        ctx.line(
            check,
            awsEndpoint ? "route53HealthCheckAws" : "route53HealthCheckNonAws",
            1,
            `health check (${endpoint})`,
            { global: true },
        );
        if (options.length > 0) {
            ctx.line(
                check,
                awsEndpoint ? "route53HealthCheckOptionAws" : "route53HealthCheckOptionNonAws",
                options.length,
                options.join(", "),
                { global: true },
            );
        }
    }
    for (const zone of ofType(resources, edgeTypes.zone)) {
        ctx.line(zone, "route53HostedZone", 1, "hosted zone", { global: true });
    }
    priceQueries(ctx);
    const served = gbServedPerMonth(usage);
    for (const accelerator of ofType(resources, edgeTypes.accelerator)) {
        ctx.line(accelerator, "globalAcceleratorHour", hours, `accelerator × ${hours} h`, {
            global: true,
        });
        ctx.line(
            accelerator,
            "globalAcceleratorDtPremiumGb",
            served,
            `${served.toFixed(2)} GB DT-premium (usage: requests × averageResponseKb)`,
            { global: true, usage: true },
        );
    }
    for (const distribution of ofType(resources, routingTypes.distribution)) {
        ctx.line(
            distribution,
            "cloudFrontGb",
            served,
            `${served.toFixed(2)} GB to users (usage: requests × averageResponseKb)`,
            { global: true, usage: true },
        );
        ctx.line(
            distribution,
            "cloudFrontHttpsPer10k",
            usage.requestsPerMonth / 1e4,
            `${usage.requestsPerMonth.toLocaleString("en-US")} HTTPS requests`,
            { global: true, usage: true },
        );
    }
    const serving = regionCapacities(ctx.graph)
        .filter((c) => c.servesTraffic && c.running > 0)
        .map((c) => c.region);
    for (const acl of ofType(resources, edgeTypes.webAcl)) {
        const rules = asArray(prop(acl, "rules")).length;
        const cloudFront = (stringProp(acl, "scope") ?? "REGIONAL") === "CLOUDFRONT";
        ctx.line(acl, "wafWebAclMonth", 1, "web ACL", { global: cloudFront });
        if (rules > 0) {
            ctx.line(acl, "wafRuleMonth", rules, `${rules} rule(s)`, { global: cloudFront });
        }
        const share = cloudFront ? 1 : serving.includes(regionOf(acl)) ? 1 / serving.length : 0;
        if (share > 0) {
            const millions = (usage.requestsPerMonth * share) / 1e6;
            ctx.line(acl, "wafRequestsPerMillion", millions, `${millions} M requests inspected`, {
                global: cloudFront,
                usage: true,
            });
        }
    }
    for (const cluster of ofType(resources, edgeTypes.arcCluster)) {
        ctx.line(cluster, "arcClusterHour", hours, `ARC cluster × ${hours} h`, { global: true });
    }
    for (const check of ofType(resources, edgeTypes.readinessCheck)) {
        ctx.line(check, "arcReadinessCheckHour", hours, `readiness check × ${hours} h`, {
            global: true,
        });
    }
    for (const plan of ofType(resources, edgeTypes.regionSwitchPlan)) {
        ctx.line(plan, "regionSwitchPlanMonth", 1, "Region switch plan", { global: true });
    }
}

/** Route 53 queries: once per non-alias name; alias queries to AWS resources are free. */
function priceQueries(ctx: PricingContext): void {
    const queried = new Map<string, string>();
    for (const record of ofType(ctx.resources, routingTypes.record)) {
        if (asArray(prop(record, "aliases")).length > 0) {
            ctx.zero(record, "alias queries to AWS resources are free");
            continue;
        }
        const name = stringProp(record, "name") ?? record.name;
        const first = queried.get(name);
        if (first !== undefined) {
            ctx.zero(record, `queries for ${name} are priced once, on ${first}`);
            continue;
        }
        queried.set(name, record.name);
        const routed = routedRecords([record]).length > 0;
        const key: PriceKey =
            routed && asArray(prop(record, "latencyRoutingPolicies")).length > 0
                ? "route53LatencyQueriesPerMillion"
                : routed &&
                    (prop(record, "geolocationRoutingPolicies") ||
                        prop(record, "geoproximityRoutingPolicy"))
                  ? "route53GeoQueriesPerMillion"
                  : "route53StandardQueriesPerMillion";
        if (name.startsWith("_")) {
            const millions = validationQueriesPerMonth / 1e6;
            ctx.line(
                record,
                key,
                millions,
                `${validationQueriesPerMonth.toLocaleString("en-US")} queries for ${name} (validation record, model assumption)`,
                { global: true, usage: true },
            );
            continue;
        }
        const millions = ctx.usage.dnsQueriesPerMonth / 1e6;
        ctx.line(
            record,
            key,
            millions,
            `${millions} M queries for ${name} (usage.dnsQueriesPerMonth)`,
            { global: true, usage: true },
        );
    }
}

/** Minutes in an ISO 8601 duration such as PT10M, PT1H30M or PT45S; undefined otherwise. */
export function isoMinutes(duration: string | undefined): number | undefined {
    const m = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(
        duration ?? "",
    );
    if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
        return undefined;
    }
    return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
}

/** Canary runs per month from `rate(N minute(s)|hour(s))`; undefined for cron schedules. */
export function canaryRunsPerMonth(
    expression: string | undefined,
    hours: number,
): number | undefined {
    const m = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression ?? "");
    if (!m) {
        return undefined;
    }
    const minutes = Number(m[1]) * (m[2]!.startsWith("hour") ? 60 : 1);
    return minutes === 0 ? 1 : (hours * 60) / minutes;
}

/** KMS keys, CloudWatch, Synthetics, FIS and ACM. */
export function priceOperations(ctx: PricingContext): void {
    const { resources, hours, usage } = ctx;
    for (const key of ofType(resources, edgeTypes.key, edgeTypes.replicaKey)) {
        ctx.line(
            key,
            "kmsKeyMonth",
            1,
            key.type === edgeTypes.replicaKey ? "replica key" : "customer managed key",
        );
    }
    for (const alarm of ofType(resources, routingTypes.metricAlarm)) {
        const queries = asArray(prop(alarm, "metricQueries")).filter(
            (q) => field(q, "metric") !== undefined,
        );
        const metrics = Math.max(1, queries.length);
        const period =
            numberProp(alarm, "period") ??
            asNumber(field(field(queries[0], "metric"), "period")) ??
            60;
        const highRes = period < 60;
        ctx.line(
            alarm,
            highRes ? "cloudWatchAlarmHighResMonth" : "cloudWatchAlarmMonth",
            metrics,
            `${highRes ? "high-resolution" : "standard"} alarm, ${metrics} metric(s)`,
        );
    }
    for (const alarm of ofType(resources, edgeTypes.compositeAlarm)) {
        ctx.line(alarm, "cloudWatchCompositeAlarmMonth", 1, "composite alarm");
    }
    for (const dashboard of ofType(resources, edgeTypes.dashboard)) {
        ctx.line(
            dashboard,
            "cloudWatchDashboardMonth",
            1,
            "dashboard (the account's first 3 are free)",
            { global: true },
        );
    }
    for (const group of ofType(resources, edgeTypes.logGroup)) {
        const gb = usage.logGbPerMonthPerGroup;
        const days = numberProp(group, "retentionInDays") ?? 0;
        // Never-expiring logs grow without bound; the model counts a year of them.
        const months = days > 0 ? days / 30 : 12;
        ctx.line(group, "logsIngestGb", gb, `${gb} GB ingested (usage.logGbPerMonthPerGroup)`, {
            usage: true,
        });
        ctx.line(
            group,
            "logsStorageGbMonth",
            gb * months,
            `${gb} GB × ${months.toFixed(2)} months retained (${days > 0 ? `retentionInDays ${days}` : "never expires: a year counted"})`,
            { usage: true },
        );
    }
    for (const canary of ofType(resources, edgeTypes.canary)) {
        const expression = asString(field(prop(canary, "schedule"), "expression"));
        const runs = canaryRunsPerMonth(expression, hours);
        if (runs === undefined) {
            ctx.unpriced(
                canary,
                `schedule ${JSON.stringify(expression)}: only rate() schedules are priced`,
            );
            continue;
        }
        ctx.line(canary, "syntheticsCanaryRun", runs, `${runs} runs (${expression})`);
    }
    for (const template of ofType(resources, edgeTypes.experimentTemplate)) {
        const actions = asArray(prop(template, "actions"));
        const minutes = actions.reduce<number>((sum, action) => {
            const parameters = asArray(field(action, "parameters"));
            const duration = parameters.find((p) => asString(field(p, "key")) === "duration");
            return sum + (isoMinutes(asString(field(duration, "value"))) ?? 10);
        }, 0);
        const quantity = minutes * usage.experimentRunsPerMonth;
        ctx.line(
            template,
            "fisActionMinute",
            quantity,
            `${usage.experimentRunsPerMonth} run(s) (usage.experimentRunsPerMonth) × ${actions.length} action(s), ${minutes} action-minutes (10 min where no duration is set)`,
            { usage: true },
        );
    }
    for (const certificate of ofType(resources, edgeTypes.certificate)) {
        if (stringProp(certificate, "certificateAuthorityArn")) {
            ctx.unpriced(certificate, "private CA certificates are not priced by the model");
        } else {
            ctx.zero(certificate, "public ACM certificates are free");
        }
    }
}
