import { Constraint, get, list } from "./types";

const natDoc = "https://github.com/pulumi/pulumi-awsx/issues/884";
const vpcDoc = "https://www.pulumi.com/registry/packages/awsx/api-docs/ec2/vpc/";

/**
 * awsx's own validation of `awsx:ec2:Vpc`, which runs in the awsx provider and so never runs
 * offline: private subnets need NAT ("If private subnets are specified, NAT Gateway strategy
 * cannot be 'None'"), and NAT gateways need public subnets to live in.
 */
export const vpc: Constraint = ({ resource }) => {
    const specs = Array.isArray(resource.inputs.subnetSpecs)
        ? list(resource.inputs.subnetSpecs).map((s) => String(get(s, "type")))
        : ["Public", "Private"];
    const strategy = String(get(resource.inputs, "natGateways", "strategy") ?? "OnePerAz");
    const problems: string[] = [];
    if (strategy === "None" && specs.includes("Private")) {
        problems.push(
            `private subnets need NAT gateways, but natGateways.strategy is "None"; use Isolated subnets without NAT (${natDoc})`,
        );
    }
    if (strategy !== "None" && !specs.includes("Public")) {
        problems.push(
            `natGateways.strategy "${strategy}" needs Public subnets to host the NAT gateways (${vpcDoc})`,
        );
    }
    return problems;
};
