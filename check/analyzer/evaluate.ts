/**
 * Evaluates a policy pack over the stacks the offline engine recorded, in the order and shape the
 * Pulumi engine uses: ConfigureStack, Configure (with the CLI's resolved config), Analyze for each
 * resource's inputs, then AnalyzeStack with every resource's outputs.
 */
import { StackRecord, RecordedResource } from "../engine/types";
import { withDeploymentFacts } from "../../policies/lib/deployment";
import { AnalyzerClient, AnalyzerResourceInput, Diagnostic, PackInfo } from "./client";
import { ResolvedPolicyConfig, resolvePolicyConfig } from "./policy-config";

/** A violation attached to the stack and resource it was found on. */
export interface Violation extends Diagnostic {
    stack: string;
    /** Logical name and type of the resource at `urn`, when it is one of the stack's resources. */
    resourceName?: string;
    resourceType?: string;
}

/** The outcome of evaluating a pack over a set of stacks. */
export interface PackEvaluation {
    pack: PackInfo;
    config: Record<string, ResolvedPolicyConfig>;
    violations: Violation[];
}

/** The provider version whose default provider the real engine would register. */
const defaultAwsProviderName = "default_7_48_0";

/**
 * Evaluate a pack over `records`, with the user's `--policy-config` JSON. `pack` is the pack's
 * folder, or a client already starting (the check starts the pack while the program runs, since
 * both take seconds). The pack is stopped afterwards either way.
 */
export async function evaluatePack(
    records: readonly StackRecord[],
    pack: string | Promise<AnalyzerClient>,
    userConfig: unknown = {},
): Promise<PackEvaluation> {
    const client = await (typeof pack === "string" ? AnalyzerClient.start(pack) : pack);
    try {
        const pack = await client.info();
        const config = resolvePolicyConfig(pack.policies, userConfig, pack.initialConfig);
        const violations: Violation[] = [];
        for (const record of records) {
            await client.configureStack(
                record.stack,
                record.project,
                record.fullName.split("/")[0],
            );
            // Project-wide analysis: each stack sees the others' facts (policies/lib/deployment.ts).
            await client.configure(withDeploymentFacts(config, records, record.stack));
            const forResource = analyzerResources(record, "inputs");
            const byUrn = new Map(record.resources.map((r) => [r.urn, r]));
            // Resource diagnostics carry no URN; the engine attaches the analyzed resource's.
            const perResource = await inOrder(forResource, analyzeConcurrency, async (resource) =>
                (await client.analyze(resource)).map((d) => ({ ...d, urn: d.urn || resource.urn })),
            );
            const found: Diagnostic[] = perResource.flat();
            found.push(...(await client.analyzeStack(analyzerResources(record, "outputs"))));
            for (const d of found) {
                const resource = byUrn.get(d.urn);
                violations.push({
                    ...d,
                    message: violationText(d),
                    stack: record.stack,
                    resourceName: resource?.name,
                    resourceType: resource?.type,
                });
            }
        }
        return { pack, config, violations };
    } finally {
        client.close();
    }
}

/**
 * Analyze calls kept in flight at once. One call at a time left the pack idle during every round
 * trip; a bounded window keeps it busy without queueing thousands of requests in memory.
 */
const analyzeConcurrency = 16;

/** `work` over `items` with at most `limit` running at once; results keep the items' order. */
export async function inOrder<T, R>(
    items: readonly T[],
    limit: number,
    work: (item: T) => Promise<R>,
): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

/** The SDK reports `description + "\n" + message`; reports show the two apart. */
function violationText(d: Diagnostic): string {
    const prefix = `${d.description}\n`;
    return d.description && d.message.startsWith(prefix)
        ? d.message.slice(prefix.length)
        : d.message;
}

/**
 * The stack's resources as the analyzer protocol carries them. Resources without an explicit
 * provider get the default AWS provider the real engine registers from the stack's config.
 */
export function analyzerResources(
    record: StackRecord,
    properties: "inputs" | "outputs",
): AnalyzerResourceInput[] {
    const providers = new Map(
        record.resources
            .filter((r) => r.type.startsWith("pulumi:providers:"))
            .map((r) => [r.urn, r]),
    );
    const defaultProvider = {
        type: "pulumi:providers:aws",
        urn: `urn:pulumi:${record.stack}::${record.project}::pulumi:providers:aws::${defaultAwsProviderName}`,
        name: defaultAwsProviderName,
        properties: { region: record.region },
    };
    const usesDefault = record.resources.some((r) => !r.provider && r.type.startsWith("aws:"));
    const providerOf = (r: RecordedResource): AnalyzerResourceInput["provider"] => {
        if (r.provider) {
            const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
            const p = providers.get(urn);
            if (p) {
                return { type: p.type, urn: p.urn, name: p.name, properties: p.inputs };
            }
        }
        return r.type.startsWith("aws:") ? defaultProvider : undefined;
    };
    const resources: AnalyzerResourceInput[] = record.resources.map((r) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        properties: properties === "inputs" ? r.inputs : r.outputs,
        protect: r.protect,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        provider: providerOf(r),
    }));
    if (usesDefault) {
        resources.unshift({
            type: defaultProvider.type,
            urn: defaultProvider.urn,
            name: defaultProvider.name,
            properties: defaultProvider.properties,
            protect: false,
            dependencies: [],
            propertyDependencies: {},
        });
    }
    return resources;
}
