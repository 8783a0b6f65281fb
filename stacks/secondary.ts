import * as pulumi from "@pulumi/pulumi";
import { regionalApp } from "./app";
import { StackConfig } from "./config";
import { secondaryData } from "./data";
import { regionProvider } from "./providers";

/** A recovery region: replicates the primary's data and stands by according to the strategy. */
export async function secondaryStack(config: StackConfig): Promise<Record<string, unknown>> {
    const primary = new pulumi.StackReference(config.primaryStack);
    const primaryRegion = primary.requireOutput("region").apply((region) => {
        if (region === config.region) {
            throw new Error(
                `aws:region: ${JSON.stringify(config.region)} is the primary's region (${config.primaryStack}); a secondary must be in another region`,
            );
        }
        return region as string;
    });
    const provider = regionProvider(config, config.region);
    const app = regionalApp(config, provider);
    return {
        role: config.role,
        strategy: config.strategy,
        objectives: config.objectives,
        region: config.region,
        primaryRegion,
        ...app.outputs,
        ...(await secondaryData(config, provider, primary, app.network)).outputs,
    };
}
