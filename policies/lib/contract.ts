/**
 * The regional output contract's shared parts, declared once: what a regional stack exports about
 * its capacity, strategy, role and objectives. stacks/contract.ts builds the full contract from
 * these, components/capacity.ts computes `RegionalCapacity`, and the budget model
 * (policies/budget/graph.ts) reads contracts of this shape from StackReference outputs. Pure
 * types, in the pack because the pack stands alone and reads the contract too.
 */

/** The disaster-recovery strategies, in the AWS DR whitepaper's terms. */
export const strategies = [
    "active-passive",
    "pilot-light",
    "warm-standby",
    "active-active",
] as const;
/** The disaster-recovery strategy a region was built for. */
export type Strategy = (typeof strategies)[number];

/** The role of a regional stack: the writable region, or a recovery region. */
export type RegionalRole = "primary" | "secondary";

/** The recovery objectives a deployment promises, in seconds. */
export interface ObjectivesContract {
    rtoSeconds: number;
    rpoSeconds: number;
}

/** Capacity a regional stack runs now, and what full capacity is (the `capacity` output). */
export interface RegionalCapacity {
    /** Tasks running now. */
    desiredCount: number;
    /** Autoscaling floor. */
    minCount: number;
    /** Autoscaling ceiling. */
    maxCount: number;
    /** Tasks a region runs when it serves all users. */
    fullCapacity: number;
    /** Whether this region takes user traffic before a failover. */
    servesTraffic: boolean;
    /**
     * Whether the region can answer requests the moment routing sends them, without a scale-up
     * (true for a warm standby, false for pilot light and active-passive).
     */
    readyForTraffic: boolean;
}
