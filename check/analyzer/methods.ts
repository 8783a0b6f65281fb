/**
 * The analyzer protocol's methods the check calls, each a path and its messages' encoding, built
 * from the protocol's message classes (`analyzer_pb`). The generated service definition
 * (`analyzer_grpc_pb`) describes the same methods, but loading it loads `@grpc/grpc-js`, which
 * the check's own client (unary.ts) does not use: about 25 ms of the check's start.
 * `test/analyzer/methods.test.ts` compares each method with the generated definition.
 */
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { UnaryMethod } from "./unary";

/** A protobuf message class: what a method needs to encode and decode its messages. */
interface MessageClass<M> {
    deserializeBinary(bytes: Uint8Array): M;
}

/** The method `name` of the `pulumirpc.Analyzer` service. */
function method<Req extends { serializeBinary(): Uint8Array }, Res>(
    name: string,
    response: MessageClass<Res>,
): UnaryMethod<Req, Res> {
    return {
        path: `/pulumirpc.Analyzer/${name}`,
        requestSerialize: (request) => Buffer.from(request.serializeBinary()),
        responseDeserialize: (bytes) => response.deserializeBinary(new Uint8Array(bytes)),
    };
}

/** The methods the check calls, by the generated definition's names. */
export const analyzerMethods = {
    getAnalyzerInfo: method<Empty, analyzerPb.AnalyzerInfo>(
        "GetAnalyzerInfo",
        analyzerPb.AnalyzerInfo,
    ),
    configure: method<analyzerPb.ConfigureAnalyzerRequest, Empty>("Configure", Empty),
    configureStack: method<
        analyzerPb.AnalyzerStackConfigureRequest,
        analyzerPb.AnalyzerStackConfigureResponse
    >("ConfigureStack", analyzerPb.AnalyzerStackConfigureResponse),
    analyze: method<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>(
        "Analyze",
        analyzerPb.AnalyzeResponse,
    ),
    analyzeStack: method<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>(
        "AnalyzeStack",
        analyzerPb.AnalyzeResponse,
    ),
};
