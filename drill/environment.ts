/**
 * What the drill reaches outside the process: the AWS clients (endpoints overridable with
 * AWS_ENDPOINT_URL_*), DNS, the clock and the interrupt signal, and the Pulumi workspace. Tests
 * inject their own; `liveEnvironment` is the real one.
 */
import { promises as dnsPromises } from "dns";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { FisClient } from "@aws-sdk/client-fis";
import { Route53Client } from "@aws-sdk/client-route-53";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { StackFactory, localStackFactory } from "../deploy/workspace";
import { abortableSleep, httpTimeouts } from "./calls";
import { DrillDeps } from "./drill";
import { PlanDrillDeps } from "./plan-drill";
import { RegionSwitchClient } from "./region-switch-api";

/** The AWS clients, resolver, clock and interrupt signal the drill uses. */
export type DrillClientDeps = Omit<
    DrillDeps,
    "log" | "journal" | "callTimeoutMs" | "restoreDeadlineMs"
> & { cloudwatchClient?(region: string): CloudWatchClient };

/** Everything the command reaches outside the process, injectable for tests. */
export interface DrillEnvironment {
    /** The clients, or a function building them with request-handler timeouts for a call timeout. */
    deps: DrillClientDeps | ((callTimeoutMs: number) => DrillClientDeps);
    factory: StackFactory;
    /** `--plan`: the Region switch calls, resolver, clock and sleep. */
    planDeps?: (callTimeoutMs: number) => Omit<PlanDrillDeps, "log" | "journal">;
}

/** Real AWS clients (endpoints overridable with AWS_ENDPOINT_URL_*), DNS, clock and signals. */
export function liveEnvironment(signal: AbortSignal): DrillEnvironment {
    return {
        factory: localStackFactory,
        deps: (callTimeoutMs) => ({
            // Route 53's control plane, TestDNSAnswer included, is served from us-east-1.
            route53: new Route53Client({ region: "us-east-1", ...httpTimeouts(callTimeoutMs) }),
            arcClient: (e) =>
                new Route53RecoveryClusterClient({
                    region: e.region,
                    endpoint: e.endpoint,
                    ...httpTimeouts(callTimeoutMs),
                }),
            fisClient: (region) => new FisClient({ region, ...httpTimeouts(callTimeoutMs) }),
            cloudwatchClient: (region) =>
                new CloudWatchClient({ region, ...httpTimeouts(callTimeoutMs) }),
            // getaddrinfo, as clients resolve (and as /etc/hosts answers for a local endpoint).
            resolve: async (host) =>
                (await dnsPromises.lookup(host, { all: true, family: 4 })).map((a) => a.address),
            now: () => Date.now(),
            sleep: abortableSleep,
            signal,
        }),
        planDeps: (callTimeoutMs) => {
            const credentials = defaultProvider();
            return {
                // AWS_ENDPOINT_URL_ARC_REGION_SWITCH, as the AWS SDKs name a service's endpoint
                // override (a local fake in the tests).
                api: (region) =>
                    new RegionSwitchClient({
                        region,
                        credentials,
                        timeoutMs: callTimeoutMs,
                        ...(process.env.AWS_ENDPOINT_URL_ARC_REGION_SWITCH
                            ? { endpoint: process.env.AWS_ENDPOINT_URL_ARC_REGION_SWITCH }
                            : {}),
                    }),
                // An ordinary resolver: the drill never asks Route 53's API (us-east-1) for DNS.
                answersFrom: async (domain, target) => {
                    const [users, region] = await Promise.all([
                        dnsPromises.resolve4(domain).catch(() => [] as string[]),
                        dnsPromises.resolve4(target).catch(() => [] as string[]),
                    ]);
                    return users.some((ip) => region.includes(ip));
                },
                now: () => Date.now(),
                sleep: abortableSleep,
            };
        },
    };
}
