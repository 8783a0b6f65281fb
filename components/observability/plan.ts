/**
 * Pure planning for watching the deployment the way users reach it (Synthetics canaries and one
 * cross-region dashboard) and for breaking a region on purpose (FIS experiment templates). No
 * Pulumi here: the components turn these plans into resources, and the tests read them directly.
 */
import type { DataStoreManifestEntry } from "../../policies/lib/manifest";

/** The Synthetics runtime the canaries use: Node.js with Puppeteer, the most recent in AWS's list. */
export const canaryRuntimeVersion = "syn-nodejs-puppeteer-15.0";

/** Canary names: 1-21 characters of a-z, 0-9, `-` and `_` (Synthetics API). */
export const canaryNamePattern = /^[0-9a-z_-]{1,21}$/;

/** A short region code: `us-east-1` is `use1`, `ap-southeast-2` is `apse2`. */
export function regionCode(region: string): string {
    const m = /^([a-z]{2})-([a-z]+)-(\d+)$/.exec(region);
    if (!m) {
        throw new Error(
            `region ${JSON.stringify(region)} is not an AWS region name like us-east-1`,
        );
    }
    const direction = m[2]
        .replace("north", "n")
        .replace("south", "s")
        .replace("east", "e")
        .replace("west", "w")
        .replace("central", "c");
    return `${m[1]}${direction}${m[3]}`;
}

/** One region the observability layer watches, with what its regional stack exports. */
export interface WatchedRegion {
    region: string;
    /** The regional load balancer's DNS name. */
    albDnsName: string;
    /** The regional load balancer's ARN (its suffix is the CloudWatch dimension). */
    albArn: string;
    clusterName: string;
    serviceName: string;
    /** The region's Route 53 health check. */
    healthCheckId?: string;
    /** The stack's data stores (primary) or replicas (secondary). */
    dataStores: DataStoreManifestEntry[];
}

/** A canary: what it probes, from where. */
export interface CanaryPlan {
    /** The canary's name (also its CloudWatch `CanaryName` dimension). */
    name: string;
    /** The region the canary runs in. */
    runIn: string;
    /** `public` for the name users resolve, else the region whose endpoint it probes. */
    checks: "public" | string;
    /** The URL requested. */
    url: string;
    /**
     * Whether the TLS certificate must match the host. A regional ALB's DNS name is not on the
     * application's certificate, so the regional probe checks reachability and status only.
     */
    verifyTls: boolean;
}

export interface CanaryInput {
    /** Prefix of every canary name (keep it short: names are at most 21 characters). */
    namePrefix: string;
    /** The public name users resolve. */
    domain: string;
    /** The application's health path, starting with `/`. */
    healthPath: string;
    /**
     * Regions in routing order, each with its load balancer's DNS name. `internal`: the ALB is
     * reachable only through the edge (CloudFront VPC origin, Global Accelerator), so no canary
     * outside its VPC can reach it.
     */
    regions: { region: string; albDnsName: string; internal?: boolean }[];
}

/**
 * A canary per region on the public name (each region sees the answer its users get), and one per
 * region on that region's own endpoint, run from the next region in the list so that it probes
 * from outside the region it checks (from inside only when there is one region). An internal
 * ALB (edge modes) gets no endpoint canary: nothing outside its VPC can reach it.
 */
export function planCanaries(input: CanaryInput): CanaryPlan[] {
    if (!input.healthPath.startsWith("/")) {
        throw new Error(
            `healthPath ${JSON.stringify(input.healthPath)} must start with "/" (the canaries request it)`,
        );
    }
    const plans: CanaryPlan[] = [];
    input.regions.forEach(({ region }) => {
        plans.push({
            name: `${input.namePrefix}-pub-${regionCode(region)}`,
            runIn: region,
            checks: "public",
            url: `https://${input.domain}${input.healthPath}`,
            verifyTls: true,
        });
    });
    input.regions.forEach(({ region, albDnsName, internal }, i) => {
        if (internal) {
            // An internal ALB resolves to private addresses: a canary in another Region (or
            // outside the VPC) always fails, so it would sit in ALARM and block the game days it
            // stops. The region's serving alarm (the ALB's healthy hosts) watches it instead.
            return;
        }
        const outside = input.regions[(i + 1) % input.regions.length].region;
        plans.push({
            name: `${input.namePrefix}-alb-${regionCode(region)}`,
            runIn: outside,
            checks: region,
            url: `https://${albDnsName}${input.healthPath}`,
            verifyTls: false,
        });
    });
    for (const p of plans) {
        if (!canaryNamePattern.test(p.name)) {
            throw new Error(
                `canary name ${JSON.stringify(p.name)} is not 1-21 characters of a-z, 0-9, - and _; shorten namePrefix ${JSON.stringify(input.namePrefix)}`,
            );
        }
    }
    return plans;
}

/**
 * The canary script (Node.js, Synthetics Puppeteer runtime 13.1 or later namespace): one HTTPS
 * GET of TARGET_URL that fails on anything but a 2xx, so SuccessPercent is what users would see.
 */
export const canaryScript = `const synthetics = require("@aws/synthetics-puppeteer");

exports.handler = async () => {
    const url = new URL(process.env.TARGET_URL);
    const request = {
        hostname: url.hostname,
        method: "GET",
        path: url.pathname + url.search,
        port: 443,
        protocol: "https:",
        rejectUnauthorized: process.env.VERIFY_TLS === "true",
        headers: { "User-Agent": synthetics.getCanaryUserAgentString() },
    };
    await synthetics.executeHttpStep("health", request, (res) =>
        new Promise((resolve, reject) => {
            res.on("data", () => undefined);
            res.on("end", () =>
                res.statusCode >= 200 && res.statusCode < 300
                    ? resolve()
                    : reject(new Error(url.href + " answered " + res.statusCode)),
            );
        }),
    );
};
`;

/** The `app/<name>/<id>` suffix of an ALB ARN: the `LoadBalancer` dimension of its metrics. */
export function albDimension(albArn: string): string {
    const i = albArn.indexOf(":loadbalancer/");
    if (i < 0) {
        throw new Error(`${albArn} is not a load balancer ARN`);
    }
    return albArn.slice(i + ":loadbalancer/".length);
}

type Metric = (string | Record<string, unknown>)[];

interface Widget {
    type: "metric";
    width: number;
    height: number;
    properties: {
        title: string;
        region: string;
        metrics: Metric[];
        stat: string;
        period: number;
        view: "timeSeries";
        yAxis?: Record<string, unknown>;
    };
}

export interface DashboardInput {
    /** Where Route 53 health check metrics live (us-east-1). */
    homeRegion: string;
    regions: WatchedRegion[];
    canaries: CanaryPlan[];
}

/**
 * The cross-region dashboard body: health check status per region, canary success and latency,
 * load balancer latency and 5xx, replication lag of every replicated store, and capacity per
 * region (the standby's running tasks). Every metric names its own region.
 */
export function dashboardBody(input: DashboardInput): { widgets: Widget[] } {
    const widget = (title: string, metrics: Metric[], stat: string, extra = {}): Widget => ({
        type: "metric",
        width: 12,
        height: 6,
        properties: {
            title,
            region: input.homeRegion,
            metrics,
            stat,
            period: 60,
            view: "timeSeries",
            ...extra,
        },
    });
    const health = input.regions
        .filter((r) => r.healthCheckId)
        .map(
            (r): Metric => [
                "AWS/Route53",
                "HealthCheckStatus",
                "HealthCheckId",
                r.healthCheckId!,
                { region: "us-east-1", label: r.region },
            ],
        );
    const canaryMetric = (name: string) =>
        input.canaries.map(
            (c): Metric => [
                "CloudWatchSynthetics",
                name,
                "CanaryName",
                c.name,
                { region: c.runIn, label: `${c.checks} from ${c.runIn}` },
            ],
        );
    const alb = (name: string) =>
        input.regions.map(
            (r): Metric => [
                "AWS/ApplicationELB",
                name,
                "LoadBalancer",
                albDimension(r.albArn),
                { region: r.region, label: `${r.region} ${name}` },
            ],
        );
    const capacity = input.regions.map(
        (r): Metric => [
            "ECS/ContainerInsights",
            "RunningTaskCount",
            "ClusterName",
            r.clusterName,
            "ServiceName",
            r.serviceName,
            { region: r.region, label: `${r.region} running tasks` },
        ],
    );
    return {
        widgets: [
            widget("Route 53 health check status (1 healthy, 0 unhealthy)", health, "Minimum", {
                yAxis: { left: { min: 0, max: 1 } },
            }),
            widget(
                "Canary success % (the way users reach it)",
                canaryMetric("SuccessPercent"),
                "Average",
                {
                    yAxis: { left: { min: 0, max: 100 } },
                },
            ),
            widget("Canary duration (ms)", canaryMetric("Duration"), "p90"),
            widget("Load balancer target response time (s)", alb("TargetResponseTime"), "p99"),
            widget(
                "5xx per minute",
                [...alb("HTTPCode_ELB_5XX_Count"), ...alb("HTTPCode_Target_5XX_Count")],
                "Sum",
            ),
            widget("Replication lag (ms)", replicationMetrics(input.regions), "Maximum"),
            widget("Capacity: running tasks per region", capacity, "Average"),
        ],
    };
}

/**
 * DynamoDB `ReplicationLatency` (reported in the source region per receiving region), Aurora
 * `AuroraGlobalDBReplicationLag` (reported by each secondary cluster) and S3 `ReplicationLatency`
 * (reported in the source region per rule; S3 RTC's replication metrics) for every replica.
 */
export function replicationMetrics(regions: WatchedRegion[]): Metric[] {
    const stores = regions.flatMap((r) => r.dataStores);
    const sources = new Map(stores.filter((s) => !s.sourceArn).map((s) => [s.arn, s]));
    const metrics: Metric[] = [];
    for (const replica of stores.filter((s) => s.sourceArn)) {
        const source = sources.get(replica.sourceArn!);
        const label = `${replica.kind} ${source?.region ?? "?"} → ${replica.region}`;
        if (replica.kind === "dynamodb" && source) {
            metrics.push([
                "AWS/DynamoDB",
                "ReplicationLatency",
                "TableName",
                source.identifier,
                "ReceivingRegion",
                replica.region,
                { region: source.region, label },
            ]);
        } else if (replica.kind === "aurora") {
            metrics.push([
                "AWS/RDS",
                "AuroraGlobalDBReplicationLag",
                "DBClusterIdentifier",
                replica.identifier,
                { region: replica.region, label },
            ]);
        } else if (replica.kind === "s3" && source) {
            metrics.push([
                "AWS/S3",
                "ReplicationLatency",
                "SourceBucket",
                source.identifier,
                "DestinationBucket",
                replica.identifier,
                "RuleId",
                `replicate-to-${replica.region}`,
                { region: source.region, label, stat: "Maximum", period: 300 },
            ]);
        }
    }
    return metrics;
}
