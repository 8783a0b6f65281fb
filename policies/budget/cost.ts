/**
 * Monthly cost per stack and in total, from the resource graph, a dated price table and the
 * workload's usage. Every line is quantity × unit price, names its resource and the price's
 * source, and is either fixed (what is deployed costs it idle) or usage-driven (it scales with
 * `Usage`). Every AWS resource is accounted for: priced, free by a deliberate rule
 * (`freeTypes`), or listed as unpriced with the reason; never silently zero.
 */
import * as fs from "fs";
import * as path from "path";
import { priceCompute, priceNetwork } from "./cost-compute";
import { priceData } from "./cost-data";
import { priceEdge, priceOperations } from "./cost-global";
import { PriceKey, PriceTable, PricingContext, priceKeys } from "./cost-model";
import { BudgetGraph, BudgetResource, asNumber, contractsOf, field, regionOf } from "./graph";
import { Usage, contractUsage, mergeUsage, parseUsage } from "./usage";

export type { LineOptions, Price, PriceKey, PriceTable, PricingContext } from "./cost-model";
export { priceKeys } from "./cost-model";

/**
 * Check a parsed price table and return it typed; throws naming every missing or malformed
 * entry. The table is read from disk rather than imported so the pack loads under any
 * TypeScript settings (a JSON import needs `resolveJsonModule`).
 */
export function parsePriceTable(raw: unknown, origin = "price table"): PriceTable {
    const problems: string[] = [];
    for (const key of ["date", "currency", "baseRegion", "regionRule"]) {
        if (typeof field(raw, key) !== "string") {
            problems.push(`${key} must be a string`);
        }
    }
    for (const key of ["hoursPerMonth", "defaultRegionMultiplier"]) {
        if (asNumber(field(raw, key)) === undefined) {
            problems.push(`${key} must be a number`);
        }
    }
    for (const key of priceKeys) {
        const price = field(field(raw, "prices"), key);
        if (
            asNumber(field(price, "usd")) === undefined ||
            typeof field(price, "source") !== "string"
        ) {
            problems.push(`prices.${key} needs a numeric usd and a source`);
        }
    }
    if (problems.length > 0) {
        throw new Error(`${origin}: ${problems.join("; ")}`);
    }
    return raw as PriceTable;
}

/** Read and check a price table file. */
export function loadPriceTable(file: string): PriceTable {
    return parsePriceTable(JSON.parse(fs.readFileSync(file, "utf8")), file);
}

/** The price table shipped with the pack (`prices.json`, next to this module). */
export const defaultPrices: PriceTable = loadPriceTable(path.join(__dirname, "prices.json"));

/** One line of the estimate: quantity × unit price. */
export interface CostItem {
    stack: string;
    /** Logical name of the resource the line prices. */
    resource: string;
    type: string;
    region: string;
    /** What is counted, e.g. "3 AZs × 730 h". */
    item: string;
    /** Fixed: paid while deployed, idle or not. Usage: scales with the `usage` input. */
    kind: "fixed" | "usage";
    quantity: number;
    unit: string;
    /** Price per unit, after the region multiplier. */
    unitUsd: number;
    priceKey: PriceKey;
    source: string;
    /** quantity × unitUsd, rounded to cents. */
    monthlyUsd: number;
}

/** A resource that costs nothing, and why; deliberate, by type or by its settings. */
export interface FreeResource {
    stack: string;
    resource: string;
    type: string;
    reason: string;
}

/** A resource that costs money the model cannot price, and why. */
export interface Unpriced {
    stack: string;
    resource: string;
    type: string;
    reason: string;
}

export interface CostEstimate {
    monthlyUsd: number;
    /** Sum of the fixed lines. */
    fixedUsd: number;
    /** Sum of the usage-driven lines. */
    usageUsd: number;
    currency: string;
    priceDate: string;
    /** Total per stack. */
    stacks: Record<string, number>;
    items: CostItem[];
    /** Resources priced at zero, each with its reason. */
    free: FreeResource[];
    unpriced: Unpriced[];
    /** The usage the usage-driven lines were computed from. */
    usage: Usage;
}

export const round = (usd: number): number => Math.round(usd * 100) / 100;

/**
 * Types that cost nothing themselves, and why. A deliberate list: a type that is neither here
 * nor priced is reported as unpriced.
 */
export const freeTypes: Record<string, string> = {
    "aws:ec2/securityGroup:SecurityGroup": "security groups have no charge",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "security group rules have no charge",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
        "security group rules have no charge",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
        "security group rules have no charge",
    "aws:ec2/vpc:Vpc": "a VPC has no charge (its NAT gateways, endpoints and IPs are priced)",
    "aws:ec2/subnet:Subnet": "subnets have no charge",
    "aws:ec2/flowLog:FlowLog":
        "a flow log has no charge of its own; its records are CloudWatch Logs ingestion and storage in the log group it delivers to, priced there",
    "aws:s3/bucketObjectv2:BucketObjectv2":
        "one small object (a canary script): its storage is priced with its bucket's",
    "aws:ec2/routeTable:RouteTable": "route tables have no charge",
    "aws:ec2/route:Route": "routes have no charge",
    "aws:ec2/routeTableAssociation:RouteTableAssociation":
        "route table associations have no charge",
    "aws:ec2/internetGateway:InternetGateway":
        "internet gateways have no charge (egress is priced per GB)",
    "aws:iam/role:Role": "IAM has no charge",
    "aws:iam/rolePolicy:RolePolicy": "IAM has no charge",
    "aws:iam/policy:Policy": "IAM has no charge",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM has no charge",
    "aws:iam/instanceProfile:InstanceProfile": "IAM has no charge",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": "IAM has no charge",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "IAM has no charge",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "security groups have no charge",
    "aws:ec2/networkAcl:NetworkAcl": "network ACLs have no charge",
    "aws:kms/alias:Alias": "aliases have no charge",
    "aws:lb/listenerCertificate:ListenerCertificate":
        "no charge beyond its listener's load balancer",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": "no charge",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
        "bucket settings have no charge (transitions are requests, not priced)",
    "aws:cloudwatch/eventRule:EventRule": "rules for AWS service events have no charge",
    "aws:cloudwatch/eventTarget:EventTarget": "rules for AWS service events have no charge",
    "aws:acm/certificateValidation:CertificateValidation": "validation has no charge",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "bucket settings have no charge",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "bucket settings have no charge",
    "aws:s3/bucketVersioning:BucketVersioning":
        "bucket settings have no charge (noncurrent versions are in the store's stored GB)",
    "aws:s3/bucketPolicy:BucketPolicy": "bucket settings have no charge",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
        "bucket settings have no charge (SSE-KMS requests are KMS requests, not priced)",
    "aws:lb/targetGroup:TargetGroup": "billed through its load balancer's hours and LCUs",
    "aws:lb/listener:Listener": "billed through its load balancer's hours and LCUs",
    "aws:lb/listenerRule:ListenerRule": "billed through its load balancer's LCUs",
    "aws:ecs/taskDefinition:TaskDefinition": "billed as its service's running tasks",
    "aws:appautoscaling/target:Target": "Application Auto Scaling has no charge",
    "aws:sns/topic:Topic":
        "no monthly charge; the first million publishes a month are free and alarms publish rarely",
    "aws:sns/topicPolicy:TopicPolicy": "topic policies have no charge",
    "aws:rds/globalCluster:GlobalCluster": "billed through its member clusters",
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": "parameter groups have no charge",
    "aws:rds/parameterGroup:ParameterGroup": "parameter groups have no charge",
    "aws:rds/subnetGroup:SubnetGroup": "subnet groups have no charge",
    "aws:ecr/repository:Repository": "billed as stored images; pull-through rules are priced",
    "aws:route53recoverycontrol/controlPanel:ControlPanel": "included in the ARC cluster-hour",
    "aws:route53recoverycontrol/routingControl:RoutingControl": "included in the ARC cluster-hour",
    "aws:route53recoverycontrol/safetyRule:SafetyRule": "included in the ARC cluster-hour",
    "aws:globalaccelerator/listener:Listener": "included in the accelerator's fixed fee",
    "aws:globalaccelerator/endpointGroup:EndpointGroup": "included in the accelerator's fixed fee",
    "aws:wafv2/webAclAssociation:WebAclAssociation": "billed through its web ACL",
    "aws:cloudfront/originAccessControl:OriginAccessControl": "no charge",
    "aws:cloudfront/cachePolicy:CachePolicy": "no charge",
    "aws:cloudfront/originRequestPolicy:OriginRequestPolicy": "no charge",
    "aws:secretsmanager/secretVersion:SecretVersion": "billed through its secret",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "billed through its secret",
    "aws:s3control/multiRegionAccessPointPolicy:MultiRegionAccessPointPolicy":
        "billed through its access point",
    "aws:cloudwatch/logDeliverySource:LogDeliverySource":
        "a logical object with no charge; the logs it sends are billed through its delivery",
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination":
        "a logical object with no charge; the logs it receives are billed through the delivery",
};

/** Whether a resource is an AWS resource the estimate must account for. */
function isCloudResource(r: BudgetResource): boolean {
    if (r.custom === false) {
        return false; // a component: its children are what AWS bills
    }
    const pkg = r.type.split(":")[0];
    return pkg === "aws" || r.type === "awsx:ec2:Vpc";
}

/**
 * The monthly cost of everything in the graph. Usage: the defaults, then the `usage` a regional
 * stack exports, then `usageInput` (a partial `Usage`, e.g. the policy config's); a bad value
 * throws a `UsageError` naming it.
 */
export function estimateCost(
    graph: BudgetGraph,
    prices: PriceTable = defaultPrices,
    usageInput?: unknown,
): CostEstimate {
    // The usage a regional stack exports (the primary's, from its config), then the caller's.
    const exported = contractsOf(graph).find((c) => c.usage !== undefined)?.usage;
    const usage = parseUsage(mergeUsage(contractUsage(exported), usageInput));
    const items: CostItem[] = [];
    const free: FreeResource[] = [];
    const unpriced: Unpriced[] = [];
    const accounted = new Set<BudgetResource>();
    const entry = (r: BudgetResource, reason: string) => ({
        stack: r.stack ?? "unknown",
        resource: r.name,
        type: r.type,
        reason,
    });
    const context: PricingContext = {
        graph,
        resources: graph.resources,
        prices,
        usage,
        hours: prices.hoursPerMonth,
        line(r, key, quantity, item, o = {}) {
            accounted.add(r);
            const price = prices.prices[key];
            const region = o.region ?? regionOf(r);
            const multiplier = o.global ? 1 : regionMultiplier(prices, region);
            const unitUsd = (o.unitUsd ?? price.usd) * multiplier;
            items.push({
                stack: r.stack ?? "unknown",
                resource: r.name,
                type: r.type,
                region: o.global ? "global" : region,
                item,
                kind: o.usage ? "usage" : "fixed",
                quantity,
                unit: o.unit ?? price.unit,
                unitUsd,
                priceKey: key,
                source: `${price.source}${multiplier !== 1 ? ` × ${multiplier} (${region})` : ""}`,
                monthlyUsd: round(quantity * unitUsd),
            });
        },
        zero(r, reason) {
            if (!accounted.has(r)) {
                accounted.add(r);
                free.push(entry(r, reason));
            }
        },
        unpriced(r, reason) {
            accounted.add(r);
            unpriced.push(entry(r, reason));
        },
    };
    priceNetwork(context);
    priceCompute(context);
    priceData(context);
    priceEdge(context);
    priceOperations(context);
    for (const r of graph.resources) {
        if (accounted.has(r) || !isCloudResource(r)) {
            continue;
        }
        const reason = freeTypes[r.type];
        if (reason !== undefined) {
            free.push(entry(r, reason));
        } else {
            unpriced.push(entry(r, `no price in the model for ${r.type}`));
        }
    }
    const stacks: Record<string, number> = {};
    for (const item of items) {
        stacks[item.stack] = round((stacks[item.stack] ?? 0) + item.monthlyUsd);
    }
    const sum = (kind?: CostItem["kind"]) =>
        round(items.filter((i) => !kind || i.kind === kind).reduce((n, i) => n + i.monthlyUsd, 0));
    return {
        monthlyUsd: sum(),
        fixedUsd: sum("fixed"),
        usageUsd: sum("usage"),
        currency: prices.currency,
        priceDate: prices.date,
        stacks,
        items,
        free,
        unpriced,
        usage,
    };
}

/** The multiplier the price table's region rule gives `region`. */
export function regionMultiplier(prices: PriceTable, region: string): number {
    return asNumber(prices.regionMultipliers[region]) ?? prices.defaultRegionMultiplier;
}

/** Lines for stack, resource and quantity × unit price, for reports and by-hand checks. */
export function describeLine(i: CostItem): string {
    return `${i.resource}: ${i.item} = ${formatQuantity(i.quantity)} ${i.unit} × $${formatUnitPrice(i.unitUsd)} = $${i.monthlyUsd.toFixed(2)}`;
}

/** A quantity with at most four decimals and no trailing zeros. */
export function formatQuantity(n: number): string {
    return Number(n.toFixed(4)).toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** A unit price with enough decimals to recompute the line (at least two). */
export function formatUnitPrice(n: number): string {
    return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 6 });
}
