import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CanaryPlan, WatchedRegion, dashboardBody } from "./plan";

/** Arguments of {@link FailoverDashboard}. */
export interface FailoverDashboardArgs {
    /** Dashboard name: letters, digits, `-` and `_`. */
    dashboardName: string;
    /** The region whose console opens the dashboard (Route 53 metrics live in us-east-1). */
    homeRegion?: string;
    /** Every routed region with what its stack exports; values may be Outputs. */
    regions: pulumi.Input<pulumi.Input<WatchedRegion>[]>;
    /** The canaries the dashboard shows. */
    canaries: CanaryPlan[];
}

/**
 * One CloudWatch dashboard across every region: health check status, canary success and
 * latency, load balancer latency and 5xx, replication lag and capacity (see `dashboardBody`).
 */
export class FailoverDashboard extends pulumi.ComponentResource {
    public readonly dashboardName: pulumi.Output<string>;
    public readonly dashboardArn: pulumi.Output<string>;

    constructor(
        name: string,
        args: FailoverDashboardArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:observability:FailoverDashboard", name, {}, opts);
        const a = { homeRegion: "us-east-1", ...args };
        const dashboard = new aws.cloudwatch.Dashboard(
            name,
            {
                dashboardName: a.dashboardName,
                dashboardBody: pulumi.output(a.regions).apply((regions) =>
                    JSON.stringify(
                        dashboardBody({
                            homeRegion: a.homeRegion,
                            regions: regions as WatchedRegion[],
                            canaries: a.canaries,
                        }),
                    ),
                ),
            },
            { parent: this },
        );
        this.dashboardName = dashboard.dashboardName;
        this.dashboardArn = dashboard.dashboardArn;
        this.registerOutputs({
            dashboardName: this.dashboardName,
            dashboardArn: this.dashboardArn,
        });
    }
}
