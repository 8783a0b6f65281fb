/**
 * Buckets that hold a region's own evidence (ALB access logs) and are not replicated on purpose:
 * each region keeps its own logs, and losing a region loses only that region's request logs.
 * They carry this tag (components/region/accessLogs.ts sets it), and the pack does not count them
 * as data stores that must be replicated.
 */
export const regionalEvidenceTagKey = "multi-region-failover:replication";
export const regionalEvidenceTagValue = "none-regional-evidence";

/** Whether a resource's `tags` mark it as regional evidence. */
export function isRegionalEvidence(tags: unknown): boolean {
    if (tags === null || typeof tags !== "object") {
        return false;
    }
    return (tags as Record<string, unknown>)[regionalEvidenceTagKey] === regionalEvidenceTagValue;
}
