/**
 * The policies for reuse, without starting a server: a team's own pack takes the ones it wants,
 *
 *     import { PolicyPack } from "@pulumi/policy";
 *     import { dnsTtlMax, dnsHealthCheckRequired } from "multi-region-failover-policies";
 *
 *     new PolicyPack("my-pack", { policies: [dnsTtlMax, dnsHealthCheckRequired] });
 *
 * The pack itself runs pack.ts (package.json `main`).
 */
export * from "./policies";
