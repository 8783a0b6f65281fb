/**
 * The stack output contract: what every regional stack exports and the global stack (and each
 * secondary) reads through a StackReference. Defined once, used by both sides.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObjectivesContract, RegionalCapacity } from "../policies/lib/contract";
import type { DataStoreManifestEntry } from "../policies/lib/manifest";
import type { Role, Strategy } from "./config";

export type { DataStoreManifestEntry } from "../policies/lib/manifest";

/** Capacity a regional stack runs now, and what full capacity is (policies/lib/contract.ts). */
export type CapacityOutput = RegionalCapacity;

/** How the edge reaches a region's ALB (components/region/plan.ts `edgePlan`). */
export interface EdgeOutput {
    /** `dns`, `global-accelerator` or `cloudfront`. */
    mode: string;
    albScheme: "internal" | "internet-facing";
    /** Who the ALB admits: `internet`, `cloudfront-origin-facing` or `global-accelerator`. */
    admits: string;
    /** The path from the edge to the origin, in words. */
    path: string;
    /** The ALB's security group and VPC (the global stack admits Global Accelerator there). */
    albSecurityGroupId: string;
    vpcId: string;
    /** Whether a WAF web ACL guards the ALB. */
    waf: boolean;
    /**
     * With an internal ALB (Route 53 health checkers cannot reach it): the CloudWatch alarm, in
     * the stack's region, that is in ALARM while the region cannot serve. The global stack's
     * health check for the region watches it.
     */
    servingAlarm?: { name: string; region: string };
}

/** Outputs of a `primary` or `secondary` stack. */
export interface RegionalStackOutputs {
    /** `primary` or `secondary`. */
    role: Exclude<Role, "global">;
    /** The DR strategy this region was built for. */
    strategy: Strategy;
    /** AWS region of the stack. */
    region: string;
    /** DNS name of the regional ALB. */
    albDnsName: string;
    /** Canonical hosted zone ID of the ALB, for alias records. */
    albZoneId: string;
    /** ARN of the regional ALB (Global Accelerator endpoints use it). */
    albArn: string;
    /** HTTPS URL a health checker probes, on the ALB's DNS name. */
    healthCheckUrl: string;
    /** The health check path on its own. */
    healthCheckPath: string;
    /** ECS cluster name. */
    clusterName: string;
    /** ECS service name. */
    serviceName: string;
    /** Capacity now and at full strength. */
    capacity: CapacityOutput;
    /** How the edge reaches this region's ALB. */
    edge: EdgeOutput;
    /** The recovery objectives this region's deployment promises. */
    objectives: ObjectivesContract;
    /**
     * Data stores: on the primary, the writable stores and how each replicates; on a secondary,
     * the replicas it created in its region.
     */
    dataStores: DataStoreManifestEntry[];
    /**
     * The endpoints this region's service uses, as its tasks receive them (docs/data.md,
     * "Environment contract"); absent from stacks deployed before it existed.
     */
    dataEndpoints?: DataEndpointsOutput;
}

/** The data endpoints of one region's service: the task environment and secret references. */
export interface DataEndpointsOutput {
    /** Region of the service (and of every endpoint but the Aurora global writer). */
    region: string;
    /** Environment variable to value. */
    environment: Record<string, string>;
    /** Environment variable to the Secrets Manager reference ECS resolves at task start. */
    secrets: Record<string, string>;
}

/** Every key of the regional contract, in a fixed order. */
export const regionalOutputKeys: readonly (keyof RegionalStackOutputs)[] = [
    "role",
    "strategy",
    "region",
    "albDnsName",
    "albZoneId",
    "albArn",
    "healthCheckUrl",
    "healthCheckPath",
    "clusterName",
    "serviceName",
    "capacity",
    "edge",
    "objectives",
    "dataStores",
];

/** The regional contract as a program returns it: every value may still be an Output. */
export type RegionalStackOutputInputs = {
    [K in keyof RegionalStackOutputs]: pulumi.Input<RegionalStackOutputs[K]>;
};

/** A regional stack's contract, read through a StackReference; a missing key fails the deployment. */
export type RegionalStackReference = {
    [K in keyof RegionalStackOutputs]: pulumi.Output<RegionalStackOutputs[K]>;
};

/** Read the regional contract from `ref`, failing the way `requireOutput` does on a missing key. */
export function readRegionalOutputs(ref: pulumi.StackReference): RegionalStackReference {
    const out = {} as Record<string, pulumi.Output<unknown>>;
    for (const key of regionalOutputKeys) {
        out[key] = ref.requireOutput(key);
    }
    return out as RegionalStackReference;
}

/** Outputs of the `global` stack. */
export interface GlobalStackOutputs {
    /** The URL users reach. */
    endpoint: string;
    /** The routing mode in use. */
    routingMode: string;
    /** Region to its Route 53 health check ID. */
    healthCheckIds: Record<string, string>;
    /** Regions routed to, primary first. */
    regions: string[];
    /**
     * Region to the health check attached to its DNS records (with ARC, the check that combines
     * the endpoint and the routing control); empty in global-accelerator and cloudfront modes.
     */
    recordHealthCheckIds: Record<string, string>;
    /** SNS topic the health check alarms notify. */
    alarmTopicArn: string;
    /** With `routing.arc`: region to its ARC routing control ARN. */
    routingControlArns?: Record<string, string>;
    /** With `routing.arc`: the ARC cluster's data-plane endpoints for flipping routing controls. */
    arcClusterEndpoints?: { region: string; endpoint: string }[];
    /** With the game day's FIS templates (stacks/observability.ts): region to template ID. */
    fisTemplateIds?: Record<string, string>;
    /** The canaries, each with the region it runs in and what it checks. */
    canaries?: { name: string; region: string; checks: string }[];
}

/** The output name of the primary's data contract. */
export const primaryDataOutputName = "data";

/**
 * What a secondary needs from the primary to replicate its data, exported by the primary as
 * `data`. Each store's entry is present exactly when the primary enabled that store.
 */
export interface PrimaryDataContract {
    /** The primary's region. */
    region: string;
    /** ARN of the multi-region primary KMS key that secondaries replicate; unset with no stores. */
    kmsKeyArn?: string;
    /** ARN of the multi-region key of the database credentials secret, in the primary's region. */
    secretKeyArn?: string;
    /** Regions the database credentials secret (and its key) is replicated to. */
    secretReplicaRegions?: string[];
    aurora?: {
        globalClusterIdentifier: string;
        engine: string;
        engineVersion: string;
        clusterArn: string;
        /** The global cluster's writer endpoint, which follows a switchover or failover. */
        globalWriterEndpoint?: string;
        /** ARN of the master credentials secret in the primary's region. */
        secretArn?: string;
    };
    rds?: {
        sourceArn: string;
        engine: string;
        engineVersion: string;
        /** Host name of the source (writer) instance. */
        address?: string;
        /** ARN of the master credentials secret in the primary's region. */
        secretArn?: string;
    };
    dynamodb?: {
        tableName: string;
        tableArn: string;
        consistency: "eventual" | "strong";
        /** Regions holding a readable copy (MRSC: fixed at creation). */
        replicaRegions: string[];
    };
    s3?: {
        bucketName: string;
        bucketArn: string;
        kmsKeyArn: string;
        /** The primary's replication settings, which the global stack's configuration follows. */
        replicationTimeControl?: boolean;
        deleteMarkerReplication?: boolean;
    };
}

/**
 * Read the primary's data contract, failing like `requireOutput` when the primary exports none,
 * and naming the store and the remedy when a store this stack replicates is missing from it.
 */
export async function readPrimaryData(
    ref: pulumi.StackReference,
    primaryStack: string,
    stores: readonly string[],
): Promise<PrimaryDataContract> {
    // Awaited, not an Output: a secondary must know what it replicates before it creates anything.
    return ref.requireOutputValue(primaryDataOutputName).then((value) => {
        const data = value as PrimaryDataContract;
        const missing = stores.filter((s) => data[s as keyof PrimaryDataContract] === undefined);
        if (stores.length > 0 && data.kmsKeyArn === undefined) {
            missing.unshift("kmsKeyArn");
        }
        if (missing.length > 0) {
            throw new Error(
                `data.stores: this stack replicates ${stores.map((s) => JSON.stringify(s)).join(", ")}, but the primary stack ${primaryStack} exports no data.${missing.join(", data.")}; enable the same stores on the primary and run \`pulumi up\` there first`,
            );
        }
        return data;
    });
}
