import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FailoverDashboard } from "../components/observability/failoverDashboard";
import { planCanaries } from "../components/observability/plan";
import { RegionalCanaries } from "../components/observability/regionalCanaries";
import { RegionalImpairment } from "../components/observability/regionalImpairment";
import { StackConfig } from "./config";
import { DataStoreManifestEntry, RegionalStackReference } from "./contract";

/** A routed region as the global stack reads it. */
export interface ObservedStack {
    /** The regional stack's name, as its resources' `Stack` tag carries it. */
    stack: string;
    region: string;
    contract: RegionalStackReference;
    healthCheckId: pulumi.Output<string>;
    /** A standby that runs no tasks: its endpoint's canaries are expected to fail and do not page. */
    expectedDown?: boolean;
    /** The ALB is internal (edge modes): no canary outside its VPC can reach it. */
    internalAlb?: boolean;
}

/**
 * Watch the deployment the way users reach it and break it on purpose: Synthetics canaries in
 * every region (the public name, and each regional endpoint from another region), one
 * cross-region dashboard, and an FIS regional-impairment template per region whose stop
 * conditions are the canary alarms in that region.
 */
export function observability(
    config: StackConfig,
    stacks: ObservedStack[],
    /** The global stack's provider for a region (one per region: it names them by region). */
    provider: (region: string) => aws.Provider,
): Record<string, unknown> {
    const usEast1 = provider("us-east-1");
    // The health path and load balancer names are Outputs of other stacks; canary plans need
    // plain names, so the URLs carry the Outputs through environment variables instead.
    const plans = planCanaries({
        namePrefix: "mrf",
        domain: config.dns.domain,
        healthPath: config.app.healthPath,
        regions: stacks.map((s) => ({
            region: s.region,
            albDnsName: `{alb:${s.region}}`,
            internal: s.internalAlb === true,
        })),
    });
    const albUrl = new Map(
        stacks.map((s) => [
            s.region,
            pulumi.interpolate`https://${s.contract.albDnsName}${s.contract.healthCheckPath}`,
        ]),
    );
    const alarms = new Map<string, pulumi.Output<string[]>>();
    for (const region of new Set(plans.map((p) => p.runIn))) {
        const canaries = new RegionalCanaries(
            `canaries-${region}`,
            {
                region,
                canaries: plans.filter((p) => p.runIn === region),
                schedule: `rate(${config.observability.canaryIntervalMinutes} minute${config.observability.canaryIntervalMinutes === 1 ? "" : "s"})`,
                urls: Object.fromEntries(
                    plans
                        .filter((p) => p.runIn === region && p.checks !== "public")
                        .map((p) => [p.name, albUrl.get(p.checks)!]),
                ),
                quietRegions: stacks.filter((s) => s.expectedDown).map((s) => s.region),
                // The same people the regional and health check alarms reach.
                alerts: config.alerts,
            },
            { providers: { aws: provider(region) } },
        );
        alarms.set(region, canaries.gatingAlarmArns);
    }
    const dashboard = new FailoverDashboard(
        "failover",
        {
            dashboardName: `${pulumi.getProject()}-${pulumi.getStack()}`.replace(
                /[^A-Za-z0-9_-]/g,
                "-",
            ),
            canaries: plans,
            regions: stacks.map((s) =>
                pulumi
                    .all([
                        s.contract.albDnsName,
                        s.contract.albArn,
                        s.contract.clusterName,
                        s.contract.serviceName,
                        s.contract.dataStores,
                        s.healthCheckId,
                    ])
                    .apply(([albDnsName, albArn, clusterName, serviceName, dataStores, hc]) => ({
                        region: s.region,
                        albDnsName,
                        albArn,
                        clusterName,
                        serviceName,
                        dataStores,
                        healthCheckId: hc,
                    })),
            ),
        },
        { providers: { aws: usEast1 } },
    );
    const templates: Record<string, pulumi.Output<string>> = {};
    for (const s of stacks) {
        const inRegion = (stores: DataStoreManifestEntry[], kind: string) =>
            stores.find((d) => d.kind === kind && d.region === s.region);
        const impairment = new RegionalImpairment(
            `gameday-${s.region}`,
            {
                region: s.region,
                otherRegions: stacks.filter((o) => o.region !== s.region).map((o) => o.region),
                clusterName: s.contract.clusterName,
                serviceName: s.contract.serviceName,
                appSubnetTags: { Stack: s.stack, SubnetType: "Private" },
                dynamodbTableArn: s.contract.dataStores.apply(
                    (d) => inRegion(d, "dynamodb")?.arn ?? "",
                ),
                s3SourceBucketArn: s.contract.dataStores.apply((d) => {
                    const bucket = inRegion(d, "s3");
                    return bucket && !bucket.sourceArn && bucket.replication !== "none"
                        ? bucket.arn
                        : "";
                }),
                durationMinutes: config.observability.gameDayMinutes,
                // Stop when users cannot reach the service from this region, or when the other
                // regions' endpoints (probed from here) fail: the survivors must stay healthy.
                // Only alarms that can be OK in steady state: a canary on a standby that runs no
                // tasks is in ALARM by design and would stop every game day at its start.
                stopAlarmArns: alarms.get(s.region)!,
            },
            { providers: { aws: provider(s.region) } },
        );
        templates[s.region] = impairment.templateId;
    }
    return {
        canaries: plans.map((p) => ({ name: p.name, region: p.runIn, checks: p.checks })),
        dashboardName: dashboard.dashboardName,
        fisTemplateIds: templates,
    };
}
