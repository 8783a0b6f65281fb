/**
 * The stack configuration: the schema (schema.ts) with its inferred types, the cross-field rules
 * (rules.ts) and the parser (parse.ts). `npm run generate` (generate.ts) writes Pulumi.yaml's
 * `config:` block and the key table of docs/configuration.md from the schema.
 */
export * from "./schema";
export { ConfigError, parseStackConfig } from "./parse";
export { configRules } from "./rules";
export type { ConfigRule, Problem } from "./rules";
