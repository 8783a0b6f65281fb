/**
 * One line per resource type against a hand calculation from the AWS price page's figures,
 * written here (not read from prices.json), so a wrong table entry or a wrong quantity fails.
 * Every figure is us-east-1 list price, 730 h a month; the page is named beside it.
 */
import * as assert from "assert";
import { estimateCost } from "../../policies/budget";
import { cases, east } from "./price-cases";

describe("budget: one line per resource type, by hand from the AWS price pages", () => {
    for (const c of cases) {
        it(c.type, () => {
            const cost = estimateCost({ resources: c.resources });
            const lines = cost.items.filter(
                (i) =>
                    i.priceKey === c.key &&
                    (c.resource === undefined || i.resource === c.resource) &&
                    c.type.startsWith(i.type),
            );
            assert.strictEqual(lines.length >= 1, true, `no ${c.key} line for ${c.type}`);
            const line = lines[0]!;
            assert.ok(
                Math.abs(line.quantity - c.quantity) < 1e-9,
                `quantity ${line.quantity} ≠ ${c.quantity}`,
            );
            assert.strictEqual(line.unitUsd, c.unitUsd);
            assert.strictEqual(line.monthlyUsd, c.monthlyUsd);
            assert.strictEqual(line.monthlyUsd, Math.round(c.quantity * c.unitUsd * 100) / 100);
        });
    }

    it("prices a secret's replica in its own region, as a second secret", () => {
        const cost = estimateCost({
            resources: [
                east("aws:secretsmanager/secret:Secret", "s", {
                    replicas: [{ region: "eu-west-1" }],
                }),
            ],
        });
        // $0.40 at home, $0.40 × 1.2 (the table's default multiplier) in eu-west-1.
        assert.deepStrictEqual(
            cost.items.map((i) => [i.item, i.region, i.monthlyUsd]),
            [
                ["secret", "us-east-1", 0.4],
                ["replica in eu-west-1", "eu-west-1", 0.48],
            ],
        );
    });

    it("prices at zero, with the reason, what AWS does not charge for", () => {
        const cost = estimateCost({
            resources: [
                east("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" }),
                east("aws:acm/certificate:Certificate", "cert", {}),
                east("aws:route53/record:Record", "alias", {
                    name: "app.example.com",
                    aliases: [{ name: "x.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K" }],
                }),
                east("aws:ecs/cluster:Cluster", "cluster", {}),
                east("aws:ecs/service:Service", "idle", { desiredCount: 0 }),
            ],
        });
        assert.deepStrictEqual(cost.items, []);
        assert.deepStrictEqual(
            cost.free.map((f) => [f.resource, f.reason]),
            [
                ["s3", "gateway endpoints (S3, DynamoDB) have no charge"],
                ["idle", "desiredCount 0: no tasks run"],
                ["cluster", "ECS clusters have no charge and Container Insights is off"],
                ["alias", "alias queries to AWS resources are free"],
                ["cert", "public ACM certificates are free"],
            ],
        );
    });

    it("lists a cron canary and a private certificate as unpriced", () => {
        const cost = estimateCost({
            resources: [
                east("aws:synthetics/canary:Canary", "c", {
                    schedule: { expression: "cron(0 * * * ? *)" },
                }),
                east("aws:acm/certificate:Certificate", "private", {
                    certificateAuthorityArn: "arn:ca",
                }),
            ],
        });
        assert.deepStrictEqual(
            cost.unpriced.map((u) => [u.resource, u.reason]),
            [
                ["c", 'schedule "cron(0 * * * ? *)": only rate() schedules are priced'],
                ["private", "private CA certificates are not priced by the model"],
            ],
        );
    });
});
