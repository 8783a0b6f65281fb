import { Constraint, isSet } from "./types";

const ruleDoc =
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRuleRequest.html";
const gatewayDoc = "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html";

const sources = ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"] as const;

/**
 * A security group rule (`aws.vpc.SecurityGroupIngressRule` / `EgressRule`): exactly one peer,
 * and for TCP/UDP a port range within 0 to 65535 with fromPort <= toPort.
 */
export const securityGroupRule: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const given = sources.filter((s) => isSet(i[s]));
    if (given.length !== 1) {
        problems.push(
            `a rule needs exactly one of ${sources.join(", ")}, got ${given.length === 0 ? "none" : given.join(" and ")} (${ruleDoc})`,
        );
    }
    const protocol = String(i.ipProtocol ?? "");
    if (protocol === "tcp" || protocol === "udp" || protocol === "6" || protocol === "17") {
        const from = i.fromPort as number | undefined;
        const to = i.toPort as number | undefined;
        const port = (value: number | undefined) =>
            value !== undefined && Number.isInteger(value) && value >= 0 && value <= 65535;
        if (!port(from) || !port(to)) {
            problems.push(
                `${protocol} rules need fromPort and toPort from 0 to 65535, got ${JSON.stringify(from ?? null)} to ${JSON.stringify(to ?? null)} (${ruleDoc})`,
            );
        } else if ((from as number) > (to as number)) {
            problems.push(`fromPort ${from} is above toPort ${to} (${ruleDoc})`);
        }
    } else if (protocol === "") {
        problems.push(`ipProtocol is required (${ruleDoc})`);
    }
    return problems;
};

/** Gateway endpoints exist only for S3 and DynamoDB, and attach to route tables, not subnets. */
export const vpcEndpoint: Constraint = ({ resource }) => {
    const i = resource.inputs;
    if ((i.vpcEndpointType ?? "Gateway") !== "Gateway") {
        return [];
    }
    const problems: string[] = [];
    const service = String(i.serviceName ?? "");
    if (!/\.(s3|dynamodb)$/.test(service)) {
        problems.push(
            `gateway endpoints exist only for s3 and dynamodb, not ${JSON.stringify(service)} (${gatewayDoc})`,
        );
    }
    if (isSet(i.subnetIds) || isSet(i.securityGroupIds)) {
        problems.push(
            `a gateway endpoint takes route tables, not subnetIds or securityGroupIds (${gatewayDoc})`,
        );
    }
    return problems;
};
