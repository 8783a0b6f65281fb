/**
 * Recorded resources to the simulation's model. A pure function of the resources (any program:
 * records, health checks, accelerators, distributions, plans, stores, compute, secrets, canaries
 * and alarms) and the regional contracts, reusing the failover budget's readers for capacity,
 * timings and stores so that the budget and the simulation rest on the same facts.
 */
import { BudgetAssumptions, withDefaults } from "../budget/assumptions";
import { regionCapacities } from "../budget/capacity";
import { facts } from "../budget/facts";
import {
    BudgetGraph,
    BudgetResource,
    asArray,
    asBoolean,
    asNumber,
    asString,
    field,
    numberProp,
    ofType,
    prop,
    regionOf,
    regionOfArn,
    stringProp,
} from "../budget/graph";
import { effectiveTtl, routedRecords } from "../budget/routing";
import { oncePer } from "../lib/memo";
import { dataStores } from "../budget/stores";
import { planType } from "../budget/switchPlan";
import {
    CheckModel,
    ComputeModel,
    EdgeModel,
    Model,
    PlanModel,
    ProbeModel,
    RecordModel,
    Ref,
    RegionModel,
    RotationModel,
    StepModel,
    StoreMember,
    StoreModel,
    WriteRef,
} from "./model";
import { RoutingPolicy, checkDelay, inRegionFailoverSeconds, initialGateState } from "./rules";

const t = {
    record: "aws:route53/record:Record",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    lb: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    targetGroup: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
    endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    distribution: "aws:cloudfront/distribution:Distribution",
    service: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    instance: "aws:rds/instance:Instance",
    cluster: "aws:rds/cluster:Cluster",
    globalCluster: "aws:rds/globalCluster:GlobalCluster",
    table: "aws:dynamodb/table:Table",
    tableReplica: "aws:dynamodb/tableReplica:TableReplica",
    buckets: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    rotation: "aws:secretsmanager/secretRotation:SecretRotation",
    secret: "aws:secretsmanager/secret:Secret",
    sarStack: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack",
    canary: "aws:synthetics/canary:Canary",
    fis: "aws:fis/experimentTemplate:ExperimentTemplate",
    routingControl: "aws:route53recoverycontrolconfig/routingControl:RoutingControl",
} as const;

const norm = (s: string | undefined) => (s ?? "").toLowerCase().replace(/\.$/, "");

/** The region of a load balancer DNS name (`<name>.<region>.elb.amazonaws.com`). */
export function regionOfElbName(dnsName: string): string | undefined {
    const m = /\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.elb\.amazonaws\.com$/.exec(norm(dnsName));
    return m ? m[1] : undefined;
}

/**
 * The region a regional AWS host name carries: `<x>.<region>.<service>.amazonaws.com` and the
 * like (API Gateway, App Runner, Lambda function URLs, S3 regional names, ELB). Undefined for a
 * global or custom name.
 */
export function regionOfHost(name: string): string | undefined {
    const host = norm(name)
        .replace(/^[a-z]+:\/\//, "")
        .split("/")[0];
    const m =
        /(?:^|\.)([a-z]{2}(?:-gov)?-[a-z]+-\d)\.(?:[a-z0-9-]+\.)*(?:amazonaws\.com(?:\.cn)?|on\.aws|awsapprunner\.com)$/.exec(
            host,
        ) ?? /(?:^|\.)(?:s3|execute-api|lambda-url)[.-]([a-z]{2}(?:-gov)?-[a-z]+-\d)\./.exec(host);
    return m ? m[1] : undefined;
}

/** Properties that hold an address another resource (a record, an origin, a check) may name. */
const addressKeys = [
    "dnsName",
    "domainName",
    "regionalDomainName",
    "bucketRegionalDomainName",
    "bucketDomainName",
    "serviceUrl",
    "functionUrl",
    "apiEndpoint",
    "publicIp",
    "publicDns",
    "address",
    "endpoint",
    "arn",
];

/** Recorded resources by the addresses they expose (host names, IPs, ARNs), normalised. */
export type AddressIndex = Map<string, BudgetResource>;

export function addressIndex(resources: readonly BudgetResource[]): AddressIndex {
    const index: AddressIndex = new Map();
    // Records, health checks and certificates name an address; they do not serve it.
    for (const r of resources.filter((x) => !/^aws:(route53|acm)\//.test(x.type))) {
        for (const key of addressKeys) {
            const value = stringProp(r, key);
            const host = value ? hostOf(value) : "";
            if (host && !index.has(host)) {
                index.set(host, r);
            }
        }
    }
    return index;
}

function hostOf(value: string): string {
    const v = norm(value);
    return v.startsWith("arn:")
        ? v
        : v
              .replace(/^[a-z]+:\/\//, "")
              .split("/")[0]
              .replace(/^dualstack\./, "");
}

/** Build the model from a resource graph. */
export function extractModel(
    graph: BudgetGraph,
    overrides: Partial<BudgetAssumptions> = {},
): Model {
    const assumptions = withDefaults(overrides);
    const resources = graph.resources.filter((r) => r.custom !== false);
    const notes: string[] = [];
    const index = addressIndex(resources);
    const seen = regionsOf(graph, resources);
    const checks = checksOf(resources, seen, notes, index);
    const stores = storesOf(resources, graph, assumptions);
    const records = recordsOf(resources, seen, stores, index);
    const plans = plansOf(resources, assumptions, graph);
    const edges = edgesOf(resources, seen, index);
    const regions = withUnseen(seen, records, edges, index, notes);
    checkRegionsFromRecords(checks, records);
    gatesOf(checks, records, plans, notes);
    return {
        regions,
        primary: primaryOf(regions, records, plans),
        checks,
        records,
        edges,
        plans,
        stores,
        compute: [...computeOf(resources, stores, records), ...unseenCompute(regions, stores)],
        rotations: rotationsOf(resources),
        probes: probesOf(resources, regions, checks, index),
        timing: {
            operatorSeconds: assumptions.operatorResponseSeconds,
            taskStartSeconds: assumptions.taskStartSeconds,
            autoscalingSeconds: assumptions.autoscalingEvaluationSeconds,
            deploymentSeconds: assumptions.deploymentSeconds,
        },
        notes,
    };
}

function regionsOf(graph: BudgetGraph, resources: readonly BudgetResource[]): RegionModel[] {
    const capacities = regionCapacities(graph);
    const lbs = ofType(resources, ...t.lb);
    const services = ofType(resources, t.service);
    const names = new Set<string>(capacities.map((c) => c.region));
    lbs.forEach((lb) => names.add(regionOf(lb)));
    return [...names].sort().map((region) => {
        const capacity = capacities.find((c) => c.region === region);
        const lb = lbs.find((l) => regionOf(l) === region);
        const service = services.find((s) => regionOf(s) === region);
        const group = ofType(resources, ...t.targetGroup).find((g) => regionOf(g) === region);
        const hc = group ? prop(group, "healthCheck") : undefined;
        const interval =
            asNumber(field(hc, "interval")) ?? facts.targetGroupDefaultInterval.seconds;
        const down =
            asNumber(field(hc, "unhealthyThreshold")) ?? facts.targetGroupDefaultUnhealthy.seconds;
        const up =
            asNumber(field(hc, "healthyThreshold")) ?? facts.targetGroupDefaultHealthy.seconds;
        return {
            lbDownSeconds: interval * down,
            lbUpSeconds: interval * up,
            lbSource: `${group ? `target group ${group.name}` : "ELB defaults"}: interval ${interval} s × unhealthyThreshold ${down} (healthyThreshold ${up})`,
            region,
            ...(lb
                ? {
                      alb: {
                          urn: lb.urn,
                          name: lb.name,
                          dnsName: norm(stringProp(lb, "dnsName")),
                          internal: asBoolean(prop(lb, "internal")) ?? false,
                      },
                  }
                : {}),
            ...(service ? { compute: { urn: service.urn, name: service.name } } : {}),
            ...(capacity || service || !lb
                ? {}
                : {
                      compute: { urn: lb.urn, name: lb.name },
                      assumed: `the program records no ECS service behind load balancer ${lb.name}`,
                  }),
            desired: capacity?.running ?? 0,
            max: capacity?.max ?? 0,
            full: capacity?.full ?? 0,
            servesTraffic: capacity?.servesTraffic ?? false,
        };
    });
}

/**
 * The region a DNS name, ARN or address points at: a load balancer in the model, else the
 * recorded resource that exposes that address, else the region its host name carries.
 */
function regionOfTarget(
    name: string | undefined,
    regions: readonly RegionModel[],
    index?: AddressIndex,
): string | undefined {
    const target = norm(name).replace(/^dualstack\./, "");
    const owner = index?.get(hostOf(target));
    const ownerRegion = owner ? regionOf(owner) : undefined;
    return (
        regions.find((r) => r.alb && r.alb.dnsName === target)?.region ??
        regionOfElbName(target) ??
        (ownerRegion !== undefined && ownerRegion !== "unknown" ? ownerRegion : undefined) ??
        regionOfHost(target) ??
        regionOfArn(name)
    );
}

/**
 * Regions users reach whose serving compute the program does not record (an Auto Scaling group,
 * EKS, Lambda, App Runner, an address outside the program): the model cannot see that compute
 * fail on its own, so it assumes it serves at full capacity while its region is up, as the
 * static budget does, and says so (`assumed`, in the timeline and the report's notes). What the
 * model cannot see is never counted as down.
 */
function withUnseen(
    seen: readonly RegionModel[],
    records: readonly RecordModel[],
    edges: readonly EdgeModel[],
    index: AddressIndex,
    notes: string[],
): RegionModel[] {
    const known = seen.filter((r) => !r.assumed);
    const full = Math.max(1, ...known.map((r) => r.full));
    const unseen = new Map<string, { ref: Ref; what: string }>();
    for (const record of records.filter((r) => !r.storeTarget)) {
        const owner = record.target ? index.get(hostOf(record.target)) : undefined;
        unseen.set(record.region, {
            ref: owner ? { urn: owner.urn, name: owner.name } : record,
            what: `record ${record.name} answers with ${record.target ?? record.region}${owner ? ` (${owner.type.split(":").pop()} ${owner.name})` : ""}, and the program records no ECS service there`,
        });
    }
    for (const edge of edges) {
        for (const m of edge.members) {
            unseen.set(m.region, {
                ref:
                    edge.kind === "cloudfront"
                        ? { urn: m.urn, name: `${edge.name} origin ${m.name}` }
                        : m,
                what: `${edge.kind === "cloudfront" ? `origin ${m.name} of ${edge.name}` : `endpoint group ${m.name}`} sends users to ${m.region}, and the program records no ECS service there`,
            });
        }
    }
    const regions = seen.map((r) =>
        r.assumed ? { ...r, desired: full, max: full, full, servesTraffic: true } : r,
    );
    const present = new Set(regions.map((r) => r.region));
    for (const [region, { ref, what }] of unseen) {
        if (!present.has(region)) {
            regions.push({
                region,
                compute: ref,
                assumed: what,
                desired: full,
                max: full,
                full,
                servesTraffic: true,
                lbDownSeconds: 0,
                lbUpSeconds: 0,
                lbSource: "no load balancer recorded",
            });
        }
    }
    for (const r of regions.filter((x) => x.assumed)) {
        notes.push(
            `assumed: what serves in ${r.region} answers while the region is up (${r.assumed}; the program records nothing behind it that the model can fail on its own)`,
        );
    }
    const routed = routedPlaces(records, edges);
    const named = placesNamedBySetIdentifier(records, edges);
    return regions
        .map((r) =>
            r.assumed && named.has(r.region) && !routed.has(r.region)
                ? {
                      ...r,
                      alone: `no record group or edge routes between ${r.region} and another place`,
                  }
                : r,
        )
        .sort((a, b) => a.region.localeCompare(b.region));
}

/**
 * Places no AWS region names: every record answering with one names no region (its target is
 * placed by nothing the program records, it has no latency region), so the model calls the
 * place by the record's set identifier; no edge member is one.
 */
export function placesNamedBySetIdentifier(
    records: readonly RecordModel[],
    edges: readonly EdgeModel[],
): Set<string> {
    const named = new Set<string>();
    const placed = new Set<string>(edges.flatMap((e) => e.members.map((m) => m.region)));
    for (const record of records) {
        (record.namedBySetIdentifier ? named : placed).add(record.region);
    }
    placed.forEach((p) => named.delete(p));
    return named;
}

/**
 * Places some record group or edge can send users away from: a group whose records answer with
 * two places or more, an edge with two members or more. Built in one pass over the records, so
 * a program with hundreds of record groups costs one scan, not one per place.
 */
export function routedPlaces(
    records: readonly RecordModel[],
    edges: readonly EdgeModel[],
): Set<string> {
    const placesOfGroup = new Map<string, Set<string>>();
    for (const record of records.filter((r) => !r.storeTarget)) {
        const places = placesOfGroup.get(record.group) ?? new Set<string>();
        places.add(record.region);
        placesOfGroup.set(record.group, places);
    }
    const routed = new Set<string>();
    const add = (places: Iterable<string>) => {
        const list = [...places];
        if (new Set(list).size > 1) {
            list.forEach((p) => routed.add(p));
        }
    };
    placesOfGroup.forEach(add);
    edges.forEach((e) => add(e.members.map((m) => m.region)));
    return routed;
}

/**
 * Compute the model cannot see (an `assumed` region) is taken to write every single-writer
 * store through an address that follows its writer, as an ECS task definition that names no
 * address is: writes land once the writer is promoted, and the RTO waits for that promotion.
 */
function unseenCompute(
    regions: readonly RegionModel[],
    stores: readonly StoreModel[],
): ComputeModel[] {
    return regions
        .filter((r) => r.assumed && r.compute)
        .map((r) => ({
            urn: r.compute!.urn,
            name: r.compute!.name,
            region: r.region,
            writes: stores
                .filter((s) => !s.multiWriter)
                .map((s) => ({
                    store: s.name,
                    via: "(what serves here is not recorded; assumed to write through an address that follows the writer)",
                })),
            injectedSecrets: [],
        }));
}

/**
 * An endpoint or metric check whose target the model cannot place takes the region of the
 * record it gates (directly, or as a calculated check's child).
 */
function checkRegionsFromRecords(checks: CheckModel[], records: readonly RecordModel[]): void {
    for (const record of records) {
        const parent = checks.find((c) => c.id === record.healthCheckId);
        for (const check of [
            parent,
            ...(parent?.kind === "calculated" ? parent.children : []).map((id) =>
                checks.find((c) => c.id === id),
            ),
        ]) {
            if (
                check &&
                (check.kind === "endpoint" || check.kind === "metric") &&
                check.region === undefined &&
                check.watchesCheck === undefined
            ) {
                check.region = record.region;
            }
        }
    }
}

function checksOf(
    resources: readonly BudgetResource[],
    regions: readonly RegionModel[],
    notes: string[],
    index: AddressIndex,
): CheckModel[] {
    const alarms = ofType(resources, t.metricAlarm);
    return ofType(resources, t.healthCheck).map((check): CheckModel => {
        const type = (stringProp(check, "type") ?? "HTTP").toUpperCase();
        const base = {
            urn: check.urn,
            name: check.name,
            id: stringProp(check, "id") ?? check.name,
            inverted: asBoolean(prop(check, "invertHealthcheck")) ?? false,
            disabled: asBoolean(prop(check, "disabled")) ?? false,
            children: asArray(prop(check, "childHealthchecks")).map(String),
            threshold: numberProp(check, "childHealthThreshold") ?? 1,
        };
        if (type === "CALCULATED") {
            return { ...base, kind: "calculated", downSeconds: 0, upSeconds: 0, source: "" };
        }
        if (type === "RECOVERY_CONTROL") {
            notes.push(`${check.name}: ${initialGateState.controlNote}`);
            return {
                ...base,
                kind: "control",
                setBy: stringProp(check, "routingControlArn"),
                downSeconds: 0,
                upSeconds: 0,
                source: "routing control state",
            };
        }
        if (type === "CLOUDWATCH_METRIC") {
            return metricCheck(check, base, alarms, regions);
        }
        const interval =
            numberProp(check, "requestInterval") ?? facts.route53DefaultInterval.seconds;
        const threshold =
            numberProp(check, "failureThreshold") ?? facts.route53DefaultThreshold.seconds;
        const timeout =
            type === "TCP"
                ? facts.route53TcpTimeout.seconds
                : type.endsWith("STR_MATCH")
                  ? facts.route53StringMatchTimeout.seconds
                  : facts.route53HttpTimeout.seconds;
        const target = stringProp(check, "fqdn") ?? stringProp(check, "ipAddress");
        return {
            ...base,
            kind: "endpoint",
            region: regionOfTarget(target, regions, index),
            downSeconds: checkDelay(interval, threshold, timeout, true),
            upSeconds: checkDelay(interval, threshold, timeout, false),
            source: `requestInterval ${interval} s × failureThreshold ${threshold} + ${timeout} s probe timeout`,
        };
    });
}

function metricCheck(
    check: BudgetResource,
    base: Omit<CheckModel, "kind" | "downSeconds" | "upSeconds" | "source">,
    alarms: readonly BudgetResource[],
    regions: readonly RegionModel[],
): CheckModel {
    const alarmName = stringProp(check, "cloudwatchAlarmName");
    const alarm = alarms.find(
        (a) =>
            alarmName !== undefined &&
            (stringProp(a, "name") === alarmName || a.name === alarmName),
    );
    const period = alarm ? (numberProp(alarm, "period") ?? 60) : 60;
    const periods = alarm ? (numberProp(alarm, "evaluationPeriods") ?? 1) : 3;
    const dims = alarm ? prop(alarm, "dimensions") : undefined;
    const watched = asString(field(dims, "HealthCheckId"));
    const lb = asString(field(dims, "LoadBalancer"));
    const region =
        stringProp(check, "cloudwatchAlarmRegion") ??
        (lb ? regions.find((r) => r.alb && lb.includes(r.alb.name))?.region : undefined) ??
        (alarm ? regionOf(alarm) : undefined);
    return {
        ...base,
        kind: "metric",
        region: watched ? undefined : region,
        watchesCheck: watched,
        downSeconds: period * periods,
        upSeconds: period * periods,
        source: `alarm ${alarmName ?? "(not in the graph)"}: period ${period} s × evaluationPeriods ${periods}`,
    };
}

function policyOf(record: BudgetResource): RecordModel["policy"] {
    const has = (key: string) => asArray(prop(record, key)).length > 0;
    if (has("failoverRoutingPolicies")) {
        return "failover";
    }
    if (has("latencyRoutingPolicies")) {
        return "latency";
    }
    if (has("weightedRoutingPolicies")) {
        return "weighted";
    }
    if (has("geolocationRoutingPolicies")) {
        return "geolocation";
    }
    if (asBoolean(prop(record, "multivalueAnswerRoutingPolicy"))) {
        return "multivalue";
    }
    return "simple";
}

function recordsOf(
    resources: readonly BudgetResource[],
    regions: readonly RegionModel[],
    stores: readonly StoreModel[],
    index: AddressIndex,
): RecordModel[] {
    const routed = new Set(routedRecords(resources));
    const multivalue = ofType(resources, t.record).filter((r) =>
        asBoolean(prop(r, "multivalueAnswerRoutingPolicy")),
    );
    const out: RecordModel[] = [];
    for (const record of [...routed, ...multivalue]) {
        const alias = asArray(prop(record, "aliases"))[0];
        const target = chainEnd(
            asString(field(alias, "name")) ?? asString(asArray(prop(record, "records"))[0]),
            resources,
        );
        // A record whose value is a store's address names a writer (e.g. a CNAME pair the plan
        // moves); its region is that member's.
        const storeHit = stores
            .flatMap((st) => st.members.map((m) => ({ store: st.name, member: m })))
            .find((x) => x.member.addresses.includes(norm(target)));
        const placed =
            storeHit?.member.region ??
            regionOfTarget(target, regions, index) ??
            asString(field(asArray(prop(record, "latencyRoutingPolicies"))[0], "region"));
        const region = placed ?? stringProp(record, "setIdentifier");
        if (!region) {
            continue;
        }
        const policy = policyOf(record);
        const ttl = effectiveTtl(record, resources);
        const fqdn = norm(stringProp(record, "fqdn") ?? stringProp(record, "name") ?? record.name);
        out.push({
            urn: record.urn,
            name: record.name,
            group: `${stringProp(record, "zoneId") ?? ""}/${fqdn}/${stringProp(record, "type") ?? "A"}`,
            fqdn,
            policy: policy as RoutingPolicy,
            role: asString(field(asArray(prop(record, "failoverRoutingPolicies"))[0], "type")) as
                | "PRIMARY"
                | "SECONDARY"
                | undefined,
            weight: asNumber(field(asArray(prop(record, "weightedRoutingPolicies"))[0], "weight")),
            setIdentifier: stringProp(record, "setIdentifier"),
            region,
            ...(placed === undefined ? { namedBySetIdentifier: true } : {}),
            ...(target ? { target: norm(target) } : {}),
            ...(storeHit
                ? { storeTarget: { store: storeHit.store, member: storeHit.member.name } }
                : {}),
            healthCheckId: stringProp(record, "healthCheckId"),
            evaluateTargetHealth: asBoolean(field(alias, "evaluateTargetHealth")) ?? false,
            ttlSeconds: ttl.seconds,
            ttlSource: ttl.source,
        });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** What a record answers with, or (its value) what it answers with. */
function valueOf(record: BudgetResource): string | undefined {
    return (
        asString(field(asArray(prop(record, "aliases"))[0], "name")) ??
        asString(asArray(prop(record, "records"))[0])
    );
}

/** Simple records (no set identifier) by name, the first of each name, per resource list. */
const simpleRecordsByName = oncePer((resources: readonly BudgetResource[]) => {
    const byName = new Map<string, BudgetResource>();
    for (const r of ofType(resources, t.record)) {
        const name = norm(stringProp(r, "fqdn") ?? stringProp(r, "name"));
        if (stringProp(r, "setIdentifier") === undefined && !byName.has(name)) {
            byName.set(name, r);
        }
    }
    return byName;
});

/**
 * The end of an alias or CNAME chain through the program's own records (a failover record that
 * aliases a regional name which aliases the load balancer): the address the last record names.
 */
function chainEnd(
    target: string | undefined,
    resources: readonly BudgetResource[],
): string | undefined {
    const simple = simpleRecordsByName(resources);
    let at = target;
    for (let hop = 0; at !== undefined && hop < 5; hop++) {
        const next = simple.get(norm(at));
        const value = next ? valueOf(next) : undefined;
        if (!value) {
            return at;
        }
        at = value;
    }
    return at;
}

/**
 * Children of a calculated check that are not in the graph are plan-owned gates when a plan's
 * health-check step names the record's set identifier; their state before the plan first runs
 * is undocumented, so they start unhealthy (the worse case, said in the notes).
 */
function gatesOf(
    checks: CheckModel[],
    records: readonly RecordModel[],
    plans: PlanModel[],
    notes: string[],
): void {
    const known = new Set(checks.map((c) => c.id));
    for (const record of records) {
        const parent = checks.find((c) => c.id === record.healthCheckId);
        // A routing control (or any region-less check) a record's check names gates that region.
        for (const child of [
            parent,
            ...(parent?.children ?? []).map((id) => checks.find((c) => c.id === id)),
        ]) {
            if (child && child.kind === "control" && child.region === undefined) {
                child.region = record.region;
            }
        }
        // Checks the graph does not hold: a calculated check's children, or the record's own
        // check (a plan's health check attached directly to the record).
        const unknown =
            parent?.kind === "calculated"
                ? parent.children.filter((id) => !known.has(id))
                : record.healthCheckId !== undefined && !known.has(record.healthCheckId)
                  ? [record.healthCheckId]
                  : [];
        const owner = plans.find((p) =>
            p.workflows.some((w) =>
                w.steps.some(
                    (s) =>
                        s.type === "Route53HealthCheck" &&
                        (s.recordName === undefined || s.recordName === record.fqdn) &&
                        s.targets[record.region] === record.setIdentifier,
                ),
            ),
        );
        for (const id of unknown) {
            checks.push({
                urn: owner?.urn ?? record.urn,
                name: owner
                    ? `${owner.name} health check for ${record.region}`
                    : `health check ${id}`,
                id,
                kind: "gate",
                region: record.region,
                setBy: owner?.name,
                downSeconds: 0,
                upSeconds: 0,
                source: owner
                    ? `set by ${owner.name}'s Route53HealthCheck step`
                    : "not in the graph",
                inverted: false,
                disabled: false,
                children: [],
                threshold: 1,
            });
            known.add(id);
            for (const plan of plans.filter((p) => p === owner)) {
                for (const step of plan.workflows.flatMap((w) => w.steps)) {
                    if (
                        step.type === "Route53HealthCheck" &&
                        (step.recordName === undefined || step.recordName === record.fqdn)
                    ) {
                        step.gates[id] = record.region;
                    }
                }
            }
        }
    }
    if (checks.some((c) => c.kind === "gate")) {
        notes.push(initialGateState.note);
    }
}

function plansOf(
    resources: readonly BudgetResource[],
    assumptions: BudgetAssumptions,
    graph: BudgetGraph,
): PlanModel[] {
    const stores = dataStores(graph, assumptions);
    const promotion = (kind: string) => {
        const store = stores.find((s) => s.kind === kind);
        return store
            ? { seconds: store.promotionSeconds, source: store.promotionSource }
            : {
                  seconds: kind === "rds" ? assumptions.rdsPromotionSeconds : 60,
                  source: `${kind} promotion (model default)`,
              };
    };
    return ofType(resources, planType).map((plan) => ({
        urn: plan.urn,
        name: stringProp(plan, "name") ?? plan.name,
        approach: stringProp(plan, "recoveryApproach") ?? "activePassive",
        regions: asArray(prop(plan, "regions")).map(String),
        workflows: asArray(prop(plan, "workflows")).map((w) => ({
            targetRegion: asString(field(w, "workflowTargetRegion")) ?? "",
            action: (asString(field(w, "workflowTargetAction")) ?? "activate") as
                | "activate"
                | "deactivate",
            steps: stepsOf(asArray(field(w, "steps")), undefined, assumptions, promotion),
        })),
    }));
}

function stepsOf(
    steps: unknown[],
    group: string | undefined,
    assumptions: BudgetAssumptions,
    promotion: (kind: string) => { seconds: number; source: string },
): StepModel[] {
    return steps.flatMap((step): StepModel[] => {
        const type = asString(field(step, "executionBlockType")) ?? "unknown";
        const name = asString(field(step, "name")) ?? type;
        if (type === "Parallel") {
            return asArray(field(step, "parallelConfigs")).flatMap((p) =>
                stepsOf(asArray(field(p, "steps")), name, assumptions, promotion),
            );
        }
        const config = configOf(step);
        const timeoutMinutes = asNumber(field(config, "timeoutMinutes"));
        const targets: Record<string, string> = {};
        let recordName: string | undefined;
        let timing = { seconds: 0, source: "takes effect at once (data-plane state change)" };
        if (type === "ECSServiceScaling" || type === "EC2AutoScaling") {
            timing = {
                seconds: assumptions.taskStartSeconds,
                source: `${assumptions.taskStartSeconds} s task start (model assumption, configurable)`,
            };
        } else if (type === "AuroraGlobalDatabase") {
            timing = promotion("aurora");
            for (const arn of asArray(field(config, "databaseClusterArns")).map(String)) {
                targets[regionOfArn(arn) ?? ""] = arn;
            }
        } else if (type === "RdsPromoteReadReplica" || type === "RdsCreateCrossRegionReplica") {
            timing = promotion("rds");
            Object.assign(targets, field(config, "dbInstanceArnMap") ?? {});
        } else if (type === "Route53HealthCheck") {
            recordName = norm(asString(field(config, "recordName")));
            for (const set of asArray(field(config, "recordSets"))) {
                targets[asString(field(set, "region")) ?? ""] =
                    asString(field(set, "recordSetIdentifier")) ?? "";
            }
        } else if (type === "ARCRoutingControl") {
            // A list of { region, routingControls } (the API's shape), or a map keyed by region.
            const raw = field(config, "regionAndRoutingControls");
            const entries: [string, unknown][] = Array.isArray(raw)
                ? raw.map((e) => [asString(field(e, "region")) ?? "", field(e, "routingControls")])
                : Object.entries(raw ?? {});
            for (const [region, controls] of entries) {
                targets[region] = asArray(controls)
                    .map((c) => asString(field(c, "routingControlArn")) ?? "")
                    .join(",");
            }
        }
        return [
            {
                name,
                type,
                ...(group ? { group } : {}),
                ...(timeoutMinutes !== undefined ? { timeoutMinutes } : {}),
                seconds: timing.seconds,
                source: timing.source,
                targets,
                gates: {},
                ...(recordName ? { recordName } : {}),
            },
        ];
    });
}

/** The step's block configuration (whichever `...Configs` key it carries). */
function configOf(step: unknown): unknown {
    if (step === null || typeof step !== "object") {
        return undefined;
    }
    for (const [key, value] of Object.entries(step)) {
        if (key.endsWith("Configs") && key !== "parallelConfigs") {
            return asArray(value)[0];
        }
    }
    return undefined;
}

function primaryOf(
    regions: readonly RegionModel[],
    records: readonly RecordModel[],
    plans: readonly PlanModel[],
): string {
    const fromRecord = records.find((r) => r.role === "PRIMARY")?.region;
    const serving = regions.filter((r) => r.servesTraffic).map((r) => r.region);
    return fromRecord ?? serving[0] ?? plans[0]?.regions[0] ?? regions[0]?.region ?? "unknown";
}

function edgesOf(
    resources: readonly BudgetResource[],
    regions: readonly RegionModel[],
    index: AddressIndex,
): EdgeModel[] {
    const edges: EdgeModel[] = [];
    const groups = ofType(resources, t.endpointGroup);
    if (groups.length > 0) {
        const interval =
            numberProp(groups[0], "healthCheckIntervalSeconds") ??
            facts.globalAcceleratorDefaultInterval.seconds;
        const threshold =
            numberProp(groups[0], "thresholdCount") ??
            facts.globalAcceleratorDefaultThreshold.seconds;
        const tg = ofType(resources, ...t.targetGroup)[0];
        const hc = tg ? prop(tg, "healthCheck") : undefined;
        const tgInterval =
            asNumber(field(hc, "interval")) ?? facts.targetGroupDefaultInterval.seconds;
        const tgDown =
            asNumber(field(hc, "unhealthyThreshold")) ?? facts.targetGroupDefaultUnhealthy.seconds;
        const tgUp =
            asNumber(field(hc, "healthyThreshold")) ?? facts.targetGroupDefaultHealthy.seconds;
        // For load balancer endpoints the accelerator uses the load balancer's target health.
        const behindElb = groups.some((g) =>
            asArray(prop(g, "endpointConfigurations")).some((e) =>
                (asString(field(e, "endpointId")) ?? "").includes(":elasticloadbalancing:"),
            ),
        );
        edges.push({
            urn: groups[0].urn,
            name: groups.map((g) => g.name).join(", "),
            kind: "global-accelerator",
            members: groups
                .map((g) => ({
                    urn: g.urn,
                    name: g.name,
                    region: stringProp(g, "endpointGroupRegion") ?? regionOf(g),
                    dial: numberProp(g, "trafficDialPercentage") ?? 100,
                }))
                .sort((a, b) => a.region.localeCompare(b.region)),
            downSeconds: behindElb ? tgInterval * tgDown : interval * threshold,
            upSeconds: behindElb ? tgInterval * tgUp : interval * threshold,
            failbackSeconds: facts.globalAcceleratorShift.seconds,
            source: behindElb
                ? `load balancer endpoints: target group interval ${tgInterval} s × unhealthyThreshold ${tgDown} (healthy after × ${tgUp})`
                : `endpoint group healthCheckIntervalSeconds ${interval} × thresholdCount ${threshold}`,
        });
    }
    for (const dist of ofType(resources, t.distribution)) {
        const origins = asArray(prop(dist, "origins"));
        for (const group of asArray(prop(dist, "originGroups"))) {
            const members = asArray(field(group, "members")).map(
                (m) => asString(field(m, "originId")) ?? "",
            );
            const order = members.map((id) => {
                const origin = origins.find((o) => asString(field(o, "originId")) === id);
                const region =
                    regionOfTarget(asString(field(origin, "domainName")), regions, index) ??
                    regionOfVpcOrigin(origin, regions) ??
                    id;
                return { urn: dist.urn, name: id, region, dial: 100 };
            });
            const first = origins.find((o) => asString(field(o, "originId")) === members[0]);
            const attempts =
                asNumber(field(first, "connectionAttempts")) ??
                facts.cloudFrontDefaultAttempts.seconds;
            const timeout =
                asNumber(field(first, "connectionTimeout")) ??
                facts.cloudFrontDefaultConnectionTimeout.seconds;
            edges.push({
                urn: dist.urn,
                name: dist.name,
                kind: "cloudfront",
                members: order,
                downSeconds: attempts * timeout,
                upSeconds: 0,
                failbackSeconds: 0,
                source: `connectionAttempts ${attempts} × connectionTimeout ${timeout} s per request`,
            });
        }
    }
    return edges;
}

function regionOfVpcOrigin(origin: unknown, regions: readonly RegionModel[]): string | undefined {
    const id = asString(field(field(origin, "vpcOriginConfig"), "vpcOriginId")) ?? "";
    return regions.find((r) => id.includes(r.region))?.region;
}

function storesOf(
    resources: readonly BudgetResource[],
    graph: BudgetGraph,
    assumptions: BudgetAssumptions,
): StoreModel[] {
    const budgetStores = dataStores(graph, assumptions);
    const timing = (kind: string, ids: string[]) => {
        const s =
            budgetStores.find((b) => b.kind === kind && b.ids.some((id) => ids.includes(id))) ??
            budgetStores.find((b) => b.kind === kind);
        return s
            ? { promotionSeconds: s.promotionSeconds, promotionSource: s.promotionSource }
            : { promotionSeconds: 0, promotionSource: "no promotion" };
    };
    const ids = (r: BudgetResource, ...keys: string[]) =>
        keys
            .map((k) => stringProp(r, k))
            .filter((v): v is string => !!v)
            .map(norm);
    const stores: StoreModel[] = [];
    // RDS: a source instance and the replicas that name it.
    const instances = ofType(resources, t.instance);
    for (const source of instances.filter((i) => !stringProp(i, "replicateSourceDb"))) {
        const sourceIds = ids(source, "arn", "identifier", "id");
        const replicas = instances.filter((i) =>
            sourceIds.includes(norm(stringProp(i, "replicateSourceDb"))),
        );
        if (replicas.length === 0 && !stringProp(source, "arn")) {
            continue;
        }
        const member = (i: BudgetResource, writer: boolean): StoreMember => ({
            urn: i.urn,
            name: i.name,
            region: regionOf(i),
            addresses: ids(i, "address", "endpoint", "arn", "identifier"),
            writer,
            ...withFailover(inRegionFailoverSeconds(asBoolean(prop(i, "multiAz")) ?? false, 0)),
            ...(writer ? {} : { sourceOf: source.name }),
        });
        stores.push({
            urn: source.urn,
            name: source.name,
            kind: "rds",
            members: [member(source, true), ...replicas.map((r) => member(r, false))],
            followingAddresses: [],
            multiWriter: false,
            replicates: replicas.map((r) => ({ from: source.name, to: r.name })),
            ...timing("rds", sourceIds),
        });
    }
    // Aurora global databases: member clusters; the global writer endpoint follows the writer.
    for (const global of ofType(resources, t.globalCluster)) {
        const gid = stringProp(global, "globalClusterIdentifier") ?? stringProp(global, "id");
        const clusters = ofType(resources, t.cluster).filter(
            (c) => stringProp(c, "globalClusterIdentifier") === gid,
        );
        if (clusters.length === 0) {
            continue;
        }
        const writer =
            clusters.find(
                (c) =>
                    stringProp(c, "masterUsername") ||
                    asBoolean(prop(c, "manageMasterUserPassword")) !== undefined,
            ) ??
            clusters.find(
                (c) => regionOf(c) === regionOfArn(stringProp(global, "sourceDbClusterIdentifier")),
            ) ??
            clusters[0];
        stores.push({
            urn: global.urn,
            name: global.name,
            kind: "aurora",
            members: clusters.map((c) => ({
                urn: c.urn,
                name: c.name,
                region: regionOf(c),
                addresses: ids(c, "endpoint", "arn", "clusterIdentifier"),
                writer: c === writer,
                ...withFailover(
                    inRegionFailoverSeconds(
                        false,
                        ofType(resources, "aws:rds/clusterInstance:ClusterInstance").filter(
                            (i) =>
                                stringProp(i, "clusterIdentifier") ===
                                stringProp(c, "clusterIdentifier"),
                        ).length - 1,
                    ),
                ),
            })),
            followingAddresses: ids(global, "endpoint"),
            multiWriter: false,
            replicates: [],
            ...timing("aurora", ids(global, "arn", "id")),
        });
    }
    // DynamoDB global tables: every replica takes writes.
    for (const table of ofType(resources, t.table)) {
        const arn = stringProp(table, "arn");
        const replicas = ofType(resources, t.tableReplica).filter(
            (r) => stringProp(r, "globalTableArn") === arn,
        );
        const inline = asArray(prop(table, "replicas")).map(
            (r) => asString(field(r, "regionName")) ?? "",
        );
        // A table without replicas is a store too: its one region is where every write goes.
        const tableName = norm(stringProp(table, "name"));
        stores.push({
            urn: table.urn,
            name: table.name,
            kind: "dynamodb",
            members: [
                {
                    urn: table.urn,
                    name: table.name,
                    region: regionOf(table),
                    addresses: [tableName],
                    writer: true,
                },
                ...replicas.map((r) => ({
                    urn: r.urn,
                    name: r.name,
                    region: regionOf(r),
                    addresses: [tableName],
                    writer: true,
                })),
                ...inline.map((region) => ({
                    urn: table.urn,
                    name: `${table.name}@${region}`,
                    region,
                    addresses: [tableName],
                    writer: true,
                })),
            ],
            followingAddresses: [],
            multiWriter: true,
            replicates: [],
            promotionSeconds: 0,
            promotionSource: "global table replicas all take writes",
        });
    }
    s3Stores(resources, stores);
    return stores;
}

function withFailover(seconds: number | undefined): { inRegionFailoverSeconds?: number } {
    return seconds === undefined ? {} : { inRegionFailoverSeconds: seconds };
}

/** S3 buckets joined by replication rules: one store per connected set, edges as configured. */
function s3Stores(resources: readonly BudgetResource[], stores: StoreModel[]): void {
    const buckets = ofType(resources, ...t.buckets);
    const nameOf = (b: BudgetResource) =>
        norm(stringProp(b, "bucket") ?? stringProp(b, "id") ?? b.name);
    const byName = (name: string) =>
        buckets.find((b) => nameOf(b) === norm(name.replace(/^arn:aws[a-z-]*:s3:::/, "")));
    const edges: { from: BudgetResource; to: BudgetResource }[] = [];
    for (const config of ofType(resources, t.replication)) {
        const from = byName(stringProp(config, "bucket") ?? "");
        for (const rule of asArray(prop(config, "rules"))) {
            if (asString(field(rule, "status")) === "Disabled") {
                continue;
            }
            const to = byName(asString(field(field(rule, "destination"), "bucket")) ?? "");
            if (from && to) {
                edges.push({ from, to });
            }
        }
    }
    const seen = new Set<BudgetResource>();
    for (const edge of edges) {
        if (seen.has(edge.from) || seen.has(edge.to)) {
            const store = stores.find(
                (s) =>
                    s.kind === "s3" &&
                    s.members.some((m) => m.urn === edge.from.urn || m.urn === edge.to.urn),
            )!;
            for (const b of [edge.from, edge.to].filter((x) => !seen.has(x))) {
                store.members.push({
                    urn: b.urn,
                    name: b.name,
                    region: regionOf(b),
                    addresses: [nameOf(b)],
                    writer: true,
                });
                seen.add(b);
            }
            store.replicates.push({ from: edge.from.name, to: edge.to.name });
            continue;
        }
        seen.add(edge.from);
        seen.add(edge.to);
        stores.push({
            urn: edge.from.urn,
            name: edge.from.name,
            kind: "s3",
            members: [edge.from, edge.to].map((b) => ({
                urn: b.urn,
                name: b.name,
                region: regionOf(b),
                addresses: [nameOf(b)],
                writer: true,
            })),
            followingAddresses: [],
            multiWriter: true,
            replicates: [{ from: edge.from.name, to: edge.to.name }],
            promotionSeconds: 0,
            promotionSource: "every bucket takes writes",
        });
    }
}

/** Where each ECS service's tasks write: environment values matched against store addresses. */
function computeOf(
    resources: readonly BudgetResource[],
    stores: readonly StoreModel[],
    records: readonly RecordModel[],
): ComputeModel[] {
    const taskDefs = ofType(resources, t.taskDefinition);
    const rotations = ofType(resources, t.rotation);
    const secrets = ofType(resources, t.secret);
    return ofType(resources, t.service).map((service) => {
        const ref = stringProp(service, "taskDefinition") ?? "";
        const def =
            taskDefs.find((d) =>
                [
                    stringProp(d, "arn"),
                    stringProp(d, "family"),
                    stringProp(d, "arnWithoutRevision"),
                ].includes(ref),
            ) ?? taskDefs.find((d) => regionOf(d) === regionOf(service));
        const containers = containersOf(def);
        const env = containers
            .flatMap((c) => asArray(field(c, "environment")))
            .map((e) => ({
                name: asString(field(e, "name")) ?? "",
                value: norm(asString(field(e, "value"))),
            }));
        const writes: WriteRef[] = [];
        for (const store of stores) {
            // Names of record groups that answer with this store's members (a writer name).
            const names = new Map(
                records
                    .filter((r) => r.storeTarget?.store === store.name)
                    .map((r) => [r.fqdn, r.group]),
            );
            const hits = env.filter(
                (e) =>
                    names.has(e.value) ||
                    store.followingAddresses.includes(e.value) ||
                    store.members.some((m) => m.addresses.includes(e.value)),
            );
            // Readers' addresses do not take writes; a variable that says WRITER wins.
            const writing = hits.filter((e) => !/READ/i.test(e.name));
            const chosen = writing.find((e) => /WRITE/i.test(e.name)) ?? writing[0];
            if (!chosen) {
                continue;
            }
            if (names.has(chosen.value)) {
                writes.push({
                    store: store.name,
                    via: chosen.name,
                    dnsGroup: names.get(chosen.value)!,
                });
                continue;
            }
            // Replicas of a global table share its name: the client's region picks the replica.
            const matching = store.members.filter((m) => m.addresses.includes(chosen.value));
            const member = store.followingAddresses.includes(chosen.value)
                ? undefined
                : (matching.find((m) => m.region === regionOf(service)) ?? matching[0])?.name;
            writes.push({ store: store.name, ...(member ? { member } : {}), via: chosen.name });
        }
        if (writes.length === 0) {
            // Nothing in the task definition names a store: the worse case is that the app
            // writes every single-writer store through an address that follows its writer.
            for (const store of stores.filter((s) => !s.multiWriter)) {
                writes.push({
                    store: store.name,
                    via: "(no address in the task definition; assumed to follow the writer)",
                });
            }
        }
        const injected = containers
            .flatMap((c) => asArray(field(c, "secrets")))
            .map((s) => asString(field(s, "valueFrom")) ?? "")
            .map((arn) => secretNameOf(arn, secrets))
            .filter(
                (name): name is string =>
                    name !== undefined &&
                    rotations.some(
                        (r) => secretNameOf(stringProp(r, "secretId") ?? "", secrets) === name,
                    ),
            );
        return {
            urn: service.urn,
            name: service.name,
            region: regionOf(service),
            writes,
            injectedSecrets: [...new Set(injected)].sort(),
        };
    });
}

function containersOf(def: BudgetResource | undefined): unknown[] {
    const raw = def ? prop(def, "containerDefinitions") : undefined;
    if (typeof raw === "string") {
        try {
            return asArray(JSON.parse(raw));
        } catch {
            return [];
        }
    }
    return asArray(raw);
}

/** The secret a `valueFrom` or secret id names, by its name (replicas share it across regions). */
function secretNameOf(ref: string, secrets: readonly BudgetResource[]): string | undefined {
    const base = ref.split(":").slice(0, 7).join(":");
    const name = ref.startsWith("arn:") ? ref.split(":")[6] : ref;
    const match = secrets.find(
        (s) =>
            stringProp(s, "arn") === base ||
            (name !== undefined && stringProp(s, "arn")?.split(":")[6] === name),
    );
    return match?.name ?? (name ? name.replace(/-[A-Za-z0-9]{6}$/, "") : undefined);
}

function rotationsOf(resources: readonly BudgetResource[]): RotationModel[] {
    const secrets = ofType(resources, t.secret);
    const sar = ofType(resources, t.sarStack);
    return ofType(resources, t.rotation).map((rotation) => {
        const lambda = stringProp(rotation, "rotationLambdaArn") ?? "";
        const app = sar.find(
            (s) => asString(field(prop(s, "outputs"), "RotationLambdaARN")) === lambda,
        );
        const appId = app ? (stringProp(app, "applicationId") ?? "") : "";
        return {
            urn: rotation.urn,
            name: rotation.name,
            secret: secretNameOf(stringProp(rotation, "secretId") ?? "", secrets) ?? rotation.name,
            region: regionOfArn(lambda) ?? regionOf(rotation),
            immediately: asBoolean(prop(rotation, "rotateImmediately")) ?? true,
            alternatingUsers: /MultiUser/i.test(appId),
        };
    });
}

function probesOf(
    resources: readonly BudgetResource[],
    regions: readonly RegionModel[],
    checks: readonly CheckModel[],
    index: AddressIndex,
): ProbeModel[] {
    const gatedBy = new Map<string, string[]>();
    for (const fis of ofType(resources, t.fis)) {
        for (const stop of asArray(prop(fis, "stopConditions"))) {
            const value = asString(field(stop, "value")) ?? "";
            const alarm = value.split(":alarm:")[1];
            if (alarm) {
                gatedBy.set(alarm, [
                    ...(gatedBy.get(alarm) ?? []),
                    `FIS experiment template ${fis.name} (stop condition)`,
                ]);
            }
        }
    }
    for (const check of ofType(resources, t.healthCheck)) {
        const alarm = stringProp(check, "cloudwatchAlarmName");
        if (alarm) {
            gatedBy.set(alarm, [...(gatedBy.get(alarm) ?? []), `health check ${check.name}`]);
        }
    }
    const probes: ProbeModel[] = [];
    for (const canary of ofType(resources, t.canary)) {
        const url =
            asString(
                field(field(prop(canary, "runConfig"), "environmentVariables"), "TARGET_URL"),
            ) ?? "";
        const host = url.replace(/^https?:\/\//, "").split("/")[0];
        const region = regionOfTarget(host, regions, index);
        probes.push({
            urn: canary.urn,
            name: stringProp(canary, "name") ?? canary.name,
            kind: "canary",
            region: regionOf(canary),
            target: region && host.includes(".elb.") ? { kind: "alb", region } : { kind: "public" },
            inVpc: asArray(field(prop(canary, "vpcConfig"), "subnetIds")).length > 0,
            gates: [],
        });
    }
    for (const alarm of ofType(resources, t.metricAlarm)) {
        const name = stringProp(alarm, "name") ?? alarm.name;
        const gates = gatedBy.get(name) ?? [];
        if (gates.length === 0) {
            continue;
        }
        const dims = prop(alarm, "dimensions");
        const canary = asString(field(dims, "CanaryName"));
        const check = asString(field(dims, "HealthCheckId"));
        probes.push({
            urn: alarm.urn,
            name,
            kind: "alarm",
            region: regionOf(alarm),
            inVpc: false,
            ...(canary ? { follows: { kind: "canary" as const, name: canary } } : {}),
            ...(check
                ? {
                      follows: {
                          kind: "check" as const,
                          name: checks.find((c) => c.id === check)?.id ?? check,
                      },
                  }
                : {}),
            gates,
        });
    }
    return probes;
}
