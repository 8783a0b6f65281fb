/**
 * Buckets that hold a region's own evidence (ALB access logs) and are not replicated on purpose:
 * each region keeps its own logs, and losing a region loses only that region's request logs.
 * They carry this tag (components/region/accessLogs.ts sets it), and the pack does not count them
 * as data stores that must be replicated.
 */

/**
 * The tag that declares a store regional on purpose (its data is per-region by design, like a
 * cache or a region's own scratch space): `multi-region-failover:regional = "true"`. Declared
 * here, where the replication graph reads it; app-data.ts re-exports it.
 */
export const regionalTag = "multi-region-failover:regional";

export const regionalEvidenceTagKey = "multi-region-failover:replication";
export const regionalEvidenceTagValue = "none-regional-evidence";

/**
 * Whether a resource's `tags` mark it as regional on purpose: this evidence tag, or the pack's
 * general `multi-region-failover:regional = "true"` (`regionalTag`).
 */
export function isRegionalEvidence(tags: unknown): boolean {
    if (tags === null || typeof tags !== "object") {
        return false;
    }
    const t = tags as Record<string, unknown>;
    return t[regionalEvidenceTagKey] === regionalEvidenceTagValue || t[regionalTag] === "true";
}
