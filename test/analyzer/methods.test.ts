import * as assert from "assert";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { analyzerMethods } from "../../check/analyzer/methods";
import type { UnaryMethod } from "../../check/analyzer/unary";

type AnyMethod = UnaryMethod<unknown, { toObject(): unknown }>;
const generated = analyzerGrpc.AnalyzerService as unknown as Record<string, AnyMethod>;

/** A request and a response of each method, with fields set, and how each is built. */
const samples: Record<keyof typeof analyzerMethods, { request: unknown; response: unknown }> = {
    getAnalyzerInfo: {
        request: new Empty(),
        response: (() => {
            const info = new analyzerPb.AnalyzerInfo();
            info.setName("multi-region-failover");
            info.setVersion("1.2.3");
            const policy = new analyzerPb.PolicyInfo();
            policy.setName("dns-ttl-max");
            policy.setPolicyType(analyzerPb.PolicyType.POLICY_TYPE_STACK);
            info.setPoliciesList([policy]);
            return info;
        })(),
    },
    configure: {
        request: (() => {
            const req = new analyzerPb.ConfigureAnalyzerRequest();
            const config = new analyzerPb.PolicyConfig();
            config.setEnforcementlevel(analyzerPb.EnforcementLevel.MANDATORY);
            config.setProperties(Struct.fromJavaScript({ maxTtlSeconds: 60 }));
            req.getPolicyconfigMap().set("dns-ttl-max", config);
            return req;
        })(),
        response: new Empty(),
    },
    configureStack: {
        request: (() => {
            const req = new analyzerPb.AnalyzerStackConfigureRequest();
            req.setStack("primary");
            req.setProject("multi-region-failover");
            req.setOrganization("organization");
            return req;
        })(),
        response: new analyzerPb.AnalyzerStackConfigureResponse(),
    },
    analyze: {
        request: (() => {
            const req = new analyzerPb.AnalyzeRequest();
            req.setType("aws:sns/topic:Topic");
            req.setUrn("urn:pulumi:dev::p::aws:sns/topic:Topic::alerts");
            req.setName("alerts");
            req.setProperties(Struct.fromJavaScript({ displayName: "alerts" }));
            return req;
        })(),
        response: (() => {
            const res = new analyzerPb.AnalyzeResponse();
            const d = new analyzerPb.AnalyzeDiagnostic();
            d.setPolicyname("topic-encrypted");
            d.setMessage("Topic has no kmsMasterKeyId.");
            d.setEnforcementlevel(analyzerPb.EnforcementLevel.MANDATORY);
            res.setDiagnosticsList([d]);
            return res;
        })(),
    },
    analyzeStack: {
        request: (() => {
            const req = new analyzerPb.AnalyzeStackRequest();
            const r = new analyzerPb.AnalyzerResource();
            r.setType("aws:sns/topic:Topic");
            r.setUrn("urn:pulumi:dev::p::aws:sns/topic:Topic::alerts");
            r.setProperties(Struct.fromJavaScript({ arn: "arn:aws:sns:us-east-1:1:alerts" }));
            req.setResourcesList([r]);
            return req;
        })(),
        response: new analyzerPb.AnalyzeResponse(),
    },
};

describe("the analyzer methods the check calls, against the generated service definition", () => {
    for (const [name, sample] of Object.entries(samples)) {
        const ours = analyzerMethods[name as keyof typeof analyzerMethods] as unknown as AnyMethod;
        const theirs = generated[name];
        it(`${name}: the same path, request bytes and decoded response`, () => {
            assert.strictEqual(ours.path, theirs.path);
            const bytes = ours.requestSerialize(sample.request);
            assert.ok(bytes.length > 0 || sample.request instanceof Empty, name);
            assert.deepStrictEqual(bytes, theirs.requestSerialize(sample.request));
            const encoded = Buffer.from(
                (sample.response as { serializeBinary(): Uint8Array }).serializeBinary(),
            );
            assert.deepStrictEqual(
                ours.responseDeserialize(encoded).toObject(),
                theirs.responseDeserialize(encoded).toObject(),
            );
        });
    }

    it("names every method it calls", () => {
        assert.deepStrictEqual(Object.keys(analyzerMethods).sort(), Object.keys(samples).sort());
    });
});
