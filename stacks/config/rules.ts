/**
 * Cross-field config rules: one rule per function, each over the typed config (schema.ts) with
 * every field already read, a bad field replaced by its default. A rule returns the problems it
 * finds as `{ key, message }`; the parser reports them with the field problems, sorted by key.
 */
import { capacityProblems } from "../../components/capacity";
import { writeForwardingSupported } from "../../policies/lib/aurora-versions";
import { MrscField, mrscProblems } from "../../components/data/mrsc";
import { imageProblems } from "../../components/region/plan";
import {
    availabilityZoneCounts,
    describeFargateMemory,
    endOfLifeEngineVersion,
    isValidFargateSize,
} from "../../policies/lib/aws-limits";
import { engineVersionProblem, instanceClassProblem } from "./databases";
import { quote } from "./fields";
import type { StackConfig } from "./schema";

/** One problem: the key it is about (`app.memory`) and what is wrong, value included. */
export interface Problem {
    key: string;
    message: string;
}

/** A cross-field rule. */
export type ConfigRule = (config: StackConfig) => Problem[];

/** Split a `key: message` line, the form the component-level checks report in. */
function fromLine(line: string): Problem {
    const colon = line.indexOf(": ");
    return { key: line.slice(0, colon), message: line.slice(colon + 2) };
}

/** Fargate accepts only certain memory sizes for each CPU size. */
export function fargateTaskSize({ app }: StackConfig): Problem[] {
    return isValidFargateSize(app.cpu, app.memory)
        ? []
        : [
              {
                  key: "app.memory",
                  message: `${app.memory} with app.cpu ${app.cpu} is not a Fargate task size; ${describeFargateMemory(app.cpu)}`,
              },
          ];
}

/**
 * Capacity must fit the strategy in a regional stack (components/capacity.ts, which also checks
 * maxCount >= desiredCount); the global stack runs no tasks, so only the ceiling applies there.
 */
export function capacityFitsStrategy({ role, strategy, app }: StackConfig): Problem[] {
    if (role !== "global") {
        return capacityProblems(strategy, app).map(fromLine);
    }
    return app.maxCount < app.desiredCount
        ? [
              {
                  key: "app.maxCount",
                  message: `${app.maxCount} is below app.desiredCount ${app.desiredCount}; it must be at least the full capacity`,
              },
          ]
        : [];
}

/** A regional stack's tasks must be able to pull the image (components/region/plan.ts). */
export function imageReachable({ role, app }: StackConfig): Problem[] {
    return role === "global" ? [] : imageProblems(app.image, app.outboundInternet).map(fromLine);
}

/** The routing mode must serve the regions the strategy keeps serving. */
export function routingFitsStrategy({ strategy, routing }: StackConfig): Problem[] {
    const problem = (message: string): Problem[] => [{ key: "routing.mode", message }];
    if (routing.mode === "dns-failover" && strategy === "active-active") {
        return problem(
            `"dns-failover" serves one region at a time, which contradicts strategy "active-active"; use dns-latency or global-accelerator`,
        );
    }
    if (routing.mode === "cloudfront" && strategy === "active-active") {
        return problem(
            `"cloudfront" origin failover always prefers one origin, which contradicts strategy "active-active"; use dns-latency or global-accelerator`,
        );
    }
    if (routing.mode === "dns-latency" && strategy !== "active-active") {
        return problem(
            `"dns-latency" sends users to every region, but strategy ${quote(strategy)} keeps a standby that does not serve traffic; use dns-failover, global-accelerator or cloudfront`,
        );
    }
    return [];
}

/** Engine versions past their end of standard support are refused (policies/lib/aws-limits.ts). */
export function supportedEngineVersions({ data }: StackConfig): Problem[] {
    const versions = [
        ["auroraEngineVersion", data.auroraEngine, data.auroraEngineVersion],
        ["rdsEngineVersion", data.rdsEngine, data.rdsEngineVersion],
    ] as const;
    return versions.flatMap(([key, engine, version]) => {
        const eol = endOfLifeEngineVersion(engine, version);
        return eol ? [{ key: `data.${key}`, message: `${quote(version)} ${eol}` }] : [];
    });
}

/** Each enabled database's version and instance class must be ones its engine offers. */
export function databaseEngineSupport({ data }: StackConfig): Problem[] {
    const databases = [
        ["aurora", "aurora", data.auroraEngine, data.auroraEngineVersion, data.auroraInstanceClass],
        ["rds", "rds", data.rdsEngine, data.rdsEngineVersion, data.rdsInstanceClass],
    ] as const;
    return databases
        .filter(([store]) => data.stores.includes(store))
        .flatMap(([, prefix, engine, version, instanceClass]) => {
            const problems: Problem[] = [];
            const versionProblem = engineVersionProblem(engine, version);
            if (versionProblem) {
                problems.push({ key: `data.${prefix}EngineVersion`, message: versionProblem });
            }
            const classProblem = instanceClassProblem(engine, instanceClass);
            if (classProblem) {
                problems.push({ key: `data.${prefix}InstanceClass`, message: classProblem });
            }
            return problems;
        });
}

/** A regional stack cannot spread over more Availability Zones than its region offers. */
export function azCountFitsRegion({ role, region, app }: StackConfig): Problem[] {
    const available = availabilityZoneCounts[region];
    if (role === "global" || available === undefined || app.azCount <= available) {
        return [];
    }
    return [
        {
            key: "app.azCount",
            message: `${app.azCount} is more than the ${available} Availability Zones ${region} offers a new account; use at most ${available} (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html)`,
        },
    ];
}

/** The config key behind each field the MRSC rules name. */
const mrscConfigKeys: Record<MrscField, string> = {
    regions: "data.mrscRegions",
    witnessRegion: "data.mrscWitnessRegion",
    ttlAttribute: "data.dynamodbTtlAttribute",
    localSecondaryIndexes: "data.dynamodbLocalSecondaryIndexes",
};

/**
 * A strongly consistent (MRSC) table needs 3 regions of one MRSC set, the primary's and this
 * secondary's included (components/data/mrsc.ts); the MRSC keys mean nothing without it.
 */
export function mrscRegionSet({ role, region, data }: StackConfig): Problem[] {
    if (data.stores.includes("dynamodb") && data.dynamodbConsistency === "strong") {
        return mrscProblems({
            tableRegion: role === "primary" ? region : undefined,
            stackRegion: role === "global" ? undefined : region,
            regions: data.mrscRegions,
            witnessRegion: data.mrscWitnessRegion,
            ttlAttribute: data.dynamodbTtlAttribute,
            localSecondaryIndexCount: 0,
        }).map((p) => ({ key: mrscConfigKeys[p.field], message: p.message }));
    }
    if (data.mrscRegions.length > 0 || data.mrscWitnessRegion !== "") {
        return [
            {
                key: "data.mrscRegions",
                message: `${quote(data.mrscRegions)} and data.mrscWitnessRegion ${quote(data.mrscWitnessRegion)} apply only to data.dynamodbConsistency "strong" with the dynamodb store; remove them or enable MRSC`,
            },
        ];
    }
    return [];
}

/** Only a secondary can be activated: the switch scales a standby to full capacity. */
export function failoverSwitchOnSecondary({ role, failover }: StackConfig): Problem[] {
    return failover.activate && role !== "secondary"
        ? [
              {
                  key: "failover.activate",
                  message: `true is only meaningful on a secondary stack; this stack's role is ${quote(role)}`,
              },
          ]
        : [];
}

/** The global stack fails over between regions, so it needs at least two. */
export function globalHasTwoRegions({ role, regionalStacks }: StackConfig): Problem[] {
    const count = regionalStacks.length;
    return role === "global" && count < 2
        ? [
              {
                  key: "regionalStacks",
                  message: `has ${count} stack; failover needs at least 2 regional stacks`,
              },
          ]
        : [];
}

/** Alarms notify either an existing topic or a topic of their own with subscriptions. */
export function alertsOneTarget({ alerts }: StackConfig): Problem[] {
    return alerts.topicArn !== undefined &&
        (alerts.email.length > 0 || alerts.httpsEndpoints.length > 0)
        ? [
              {
                  key: "alerts.topicArn",
                  message: `${quote(alerts.topicArn)} is set with alerts.email or alerts.httpsEndpoints; set either topicArn (an existing topic) or email/httpsEndpoints (subscriptions of a new topic), not both`,
              },
          ]
        : [];
}

/**
 * A primary with a database replicates its credentials secret to its secondaries' regions, which
 * it must list, and never its own.
 */
export function credentialReplicaRegions({ role, region, data }: StackConfig): Problem[] {
    if (role !== "primary" || !data.stores.some((s) => s === "aurora" || s === "rds")) {
        return [];
    }
    if (data.replicaRegions.includes(region)) {
        return [
            {
                key: "data.replicaRegions",
                message: `${quote(data.replicaRegions)} includes this primary's own region ${quote(region)}; list the secondaries' regions`,
            },
        ];
    }
    if (data.replicaRegions.length === 0) {
        return [
            {
                key: "data.replicaRegions",
                message: `[] is empty, but ${data.stores.filter((s) => s === "aurora" || s === "rds").join(" and ")} keep their credentials in a secret that must be replicated to every secondary's region before it exists; list them, e.g. ["us-west-2"]`,
            },
        ];
    }
    return [];
}

/** Write forwarding needs Aurora and an engine version that supports it. */
export function auroraWriteForwarding({ data }: StackConfig): Problem[] {
    if (!data.auroraWriteForwarding) {
        return [];
    }
    if (!data.stores.includes("aurora")) {
        return [
            {
                key: "data.auroraWriteForwarding",
                message: `true needs the aurora store in data.stores`,
            },
        ];
    }
    return writeForwardingSupported(data.auroraEngine, data.auroraEngineVersion)
        ? []
        : [
              {
                  key: "data.auroraWriteForwarding",
                  message: `true, but ${data.auroraEngine} ${data.auroraEngineVersion} does not support global write forwarding (Aurora PostgreSQL 14.9+, 15.4+, 16+; Aurora MySQL 2.08.1+)`,
              },
          ];
}

/** Aurora Serverless v2's capacity range runs from its minimum up to its maximum. */
export function auroraCapacityRange({ data }: StackConfig): Problem[] {
    return data.auroraMinCapacity > data.auroraMaxCapacity
        ? [
              {
                  key: "data.auroraMinCapacity",
                  message: `${data.auroraMinCapacity} is above data.auroraMaxCapacity ${data.auroraMaxCapacity}; the minimum must be at most the maximum`,
              },
          ]
        : [];
}

/** The ALB's liveness check must not be the deep health check Route 53 uses. */
export function livenessApartFromHealth({ app }: StackConfig): Problem[] {
    return app.livenessPath !== "" && app.livenessPath === app.healthPath
        ? [
              {
                  key: "app.livenessPath",
                  message: `${quote(app.livenessPath)} is also app.healthPath; the ALB's liveness check must be a shallow path apart from the health path that checks the region's data`,
              },
          ]
        : [];
}

/**
 * Behind an edge (cloudfront, global-accelerator) the ALB is internal: Route 53 cannot request
 * app.healthPath and watches the serving alarm, built from the target group's healthy hosts. A
 * target group that checked only liveness would stay healthy through a data outage, and the
 * region would never fail over, so the target group must keep the deep path there.
 */
export function livenessOnlyWithDns({ app, routing }: StackConfig): Problem[] {
    return app.livenessPath !== "" &&
        (routing.mode === "cloudfront" || routing.mode === "global-accelerator")
        ? [
              {
                  key: "app.livenessPath",
                  message: `${quote(app.livenessPath)} cannot be used with routing.mode ${quote(routing.mode)}: behind an edge the target group's healthy hosts (the serving alarm) decide failover, so it must check app.healthPath; leave app.livenessPath empty or use dns-failover or dns-latency`,
              },
          ]
        : [];
}

/**
 * The RDS promote block of a Region switch plan supports active/passive plans only, and an
 * active-active deployment's plan is active/active
 * (https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html).
 */
export function rdsNeedsActivePassive({ strategy, data }: StackConfig): Problem[] {
    return strategy === "active-active" && data.stores.includes("rds")
        ? [
              {
                  key: "data.stores",
                  message: `includes "rds" with strategy "active-active": the Region switch plan of an active-active deployment is active/active, and its RDS promote block supports active/passive plans only (https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html); use "aurora" (a global database the plan switches over) or a standby strategy`,
              },
          ]
        : [];
}

/** The plan's approval role trusts named approvers only, so approval needs at least one. */
export function approversWithApproval({ role, failover }: StackConfig): Problem[] {
    return role === "global" &&
        failover.plan &&
        failover.approval &&
        failover.approvers.length === 0
        ? [
              {
                  key: "failover.approvers",
                  message:
                      'is empty, but failover.approval is true: name the IAM roles or users that may approve a Region switch run, e.g. ["arn:aws:iam::123456789012:role/failover-approver"] (the approval role never trusts the whole account), or set failover.approval to false',
              },
          ]
        : [];
}

/** Every cross-field rule; add a new one here. */
/**
 * Images whose processes write outside a read-only root file system, and where: the root file
 * system of every task is read-only (components/region/service.ts), so a task of such an image
 * without those paths writable exits at start and the service never becomes healthy. Only
 * images whose needs are documented are listed; others declare theirs in `app.writablePaths`.
 */
export const imageWritableNeeds: readonly { pattern: RegExp; paths: string[]; doc: string }[] = [
    {
        // nginx writes its pid to /var/run and its temp files under /var/cache/nginx.
        pattern:
            /^(public\.ecr\.aws\/nginx\/nginx|(docker\.io\/)?(library\/)?nginx|public\.ecr\.aws\/docker\/library\/nginx)[:@]/,
        paths: ["/var/cache/nginx", "/var/run"],
        doc: "https://hub.docker.com/_/nginx (Running nginx in read-only mode)",
    },
];

/** The paths the image is documented to write to must be writable. */
export function imageWritablePaths({ role, app }: StackConfig): Problem[] {
    if (role === "global") {
        return [];
    }
    const need = imageWritableNeeds.find((n) => n.pattern.test(app.image));
    const missing = need ? need.paths.filter((p) => !app.writablePaths.includes(p)) : [];
    return missing.length === 0
        ? []
        : [
              {
                  key: "app.writablePaths",
                  message: `${quote(app.writablePaths)} leaves out ${missing.join(", ")}, which ${app.image} writes to; with a read-only root file system its tasks would exit at start (${need!.doc}); add ${missing.length === 1 ? "it" : "them"}`,
              },
          ];
}

/**
 * Across stacks (the global stack reads them all): every region the primary replicates its
 * database credentials to must be a listed secondary's; a replica elsewhere serves nothing and
 * widens where the credentials live. Returns the problem line, or undefined.
 */
export function replicaRegionsWithoutStack(
    replicaRegions: readonly string[],
    secondaryRegions: readonly string[],
): string | undefined {
    const unused = replicaRegions.filter((r) => !secondaryRegions.includes(r));
    return unused.length === 0
        ? undefined
        : `data.replicaRegions: the primary replicates its database credentials to ${unused.map(quote).join(", ")}, where no listed secondary stack runs (secondaries: ${secondaryRegions.map(quote).join(", ") || "none"}); remove ${unused.length === 1 ? "it" : "them"} from data.replicaRegions on the primary, or list the stack in regionalStacks`;
}

export const configRules: readonly ConfigRule[] = [
    imageWritablePaths,
    fargateTaskSize,
    capacityFitsStrategy,
    imageReachable,
    azCountFitsRegion,
    routingFitsStrategy,
    supportedEngineVersions,
    databaseEngineSupport,
    mrscRegionSet,
    failoverSwitchOnSecondary,
    globalHasTwoRegions,
    credentialReplicaRegions,
    auroraWriteForwarding,
    auroraCapacityRange,
    livenessApartFromHealth,
    livenessOnlyWithDns,
    alertsOneTarget,
    rdsNeedsActivePassive,
    approversWithApproval,
];
