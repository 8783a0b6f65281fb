/**
 * A consumer of the components, composed differently from `stacks/`: ONE stack spans two regions
 * (two explicit providers), both regions serve users (active-active), a DynamoDB global table
 * replicates between them, and Route 53 latency records with health checks sit over both ALBs.
 *
 * Imported through the library entry. A consumer outside this repository imports the package
 * instead: `from "multi-region-failover/components"` (see README.md).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DynamoGlobalTable,
    DynamoTableReplica,
    GlobalRouting,
    MultiRegionKey,
    RegionalApplication,
    RoutingRegion,
    capacityFor,
    networkPlan,
} from "../../components";

const config = new pulumi.Config();
const domain = config.get("domain") ?? "api.example.com";
const hostedZoneId = config.get("hostedZoneId") ?? "Z0123456789EXAMPLE";
const [home, away] = config.getObject<string[]>("regions") ?? ["us-east-1", "us-west-2"];
// Who the alarms page: every alarm topic gets these subscriptions (each address confirms by mail).
const alerts = { email: config.getObject<string[]>("alertEmails") ?? ["oncall@example.com"] };

const app = {
    desiredCount: 4,
    maxCount: 8,
    standbyPercent: 50,
    pilotLightCount: 1,
    azCount: 2,
};

/** One provider per region, named after it so adding a region renames nothing. */
function providerFor(region: string): aws.Provider {
    return new aws.Provider(`aws-${region}`, {
        region: region as aws.Region,
        defaultTags: { tags: { Project: "two-region-api", ManagedBy: "pulumi" } },
    });
}
const providers: Record<string, aws.Provider> = {
    [home]: providerFor(home),
    [away]: providerFor(away),
};

// Each region's key is a replica of one multi-region key, so either region decrypts the table.
const homeKey = new MultiRegionKey(
    `key-${home}`,
    { purpose: "two-region-api table" },
    { providers: { aws: providers[home] } },
);
const awayKey = new MultiRegionKey(
    `key-${away}`,
    { purpose: "two-region-api table", primaryKeyArn: homeKey.arn },
    { providers: { aws: providers[away] } },
);
const keys: Record<string, MultiRegionKey> = { [home]: homeKey, [away]: awayKey };

const table = new DynamoGlobalTable(
    `orders-${home}`,
    { region: home, kmsKeyArn: homeKey.arn, consistency: "eventual" },
    { providers: { aws: providers[home] } },
);
const replica = new DynamoTableReplica(
    `orders-${away}`,
    { globalTableArn: table.arn, kmsKeyArn: keys[away].arn },
    { providers: { aws: providers[away] } },
);

// Active-active: both regions run full capacity and serve users, so neither is a standby.
const regions: RoutingRegion[] = [home, away].map((region) => {
    const role = region === home ? "primary" : "secondary";
    const regional = new RegionalApplication(
        `api-${region}`,
        {
            region,
            image: "public.ecr.aws/nginx/nginx:1.27",
            port: 80,
            healthPath: "/",
            cpu: 256,
            memory: 512,
            azCount: app.azCount,
            capacity: capacityFor("active-active", role, app),
            // No outbound internet: tasks reach ECR, logs, S3 and DynamoDB through VPC endpoints.
            network: networkPlan("active-active", role, false),
            gatewayEndpoints: ["dynamodb"],
            domain,
            hostedZoneId,
            deletionProtection: true,
            alerts,
        },
        { providers: { aws: providers[region] }, dependsOn: [region === home ? table : replica] },
    );
    return {
        region,
        servesTraffic: regional.capacity.servesTraffic,
        albDnsName: regional.albDnsName,
        albZoneId: regional.albZoneId,
        albArn: regional.albArn,
        healthCheckPath: regional.healthCheckPath,
    };
});

// Route 53 health check metrics and its control plane live in us-east-1.
const routing = new GlobalRouting(
    "api-routing",
    {
        mode: "dns-latency",
        domain,
        zoneId: hostedZoneId,
        regions,
        healthCheckRegions: ["us-east-1", "us-west-2", "eu-west-1"],
        alerts,
    },
    { providers: { aws: providers["us-east-1"] ?? providerFor("us-east-1") } },
);

export const endpoint = routing.endpoint;
export const healthCheckIds = routing.healthCheckIds;
export const tableName = table.name;
export const replicaArn = replica.arn;
