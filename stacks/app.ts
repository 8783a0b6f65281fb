import * as aws from "@pulumi/aws";
import { StackConfig } from "./config";

/**
 * The regional application (network, load balancer, service) of a primary or secondary stack,
 * and the contract outputs it produces. Built by the region component (issue #3).
 */
export function regionalApp(
    _config: StackConfig,
    _provider: aws.Provider,
): Record<string, unknown> {
    return {};
}
