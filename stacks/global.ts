import * as pulumi from "@pulumi/pulumi";
import { GlobalRouting, RoutingRegion } from "../components/routing/globalRouting";
import { assertValidRouting } from "../components/routing/plan";
import { StackConfig } from "./config";
import { CapacityOutput, readRegionalOutputs } from "./contract";
import { ObservedStack, observability } from "./observability";
import { regionProvider } from "./providers";

/**
 * The routing layer across every regional stack. Each regional stack's region and whether it
 * serves traffic are read as plain values before anything is created: they name the per-region
 * resources (so adding a region renames nothing) and set the traffic dials, and the combination
 * is validated before a single resource exists.
 */
export async function globalStack(config: StackConfig): Promise<Record<string, unknown>> {
    const regions: RoutingRegion[] = [];
    const observed: Omit<ObservedStack, "healthCheckId">[] = [];
    for (const stackName of config.regionalStacks) {
        // Keyed by the referenced stack's name, never by its position in the list.
        const ref = new pulumi.StackReference(stackName);
        const contract = readRegionalOutputs(ref);
        const region = await plainOutput<string>(ref, "region");
        const capacity = await plainOutput<CapacityOutput>(ref, "capacity");
        regions.push({
            region,
            servesTraffic: capacity.servesTraffic,
            albDnsName: contract.albDnsName,
            albZoneId: contract.albZoneId,
            albArn: contract.albArn,
            healthCheckPath: contract.healthCheckPath,
        });
        observed.push({ stack: stackName.split("/").pop()!, region, contract });
    }
    const routing = config.routing;
    const choice = {
        mode: routing.mode,
        regions,
        evaluateTargetHealth: routing.evaluateTargetHealth,
        arc: routing.arc,
        cloudfrontConnectionTimeoutSeconds: routing.cloudfrontConnectionTimeoutSeconds,
        cloudfrontConnectionAttempts: routing.cloudfrontConnectionAttempts,
    };
    assertValidRouting(choice);

    // Route 53, CloudFront, Global Accelerator and ARC are global; their control planes and the
    // Route 53 health check metrics live in us-east-1.
    const provider = regionProvider(config, "us-east-1");
    const layer = new GlobalRouting(
        "routing",
        {
            ...choice,
            domain: config.dns.domain,
            zoneId: config.dns.hostedZoneId,
            healthCheckIntervalSeconds: routing.healthCheckIntervalSeconds,
            healthCheckFailureThreshold: routing.healthCheckFailureThreshold,
            healthCheckRegions: routing.healthCheckRegions,
            ttlSeconds: routing.ttlSeconds,
        },
        { providers: { aws: provider } },
    );
    const watch = config.observability.enabled
        ? observability(
              config,
              observed.map((o) => ({
                  ...o,
                  healthCheckId: layer.healthCheckIds.apply((ids) => ids[o.region]),
              })),
              provider,
          )
        : {};
    return {
        ...watch,
        endpoint: layer.endpoint,
        routingMode: layer.routingMode,
        healthCheckIds: layer.healthCheckIds,
        recordHealthCheckIds: layer.recordHealthCheckIds,
        regions: layer.regions,
        alarmTopicArn: layer.alarmTopicArn,
        ...(layer.arc
            ? {
                  routingControlArns: layer.arc.routingControlArns,
                  arcClusterEndpoints: layer.arc.clusterEndpoints,
              }
            : {}),
    };
}

/** A referenced stack's output as a plain value; fails like `requireOutput` when it is missing. */
async function plainOutput<T>(ref: pulumi.StackReference, key: string): Promise<T> {
    const details = await ref.getOutputDetails(key);
    const value = details.value ?? details.secretValue;
    if (value === undefined) {
        const name = await new Promise<string>((resolve) => ref.name.apply(resolve));
        throw new Error(`Required output '${key}' does not exist on stack '${name}'.`);
    }
    return value as T;
}
