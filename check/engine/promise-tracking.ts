/**
 * The SDK's promise tracking, kept as the SDK uses it and made light.
 *
 * `@pulumi/pulumi` passes nearly every promise it makes through `debuggablePromise`
 * (`runtime/debuggable.js`): about 90 for each resource of a simple program. For each one it
 * captures a stack trace, sets three properties, adds the promise to the store's
 * `leakCandidates` set and returns `p.then(remove).catch(remove)`, two closures that hold `p`.
 * The set is read in one place: at the process's exit, the SDK's leak report counts it ("N
 * promises were still active"), and lists each promise's context only when
 * `PULUMI_DEBUG_PROMISE_LEAKS` is set.
 *
 * The worker keeps what that report and the program can see, and drops the rest:
 *
 * - the count: `leakCandidates` becomes a `PendingPromises`, whose `size` is the number of
 *   promises given and not yet settled;
 * - the chain: the promise returned still settles two reactions after `p`, as the SDK's does,
 *   so resources register in the same order (a report's resources are in that order);
 * - a rejection still rejects with the same error.
 *
 * Dropped: the stack trace (empty anyway while the program runs, see `runProgram`), the three
 * properties, the set's entries and the per-promise closures, and the SDK's `err.promise = p` on
 * a rejection, which no code of the SDK reads. On a 2,750-resource program that was about 90 MB
 * of the worker's peak memory and a twentieth of the check's time (bench/RESULTS.md).
 *
 * With `PULUMI_DEBUG_PROMISE_LEAKS` set, whose report prints each promise's context and stack,
 * the SDK's own function stays.
 */

/**
 * `leakCandidates` as the worker keeps it: a set that holds no promise and whose `size` is the
 * number of promises still pending. The SDK reads only `size` unless it debugs leaks.
 */
export class PendingPromises extends Set<Promise<unknown>> {
    pending = 0;

    override get size(): number {
        return this.pending;
    }
}

/** The parts of the SDK's `runtime/debuggable` module this replaces. */
interface DebuggableModule {
    debuggablePromise?: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
    debugPromiseLeaks?: boolean;
}

/** The part of the SDK's `runtime/state` module it reads. */
interface StateModule {
    getStore?: () => { leakCandidates: Set<Promise<unknown>> };
}

/**
 * Replace the SDK's `debuggablePromise` with the light one. Returns whether it did: not when the
 * SDK debugs leaks, nor when its modules do not look as expected (its own function stays).
 */
export function lightenPromiseTracking(debuggable: unknown, state: unknown): boolean {
    const d = debuggable as DebuggableModule | undefined;
    const getStore = (state as StateModule | undefined)?.getStore;
    const original = d?.debuggablePromise;
    if (!d || typeof original !== "function" || typeof getStore !== "function") {
        return false;
    }
    if (d.debugPromiseLeaks) {
        return false;
    }
    // The SDK's first call schedules its leak report for the process's exit.
    void original(Promise.resolve(), "multi-region-failover: warm-up");
    /** The store's count, made when the SDK has set a fresh set (each stack's `setMocks`). */
    const counted = (): PendingPromises => {
        const store = getStore();
        if (!(store.leakCandidates instanceof PendingPromises)) {
            store.leakCandidates = new PendingPromises();
        }
        return store.leakCandidates as PendingPromises;
    };
    // Shared by every promise: nothing is allocated per promise but the two reactions. A count
    // never goes below zero, should a promise of a set the SDK has since replaced settle.
    const settled = () => {
        const pending = counted();
        pending.pending = Math.max(0, pending.pending - 1);
    };
    const onValue = (value: unknown) => {
        settled();
        return value;
    };
    const onError = (err: unknown) => {
        settled();
        throw err;
    };
    d.debuggablePromise = (p: Promise<unknown>) => {
        counted().pending++;
        return p.then(onValue).catch(onError);
    };
    return true;
}
