import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ArcRoutingControlsArgs {
    /** Regions, primary first; one routing control each. */
    regions: string[];
    /**
     * Region to the endpoint health check of that region. When given, each region also gets a
     * CALCULATED health check that is healthy only while both the endpoint check and the routing
     * control are healthy; attach that one to the region's records.
     */
    endpointHealthCheckIds?: Record<string, pulumi.Input<string>>;
    /** Milliseconds the safety rule waits before it evaluates a state change. */
    safetyRuleWaitPeriodMs?: number;
    /** Routing controls that must stay on, at least. */
    minimumRegionsOn?: number;
}

const defaults = { safetyRuleWaitPeriodMs: 5000, minimumRegionsOn: 1 };

/**
 * Route 53 Application Recovery Controller: a cluster, a control panel, one routing control per
 * region, an assertion safety rule that keeps at least one region on, and a RECOVERY_CONTROL
 * health check per routing control. Flipping a control through the cluster's data-plane
 * endpoints (see docs/routing.md) fails traffic over without any control-plane call.
 *
 * Routing control state is data plane and not managed here: after the first deployment, read
 * each control's state and set the regions that should serve On; a control that is Off makes
 * every record it guards unhealthy.
 */
export class ArcRoutingControls extends pulumi.ComponentResource {
    public readonly cluster: aws.route53recoverycontrol.Cluster;
    public readonly controlPanel: aws.route53recoverycontrol.ControlPanel;
    /** Region to its routing control ARN. */
    public readonly routingControlArns: pulumi.Output<Record<string, string>>;
    /** Region to the RECOVERY_CONTROL health check of its routing control. */
    public readonly controlHealthCheckIds: pulumi.Output<Record<string, string>>;
    /**
     * Region to the health check to attach to its records: the CALCULATED check when endpoint
     * checks were given, else the routing control's check.
     */
    public readonly recordHealthCheckIds: pulumi.Output<Record<string, string>>;
    /** The cluster's regional data-plane endpoints, for `update-routing-control-state`. */
    public readonly clusterEndpoints: pulumi.Output<{ region: string; endpoint: string }[]>;

    constructor(
        name: string,
        args: ArcRoutingControlsArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("multi-region-failover:routing:ArcRoutingControls", name, {}, opts);
        const settings = { ...defaults, ...args };
        this.cluster = new aws.route53recoverycontrol.Cluster(name, {}, { parent: this });
        this.controlPanel = new aws.route53recoverycontrol.ControlPanel(
            name,
            { clusterArn: this.cluster.arn },
            { parent: this },
        );
        const controls: Record<string, pulumi.Output<string>> = {};
        const controlChecks: Record<string, pulumi.Output<string>> = {};
        const recordChecks: Record<string, pulumi.Output<string>> = {};
        for (const region of args.regions) {
            const control = new aws.route53recoverycontrol.RoutingControl(
                `${name}-${region}`,
                { clusterArn: this.cluster.arn, controlPanelArn: this.controlPanel.arn },
                { parent: this },
            );
            controls[region] = control.arn;
            const controlCheck = new aws.route53.HealthCheck(
                `${name}-${region}`,
                {
                    type: "RECOVERY_CONTROL",
                    routingControlArn: control.arn,
                    tags: { Name: `${name}-${region}`, Region: region },
                },
                { parent: this },
            );
            controlChecks[region] = controlCheck.id;
            const endpointCheck = args.endpointHealthCheckIds?.[region];
            if (endpointCheck === undefined) {
                recordChecks[region] = controlCheck.id;
                continue;
            }
            // Both must be healthy: the operator's switch can take a region out even while its
            // endpoint answers, and a failing endpoint still fails over while the switch is on.
            const combined = new aws.route53.HealthCheck(
                `${name}-${region}-combined`,
                {
                    type: "CALCULATED",
                    childHealthchecks: [endpointCheck, controlCheck.id],
                    childHealthThreshold: 2,
                    tags: { Name: `${name}-${region}-combined`, Region: region },
                },
                { parent: this },
            );
            recordChecks[region] = combined.id;
        }
        new aws.route53recoverycontrol.SafetyRule(
            `${name}-min-regions-on`,
            {
                controlPanelArn: this.controlPanel.arn,
                assertedControls: Object.values(controls),
                ruleConfig: {
                    type: "ATLEAST",
                    threshold: settings.minimumRegionsOn,
                    inverted: false,
                },
                waitPeriodMs: settings.safetyRuleWaitPeriodMs,
            },
            { parent: this },
        );
        this.routingControlArns = pulumi.output(controls);
        this.controlHealthCheckIds = pulumi.output(controlChecks);
        this.recordHealthCheckIds = pulumi.output(recordChecks);
        this.clusterEndpoints = this.cluster.clusterEndpoints.apply((endpoints) =>
            endpoints.map((e) => ({ region: e.region, endpoint: e.endpoint })),
        );
        this.registerOutputs({
            cluster: this.cluster,
            controlPanel: this.controlPanel,
            routingControlArns: this.routingControlArns,
            controlHealthCheckIds: this.controlHealthCheckIds,
            recordHealthCheckIds: this.recordHealthCheckIds,
            clusterEndpoints: this.clusterEndpoints,
        });
    }
}
