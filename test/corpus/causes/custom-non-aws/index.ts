import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

// docker-build's Image is a custom resource; its token has no "/" (docker-build:index:Image).
class Image extends pulumi.CustomResource {
    declare readonly ref: pulumi.Output<string>;
    constructor(name: string, args: { tags: pulumi.Input<string>[]; push: boolean }) {
        super("docker-build:index:Image", name, { ...args, ref: undefined });
    }
}

const repo = new aws.ecr.Repository("app", { imageTagMutability: "IMMUTABLE" });
new Image("app", { tags: [pulumi.interpolate`${repo.repositoryUrl}:v1`], push: true });
