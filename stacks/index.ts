/**
 * Program entry: validates the stack's config before anything is registered, then builds what
 * the stack's role asks for. Exported as a function so that the offline engine (and the Pulumi
 * language host) can run it once per stack in one process.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./config";
import { globalStack } from "./global";
import { primaryStack } from "./primary";
import { secondaryStack } from "./secondary";

export = async function main(): Promise<Record<string, unknown>> {
    const config = parseStackConfig(pulumi.runtime.allConfig());
    switch (config.role) {
        case "primary":
            return primaryStack(config);
        case "secondary":
            return secondaryStack(config);
        case "global":
            return globalStack(config);
        default:
            throw new Error(`unknown role ${JSON.stringify(config.role)}`);
    }
};
