/**
 * The cost as the reports show it: every line with its resource, quantity, unit, unit price,
 * source and monthly amount, so each can be checked by hand.
 */
import * as assert from "assert";
import { costJson, costLines, costMarkdown, costSources } from "../../check/reports/budget-text";
import { CostEstimate, estimateCost } from "../../policies/budget";
import { appGraph, resource } from "./fixtures";

describe("budget: cost in the reports", () => {
    // Estimated in a hook, not while the file loads, so that Stryker can attribute the budget code
    // it runs to the tests (code run at load is "static" and costs a fresh process per mutant).
    let cost: CostEstimate;
    before(() => {
        cost = estimateCost({
            resources: [
                ...appGraph("warm-standby").filter((r) => r.stack === "primary"),
                resource("primary", "us-east-1", "aws:iam/role:Role", "task-role", {}),
                resource("primary", "us-east-1", "aws:lambda/function:Function", "fn", {}),
            ],
        });
    });

    it("text: one line per item with quantity × unit price and its numbered source", () => {
        const text = costLines(cost).join("\n").replace(/\s+/g, " ");
        const sources = costSources(cost);
        for (const i of cost.items) {
            const n = sources.indexOf(i.source) + 1;
            assert.ok(
                text.includes(`${i.resource} (${i.stack}): ${i.item}`),
                `text lacks ${i.resource}: ${i.item}`,
            );
            assert.ok(text.includes(`[${n}] ${i.source}`.replace(/\s+/g, " ")), i.source);
        }
        // The ALB hour line, by hand: 730 ALB-hours × $0.0225 = $16.43.
        assert.ok(
            text.includes(
                "$16.43 app-us-east-1-alb (primary): ALB × 730 h: 730 ALB-hour × $0.0225 [",
            ),
        );
        assert.match(
            text,
            /^Monthly cost \$\d+\.\d\d \(USD, prices of 2026-10-01\): fixed \$\d+\.\d\d, usage-driven \$\d+\.\d\d /,
        );
        assert.ok(
            text.includes(
                "Priced at zero (5, each with its reason in --format json): 1 aws:appautoscaling/target:Target, 1 aws:ecs/taskDefinition:TaskDefinition, 1 aws:iam/role:Role, 1 aws:lb/targetGroup:TargetGroup, 1 awsx:ec2:Vpc.",
            ),
            text,
        );
        assert.ok(
            text.includes(
                "Unpriced (cost money the model cannot price): fn (aws:lambda/function:Function, primary): no price in the model for aws:lambda/function:Function.",
            ),
        );
    });

    it("text: no line wider than the report's 100 columns", () => {
        const wide = estimateCost({ resources: appGraph("active-active") }, undefined, {
            requestsPerMonth: 123_456_789_012,
            stores: { orders: { gbWrittenPerMonth: 1 }, "assets-replication": { gbStored: 2 } },
        });
        for (const line of costLines(wide)) {
            assert.ok(line.length <= 100, line);
        }
    });

    it("Markdown: a table row per line with every field", () => {
        const rows = costMarkdown(cost).filter(
            (l) => l.startsWith("| primary |") && l.split("|").length === 10,
        );
        assert.strictEqual(rows.length, cost.items.length);
        assert.ok(
            rows.includes(
                "| primary | app-us-east-1-alb: ALB × 730 h | fixed | 730 | ALB-hour | $0.0225 | [" +
                    (costSources(cost).indexOf(cost.items[0]!.source) + 1) +
                    "] | $16.43 |",
            ),
            rows.join("\n"),
        );
    });

    it("JSON: every field of every line, and the total recomputes from the lines", () => {
        const doc = JSON.parse(JSON.stringify(costJson(cost))) as {
            monthlyUsd: number;
            fixedUsd: number;
            usageUsd: number;
            items: Record<string, unknown>[];
            pricedAtZero: unknown[];
            unpriced: unknown[];
        };
        for (const item of doc.items) {
            assert.deepStrictEqual(Object.keys(item), [
                "stack",
                "resource",
                "type",
                "region",
                "kind",
                "item",
                "quantity",
                "unit",
                "unitUsd",
                "source",
                "monthlyUsd",
            ]);
            assert.strictEqual(
                item.monthlyUsd,
                Math.round((item.quantity as number) * (item.unitUsd as number) * 100) / 100,
            );
        }
        const sum = doc.items.reduce((n, i) => n + (i.monthlyUsd as number), 0);
        assert.strictEqual(doc.monthlyUsd, Math.round(sum * 100) / 100);
        assert.strictEqual(Math.round((doc.fixedUsd + doc.usageUsd) * 100) / 100, doc.monthlyUsd);
        assert.strictEqual(doc.pricedAtZero.length, 5);
        assert.strictEqual(doc.unpriced.length, 1);
    });
});
