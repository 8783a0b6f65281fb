import { StackConfig } from "./config";
import { regionProvider } from "./providers";

/** The primary region: owns the writable data and serves users. */
export function primaryStack(config: StackConfig): Record<string, unknown> {
    regionProvider(config, config.region);
    return {
        role: config.role,
        strategy: config.strategy,
        region: config.region,
        dataStores: [],
    };
}
