/**
 * The check's unary gRPC client (check/analyzer/unary.ts) against an HTTP/2 server in this
 * process that answers as a gRPC server would: a message and trailers, a status in trailers or
 * in the headers alone, a reset stream, a dropped connection.
 */
import * as assert from "assert";
import * as http2 from "http2";
import { AddressInfo } from "net";
import {
    UnaryCallError,
    UnaryChannel,
    UnaryMethod,
    frameMessage,
    unframeMessage,
} from "../../check/analyzer/unary";
import { rejection } from "../helpers/engine";

/** A method carrying text both ways. */
const echo: UnaryMethod<string, string> = {
    path: "/test.Echo/Say",
    requestSerialize: (text) => Buffer.from(text, "utf8"),
    responseDeserialize: (bytes) => bytes.toString("utf8"),
};

type Handler = (
    stream: http2.ServerHttp2Stream,
    headers: http2.IncomingHttpHeaders,
    body: Buffer,
) => void;

async function serve(handler: Handler): Promise<{ url: string; server: http2.Http2Server }> {
    const server = http2.createServer();
    server.on("stream", (stream, headers) => {
        const chunks: Buffer[] = [];
        // A stream the handler resets errors on the server's side too.
        stream.on("error", () => undefined);
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => handler(stream, headers, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Answer `text` as one message, then the trailers. */
function answer(stream: http2.ServerHttp2Stream, text: string, status = "0", message?: string) {
    stream.respond(
        { ":status": 200, "content-type": "application/grpc" },
        { waitForTrailers: true },
    );
    stream.on("wantTrailers", () =>
        stream.sendTrailers({
            "grpc-status": status,
            ...(message ? { "grpc-message": message } : {}),
        }),
    );
    stream.end(frameMessage(Buffer.from(text, "utf8")));
}

describe("analyzer: unary gRPC calls over HTTP/2", () => {
    const closers: (() => void)[] = [];
    afterEach(() => closers.splice(0).forEach((close) => close()));

    async function channelTo(handler: Handler): Promise<UnaryChannel> {
        const { url, server } = await serve(handler);
        const channel = new UnaryChannel(url);
        closers.push(() => {
            channel.close();
            server.close();
        });
        return channel;
    }

    it("posts one framed message to the method's path as a gRPC request, and reads the answer", async () => {
        const seen: unknown[] = [];
        const channel = await channelTo((stream, headers, body) => {
            seen.push([headers[":method"], headers[":path"], headers["content-type"], headers.te]);
            seen.push(unframeMessage(body).toString("utf8"));
            answer(stream, "pong");
        });
        assert.strictEqual(await channel.call(echo, "ping"), "pong");
        assert.deepStrictEqual(seen, [
            ["POST", "/test.Echo/Say", "application/grpc", "trailers"],
            "ping",
        ]);
    });

    it("carries many calls at once on one connection, each to its own answer", async () => {
        const channel = await channelTo((stream, _headers, body) =>
            answer(stream, unframeMessage(body).toString("utf8").toUpperCase()),
        );
        const words = Array.from({ length: 50 }, (_, i) => `word${i}`);
        assert.deepStrictEqual(
            await Promise.all(words.map((w) => channel.call(echo, w))),
            words.map((w) => w.toUpperCase()),
        );
    });

    it("rejects with the server's status and its percent-decoded message", async () => {
        const channel = await channelTo((stream) =>
            answer(stream, "", "2", encodeURIComponent("policy 'x' failed: ü")),
        );
        const err = await channel.call(echo, "ping").then(
            () => assert.fail("resolved"),
            (e: unknown) => e as UnaryCallError,
        );
        assert.deepStrictEqual(
            [err.name, err.code, err.message],
            ["UnaryCallError", 2, "policy 'x' failed: ü"],
        );
    });

    it("reads a status sent in the headers alone (a trailers-only answer)", async () => {
        const channel = await channelTo((stream) =>
            stream.respond(
                {
                    ":status": 200,
                    "content-type": "application/grpc",
                    "grpc-status": "12",
                    "grpc-message": "unimplemented",
                },
                { endStream: true },
            ),
        );
        assert.strictEqual(await rejection(channel.call(echo, "ping")), "unimplemented");
    });

    it("says so when the stream is reset before any status", async () => {
        const channel = await channelTo((stream) =>
            stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR),
        );
        assert.strictEqual(
            await rejection(channel.call(echo, "ping")),
            "/test.Echo/Say ended without a gRPC status: Stream closed with error code NGHTTP2_INTERNAL_ERROR",
        );
    });

    it("fails a call when nothing listens, naming the connection's error", async () => {
        const { url, server } = await serve(() => undefined);
        await new Promise((resolve) => server.close(resolve));
        const channel = new UnaryChannel(url);
        closers.push(() => channel.close());
        assert.match(
            await rejection(channel.call(echo, "ping")),
            /^\/test\.Echo\/Say ended without a gRPC status: The pending stream has been canceled \(caused by: connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/,
        );
    });

    const bodies: [string, Buffer, string][] = [
        ["too short", Buffer.from([0, 0, 0]), "the response body has 3 bytes, not a message"],
        [
            "compressed",
            Buffer.from([1, 0, 0, 0, 1, 65]),
            "the response is compressed, and the call asked for no encoding",
        ],
        [
            "longer than announced",
            Buffer.from([0, 0, 0, 0, 1, 65, 66]),
            "the response body has 2 bytes after its prefix, which announced 1",
        ],
    ];
    for (const [what, body, message] of bodies) {
        it(`refuses a response body ${what}`, async () => {
            const channel = await channelTo((stream) => {
                stream.respond(
                    { ":status": 200, "content-type": "application/grpc" },
                    { waitForTrailers: true },
                );
                stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
                stream.end(body);
            });
            assert.strictEqual(
                await rejection(channel.call(echo, "ping")),
                `/test.Echo/Say: ${message}`,
            );
        });
    }

    it("frames a message as a flag byte, its length in four bytes, then the message", () => {
        assert.deepStrictEqual([...frameMessage(Buffer.from("ab"))], [0, 0, 0, 0, 2, 97, 98]);
        assert.deepStrictEqual([...unframeMessage(frameMessage(Buffer.alloc(0)))], []);
    });
});
