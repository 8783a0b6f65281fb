// The pack's entry point (package.json `main`): constructing the PolicyPack starts the analyzer
// server the Pulumi CLI talks to, so nothing else may happen here (and nothing may print to
// stdout before it). Other packs reuse the policies through index.ts, which starts nothing.
import { PolicyPack } from "@pulumi/policy";
import { shareReadsOfPolicyPackage } from "./lib/shared-reads";
import { policies, policyPackName } from "./policies";

// This pack's policies only read: each resource is deserialized once for all of them.
shareReadsOfPolicyPackage();
new PolicyPack(policyPackName, { policies });
