import * as path from "path";
import { CheckResult } from "./model";

/** Where a SARIF result points: the construction site, else the project file. */
function locationOf(result: CheckResult, urn: string, stack: string, baseDir: string) {
    const record = result.records.find((r) => r.stack === stack);
    const resource = record?.resources.find((r) => r.urn === urn);
    const file = resource?.source?.file ?? "Pulumi.yaml";
    const uri = path
        .relative(baseDir, path.join(result.projectDir, file))
        .split(path.sep)
        .join("/");
    return {
        physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: resource?.source?.line ?? 1 },
        },
    };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per policy (metadata from the pack), one result
 * per violation, located where the program constructs the resource. Paths are relative to
 * `baseDir` (the repository root, normally the working directory).
 */
export function sarifReport(result: CheckResult, baseDir = process.cwd()): string {
    const evaluation = result.evaluation;
    const policies = evaluation?.pack.policies ?? [];
    const rules = policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description },
        fullDescription: { text: p.description },
        help: { text: p.remediationSteps || p.description },
        ...(p.url ? { helpUri: p.url } : {}),
        defaultConfiguration: { level: p.enforcementLevel === "mandatory" ? "error" : "warning" },
        properties: {
            tags: ["resilience", "pulumi"],
            ...(p.severity ? { severity: p.severity } : {}),
        },
    }));
    const results = (evaluation?.violations ?? []).map((v) => ({
        ruleId: v.policy,
        ruleIndex: Math.max(
            0,
            policies.findIndex((p) => p.name === v.policy),
        ),
        level: v.enforcementLevel === "mandatory" ? "error" : "warning",
        message: { text: `${v.stack}: ${v.resourceName ? `${v.resourceName}: ` : ""}${v.message}` },
        locations: [locationOf(result, v.urn, v.stack, baseDir)],
        partialFingerprints: { violation: `${v.policy}/${v.stack}/${v.urn}` },
    }));
    const doc = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: evaluation?.pack.name ?? "multi-region-failover",
                        version: evaluation?.pack.version ?? "0.0.0",
                        informationUri:
                            "https://github.com/multi-region-failover/multi-region-failover",
                        rules,
                    },
                },
                results,
            },
        ],
    };
    return JSON.stringify(doc, null, 2) + "\n";
}
