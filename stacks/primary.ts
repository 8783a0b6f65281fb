import { regionalApp } from "./app";
import { StackConfig } from "./config";
import { primaryData } from "./data";
import { regionProvider } from "./providers";

/** The primary region: owns the writable data and serves users. */
export function primaryStack(config: StackConfig): Record<string, unknown> {
    const provider = regionProvider(config, config.region);
    const app = regionalApp(config, provider);
    return {
        role: config.role,
        strategy: config.strategy,
        objectives: config.objectives,
        region: config.region,
        ...app.outputs,
        ...primaryData(config, provider, app.network).outputs,
    };
}
