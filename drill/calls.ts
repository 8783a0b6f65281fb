/**
 * Every AWS call the drill makes goes through `callAws`: it has a deadline and an abort signal, so
 * a call that hangs (a black-holed endpoint, a stuck TLS handshake) can neither block the restore
 * nor outlive Ctrl-C. The SDK gets the signal through its `abortSignal` option (and the clients
 * carry request-handler timeouts too, see `httpTimeouts`); the race below covers anything the SDK
 * does before its handler runs, such as resolving credentials.
 */

/** Raised when a call is abandoned because the drill was interrupted. */
export class Interrupted extends Error {
    constructor() {
        super("interrupted");
        this.name = "Interrupted";
    }
}

/** Raised when a call did not answer within its deadline. */
export class CallTimeout extends Error {
    constructor(what: string, ms: number) {
        super(`${what} did not answer within ${ms / 1000} s`);
        this.name = "TimeoutError";
    }
}

/** Request-handler timeouts for an SDK client: a connection or a silent socket fails on its own. */
export function httpTimeouts(callTimeoutMs: number): {
    requestHandler: { connectionTimeout: number; requestTimeout: number };
} {
    return {
        requestHandler: {
            connectionTimeout: Math.min(callTimeoutMs, 5000),
            requestTimeout: callTimeoutMs,
        },
    };
}

/**
 * Run `send` with an AbortSignal that fires after `timeoutMs` or when `signal` (the drill's
 * interrupt) fires, whichever comes first; reject at that moment even if the SDK does not.
 */
export async function callAws<T>(
    what: string,
    send: (abortSignal: AbortSignal) => Promise<T>,
    timeoutMs: number,
    signal?: AbortSignal,
): Promise<T> {
    if (signal?.aborted) {
        throw new Interrupted();
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            reject(new CallTimeout(what, timeoutMs));
            controller.abort();
        }, timeoutMs);
        onAbort = () => {
            reject(new Interrupted());
            controller.abort();
        };
        signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
        return await Promise.race([send(controller.signal), deadline]);
    } finally {
        clearTimeout(timer);
        if (onAbort) {
            signal?.removeEventListener("abort", onAbort);
        }
    }
}

/**
 * Wait `ms`, or reject with "aborted" as soon as `signal` aborts (the drill's polling pauses, so
 * that a signal stops them at once).
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener(
            "abort",
            () => {
                clearTimeout(timer);
                reject(new Error("aborted"));
            },
            { once: true },
        );
    });
}
