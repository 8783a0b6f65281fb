import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "./config";

/** The routing layer across every regional stack. */
export function globalStack(config: StackConfig): Record<string, unknown> {
    const regions = config.regionalStacks.map((name) => {
        const ref = new pulumi.StackReference(name);
        return ref.requireOutput("region") as pulumi.Output<string>;
    });
    return {
        routingMode: config.routing.mode,
        regions: pulumi.all(regions),
    };
}
