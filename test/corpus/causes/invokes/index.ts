import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

// The lookups of the public programs that stopped without an offline answer.
const ami = aws.ec2.getAmiOutput({
    mostRecent: true,
    owners: ["amazon"],
    filters: [{ name: "name", values: ["al2023-ami-*-x86_64"] }],
});
const vpc = aws.ec2.getVpcOutput({ default: true });
const subnets = aws.ec2.getSubnetsOutput({ filters: [{ name: "vpc-id", values: [vpc.id] }] });
const token = aws.ecr.getAuthorizationTokenOutput({});
const ecsAmi = aws.ssm.getParameterOutput({
    name: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
});
const org = aws.organizations.getOrganizationOutput({});
const zone = aws.route53.getZoneOutput({ name: "example.com" });
const thumbprint = pulumi.output(
    pulumi.runtime.invoke("tls:index/getCertificate:getCertificate", {
        url: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
    }),
);

const sg = new aws.ec2.SecurityGroup("web", {
    vpcId: vpc.id,
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
});
new aws.ec2.Instance("web", {
    ami: ami.id,
    instanceType: "t3.micro",
    subnetId: subnets.ids[0],
    vpcSecurityGroupIds: [sg.id],
});

export const amiId = ami.id;
export const amiArchitecture = ami.architecture;
export const vpcId = vpc.id;
export const vpcCidr = vpc.cidrBlock;
export const subnetIds = subnets.ids;
export const registry = token.proxyEndpoint;
export const ecsAmiId = ecsAmi.value;
export const organizationMaster = org.masterAccountId;
export const zoneId = zone.zoneId;
export const oidcThumbprint = thumbprint.apply(
    (t) => (t.certificates as { sha1Fingerprint: string }[])[0].sha1Fingerprint,
);
