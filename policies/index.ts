// The pack's entry point: constructing the PolicyPack starts the analyzer server the Pulumi CLI
// talks to, so nothing else may happen here (and nothing may print to stdout before it).
import { PolicyPack } from "@pulumi/policy";
import { policies, policyPackName } from "./policies";

new PolicyPack(policyPackName, { policies });
