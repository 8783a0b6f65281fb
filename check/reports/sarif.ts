import * as fs from "fs";
import * as path from "path";
import { CheckResult } from "./model";

/** The base every artifact URI is relative to: the checked repository's root. */
export const srcRoot = "%SRCROOT%";

/**
 * The checked repository's root, as `git rev-parse --show-toplevel` gives it: the nearest folder
 * from `dir` upwards that holds `.git` (a folder, or the file a worktree or submodule has).
 * A program outside any repository is its own root.
 */
export function repositoryRoot(dir: string): string {
    let current = path.resolve(dir);
    for (;;) {
        if (fs.existsSync(path.join(current, ".git"))) {
            return current;
        }
        const parent = path.dirname(current);
        if (parent === current) {
            return path.resolve(dir);
        }
        current = parent;
    }
}

/** A path under `root` as a relative URI reference: `/` separators, each segment escaped. */
export function relativeUri(root: string, file: string): string {
    const rel = path.relative(root, file);
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
        throw new Error(`${file} is not inside the repository root ${root}`);
    }
    return rel.split(path.sep).map(encodeURIComponent).join("/");
}

/** Where a SARIF result points: the construction site, else the project file. */
function locationOf(result: CheckResult, urn: string, stack: string, root: string) {
    const record = result.records.find((r) => r.stack === stack);
    const resource = record?.resources.find((r) => r.urn === urn);
    const file = resource?.source?.file ?? "Pulumi.yaml";
    return {
        physicalLocation: {
            artifactLocation: {
                uri: relativeUri(root, path.join(result.projectDir, file)),
                uriBaseId: srcRoot,
            },
            region: { startLine: resource?.source?.line ?? 1 },
        },
    };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per policy (metadata from the pack), one result
 * per violation, located where the program constructs the resource. URIs are relative to the
 * checked repository's root (`%SRCROOT%`), which is what code scanning maps to files, wherever the
 * program sits in the repository and wherever the check was run from.
 */
export function sarifReport(result: CheckResult, root = repositoryRoot(result.projectDir)): string {
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
        locations: [locationOf(result, v.urn, v.stack, root)],
        partialFingerprints: { violation: `${v.policy}/${v.stack}/${v.urn}` },
    }));
    const doc = {
        $schema:
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        // No informationUri: the pack has no public home page to point to.
                        name: evaluation?.pack.name ?? "multi-region-failover",
                        version: evaluation?.pack.version ?? "0.0.0",
                        rules,
                    },
                },
                results,
            },
        ],
    };
    return JSON.stringify(doc, null, 2) + "\n";
}
