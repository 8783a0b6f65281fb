import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { capacityFor } from "../components/capacity";
import { edgeModeFor, networkPlan } from "../components/region/plan";
import { RegionalApplication } from "../components/region/regionalApplication";
import { StackConfig } from "./config";
import { RegionalStackOutputInputs } from "./contract";
import type { AppDataWiring } from "./data/wiring";

/** The network handles the data stores need from the regional application. */
export interface RegionNetwork {
    vpcId: pulumi.Output<string>;
    /** Subnets without a public route, where tasks and databases live. */
    privateSubnetIds: pulumi.Output<string[]>;
    /** Security group of the application tasks; data stores admit only this group. */
    appSecurityGroupId: pulumi.Output<string>;
}

/** The contract outputs the regional application fills; the stack adds the rest. */
export type RegionalAppOutputs = Omit<
    RegionalStackOutputInputs,
    "role" | "strategy" | "region" | "dataStores" | "objectives"
>;

/** What the regional application gives the stack: contract outputs and network handles. */
export interface RegionalApp {
    outputs: RegionalAppOutputs;
    network: RegionNetwork;
}

/**
 * The regional application (network, load balancer, service) of a primary or secondary stack.
 * `data` is the data layer's wiring (environment, secrets, task-role statements), which the
 * stack builds before the stores exist (`lateDataWiring`): the stores need this app's network.
 */
export function regionalApp(
    config: StackConfig,
    provider: aws.Provider,
    data?: AppDataWiring,
): RegionalApp {
    if (config.role === "global") {
        throw new Error("regionalApp: the global stack has no regional application");
    }
    const role = config.role;
    const activate = config.failover.activate;
    const app = new RegionalApplication(
        `app-${config.region}`,
        {
            region: config.region,
            image: config.app.image,
            port: config.app.port,
            healthPath: config.app.healthPath,
            livenessPath: config.app.livenessPath,
            cpu: config.app.cpu,
            memory: config.app.memory,
            writablePaths: config.app.writablePaths,
            azCount: config.app.azCount,
            capacity: capacityFor(config.strategy, role, config.app, activate),
            // A plan run may have raised this standby's floor; only failover.activate moves it
            // through Pulumi (docs/operations.md, "Failback").
            keepScalingFloor: role === "secondary" && !activate,
            network: networkPlan(config.strategy, role, config.app.outboundInternet, activate),
            gatewayEndpoints: config.data.stores.includes("dynamodb") ? ["dynamodb"] : [],
            domain: config.dns.domain,
            hostedZoneId: config.dns.hostedZoneId,
            // Every region: a standby's ALB is what failover moves users to.
            deletionProtection: true,
            edge: edgeModeFor(config.routing.mode),
            ...(config.edge.waf ? { waf: { rateLimit: config.edge.wafRateLimit } } : {}),
            logRetentionDays: config.logs.retentionDays,
            auditLogRetentionDays: config.logs.auditRetentionDays,
            alerts: config.alerts,
            ...(data
                ? {
                      environment: data.environment,
                      secrets: data.secrets,
                      taskPolicyStatements: data.taskPolicyStatements,
                  }
                : {}),
        },
        { providers: { aws: provider } },
    );
    return {
        outputs: {
            albDnsName: app.albDnsName,
            albZoneId: app.albZoneId,
            albArn: app.albArn,
            healthCheckUrl: app.healthCheckUrl,
            healthCheckPath: app.healthCheckPath,
            clusterName: app.clusterName,
            serviceName: app.serviceName,
            capacity: app.capacity,
            edge: app.edge,
        },
        network: {
            vpcId: app.vpcId,
            privateSubnetIds: app.appSubnetIds,
            appSecurityGroupId: app.taskSecurityGroupId,
        },
    };
}
