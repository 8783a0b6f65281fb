import * as aws from "@pulumi/aws";

const uploads = new aws.s3.Bucket("uploads");
new aws.s3.BucketVersioning("uploads", {
    bucket: uploads.id,
    versioningConfiguration: { status: "Enabled" },
});

// A callback the SDK serializes into the function's code (it captures the bucket's name).
const hello = new aws.lambda.CallbackFunction("hello", {
    runtime: aws.lambda.Runtime.NodeJS20dX,
    callback: async () => ({ statusCode: 200, body: `uploads go to ${uploads.bucket.get()}` }),
});

// A magic function: the bucket subscribes a callback of its own.
uploads.onObjectCreated("on-upload", async (event) => {
    console.log(`${event.Records?.length ?? 0} objects`);
});

// An API Gateway route whose integration is the callback.
const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
const integration = new aws.apigatewayv2.Integration("hello", {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationUri: hello.invokeArn,
    payloadFormatVersion: "2.0",
});
new aws.apigatewayv2.Route("hello", {
    apiId: api.id,
    routeKey: "GET /hello",
    target: integration.id.apply((id) => `integrations/${id}`),
});
new aws.lambda.Permission("api-invokes-hello", {
    action: "lambda:InvokeFunction",
    function: hello.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: api.executionArn.apply((arn) => `${arn}/*/*`),
});

export const functionName = hello.name;
export const endpoint = api.apiEndpoint;
