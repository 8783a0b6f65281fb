/**
 * Capacity by DR strategy and role: how many tasks a regional stack runs now, the autoscaling
 * bounds, and what full capacity is. Pure, so the table in docs/region.md is tested directly.
 */

import type { RegionalCapacity, RegionalRole, Strategy } from "../policies/lib/contract";

/** The strategies and roles capacity depends on: the contract's (policies/lib/contract.ts). */
export type CapacityStrategy = Strategy;
export type { RegionalRole };

/** The app settings capacity reads. */
export interface CapacityInputs {
    /** Tasks a region runs at full capacity. */
    desiredCount: number;
    /** Autoscaling ceiling at full capacity. */
    maxCount: number;
    /** Warm standby: the standby's share of full capacity, in percent. */
    standbyPercent: number;
    /** Pilot light: tasks kept running in the standby. */
    pilotLightCount: number;
    /** Availability zones the region spreads tasks over. */
    azCount: number;
}

/** Capacity of one region: the contract's `capacity` output. */
export type Capacity = RegionalCapacity;

/** Invalid capacity settings; the message names each key, its value and what is allowed. */
export class CapacityError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(problems.join("; "));
        this.name = "CapacityError";
    }
}

/**
 * Problems with the capacity settings for `strategy`, as `key: message` lines. The stack config
 * validation reports them with every other config problem, so nothing is created.
 */
export function capacityProblems(strategy: CapacityStrategy, app: CapacityInputs): string[] {
    const problems: string[] = [];
    const positive = (key: keyof CapacityInputs, why: string) => {
        const value = app[key];
        if (!Number.isInteger(value) || value < 1) {
            problems.push(
                `app.${key}: ${JSON.stringify(value)} is invalid; ${why}, so it must be an integer of at least 1`,
            );
        }
    };
    positive(
        "desiredCount",
        strategy === "active-active"
            ? 'strategy "active-active" runs full capacity in every region, a standby of 0 tasks included'
            : `strategy "${strategy}" runs full capacity in the primary`,
    );
    positive("azCount", "tasks spread over the region's availability zones");
    if (app.maxCount < app.desiredCount) {
        problems.push(
            `app.maxCount: ${app.maxCount} is below app.desiredCount ${app.desiredCount}; it must be at least the full capacity`,
        );
    }
    switch (strategy) {
        case "active-active":
            // Every region serves users; a region sized below full capacity is a standby in
            // disguise and would overload when the other region fails.
            break;
        case "pilot-light":
            positive("pilotLightCount", "a pilot light keeps a running core");
            if (app.pilotLightCount >= app.desiredCount) {
                problems.push(
                    `app.pilotLightCount: ${app.pilotLightCount} is not below app.desiredCount ${app.desiredCount}; a pilot light is a minimal core, use strategy "warm-standby" or "active-active" for a standby at full size`,
                );
            }
            break;
        case "warm-standby": {
            if (
                !Number.isInteger(app.standbyPercent) ||
                app.standbyPercent < 1 ||
                app.standbyPercent > 100
            ) {
                problems.push(
                    `app.standbyPercent: ${JSON.stringify(app.standbyPercent)} is invalid; a warm standby runs 1 to 100 percent of full capacity`,
                );
            }
            // Reported only once the ceiling covers full capacity, so one fix clears one line.
            if (app.maxCount >= app.desiredCount && app.maxCount < app.azCount) {
                problems.push(
                    `app.maxCount: ${app.maxCount} is below app.azCount ${app.azCount}; a warm standby runs at least one task per availability zone`,
                );
            }
            break;
        }
        case "active-passive":
            break;
        default:
            problems.push(`strategy: ${JSON.stringify(strategy)} has no capacity rule`);
    }
    return problems;
}

/**
 * Tasks a warm standby runs: `ceil(desiredCount × standbyPercent / 100)`, raised to one task per
 * availability zone (so the standby survives losing a zone and serves from every zone the ALB
 * routes to). `capacityProblems` keeps `maxCount` at or above that floor.
 */
export function warmStandbyCount(app: CapacityInputs): number {
    return Math.max(Math.ceil((app.desiredCount * app.standbyPercent) / 100), app.azCount);
}

/**
 * The capacity of a region. A primary, an active-active secondary and an activated secondary
 * (`failover.activate`) run full capacity; a standby runs what its strategy keeps warm.
 * Throws a `CapacityError` on settings `capacityProblems` rejects.
 */
export function capacityFor(
    strategy: CapacityStrategy,
    role: RegionalRole,
    app: CapacityInputs,
    failoverActivate = false,
): Capacity {
    const problems = capacityProblems(strategy, app);
    if (failoverActivate && role !== "secondary") {
        problems.push(
            `failover.activate: true is only meaningful on a secondary stack; this stack's role is "${role}"`,
        );
    }
    if (problems.length > 0) {
        throw new CapacityError(problems);
    }
    const full: Capacity = {
        desiredCount: app.desiredCount,
        minCount: app.desiredCount,
        maxCount: app.maxCount,
        fullCapacity: app.desiredCount,
        servesTraffic: true,
        readyForTraffic: true,
    };
    if (role === "primary" || strategy === "active-active") {
        return full;
    }
    if (failoverActivate) {
        return full;
    }
    switch (strategy) {
        case "warm-standby": {
            const count = warmStandbyCount(app);
            // The ceiling stays at full strength: target tracking scales the standby up as soon
            // as routing sends it load, before anyone runs the failover switch.
            return {
                ...full,
                desiredCount: count,
                minCount: count,
                servesTraffic: false,
                readyForTraffic: true,
            };
        }
        case "pilot-light":
            // The core runs at pilotLightCount; the ceiling stays at full strength so that load
            // routed to it (a failover by health, before anyone acts) scales it out instead of
            // overwhelming a core that cannot grow.
            return {
                ...full,
                desiredCount: app.pilotLightCount,
                minCount: app.pilotLightCount,
                servesTraffic: false,
                readyForTraffic: false,
            };
        case "active-passive":
            return {
                ...full,
                desiredCount: 0,
                minCount: 0,
                maxCount: 0,
                servesTraffic: false,
                readyForTraffic: false,
            };
        default:
            throw new CapacityError([`strategy: ${JSON.stringify(strategy)} has no capacity rule`]);
    }
}

/**
 * Whether a region's "cannot serve" alarms are expected to be in ALARM before any failover: a
 * standby that runs no tasks (active-passive) answers every health probe with 503, so its Route 53
 * health check, its canaries and its ELB 5xx alarm sit in ALARM by design and must not page. A
 * pilot-light core, a warm standby and an active-active region run tasks and are expected healthy:
 * their alarms page, since a broken standby is what a failover would land on.
 */
export function expectedDown(capacity: { desiredCount: number; servesTraffic: boolean }): boolean {
    return !capacity.servesTraffic && capacity.desiredCount === 0;
}
