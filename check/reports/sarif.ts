import * as fs from "fs";
import * as path from "path";
import { Violation } from "../analyzer/evaluate";
import { RunProblem, SourceLocation } from "../engine/types";
import { CheckResult, asRun, sourceOf } from "./model";

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
    return siteLocation(result, sourceOf(result, stack, urn), root);
}

function siteLocation(result: CheckResult, source: SourceLocation | undefined, root: string) {
    return {
        physicalLocation: {
            artifactLocation: {
                uri: relativeUri(root, path.join(result.projectDir, source?.file ?? "Pulumi.yaml")),
                uriBaseId: srcRoot,
            },
            region: { startLine: source?.line ?? 1 },
        },
    };
}

/**
 * The engine's own rules: what the deployment would fail on. Each problem is a result of one of
 * these, at error level, where the program creates the resource or calls the invoke.
 */
export const problemRules: Record<RunProblem["kind"], { id: string; text: string }> = {
    input: {
        id: "aws-would-reject-input",
        text: "An input AWS would refuse: the deployment would fail on this resource.",
    },
    invoke: {
        id: "invoke-without-answer",
        text: "An invoke the offline engine has no answer for: supply one with --invoke-fixture.",
    },
    program: {
        id: "program-error",
        text: "The program failed (or could not be run), so what it would deploy is incomplete.",
    },
};

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
        help: { text: asRun(p.remediationSteps || p.description) },
        ...(p.url ? { helpUri: p.url } : {}),
        defaultConfiguration: { level: p.enforcementLevel === "mandatory" ? "error" : "warning" },
        properties: {
            tags: ["resilience", "pulumi"],
            ...(p.severity ? { severity: p.severity } : {}),
        },
    }));
    const engineRules = Object.values(problemRules).map((r) => ({
        id: r.id,
        name: r.id,
        shortDescription: { text: r.text },
        fullDescription: { text: r.text },
        help: { text: r.text },
        defaultConfiguration: { level: "error" },
        properties: { tags: ["resilience", "pulumi"] },
    }));
    const violationResult = (v: Violation) => ({
        ruleId: v.policy,
        ruleIndex: Math.max(
            0,
            policies.findIndex((p) => p.name === v.policy),
        ),
        level: v.enforcementLevel === "mandatory" ? "error" : "warning",
        message: { text: `${v.stack}: ${v.resourceName ? `${v.resourceName}: ` : ""}${v.message}` },
        locations: [locationOf(result, v.urn, v.stack, root)],
        partialFingerprints: { violation: `${v.policy}/${v.stack}/${v.urn}` },
    });
    const results = [
        ...(result.problems ?? []).map((p) => {
            const rule = problemRules[p.kind];
            return {
                ruleId: rule.id,
                ruleIndex: rules.length + Object.keys(problemRules).indexOf(p.kind),
                level: "error",
                message: { text: `${p.stack ? `${p.stack}: ` : ""}${p.message}` },
                locations: [siteLocation(result, p.source, root)],
                partialFingerprints: {
                    problem: `${rule.id}/${p.stack}/${p.urn ?? p.token ?? ""}/${p.message}`,
                },
            };
        }),
        ...(evaluation?.violations ?? []).map(violationResult),
        // Suppressed findings stay in the log, marked as GitHub code scanning reads them.
        ...(result.suppressed ?? []).map(({ violation, reason }) => ({
            ...violationResult(violation),
            suppressions: [{ kind: "external", justification: reason }],
        })),
    ];
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
                        rules: [...rules, ...engineRules],
                    },
                },
                results,
            },
        ],
    };
    return JSON.stringify(doc, null, 2) + "\n";
}
