/**
 * Where the drill's target comes from: the global stack's outputs (health checks, routing
 * controls, routing mode), the regional stack of the drilled region (its ALB), and the global
 * stack's config (domain and hosted zone, which the stack does not export).
 */
import * as fs from "fs";
import { listStacks, loadProject, loadStackConfig } from "../project/project";
import { runStacks } from "../check/engine/engine";
import { estimateRto } from "../policies/budget";
import { planDeploy } from "../deploy/plan";
import { StackFactory } from "../deploy/workspace";
import { configDefaults } from "../stacks/config";
import type { GlobalStackOutputs, RegionalStackOutputs } from "../stacks/contract";
import { DrillError, DrillTarget, Trigger } from "./drill";
import type { FisTarget } from "./fis";

/**
 * The global stack's outputs the drill reads, checked against the contract's types field by
 * field: outputs come from a file or a deployed stack, so they are read, never cast. A missing
 * `routingMode` fails naming the stack; a malformed optional field counts as absent.
 */
type GlobalOutputs = Pick<GlobalStackOutputs, "routingMode"> &
    Partial<
        Pick<
            GlobalStackOutputs,
            | "healthCheckIds"
            | "routingControlArns"
            | "arcClusterEndpoints"
            | "fisTemplateIds"
            | "canaries"
        >
    >;

const isRecord = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
const stringMap = (v: unknown): Record<string, string> | undefined =>
    isRecord(v) && Object.values(v).every((x) => typeof x === "string")
        ? (v as Record<string, string>)
        : undefined;
const listOf = <K extends string>(
    v: unknown,
    keys: readonly K[],
): Record<K, string>[] | undefined =>
    Array.isArray(v) && v.every((x) => isRecord(x) && keys.every((k) => typeof x[k] === "string"))
        ? (v as Record<K, string>[])
        : undefined;

/** The global stack's outputs as the drill reads them (see GlobalOutputs). */
export function globalOutputsOf(outputs: Record<string, unknown>, stack: string): GlobalOutputs {
    const routingMode = outputs.routingMode;
    if (typeof routingMode !== "string") {
        throw new DrillError(
            `the global stack ${stack} exports no routingMode; run \`pulumi up\` on it with this version`,
        );
    }
    return {
        routingMode,
        healthCheckIds: stringMap(outputs.healthCheckIds),
        routingControlArns: stringMap(outputs.routingControlArns),
        arcClusterEndpoints: listOf(outputs.arcClusterEndpoints, ["region", "endpoint"] as const),
        fisTemplateIds: stringMap(outputs.fisTemplateIds),
        canaries: listOf(outputs.canaries, ["name", "region", "checks"] as const),
    };
}

/** Reads a stack's outputs by stack name (as in `Pulumi.<stack>.yaml`). */
export type OutputsReader = (stack: string, fullName: string) => Promise<Record<string, unknown>>;

/**
 * Outputs from a JSON file keyed by stack name, each value what `pulumi stack output --json`
 * prints: `{ "global": {...}, "primary": {...} }`.
 */
export function outputsFromFile(file: string): OutputsReader {
    let doc: Record<string, Record<string, unknown>>;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new DrillError(`--outputs ${file}: ${(err as Error).message}`);
    }
    return async (stack) => {
        const outputs = doc[stack];
        if (outputs === undefined) {
            throw new DrillError(
                `--outputs ${file} has no outputs for stack ${stack}; it has: ${Object.keys(doc).join(", ") || "none"}`,
            );
        }
        return outputs;
    };
}

/** Outputs through the Automation API (`stack.outputs()`); needs the Pulumi CLI and backend. */
export function outputsFromStacks(factory: StackFactory, workDir: string): OutputsReader {
    return async (_stack, fullName) => {
        const map = await (await factory(fullName, workDir)).outputs();
        return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.value]));
    };
}

const dnsModes = ["dns-failover", "dns-latency"];

export interface TargetQuery {
    projectDir: string;
    /** The global stack's name. */
    globalStack: string;
    region: string;
    trigger?: Trigger;
    readOutputs: OutputsReader;
}

type DeployStep = ReturnType<typeof planDeploy>[number];

/** The project and the query's global stack; refused unless that stack's role is global. */
function globalStackOf(query: Pick<TargetQuery, "projectDir" | "globalStack">) {
    const project = loadProject(query.projectDir);
    const [global] = planDeploy(project, listStacks(query.projectDir), [query.globalStack]);
    if (global.role !== "global") {
        throw new DrillError(
            `stack ${global.stack} has role ${global.role ?? "unset"}; pass the global stack with --stack`,
        );
    }
    return { project, global };
}

/** The domain and hosted zone, from the global stack's config: the stack does not export them. */
function dnsConfigOf(
    project: ReturnType<typeof loadProject>,
    stack: string,
): { domain: string; hostedZoneId: string } {
    const values = loadStackConfig(project, stack).values;
    const key = `${project.name}:dns`;
    return values[key] ? JSON.parse(values[key]) : configDefaults.dns;
}

/** The load balancer host name of the first regional stack of `global` in the query's region. */
async function regionalAlb(
    query: Pick<TargetQuery, "region" | "readOutputs">,
    global: DeployStep,
): Promise<string | undefined> {
    const prefix = global.fullName.slice(0, global.fullName.length - global.stack.length);
    for (const stack of global.dependsOn) {
        const regional: Record<string, unknown> = await query.readOutputs(
            stack,
            `${prefix}${stack}`,
        );
        const albDnsName: RegionalStackOutputs["albDnsName"] | undefined =
            typeof regional.albDnsName === "string" ? regional.albDnsName : undefined;
        if (regional.region === query.region && albDnsName !== undefined) {
            return albDnsName;
        }
    }
    return undefined;
}

/** Resolve the drill target and the trigger (routing control when ARC is configured). */
export async function resolveTarget(
    query: TargetQuery,
): Promise<{ target: DrillTarget; trigger: Trigger; regionalStacks: string[] }> {
    const { project, global } = globalStackOf(query);
    const outputs = globalOutputsOf(
        await query.readOutputs(global.stack, global.fullName),
        global.stack,
    );
    if (!dnsModes.includes(outputs.routingMode)) {
        throw new DrillError(
            `routing mode ${outputs.routingMode} does not fail over in DNS (Global Accelerator and CloudFront fail over on their own health checks); the drill measures ${dnsModes.join(" and ")}`,
        );
    }
    const healthCheckId = outputs.healthCheckIds?.[query.region];
    if (healthCheckId === undefined) {
        throw new DrillError(
            `--region ${query.region} is not routed by ${global.stack}; its regions: ${Object.keys(outputs.healthCheckIds ?? {}).join(", ")}`,
        );
    }
    const dns = dnsConfigOf(project, global.stack);
    const regionTarget = await regionalAlb(query, global);
    if (regionTarget === undefined) {
        throw new DrillError(
            `no regional stack of ${global.stack} (${global.dependsOn.join(", ")}) exports region ${query.region}`,
        );
    }
    const routingControlArn = outputs.routingControlArns?.[query.region];
    const trigger = query.trigger ?? (routingControlArn ? "routing-control" : "health-check");
    return {
        trigger,
        regionalStacks: global.dependsOn,
        target: {
            region: query.region,
            domain: dns.domain,
            hostedZoneId: dns.hostedZoneId,
            healthCheckId,
            regionTarget,
            ...(routingControlArn
                ? { routingControlArn, arcEndpoints: outputs.arcClusterEndpoints ?? [] }
                : {}),
        },
    };
}

/**
 * What the model expects the drill to measure: the routing part of the estimated RTO. The drill
 * takes a healthy region out of DNS, so no operator, deployment, data promotion or scale-up is
 * involved; what it measures is detection (health-check trigger only: a routing control turned
 * Off is unhealthy at once) plus the traffic shift. The figures come from running the project
 * offline and the failover budget (policies/budget), exactly as `npm start` estimates them.
 */
export async function modelExpectation(
    projectDir: string,
    globalStack: string,
    regionalStacks: string[],
    trigger: Trigger,
): Promise<{ seconds: number; source: string }> {
    const records = await runStacks({ projectDir, stacks: [...regionalStacks, globalStack] });
    const global = records.find((r) => r.stack === globalStack)!;
    const rto = estimateRto({ resources: global.resources });
    const wanted = trigger === "health-check" ? ["detection", "traffic-shift"] : ["traffic-shift"];
    const steps = rto.breakdown.filter((s) => wanted.includes(s.step));
    return {
        seconds: steps.reduce((sum, s) => sum + s.seconds, 0),
        source: `failover budget ${steps.map((s) => `${s.step} ${s.seconds} s`).join(" + ")}`,
    };
}

/**
 * The game day's target: the region's FIS template and the canaries from the global stack's
 * outputs; with DNS routing, the name, zone and the region's load balancer to watch in DNS.
 */
export async function resolveFisTarget(
    query: Omit<TargetQuery, "trigger">,
): Promise<{ target: FisTarget }> {
    const { project, global } = globalStackOf(query);
    const outputs = globalOutputsOf(
        await query.readOutputs(global.stack, global.fullName),
        global.stack,
    );
    const experimentTemplateId = outputs.fisTemplateIds?.[query.region];
    if (experimentTemplateId === undefined) {
        throw new DrillError(
            `--fis: the global stack ${global.stack} exports no FIS template for ${query.region} (fisTemplateIds: ${Object.keys(outputs.fisTemplateIds ?? {}).join(", ") || "none"}); run \`pulumi up\` on it with this version`,
        );
    }
    let dns: FisTarget["dns"];
    if (dnsModes.includes(outputs.routingMode)) {
        const cfg = dnsConfigOf(project, global.stack);
        const regionTarget = await regionalAlb(query, global);
        if (regionTarget !== undefined) {
            dns = { domain: cfg.domain, hostedZoneId: cfg.hostedZoneId, regionTarget };
        }
    }
    return {
        target: {
            region: query.region,
            experimentTemplateId,
            canaries: outputs.canaries ?? [],
            ...(dns ? { dns } : {}),
        },
    };
}
