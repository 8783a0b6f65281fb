import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { expectedDown } from "../components/capacity";
import { GlobalRouting, RoutingRegion } from "../components/routing/globalRouting";
import { RdsWriterRecords } from "../components/routing/rdsWriterRecords";
import { RegionSwitchPlan } from "../components/routing/regionSwitchPlan";
import { EdgeGate } from "../components/routing/edgeGate";
import { SwitchRegion, SwitchRouting } from "../components/routing/switchPlan";
import type { DataStoreManifestEntry } from "../policies/lib/manifest";
import { assertValidRouting } from "../components/routing/plan";
import { StackConfig } from "./config";
import { replicaRegionsWithoutStack } from "./config/rules";
import {
    CapacityOutput,
    DataEndpointsOutput,
    EdgeOutput,
    PrimaryDataContract,
    primaryDataOutputName,
    readRegionalOutputs,
} from "./contract";
import { ObservedStack, observability } from "./observability";
import { regionProvider } from "./providers";
import { globalData } from "./replication";
import { rdsWriterRecordName } from "./data";

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
    const switchRegions: SwitchRegionFacts[] = [];
    const observed: Omit<ObservedStack, "healthCheckId">[] = [];
    const rdsAddresses = new Map<string, pulumi.Output<string | undefined>>();
    for (const stackName of config.regionalStacks) {
        // Keyed by the referenced stack's name, never by its position in the list.
        const ref = new pulumi.StackReference(stackName);
        refs.set(stackName, ref);
        const contract = readRegionalOutputs(ref);
        listed.push({ name: stackName, role: await plainOutput<string>(ref, "role") });
        const region = await plainOutput<string>(ref, "region");
        const capacity = await plainOutput<CapacityOutput>(ref, "capacity");
        const edge = await plainOutput<EdgeOutput>(ref, "edge");
        rdsAddresses.set(region, rdsAddressOf(ref));
        regions.push({
            region,
            servesTraffic: capacity.servesTraffic,
            albDnsName: contract.albDnsName,
            albZoneId: contract.albZoneId,
            albArn: contract.albArn,
            healthCheckPath: contract.healthCheckPath,
            internalAlb: edge.albScheme === "internal",
            ...(edge.servingAlarm ? { servingAlarm: edge.servingAlarm } : {}),
            albSecurityGroupId: edge.albSecurityGroupId,
            vpcId: edge.vpcId,
            pages: !expectedDown(capacity),
        });
        observed.push({
            stack: stackName.split("/").pop()!,
            region,
            contract,
            expectedDown: expectedDown(capacity),
            internalAlb: edge.albScheme === "internal",
        });
        switchRegions.push({
            region,
            role: await plainOutput<string>(ref, "role"),
            clusterName: await plainOutput<string>(ref, "clusterName"),
            serviceName: await plainOutput<string>(ref, "serviceName"),
            dataStores: await plainOutput<DataStoreManifestEntry[]>(ref, "dataStores"),
            auroraGlobalClusterIdentifier:
                (await plainOutput<string>(ref, "role")) === "primary"
                    ? (await plainOutput<PrimaryDataContract>(ref, primaryDataOutputName)).aurora
                          ?.globalClusterIdentifier
                    : undefined,
        });
    }
    await assertReplicaRegionsServed(listed, refs, regions);
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
    const account = (await aws.getCallerIdentity({}, { provider })).accountId;
    const pairs = switchPairs(switchRegions, account);
    const planRouting = switchRouting(config, regions.length);
    // With the plan's own health checks, the plans exist before the records that use them; with
    // ARC, the routing controls exist before the plans that flip them.
    const plans =
        config.failover.plan && planRouting.kind === "route53-health-check"
            ? buildPlans(config, pairs, planRouting, provider)
            : [];
    const layer = new GlobalRouting(
        "routing",
        {
            ...choice,
            ...(plans.length > 0 ? { regionGates: planGates(plans) } : {}),
            domain: config.dns.domain,
            zoneId: config.dns.hostedZoneId,
            healthCheckIntervalSeconds: routing.healthCheckIntervalSeconds,
            healthCheckFailureThreshold: routing.healthCheckFailureThreshold,
            healthCheckRegions: routing.healthCheckRegions,
            ttlSeconds: routing.ttlSeconds,
            // The same people the regional alarms reach.
            alerts: config.alerts,
            // Audit evidence, kept as long as the ALB access logs and VPC flow logs.
            edgeLogRetentionDays: config.logs.auditRetentionDays,
            // Behind CloudFront the rate limit is the distribution's, on the viewer's IP.
            ...(config.edge.waf ? { edgeWaf: { rateLimit: config.edge.wafRateLimit } } : {}),
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
              providerFor,
          )
        : {};
    const replication = await globalData(config, refs, providerFor);
    const gate = edgeGateFor(config, layer, regions, account, providerFor, provider);
    if (config.failover.plan && planRouting.kind !== "route53-health-check") {
        plans.push(...buildPlans(config, pairs, planRoutingOf(layer, gate, planRouting), provider));
    }
    const writer = rdsWriterFor(config, plans, rdsAddresses, regions, provider);
    return {
        ...watch,
        ...replication,
        ...(writer ? { rdsWriterEndpoint: writer.fqdn } : {}),
        regionSwitchPlans: Object.fromEntries(
            plans.map((p) => [p.secondary, { planArn: p.plan.planArn, planName: p.plan.planName }]),
        ),
        endpoint: layer.endpoint,
        routingMode: layer.routingMode,
        healthCheckIds: layer.healthCheckIds,
        recordHealthCheckIds: layer.recordHealthCheckIds,
        regions: layer.regions,
        alarmTopicArn: layer.alarmTopicArn,
        edgeLogs: layer.edgeLogs,
        ...(gate ? { edgeGateFunctions: gate.functionNames } : {}),
        ...(layer.arc
            ? {
                  routingControlArns: layer.arc.routingControlArns,
                  arcClusterEndpoints: layer.arc.clusterEndpoints,
              }
            : {}),
    };
}

/** This deployment's identity in the account: the global stack's fully qualified name. */
function deploymentId(): string {
    return `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
}

/**
 * With a plan behind Global Accelerator or CloudFront: the functions the plans' hold-edge step runs
 * (components/routing/edgeGate.ts), one per Region, each created in its Region.
 */
function edgeGateFor(
    config: StackConfig,
    layer: GlobalRouting,
    regions: readonly RoutingRegion[],
    accountId: string,
    providerFor: (region: string) => aws.Provider,
    provider: aws.Provider,
): EdgeGate | undefined {
    if (!config.failover.plan || !layer.edgeTarget) {
        return undefined;
    }
    return new EdgeGate(
        "edge-gate",
        {
            regions: regions.map((r) => r.region),
            target: layer.edgeTarget,
            accountId,
            providers: Object.fromEntries(regions.map((r) => [r.region, providerFor(r.region)])),
            logRetentionDays: config.logs.auditRetentionDays,
            deploymentId: deploymentId(),
        },
        { providers: { aws: provider } },
    );
}

/** How the plans move users once the routing layer exists: routing controls, the edge gate, or as planned. */
function planRoutingOf(
    layer: GlobalRouting,
    gate: EdgeGate | undefined,
    planned: SwitchRouting,
): pulumi.Input<SwitchRouting> {
    if (layer.arc) {
        return layer.arc.routingControlArns.apply((routingControlArns) => ({
            kind: "arc-routing-control" as const,
            routingControlArns,
        }));
    }
    if (gate && layer.edgeTarget) {
        const edge = layer.edgeTarget.mode;
        return gate.functionArns.apply((functionArns) => ({
            kind: "edge-gate" as const,
            edge,
            functionArns,
        }));
    }
    return planned;
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

/** The primary's credential replicas must each be a listed secondary's region (config rule). */
async function assertReplicaRegionsServed(
    listed: readonly ReferencedStack[],
    refs: ReadonlyMap<string, pulumi.StackReference>,
    regions: readonly RoutingRegion[],
): Promise<void> {
    const primary = listed.findIndex((s) => s.role === "primary");
    if (primary < 0) {
        return;
    }
    const contract = await plainOutput<PrimaryDataContract>(
        refs.get(listed[primary].name)!,
        primaryDataOutputName,
    );
    const secondaries = regions
        .filter((_, i) => listed[i].role === "secondary")
        .map((r) => r.region);
    const problem = replicaRegionsWithoutStack(contract.secretReplicaRegions ?? [], secondaries);
    if (problem) {
        throw new Error(problem);
    }
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

/** What the plan needs from one regional stack, read before anything is created. */
interface SwitchRegionFacts {
    region: string;
    role: string;
    clusterName: string;
    serviceName: string;
    dataStores: DataStoreManifestEntry[];
    /** The primary's global database, when Aurora is a store. */
    auroraGlobalClusterIdentifier?: string;
}

/** The primary paired with each secondary: a Region switch plan covers exactly two Regions. */
export function switchPairs(
    facts: readonly SwitchRegionFacts[],
    accountId: string,
): { primary: SwitchRegion; secondary: SwitchRegion; auroraGlobalClusterIdentifier?: string }[] {
    const primary = facts.find((f) => f.role === "primary");
    if (!primary) {
        throw new Error(
            `regionalStacks names no stack whose role is primary (roles: ${facts.map((f) => `${f.region}=${f.role}`).join(", ")})`,
        );
    }
    const auroraGlobal = primary.auroraGlobalClusterIdentifier;
    return facts
        .filter((f) => f.role === "secondary")
        .map((secondary) => ({
            primary: switchRegion(primary, accountId),
            secondary: switchRegion(secondary, accountId),
            ...(auroraGlobal && secondary.dataStores.some((s) => s.kind === "aurora")
                ? { auroraGlobalClusterIdentifier: auroraGlobal }
                : {}),
        }));
}

function switchRegion(facts: SwitchRegionFacts, accountId: string): SwitchRegion {
    const ecs = `arn:aws:ecs:${facts.region}:${accountId}`;
    const aurora = facts.dataStores.find((s) => s.kind === "aurora");
    const rds = facts.dataStores.find((s) => s.kind === "rds");
    return {
        region: facts.region,
        ecsClusterArn: `${ecs}:cluster/${facts.clusterName}`,
        ecsServiceArn: `${ecs}:service/${facts.clusterName}/${facts.serviceName}`,
        ...(aurora ? { auroraClusterArn: aurora.arn } : {}),
        ...(rds ? { rdsInstanceArn: rds.arn } : {}),
    };
}

/**
 * How the plans move users: the plan's own Route 53 health checks for DNS routing over two
 * Regions; ARC routing controls when `routing.arc` is on (filled in once they exist); routing by
 * health alone for DNS chains over three or more Regions, where one record name cannot carry
 * every pair. Global Accelerator and CloudFront start as "follows-health" here and get the edge
 * gate's functions once they exist (`planRoutingOf`; components/routing/edgeGate.ts).
 */
function switchRouting(config: StackConfig, regionCount: number): SwitchRouting {
    const mode = config.routing.mode;
    if (mode === "global-accelerator" || mode === "cloudfront") {
        return {
            kind: "follows-health",
            reason: `${mode} moves users by endpoint health; the plan has no routing step`,
        };
    }
    if (config.routing.arc) {
        return { kind: "arc-routing-control", routingControlArns: {} };
    }
    if (regionCount > 2) {
        return {
            kind: "follows-health",
            reason: "DNS routing over more than two Regions: set routing.arc=true for a plan-controlled routing step",
        };
    }
    return {
        kind: "route53-health-check",
        hostedZoneId: config.dns.hostedZoneId,
        recordName: config.dns.domain,
        recordSetIdentifiers: {},
    };
}

interface BuiltPlan {
    secondary: string;
    plan: RegionSwitchPlan;
}

function buildPlans(
    config: StackConfig,
    pairs: ReturnType<typeof switchPairs>,
    routing: pulumi.Input<SwitchRouting>,
    provider: aws.Provider,
): BuiltPlan[] {
    const writerName = rdsWriterRecordName(config);
    return pairs.map((pair) => {
        const regionsOfPair = [pair.primary.region, pair.secondary.region];
        const pairRouting = pulumi.output(routing).apply((r) =>
            r.kind === "route53-health-check"
                ? {
                      ...r,
                      // Failover and latency records use the Region as set identifier.
                      recordSetIdentifiers: Object.fromEntries(regionsOfPair.map((g) => [g, g])),
                  }
                : r,
        );
        return {
            secondary: pair.secondary.region,
            plan: new RegionSwitchPlan(
                `switch-${pair.secondary.region}`,
                {
                    strategy: config.strategy,
                    primary: pair.primary,
                    secondary: pair.secondary,
                    auroraGlobalClusterIdentifier: pair.auroraGlobalClusterIdentifier,
                    routing: pairRouting,
                    hostedZoneId: config.dns.hostedZoneId,
                    approval: config.failover.approval,
                    approvers: config.failover.approvers,
                    deploymentId: deploymentId(),
                    ...(writerName && pairs.length === 1
                        ? {
                              rdsWriter: {
                                  hostedZoneId: config.dns.hostedZoneId,
                                  recordName: writerName,
                              },
                          }
                        : {}),
                    recoveryTimeObjectiveMinutes: Math.ceil(config.objectives.rtoSeconds / 60),
                },
                { providers: { aws: provider } },
            ),
        };
    });
}

/** Region to the plan health check that gates it (one plan: the plan's checks exist only over two Regions). */
function planGates(plans: readonly BuiltPlan[]): pulumi.Output<Record<string, string>> {
    return pulumi
        .all(plans.map((p) => p.plan.regionGateHealthCheckIds))
        .apply((maps) => Object.assign({}, ...maps) as Record<string, string>);
}

/**
 * With RDS and one plan: the writer name the tasks use (`rdsWriterRecordName`), a failover pair
 * over the two instances guarded by the plan's writer checks (components/routing/rdsWriterRecords.ts).
 */
function rdsWriterFor(
    config: StackConfig,
    plans: readonly BuiltPlan[],
    addresses: ReadonlyMap<string, pulumi.Output<string | undefined>>,
    primaryFirst: readonly RoutingRegion[],
    provider: aws.Provider,
): RdsWriterRecords | undefined {
    const recordName = rdsWriterRecordName(config);
    if (recordName === undefined || plans.length !== 1) {
        return undefined;
    }
    const [primary, secondary] = primaryFirst.map((r) => r.region);
    const region = (name: string) => ({
        region: name,
        address: addresses.get(name)!.apply((a) => {
            if (!a) {
                throw new Error(
                    `data.stores includes "rds", but the regional stack in ${name} exports no dataEndpoints.environment.RDS_ENDPOINT; run \`pulumi up\` on it first`,
                );
            }
            return a;
        }),
        healthCheckId: plans[0].plan.writerHealthCheckIds.apply((ids) => ids[name]),
    });
    return new RdsWriterRecords(
        "rds-writer",
        {
            zoneId: config.dns.hostedZoneId,
            recordName,
            regions: [region(primary), region(secondary)],
            ttlSeconds: config.routing.ttlSeconds,
        },
        { providers: { aws: provider } },
    );
}

/** The RDS instance address a regional stack's tasks get (its `dataEndpoints`), if any. */
function rdsAddressOf(ref: pulumi.StackReference): pulumi.Output<string | undefined> {
    return ref
        .getOutput("dataEndpoints")
        .apply((d) => (d as DataEndpointsOutput | undefined)?.environment?.RDS_ENDPOINT);
}
