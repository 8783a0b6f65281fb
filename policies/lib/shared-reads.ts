/**
 * One read-only copy of each resource for all of this pack's policies.
 *
 * `@pulumi/policy` deserializes a resource's properties again for every policy that reads it (an
 * AnalyzeStack request: once per stack policy, over every resource of the stack) and wraps each
 * copy in a proxy that checks every read for unknown values. On a stack of 2,750 resources that is
 * most of the pack's work after the last resource. This pack's policies never write to what they
 * read, so when the pack starts (pack.ts) it has `@pulumi/policy` deserialize each property set
 * once:
 *
 * - a set with no unknown value (everything the Pulumi CLI sends during `pulumi up`, and all the
 *   offline check sends) is deep-frozen, kept for the request's lifetime and handed to every
 *   policy as it is: there is nothing unknown for a proxy to check, and a write throws instead of
 *   leaking to the next policy;
 * - a set with an unknown value (a preview) keeps `@pulumi/policy`'s own path: a fresh copy per
 *   policy, behind its unknown-checking proxy;
 * - remediation's deserialization (secrets kept on write) is never touched.
 *
 * Other packs that import these policies (index.ts) are not patched. If `@pulumi/policy`'s
 * internals do not look as expected, nothing is patched and it works as it always did.
 */

/** What the two `@pulumi/policy` modules look like where this patch applies. */
interface DeserializeModule {
    deserializeProperties: (struct: object, proxySecrets: boolean) => Record<string, unknown>;
}
interface ProxyModule {
    unknownCheckingProxy: (value: unknown) => unknown;
    [sentinel: string]: unknown;
}

/** The names `@pulumi/policy` gives its unknown-value sentinels (proxy.js). */
const sentinelNames = [
    "unknownBooleanValue",
    "unknownNumberValue",
    "unknownStringValue",
    "unknownArrayValue",
    "unknownAssetValue",
    "unknownArchiveValue",
    "unknownObjectValue",
] as const;

/** Whether `value` holds one of `sentinels` anywhere (keys included, as a value can be a key). */
export function holdsUnknown(value: unknown, sentinels: ReadonlySet<unknown>): boolean {
    if (typeof value === "string") {
        return sentinels.has(value);
    }
    if (value === null || typeof value !== "object") {
        return false;
    }
    if (Array.isArray(value)) {
        return value.some((item) => holdsUnknown(item, sentinels));
    }
    return Object.values(value).some((item) => holdsUnknown(item, sentinels));
}

/** `value` and everything it holds, frozen; returns `value`. */
export function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const item of Object.values(value)) {
            deepFreeze(item);
        }
    }
    return value;
}

/**
 * Patch `deserialize` and `proxy` (the modules of `@pulumi/policy` its server calls through their
 * exports) so that each property set is deserialized once. Returns whether it patched.
 */
export function shareReads(deserialize: unknown, proxy: unknown): boolean {
    const d = deserialize as Partial<DeserializeModule> | undefined;
    const p = proxy as Partial<ProxyModule> | undefined;
    const sentinels = new Set(sentinelNames.map((name) => p?.[name]));
    if (
        typeof d?.deserializeProperties !== "function" ||
        typeof p?.unknownCheckingProxy !== "function" ||
        [...sentinels].some((s) => typeof s !== "string")
    ) {
        return false;
    }
    const deserializeOnce = d.deserializeProperties;
    const checkUnknowns = p.unknownCheckingProxy;
    /** Each shared copy, by the request's property struct it came from. */
    const byStruct = new WeakMap<object, Record<string, unknown>>();
    const shared = new WeakSet<object>();
    d.deserializeProperties = (struct, proxySecrets) => {
        if (proxySecrets) {
            return deserializeOnce(struct, proxySecrets);
        }
        const known = byStruct.get(struct);
        if (known) {
            return known;
        }
        const props = deserializeOnce(struct, false);
        if (holdsUnknown(props, sentinels)) {
            return props;
        }
        byStruct.set(struct, deepFreeze(props));
        shared.add(props);
        return props;
    };
    p.unknownCheckingProxy = (value) =>
        value !== null && typeof value === "object" && shared.has(value)
            ? value
            : checkUnknowns(value);
    return true;
}

/** Apply `shareReads` to the `@pulumi/policy` this pack loads. */
export function shareReadsOfPolicyPackage(): boolean {
    try {
        return shareReads(
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require("@pulumi/policy/deserialize"),
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require("@pulumi/policy/proxy"),
        );
    } catch {
        // Another layout of @pulumi/policy: every policy deserializes its own copy, as before.
        return false;
    }
}
