import * as assert from "assert";
import { PendingPromises, lightenPromiseTracking } from "../../check/engine/promise-tracking";

type Track = (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;

/** A store and the two SDK modules around it, as `runtime/debuggable` and `runtime/state` are. */
function fakeSdk(options: { debugPromiseLeaks?: boolean } = {}) {
    const store = { leakCandidates: new Set<Promise<unknown>>() };
    const warmUps: unknown[] = [];
    const debuggable: { debuggablePromise: Track; debugPromiseLeaks: boolean } = {
        debuggablePromise: (p, ctx) => {
            warmUps.push(ctx);
            return p;
        },
        debugPromiseLeaks: options.debugPromiseLeaks ?? false,
    };
    const state = { getStore: () => store };
    return { store, warmUps, debuggable, state };
}

function deferred() {
    let resolve!: (value: unknown) => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => {
        resolve = res;
        reject = rej;
    });
    return { promise, resolve, reject };
}

/** Turns of the microtask queue until the promise `track` returns settles after `p` does. */
async function reactionsUntilSettled(track: Track, outcome: "fulfil" | "reject"): Promise<number> {
    const p = deferred();
    let turns = 0;
    let settledAt = -1;
    track(p.promise, "probe").then(
        () => (settledAt = turns),
        () => (settledAt = turns),
    );
    if (outcome === "fulfil") {
        p.resolve("value");
    } else {
        p.reject(new Error("no"));
    }
    for (; turns < 10; turns++) {
        await null;
    }
    return settledAt;
}

describe("the worker's light promise tracking", () => {
    it("counts the promises given and not yet settled, as the leak report reads them", async () => {
        const sdk = fakeSdk();
        assert.strictEqual(lightenPromiseTracking(sdk.debuggable, sdk.state), true);
        const [a, b, c] = [deferred(), deferred(), deferred()];
        const tracked = [a, b, c].map((d) => sdk.debuggable.debuggablePromise(d.promise, "ctx"));
        assert.ok(sdk.store.leakCandidates instanceof PendingPromises);
        assert.strictEqual(sdk.store.leakCandidates.size, 3);
        a.resolve("kept");
        const failure = new Error("the same error");
        b.reject(failure);
        assert.strictEqual(await tracked[0], "kept");
        await assert.rejects(tracked[1], (err) => err === failure);
        assert.strictEqual(sdk.store.leakCandidates.size, 1);
        c.resolve(undefined);
        await tracked[2];
        assert.strictEqual(sdk.store.leakCandidates.size, 0);
    });

    it("holds no promise: the set it leaves is empty whatever its size says", () => {
        const sdk = fakeSdk();
        lightenPromiseTracking(sdk.debuggable, sdk.state);
        void sdk.debuggable.debuggablePromise(deferred().promise, "ctx");
        assert.strictEqual(sdk.store.leakCandidates.size, 1);
        assert.deepStrictEqual([...sdk.store.leakCandidates], []);
    });

    it("calls the SDK's own function once, so that its leak report is scheduled", () => {
        const sdk = fakeSdk();
        lightenPromiseTracking(sdk.debuggable, sdk.state);
        void sdk.debuggable.debuggablePromise(Promise.resolve(), "later");
        assert.deepStrictEqual(sdk.warmUps, ["multi-region-failover: warm-up"]);
    });

    it("starts a fresh count when the SDK sets a fresh set (each stack's setMocks)", async () => {
        const sdk = fakeSdk();
        lightenPromiseTracking(sdk.debuggable, sdk.state);
        void sdk.debuggable.debuggablePromise(deferred().promise, "never settles");
        assert.strictEqual(sdk.store.leakCandidates.size, 1);
        sdk.store.leakCandidates = new Set();
        const next = deferred();
        const tracked = sdk.debuggable.debuggablePromise(next.promise, "next stack");
        assert.strictEqual(sdk.store.leakCandidates.size, 1);
        next.resolve(1);
        await tracked;
        assert.strictEqual(sdk.store.leakCandidates.size, 0);
    });

    it("settles two reactions after the promise, on either outcome, as the pinned SDK's does", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sdkOwn = require("@pulumi/pulumi/runtime/debuggable").debuggablePromise as Track;
        const sdk = fakeSdk();
        lightenPromiseTracking(sdk.debuggable, sdk.state);
        const light = sdk.debuggable.debuggablePromise;
        for (const outcome of ["fulfil", "reject"] as const) {
            const own = await reactionsUntilSettled(sdkOwn, outcome);
            assert.strictEqual(await reactionsUntilSettled(light, outcome), own, outcome);
        }
        assert.strictEqual(await reactionsUntilSettled(light, "fulfil"), 2);
    });

    it("applies to the pinned SDK's modules, and leaves their own function in place of nothing", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const debuggable = { ...require("@pulumi/pulumi/runtime/debuggable") };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const state = require("@pulumi/pulumi/runtime/state");
        assert.strictEqual(typeof state.getStore, "function");
        const own = debuggable.debuggablePromise;
        const store = { leakCandidates: new Set<Promise<unknown>>() };
        assert.strictEqual(lightenPromiseTracking(debuggable, { getStore: () => store }), true);
        assert.notStrictEqual(debuggable.debuggablePromise, own);
    });

    const untouched: [string, () => ReturnType<typeof fakeSdk>][] = [
        [
            "the SDK debugs leaks (PULUMI_DEBUG_PROMISE_LEAKS)",
            () => fakeSdk({ debugPromiseLeaks: true }),
        ],
        [
            "debuggablePromise is not a function",
            () =>
                Object.assign(fakeSdk(), { debuggable: { debuggablePromise: undefined } } as never),
        ],
        [
            "the state module has no getStore",
            () => Object.assign(fakeSdk(), { state: {} } as never),
        ],
    ];
    for (const [when, make] of untouched) {
        it(`leaves the SDK's own function when ${when}`, () => {
            const sdk = make();
            const before = sdk.debuggable.debuggablePromise;
            assert.strictEqual(lightenPromiseTracking(sdk.debuggable, sdk.state), false);
            assert.strictEqual(sdk.debuggable.debuggablePromise, before);
            assert.deepStrictEqual(sdk.warmUps, []);
        });
    }
});
