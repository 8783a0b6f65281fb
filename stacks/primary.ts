import { regionalApp } from "./app";
import { StackConfig } from "./config";
import { lateDataWiring, primaryData, withDataWiring } from "./data";
import { regionProvider } from "./providers";

/** The primary region: owns the writable data and serves users. */
export async function primaryStack(config: StackConfig): Promise<Record<string, unknown>> {
    const provider = regionProvider(config, config.region);
    // The app is built before the stores (they need its network); its data values resolve after.
    const late = lateDataWiring(config);
    const app = regionalApp(config, provider, late.wiring);
    return {
        role: config.role,
        strategy: config.strategy,
        objectives: config.objectives,
        // Not part of the regional contract's required keys: the failover budget prices it.
        usage: config.usage,
        region: config.region,
        ...app.outputs,
        ...(await withDataWiring(late, () => primaryData(config, provider, app.network))),
    };
}
