import * as aws from "@pulumi/aws";

const artifacts = new aws.s3.Bucket("canary-artifacts");
new aws.s3.BucketVersioning("canary-artifacts", {
    bucket: artifacts.id,
    versioningConfiguration: { status: "Enabled" },
});
const role = new aws.iam.Role("canary", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "lambda.amazonaws.com" },
                Action: "sts:AssumeRole",
            },
        ],
    }),
});
new aws.synthetics.Canary("homepage", {
    artifactS3Location: artifacts.bucket.apply((b) => `s3://${b}/`),
    executionRoleArn: role.arn,
    handler: "index.handler",
    runtimeVersion: "syn-nodejs-puppeteer-9.1",
    schedule: { expression: "rate(5 minutes)" },
    zipFile: "canary.zip",
});
