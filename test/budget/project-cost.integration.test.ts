/**
 * The cost of this project's own stacks, run through the offline engine and the check command
 * exactly as `npm start` runs them.
 */
import * as assert from "assert";
import { main } from "../../bin/main";
import { StackRecord } from "../../check/engine/types";
import { CostEstimate, estimateCost, freeTypes } from "../../policies/budget";
import { runProject } from "../helpers/engine";

const costOf = (records: readonly StackRecord[]) =>
    estimateCost({ resources: records.flatMap((r) => r.resources) });
const natLines = (cost: CostEstimate) =>
    cost.items
        .filter((i) => i.priceKey === "natGatewayHour")
        .map((i) => [i.stack, i.resource, i.quantity]);

/** Resources priced at zero for a reason that holds only in this configuration. */
const conditionalZero: Record<string, RegExp> = {
    "awsx:ec2:Vpc": /^no NAT gateways: /,
    "aws:ec2/vpcEndpoint:VpcEndpoint": /^gateway endpoints \(S3, DynamoDB\) have no charge$/,
    "aws:route53/record:Record": /^alias queries to AWS resources are free$/,
    "aws:acm/certificate:Certificate": /^public ACM certificates are free$/,
};

describe("budget: the project's own stacks", function () {
    this.timeout(300_000);

    it("prices no NAT gateway by default, and the NAT gateways the VPCs create with app.outboundInternet=true", async () => {
        const plain = costOf(await runProject({ stacks: ["primary", "secondary"] }));
        assert.deepStrictEqual(natLines(plain), []);
        const outbound = costOf(
            await runProject({
                stacks: ["primary", "secondary"],
                overrides: ["app.outboundInternet=true"],
            }),
        );
        // networkPlan: a serving region (the primary, a warm standby) gets one NAT per AZ. The
        // engine expands the awsx VPC into the NAT gateways awsx creates, each priced once.
        assert.deepStrictEqual(
            natLines(outbound),
            ["primary", "secondary"].flatMap((stack) =>
                [1, 2, 3].map((az) => [
                    stack,
                    `app-${stack === "primary" ? "us-east-1" : "us-west-2"}-vpc-${az}`,
                    730,
                ]),
            ),
        );
    });

    it("npm start -- --format json lists nothing that costs money among the priced-at-zero, and the unpriced list names the rest", async () => {
        let stdout = "";
        const code = await main(["--format", "json"], {
            stdout: (t) => (stdout += t),
            stderr: () => undefined,
        });
        assert.strictEqual(code, 0);
        const cost = JSON.parse(stdout).cost as {
            monthlyUsd: number;
            items: { quantity: number; unitUsd: number; monthlyUsd: number; source: string }[];
            pricedAtZero: { type: string; reason: string; resource: string }[];
            unpriced: unknown[];
        };
        for (const free of cost.pricedAtZero) {
            const rule = conditionalZero[free.type];
            assert.ok(
                rule ? rule.test(free.reason) : freeTypes[free.type] === free.reason,
                `${free.resource} (${free.type}) priced at zero: ${free.reason}`,
            );
        }
        assert.deepStrictEqual(cost.unpriced, []);
        // Every AWS resource of the run is in exactly one place: a line, free or unpriced.
        const doc = JSON.parse(stdout) as {
            stacks: { resources: { type: string; name: string }[] }[];
            cost: { items: { resource: string; type: string }[] };
        };
        const accounted = new Set([
            ...doc.cost.items.map((i) => `${i.type} ${i.resource}`),
            ...cost.pricedAtZero.map((f) => `${f.type} ${f.resource}`),
        ]);
        for (const r of doc.stacks.flatMap((s) => s.resources)) {
            if (r.type.startsWith("aws:") || r.type === "awsx:ec2:Vpc") {
                assert.ok(
                    accounted.has(`${r.type} ${r.name}`),
                    `${r.type} ${r.name} is not accounted for`,
                );
            }
        }
        const total = cost.items.reduce((n, i) => n + i.monthlyUsd, 0);
        assert.strictEqual(cost.monthlyUsd, Math.round(total * 100) / 100);
    });
});
