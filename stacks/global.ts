import * as pulumi from "@pulumi/pulumi";
import { GlobalRouting, RoutingRegion } from "../components/routing/globalRouting";
import { assertValidRouting } from "../components/routing/plan";
import { StackConfig } from "./config";
import { CapacityOutput, readRegionalOutputs } from "./contract";
import { regionProvider } from "./providers";
import { globalData } from "./replication";

/**
 * The routing layer across every regional stack. Each regional stack's region and whether it
 * serves traffic are read as plain values before anything is created: they name the per-region
 * resources (so adding a region renames nothing) and set the traffic dials, and the combination
 * is validated before a single resource exists.
 */
export async function globalStack(config: StackConfig): Promise<Record<string, unknown>> {
    const listed: ReferencedStack[] = [];
    const regions: RoutingRegion[] = [];
    const refs = new Map<string, pulumi.StackReference>();
    for (const stackName of config.regionalStacks) {
        // Keyed by the referenced stack's name, never by its position in the list.
        const ref = new pulumi.StackReference(stackName);
        refs.set(stackName, ref);
        const contract = readRegionalOutputs(ref);
        listed.push({ name: stackName, role: await plainOutput<string>(ref, "role") });
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
    }
    // The failover order comes from each stack's own role, so the list order cannot make a
    // standby the PRIMARY record.
    const order = primaryFirst(listed.map((s, index) => ({ ...s, index })));
    regions.splice(0, regions.length, ...order.map((s) => regions[s.index]));
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
    const providers = new Map([["us-east-1", provider]]);
    const providerFor = (region: string) => {
        if (!providers.has(region)) {
            providers.set(region, regionProvider(config, region));
        }
        return providers.get(region)!;
    };
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
    const replication = await globalData(config, refs, providerFor);
    return {
        ...replication,
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

/** A regional stack the global stack reads: its name and the role it exports. */
export interface ReferencedStack {
    name: string;
    role: string;
}

/**
 * The referenced stacks in failover order: the one whose role is primary first, then the
 * secondaries in the order listed. Throws, naming each stack and its role, unless exactly one is
 * the primary and every other a secondary.
 */
export function primaryFirst<T extends ReferencedStack>(stacks: readonly T[]): T[] {
    const roles = stacks.map((s) => `${s.name}: ${s.role}`).join(", ");
    const other = stacks.filter((s) => s.role !== "primary" && s.role !== "secondary");
    if (other.length > 0) {
        throw new Error(
            `regionalStacks: ${other.map((s) => `${s.name} has role ${JSON.stringify(s.role)}`).join(", ")}; list only primary and secondary stacks (${roles})`,
        );
    }
    const primaries = stacks.filter((s) => s.role === "primary");
    if (primaries.length === 0) {
        throw new Error(
            `regionalStacks: no stack has role "primary" (${roles}); list the primary stack too`,
        );
    }
    if (primaries.length > 1) {
        throw new Error(
            `regionalStacks: ${primaries.map((s) => s.name).join(" and ")} all have role "primary"; exactly one regional stack can be the primary (${roles})`,
        );
    }
    return [primaries[0], ...stacks.filter((s) => s !== primaries[0])];
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
