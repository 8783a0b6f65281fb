/**
 * Every IAM, KMS, S3, SNS or other resource-policy statement whose Resource (or NotResource) is
 * "*", across recorded resources: the input to the reviewed allow-list test.
 */
import { RecordedResource } from "../../check/engine/types";

export interface WildcardStatement {
    /** `<type> <logical name with regions as <region>> <Sid or actions>`: stable across regions. */
    key: string;
    type: string;
    name: string;
    sid?: string;
    actions: string[];
    hasCondition: boolean;
}

/** Policy documents a resource carries: JSON strings or objects under the inputs that hold one. */
function documents(resource: RecordedResource): unknown[] {
    const i = resource.inputs;
    const found: unknown[] = [];
    for (const field of ["policy", "assumeRolePolicy", "accessPolicy", "resourcePolicy"]) {
        if (i[field] !== undefined) {
            found.push(i[field]);
        }
    }
    for (const inline of Array.isArray(i.inlinePolicies) ? i.inlinePolicies : []) {
        found.push((inline as { policy?: unknown }).policy);
    }
    return found
        .map((doc) => {
            if (typeof doc !== "string") {
                return doc;
            }
            try {
                return JSON.parse(doc);
            } catch {
                return undefined;
            }
        })
        .filter((doc) => doc !== undefined && doc !== null);
}

const regionCode = /\b[a-z]{2}(-gov)?-[a-z]+-\d\b/g;

export function normalizedName(name: string): string {
    return name.replace(regionCode, "<region>");
}

export function wildcardStatements(resources: readonly RecordedResource[]): WildcardStatement[] {
    const out: WildcardStatement[] = [];
    for (const resource of resources) {
        for (const doc of documents(resource)) {
            const statements = (doc as { Statement?: unknown }).Statement;
            for (const s of [statements ?? []].flat() as Record<string, unknown>[]) {
                const resources = [s.Resource ?? [], s.NotResource ?? []].flat();
                if (!resources.includes("*")) {
                    continue;
                }
                const actions = [s.Action ?? s.NotAction ?? []].flat().map(String).sort();
                const sid = typeof s.Sid === "string" ? s.Sid : undefined;
                out.push({
                    key: `${resource.type} ${normalizedName(resource.name)} ${sid ?? actions.join(",")}`,
                    type: resource.type,
                    name: resource.name,
                    ...(sid ? { sid } : {}),
                    actions,
                    hasCondition: s.Condition !== undefined,
                });
            }
        }
    }
    return out;
}
