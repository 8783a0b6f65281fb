import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig, projectName } from "./config";

/** Tags every resource carries, through the provider's `defaultTags` (transforms hang under mocks). */
export function baseTags(config: StackConfig): Record<string, string> {
    return {
        Project: projectName,
        Stack: pulumi.getStack(),
        Role: config.role,
        Strategy: config.strategy,
        ManagedBy: "pulumi",
    };
}

/** An explicit provider for `region`, named after it so that adding a region renames nothing. */
export function regionProvider(config: StackConfig, region: string): aws.Provider {
    return new aws.Provider(`aws-${region}`, {
        region: region as aws.Region,
        defaultTags: { tags: baseTags(config) },
    });
}
