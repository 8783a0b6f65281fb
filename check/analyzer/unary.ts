/**
 * Unary gRPC calls over one HTTP/2 connection, with nothing else: the check's client of the
 * policy pack. The pack serves with `@grpc/grpc-js`; a check makes one Analyze call per resource,
 * and on a 2-core machine the client side of `@grpc/grpc-js` (its call stack of interceptors,
 * resolvers and retries, about a third of the main thread's work while a program runs) took CPU
 * from the program's worker. What a unary call is on the wire (the gRPC over HTTP/2 protocol,
 * https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md): a POST to
 * `/<service>/<method>` with `content-type: application/grpc` and `te: trailers`, a body of one
 * length-prefixed message, and a response of one such message followed by trailers carrying
 * `grpc-status` and, on an error, a percent-encoded `grpc-message`.
 */
import * as http2 from "http2";

/** A method as `@grpc/grpc-js` service definitions describe it (`analyzer_grpc_pb.js`). */
export interface UnaryMethod<Req, Res> {
    path: string;
    requestSerialize(request: Req): Buffer;
    responseDeserialize(bytes: Buffer): Res;
}

/** A call that ended without an answer: the server's gRPC status and message, or why not. */
export class UnaryCallError extends Error {
    constructor(
        message: string,
        /** The gRPC status code the server sent; undefined when the call never got one. */
        readonly code?: number,
    ) {
        super(message);
        this.name = "UnaryCallError";
    }
}

/** The length-prefixed message of a gRPC body: a flag byte (0, not compressed), then 4 bytes. */
export function frameMessage(message: Uint8Array): Buffer {
    const frame = Buffer.allocUnsafe(5 + message.length);
    frame[0] = 0;
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    return frame;
}

/** The one message of a unary response body, or why it is not one. */
export function unframeMessage(body: Buffer): Buffer {
    if (body.length < 5) {
        throw new UnaryCallError(`the response body has ${body.length} bytes, not a message`);
    }
    if (body[0] !== 0) {
        throw new UnaryCallError("the response is compressed, and the call asked for no encoding");
    }
    const length = body.readUInt32BE(1);
    if (body.length !== 5 + length) {
        throw new UnaryCallError(
            `the response body has ${body.length - 5} bytes after its prefix, which announced ${length}`,
        );
    }
    return body.subarray(5);
}

/** `grpc-message` as sent: percent-encoded UTF-8. */
function decodeStatusMessage(raw: unknown): string {
    const text = typeof raw === "string" ? raw : "";
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/** One HTTP/2 connection to a gRPC server, for unary calls. */
export class UnaryChannel {
    private readonly session: http2.ClientHttp2Session;
    private failure?: Error;

    /** Connect to `authority` (`http://host:port`); calls made meanwhile wait for it. */
    constructor(authority: string) {
        this.session = http2.connect(authority);
        // A lost connection fails every open call (each stream closes with it); its reason is
        // kept for their errors.
        this.session.on("error", (err) => (this.failure ??= err));
    }

    call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
        return new Promise<Res>((resolve, reject) => {
            let stream: http2.ClientHttp2Stream;
            try {
                stream = this.session.request({
                    ":method": "POST",
                    ":path": method.path,
                    "content-type": "application/grpc",
                    te: "trailers",
                });
            } catch (err) {
                reject(new UnaryCallError(`${method.path}: ${(err as Error).message}`));
                return;
            }
            let status: string | undefined;
            let message = "";
            const readStatus = (headers: http2.IncomingHttpHeaders) => {
                if (headers["grpc-status"] !== undefined) {
                    status = String(headers["grpc-status"]);
                    message = decodeStatusMessage(headers["grpc-message"]);
                }
            };
            const chunks: Buffer[] = [];
            let streamError: Error | undefined;
            // A server that fails before answering sends its status in the headers alone.
            stream.on("response", readStatus);
            stream.on("trailers", readStatus);
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            // The stream's own error is read at close, with the connection's.
            stream.on("error", (err) => (streamError ??= err));
            stream.on("close", () => {
                if (status === undefined) {
                    const why =
                        (streamError ?? this.failure)?.message ?? `HTTP/2 code ${stream.rstCode}`;
                    reject(
                        new UnaryCallError(`${method.path} ended without a gRPC status: ${why}`),
                    );
                } else if (status !== "0") {
                    reject(new UnaryCallError(message || `gRPC status ${status}`, Number(status)));
                } else {
                    try {
                        resolve(method.responseDeserialize(unframeMessage(Buffer.concat(chunks))));
                    } catch (err) {
                        reject(
                            err instanceof UnaryCallError
                                ? new UnaryCallError(`${method.path}: ${err.message}`)
                                : err,
                        );
                    }
                }
            });
            stream.end(frameMessage(method.requestSerialize(request)));
        });
    }

    /** Close the connection once its calls have ended. */
    close(): void {
        this.session.close();
    }
}
