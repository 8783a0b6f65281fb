/**
 * Route 53 record facts: which routing policy a record uses, what its alias points at, and the
 * TTL resolvers will actually cache it for.
 */
import {
    cloudFrontHostedZoneId,
    globalAcceleratorHostedZoneId,
    albHostedZoneIds,
} from "./aws-limits";
import { UnknownValueError } from "@pulumi/policy";
import {
    asArray,
    asBoolean,
    asNumber,
    asString,
    get,
    isPresent,
    isUnknownValueError,
} from "./props";

/** Routing policy inputs of `aws.route53.Record`, with the name used in messages. */
export const routingPolicies = [
    { key: "failoverRoutingPolicies", label: "failover" },
    { key: "latencyRoutingPolicies", label: "latency" },
    { key: "weightedRoutingPolicies", label: "weighted" },
    { key: "geolocationRoutingPolicies", label: "geolocation" },
    { key: "geoproximityRoutingPolicy", label: "geoproximity" },
    { key: "cidrRoutingPolicy", label: "CIDR" },
] as const;

/** The record's routing policy ("failover", "latency", ...), or `undefined` for simple routing. */
export function routingPolicyOf(props: Record<string, unknown>): string | undefined {
    for (const { key, label } of routingPolicies) {
        if (isPresent(props, key)) {
            return label;
        }
    }
    if (
        "multivalueAnswerRoutingPolicy" in props &&
        asBoolean(props.multivalueAnswerRoutingPolicy)
    ) {
        return "multivalue answer";
    }
    return undefined;
}

/** `PRIMARY`/`SECONDARY` for a failover record. */
export function failoverTypeOf(props: Record<string, unknown>): string | undefined {
    if (!("failoverRoutingPolicies" in props)) {
        return undefined;
    }
    return asString(get(props.failoverRoutingPolicies, 0, "type"));
}

/** The record's alias target, when it is an alias record. */
export interface AliasTarget {
    name: string;
    zoneId: string;
    evaluateTargetHealth: boolean;
    kind: AliasTargetKind;
    /** Set when the target's name and zone are unknown during preview, so `kind` is "unknown". */
    unknown?: UnknownValueError;
}

/** What an alias points at, as far as its DNS name and hosted zone tell. */
export type AliasTargetKind =
    | "elb"
    | "cloudfront"
    | "s3-website"
    | "global-accelerator"
    | "other"
    | "unknown";

export function aliasOf(props: Record<string, unknown>): AliasTarget | undefined {
    if (!("aliases" in props)) {
        return undefined;
    }
    const alias = asArray(props.aliases)[0];
    if (alias === undefined) {
        return undefined;
    }
    const evaluateTargetHealth = asBoolean(get(alias, "evaluateTargetHealth")) === true;
    try {
        const name = asString(get(alias, "name")) ?? "";
        const zoneId = asString(get(alias, "zoneId")) ?? "";
        return { name, zoneId, evaluateTargetHealth, kind: aliasTargetKind(name, zoneId) };
    } catch (err) {
        if (!isUnknownValueError(err)) {
            throw err;
        }
        // The target is usually a resource created in the same deployment (a load balancer's
        // DNS name); its kind is decided once the value is known.
        return { name: "", zoneId: "", evaluateTargetHealth, kind: "unknown", unknown: err };
    }
}

const elbZoneIds = new Set(Object.values(albHostedZoneIds));

export function aliasTargetKind(name: string, zoneId: string): AliasTargetKind {
    const host = name.toLowerCase().replace(/\.$/, "");
    if (zoneId === cloudFrontHostedZoneId || host.endsWith(".cloudfront.net")) {
        return "cloudfront";
    }
    if (zoneId === globalAcceleratorHostedZoneId || host.endsWith(".awsglobalaccelerator.com")) {
        return "global-accelerator";
    }
    if (host.endsWith(".elb.amazonaws.com") || elbZoneIds.has(zoneId)) {
        return "elb";
    }
    if (/(^|\.)s3-website[.-]/.test(host)) {
        return "s3-website";
    }
    return "other";
}

/**
 * TTL Route 53 serves for alias records to AWS targets. An alias cannot set a TTL; Route 53 uses
 * the target's, and for ELB, CloudFront, S3 website and Global Accelerator targets that is a
 * fixed 60 seconds (Route 53 FAQ; "Choosing between alias and non-alias records").
 */
export const aliasTargetTtlSeconds = 60;

/** Labels for messages. */
export const aliasKindLabels: Readonly<Record<AliasTargetKind, string>> = {
    elb: "load balancer",
    cloudfront: "CloudFront distribution",
    "s3-website": "S3 website endpoint",
    "global-accelerator": "Global Accelerator",
    other: "alias target",
    unknown: "alias target",
};

/**
 * The TTL resolvers cache the record for: its `ttl`, or for an alias the target's fixed TTL.
 * `undefined` when it cannot be known from the record alone (an alias to another record).
 */
export function effectiveTtl(props: Record<string, unknown>): number | undefined {
    const alias = aliasOf(props);
    if (alias) {
        if (alias.unknown) {
            throw alias.unknown;
        }
        return alias.kind === "other" ? undefined : aliasTargetTtlSeconds;
    }
    return "ttl" in props ? asNumber(props.ttl) : undefined;
}

/** Normalized record name for grouping: lower case, no trailing dot. */
export function recordKey(props: Record<string, unknown>): string {
    const name = (asString(props.name) ?? "").toLowerCase().replace(/\.$/, "");
    const type = asString(props.type) ?? "";
    const zone = asString(props.zoneId) ?? "";
    return `${zone}|${name}|${type}`;
}

/** A Route 53 record as the stack policies see it. */
export interface RecordResource {
    name: string;
    urn: string;
    props: Record<string, unknown>;
}

/** The TTL a record is served with, and the records it was read through (alias chain). */
export interface ResolvedTtl {
    ttl: number;
    /** The records from this one to the one whose TTL applies, when an alias chain was followed. */
    chain: RecordResource[];
    /** The AWS alias target whose fixed TTL applies, when the chain ends at one. */
    aliasKind?: AliasTargetKind;
}

function normalizedName(value: unknown): string {
    return (asString(value) ?? "").toLowerCase().replace(/\.$/, "");
}

/**
 * The TTL resolvers cache `record` for, following aliases to other records in the zone: an alias
 * to a record takes that record's TTL (Route 53, "Choosing between alias and non-alias records"),
 * recursively; when the target name has several records (a routed set), the largest TTL among
 * them. `undefined` when the chain leaves the records given or loops.
 */
export function resolveTtl(
    record: RecordResource,
    records: readonly RecordResource[],
    seen: ReadonlySet<RecordResource> = new Set(),
): ResolvedTtl | undefined {
    if (seen.has(record) || seen.size > 16) {
        return undefined;
    }
    const alias = aliasOf(record.props);
    if (!alias) {
        const ttl = "ttl" in record.props ? asNumber(record.props.ttl) : undefined;
        return ttl === undefined ? undefined : { ttl, chain: [record] };
    }
    if (alias.unknown) {
        throw alias.unknown;
    }
    if (alias.kind !== "other") {
        return { ttl: aliasTargetTtlSeconds, chain: [record], aliasKind: alias.kind };
    }
    const zone = asString(record.props.zoneId);
    const target = normalizedName(alias.name);
    const next = new Set([...seen, record]);
    let worst: ResolvedTtl | undefined;
    for (const candidate of records) {
        if (candidate === record || normalizedName(candidate.props.name) !== target) {
            continue;
        }
        const candidateZone = asString(candidate.props.zoneId);
        if (zone && candidateZone && candidateZone !== zone && alias.zoneId !== candidateZone) {
            continue;
        }
        const resolved = resolveTtl(candidate, records, next);
        if (resolved && (!worst || resolved.ttl > worst.ttl)) {
            worst = resolved;
        }
    }
    return worst ? { ...worst, chain: [record, ...worst.chain] } : undefined;
}

/** Where a record sends users: its alias target's DNS name, or its values. */
export function recordTargets(props: Record<string, unknown>): string[] {
    const alias = aliasOf(props);
    if (alias) {
        return alias.name ? [normalizedName(alias.name).replace(/^dualstack\./, "")] : [];
    }
    return asArray(props.records)
        .map((v) => normalizedName(v))
        .filter((v) => v !== "");
}
