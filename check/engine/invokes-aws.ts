/**
 * Offline answers for the read-only lookups public Pulumi programs make most: the newest AMI, the
 * account's default VPC and its subnets, ECR credentials, AWS public SSM parameters, a hosted
 * zone by name, the organization, ACM and TLS certificates. Each answer is what AWS returns for
 * the mock account in the invoke's region, derived from a hash of region and query so runs compare
 * equal, and AWS-shaped (IDs, ARNs and endpoints in AWS's formats). Anything that depends on
 * what the account really holds (a private parameter, a zone's records) is not guessed: it is
 * refused with its token named, as an unanswered invoke is.
 */
import { createHash } from "crypto";
import { mockAccountId } from "./shapes-common";

/** What an answer reads: the invoke's inputs and region. */
export interface AwsInvokeContext {
    inputs: Record<string, unknown>;
    region: string;
}

type Answer = (ctx: AwsInvokeContext) => Record<string, unknown>;

function digest(...parts: string[]): string {
    return createHash("sha256").update(parts.join("/")).digest("hex");
}

/** The Availability Zone suffixes the engine gives every region (see getAvailabilityZones). */
export const azSuffixes = ["a", "b", "c", "d", "e", "f"];

/** The zone names `getAvailabilityZones` answers for `region`, in order. */
export function zoneNames(region: string): string[] {
    return azSuffixes.map((s) => `${region}${s}`);
}

/** The value(s) of filter `name` in an invoke's `filters`. */
function filterValues(inputs: Record<string, unknown>, name: string): string[] {
    const filters = Array.isArray(inputs.filters) ? inputs.filters : [];
    const match = filters.find((f) => (f as { name?: string }).name === name) as
        | { values?: unknown[] }
        | undefined;
    return (match?.values ?? []).map(String);
}

// --- The default VPC -------------------------------------------------------------------------
// "A default VPC … has a size /16 IPv4 CIDR block (172.31.0.0/16)" and "a size /20 default
// subnet in each Availability Zone", public (instances get a public IPv4 address), with an
// internet gateway (https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html).

/** The default VPC's id in `region` for the mock account. */
export function defaultVpcId(region: string): string {
    return `vpc-${digest(mockAccountId, region, "default-vpc").slice(0, 17)}`;
}

/** One default subnet: its id, AZ and /20 block. */
export interface DefaultSubnet {
    id: string;
    availabilityZone: string;
    cidrBlock: string;
}

/** The default VPC's subnets in `region`, one /20 per Availability Zone, in zone order. */
export function defaultSubnets(region: string): DefaultSubnet[] {
    return zoneNames(region).map((az, i) => ({
        id: `subnet-${digest(mockAccountId, region, "default-subnet", az).slice(0, 17)}`,
        availabilityZone: az,
        cidrBlock: `172.31.${i * 16}.0/20`,
    }));
}

function defaultVpc(region: string): Record<string, unknown> {
    const id = defaultVpcId(region);
    return {
        id,
        arn: `arn:aws:ec2:${region}:${mockAccountId}:vpc/${id}`,
        cidrBlock: "172.31.0.0/16",
        cidrBlockAssociations: [
            { associationId: `vpc-cidr-assoc-${id.slice(4, 21)}`, cidrBlock: "172.31.0.0/16" },
        ],
        default: true,
        dhcpOptionsId: `dopt-${digest(region, "dopt").slice(0, 17)}`,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        instanceTenancy: "default",
        mainRouteTableId: `rtb-${digest(region, id, "main").slice(0, 17)}`,
        ownerId: mockAccountId,
        state: "available",
        tags: {},
        region,
    };
}

/** Whether a getVpc/getSubnets query asks about the default VPC. */
function asksForDefaultVpc(inputs: Record<string, unknown>, region: string): boolean {
    return (
        inputs.default === true ||
        filterValues(inputs, "isDefault").includes("true") ||
        inputs.id === defaultVpcId(region) ||
        filterValues(inputs, "vpc-id").includes(defaultVpcId(region))
    );
}

function subnetAnswer(region: string, subnet: DefaultSubnet): Record<string, unknown> {
    return {
        id: subnet.id,
        arn: `arn:aws:ec2:${region}:${mockAccountId}:subnet/${subnet.id}`,
        availabilityZone: subnet.availabilityZone,
        availabilityZoneId: `${region.replace(/-/g, "").slice(0, 4)}-az${azSuffixes.indexOf(subnet.availabilityZone.slice(-1)) + 1}`,
        cidrBlock: subnet.cidrBlock,
        defaultForAz: true,
        mapPublicIpOnLaunch: true,
        state: "available",
        vpcId: defaultVpcId(region),
        ownerId: mockAccountId,
        tags: {},
        region,
    };
}

// --- AMIs ------------------------------------------------------------------------------------

/** Owner aliases `getAmi` accepts, and the account AWS resolves them to. */
const ownerAliases: Record<string, string> = {
    amazon: "137112412989",
    "aws-marketplace": "679593333241",
    self: mockAccountId,
};

function amiAnswer(ctx: AwsInvokeContext): Record<string, unknown> {
    const { inputs, region } = ctx;
    const namePattern = filterValues(inputs, "name")[0] ?? String(inputs.nameRegex ?? "image");
    const name = namePattern.replace(/\*/g, "20261001").replace(/[\^$\\]/g, "");
    const arch =
        filterValues(inputs, "architecture")[0] ??
        (/arm64|aarch64/.test(namePattern) ? "arm64" : "x86_64");
    const owners = Array.isArray(inputs.owners) ? inputs.owners.map(String) : ["self"];
    const ownerId = ownerAliases[owners[0]] ?? owners[0];
    const id = `ami-${digest(region, JSON.stringify(inputs)).slice(0, 17)}`;
    return {
        id,
        imageId: id,
        arn: `arn:aws:ec2:${region}::image/${id}`,
        architecture: arch,
        name,
        description: name,
        ownerId,
        imageOwnerAlias: owners[0] === "amazon" ? "amazon" : "",
        imageType: "machine",
        hypervisor: "xen",
        virtualizationType: filterValues(inputs, "virtualization-type")[0] ?? "hvm",
        rootDeviceName: "/dev/xvda",
        rootDeviceType: "ebs",
        enaSupport: true,
        public: owners[0] !== "self",
        state: "available",
        creationDate: "2026-10-01T00:00:00.000Z",
        mostRecent: inputs.mostRecent === true,
        owners,
        blockDeviceMappings: [],
        tags: {},
        region,
    };
}

// --- SSM public parameters -------------------------------------------------------------------
// AWS publishes public parameters under /aws/service/ (latest AMI IDs, the ECS-optimized AMI,
// global infrastructure): https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters.html

function publicParameter(ctx: AwsInvokeContext): Record<string, unknown> {
    const name = String(ctx.inputs.name ?? "");
    if (!name.startsWith("/aws/service/")) {
        throw new Error(
            `invoke aws:ssm/getParameter:getParameter: parameter ${JSON.stringify(name)} is the account's own, which is not known offline (AWS public parameters under /aws/service/ are answered); supply it with --invoke-fixture FILE (JSON: {"aws:ssm/getParameter:getParameter": { "value": ... }})`,
        );
    }
    const ami = `ami-${digest(ctx.region, name).slice(0, 17)}`;
    const isAmi = /ami/.test(name);
    // The ECS-optimized "recommended" parameter is a JSON document; its /image_id child is the id.
    const value =
        isAmi && name.endsWith("/recommended")
            ? JSON.stringify({ image_id: ami, image_name: `${name.split("/")[4]}-20261001` })
            : isAmi
              ? ami
              : name.split("/").pop();
    return {
        id: name,
        name,
        arn: `arn:aws:ssm:${ctx.region}::parameter${name}`,
        type: "String",
        value,
        insecureValue: value,
        version: 1,
        withDecryption: ctx.inputs.withDecryption ?? true,
        region: ctx.region,
    };
}

// --- Route 53, ACM, ECR, Organizations, TLS --------------------------------------------------

function zoneAnswer(ctx: AwsInvokeContext): Record<string, unknown> {
    const given = ctx.inputs.name ?? ctx.inputs.zoneId;
    if (given === undefined) {
        throw new Error(
            "invoke aws:route53/getZone:getZone: give name or zoneId (AWS looks a zone up by one of them)",
        );
    }
    const name = String(
        ctx.inputs.name ?? `zone-${String(ctx.inputs.zoneId).toLowerCase()}.example`,
    )
        .replace(/\.$/, "")
        .toLowerCase();
    const privateZone = ctx.inputs.privateZone === true;
    const zoneId =
        typeof ctx.inputs.zoneId === "string"
            ? ctx.inputs.zoneId
            : `Z${digest(name, String(privateZone)).slice(0, 19).toUpperCase()}`;
    const servers = [".com", ".net", ".org", ".co.uk"].map(
        (tld, i) =>
            `ns-${parseInt(digest(zoneId, tld).slice(0, 3), 16) % 2048}.awsdns-${10 + i}${tld}`,
    );
    return {
        id: zoneId,
        zoneId,
        name,
        arn: `arn:aws:route53:::hostedzone/${zoneId}`,
        callerReference: `offline-${zoneId}`,
        comment: "",
        nameServers: privateZone ? [] : servers,
        primaryNameServer: privateZone ? "" : servers[0],
        privateZone,
        resourceRecordSetCount: 2,
        tags: {},
        vpcId: ctx.inputs.vpcId,
    };
}

function acmCertificate(ctx: AwsInvokeContext): Record<string, unknown> {
    const domain = String(ctx.inputs.domain ?? "example.com");
    const id = `${digest(ctx.region, domain).slice(0, 8)}-${digest(domain).slice(0, 4)}-${digest(ctx.region).slice(0, 4)}-${digest(domain, "c").slice(0, 4)}-${digest(domain, "d").slice(0, 12)}`;
    const arn = `arn:aws:acm:${ctx.region}:${mockAccountId}:certificate/${id}`;
    return {
        id: arn,
        arn,
        domain,
        status: "ISSUED",
        type: "AMAZON_ISSUED",
        keyTypes: ["RSA_2048"],
        certificate: "",
        certificateChain: "",
        mostRecent: ctx.inputs.mostRecent === true,
        tags: {},
        region: ctx.region,
    };
}

function ecrAuthorizationToken(ctx: AwsInvokeContext): Record<string, unknown> {
    const registryId = String(ctx.inputs.registryId ?? mockAccountId);
    // Not a credential: a fixed placeholder in the token's format, base64("AWS:<password>").
    const password = `offline-${digest(registryId, ctx.region).slice(0, 32)}`;
    return {
        id: ctx.region,
        registryId,
        userName: "AWS",
        password,
        authorizationToken: Buffer.from(`AWS:${password}`).toString("base64"),
        proxyEndpoint: `https://${registryId}.dkr.ecr.${ctx.region}.amazonaws.com`,
        expiresAt: "2026-10-01T12:00:00Z",
        region: ctx.region,
    };
}

const organizationId = `o-${digest(mockAccountId, "org").slice(0, 10)}`;
const rootId = `r-${digest(mockAccountId, "root").slice(0, 4)}`;

function organization(): Record<string, unknown> {
    const arn = `arn:aws:organizations::${mockAccountId}:organization/${organizationId}`;
    const account = {
        id: mockAccountId,
        arn: `arn:aws:organizations::${mockAccountId}:account/${organizationId}/${mockAccountId}`,
        email: "offline-check@example.com",
        name: "offline-check",
        status: "ACTIVE",
    };
    return {
        id: organizationId,
        arn,
        featureSet: "ALL",
        masterAccountId: mockAccountId,
        masterAccountArn: account.arn,
        masterAccountEmail: account.email,
        masterAccountName: account.name,
        accounts: [account],
        nonMasterAccounts: [],
        awsServiceAccessPrincipals: [],
        enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
        roots: [
            {
                id: rootId,
                arn: `arn:aws:organizations::${mockAccountId}:root/${organizationId}/${rootId}`,
                name: "Root",
                policyTypes: [{ status: "ENABLED", type: "SERVICE_CONTROL_POLICY" }],
            },
        ],
    };
}

/** `tls.getCertificate`: the chain a TLS endpoint presents (EKS OIDC thumbprints read it). */
function tlsCertificate(ctx: AwsInvokeContext): Record<string, unknown> {
    const url = String(ctx.inputs.url ?? ctx.inputs.content ?? "");
    const host = /^[a-z]+:\/\/([^/:]+)/.exec(url)?.[1] ?? url;
    const certificates = ["root", "intermediate", "leaf"].map((role, i) => ({
        isCa: i < 2,
        issuer:
            i === 0 ? "CN=Offline Root CA" : `CN=Offline ${i === 1 ? "Root" : "Intermediate"} CA`,
        subject:
            i === 0 ? "CN=Offline Root CA" : i === 1 ? "CN=Offline Intermediate CA" : `CN=${host}`,
        serialNumber: String(parseInt(digest(host, role).slice(0, 8), 16)),
        sha1Fingerprint: digest(host, role, "sha1").slice(0, 40),
        signatureAlgorithm: "SHA256-RSA",
        publicKeyAlgorithm: "RSA",
        notBefore: "2026-01-01T00:00:00Z",
        notAfter: "2027-01-01T00:00:00Z",
        version: 3,
        certPem: "",
    }));
    return { id: digest(url).slice(0, 40), url: ctx.inputs.url, certificates };
}

/** The answers this file gives, by invoke token. */
export const awsInvokeAnswers: Record<string, Answer> = {
    "aws:ec2/getAmi:getAmi": amiAnswer,
    "aws:ec2/getAmiIds:getAmiIds": (ctx) => {
        const id = String(amiAnswer(ctx).id);
        return { id: ctx.region, ids: [id], owners: ctx.inputs.owners, region: ctx.region };
    },
    "aws:ec2/getVpc:getVpc": (ctx) => {
        if (!asksForDefaultVpc(ctx.inputs, ctx.region)) {
            throw new Error(
                `invoke aws:ec2/getVpc:getVpc: only the default VPC ({ default: true }) is known offline, got ${JSON.stringify(ctx.inputs)}; pass the VPC from the program, or supply the answer with --invoke-fixture FILE`,
            );
        }
        return defaultVpc(ctx.region);
    },
    "aws:ec2/getSubnets:getSubnets": (ctx) => {
        if (!asksForDefaultVpc(ctx.inputs, ctx.region)) {
            throw new Error(
                `invoke aws:ec2/getSubnets:getSubnets: only the default VPC's subnets (filter vpc-id = the default VPC's id) are known offline, got ${JSON.stringify(ctx.inputs)}; supply the answer with --invoke-fixture FILE`,
            );
        }
        const wanted = filterValues(ctx.inputs, "availability-zone");
        const ids = defaultSubnets(ctx.region)
            .filter((s) => wanted.length === 0 || wanted.includes(s.availabilityZone))
            .map((s) => s.id);
        return { id: ctx.region, ids, filters: ctx.inputs.filters, region: ctx.region };
    },
    "aws:ec2/getSubnet:getSubnet": (ctx) => {
        const subnets = defaultSubnets(ctx.region);
        const az = filterValues(ctx.inputs, "availability-zone")[0] ?? ctx.inputs.availabilityZone;
        const match = subnets.find(
            (s) =>
                s.id === ctx.inputs.id ||
                (ctx.inputs.id === undefined &&
                    (ctx.inputs.defaultForAz === true ||
                        filterValues(ctx.inputs, "default-for-az").includes("true")) &&
                    (az === undefined || s.availabilityZone === az)),
        );
        if (!match) {
            throw new Error(
                `invoke aws:ec2/getSubnet:getSubnet: only the default VPC's subnets are known offline, got ${JSON.stringify(ctx.inputs)}; supply the answer with --invoke-fixture FILE`,
            );
        }
        return subnetAnswer(ctx.region, match);
    },
    "aws:ecr/getAuthorizationToken:getAuthorizationToken": ecrAuthorizationToken,
    "aws:ssm/getParameter:getParameter": publicParameter,
    "aws:route53/getZone:getZone": zoneAnswer,
    "aws:acm/getCertificate:getCertificate": acmCertificate,
    "aws:organizations/getOrganization:getOrganization": organization,
    "tls:index/getCertificate:getCertificate": tlsCertificate,
};
