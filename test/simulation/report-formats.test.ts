/**
 * The simulation's three reports (policies/simulation/simulate.ts), each written out in full for
 * one report: the text a terminal shows (a runbook per scenario, its invariants, the
 * assumptions, the verdict line), the JSON `simulate --format json` prints, and the Mermaid
 * Gantt chart. Labels lose what Mermaid reads as syntax (`:`, `#`, `;`) and what follows a
 * source in parentheses.
 */
import * as assert from "assert";
import {
    SimulationReport,
    simulationJson,
    simulationMermaid,
    simulationText,
} from "../../policies/simulation";

const report: SimulationReport = {
    rtoSeconds: 900,
    rtoSource: "declared by stack primary",
    scenarios: [
        {
            name: "outage:us-east-1",
            region: "us-east-1",
            servedAfterSeconds: 96,
            timeline: [
                { atSeconds: 0, event: "Region us-east-1 goes down", resource: "us-east-1" },
                {
                    atSeconds: 36,
                    event: "Health check hc-east turns unhealthy (interval 10 s; see DG)",
                    resource: "hc:east",
                },
                {
                    atSeconds: 96,
                    event: "Clients reach us-west-2",
                    resource: "us-east-1",
                    step: "ttl",
                },
            ],
            invariants: [
                {
                    name: "serves-within-rto",
                    holds: true,
                    message: "users are served within 900 s",
                },
                {
                    name: "no-fail-open",
                    holds: false,
                    message: "every record is unhealthy at 36 s",
                },
            ],
        },
        {
            name: "drill:us-west-2",
            region: "us-west-2",
            servedAfterSeconds: null,
            timeline: [],
            invariants: [{ name: "single-writer", holds: true, message: "one writer" }],
        },
    ],
    notes: ["assumed: the ALB in us-west-2 serves"],
};

describe("simulation reports: text, JSON and Mermaid", () => {
    it("text: the title, a runbook per scenario, its invariants, the notes and the verdict", () => {
        assert.strictEqual(
            simulationText(report),
            [
                "Failover simulation (RTO 900 s, declared by stack primary)",
                "",
                "== outage:us-east-1: users served after 96 s, 1 invariant(s) broken",
                "     0 s  Region us-east-1 goes down [us-east-1]",
                "    36 s  Health check hc-east turns unhealthy (interval 10 s; see DG) [hc:east]",
                "    96 s  Clients reach us-west-2 [us-east-1]",
                "  ok   serves-within-rto: users are served within 900 s",
                "  FAIL no-fail-open: every record is unhealthy at 36 s",
                "",
                "== drill:us-west-2: users not served again",
                "  ok   single-writer: one writer",
                "",
                "Assumptions (the worse case where AWS documents nothing; what the program does not show):",
                "  - assumed: the ALB in us-west-2 serves",
                "",
                "1 broken: outage:us-east-1 no-fail-open",
                "",
            ].join("\n"),
        );
    });

    it("text: no notes section without notes, and the all-clear verdict", () => {
        const clear: SimulationReport = {
            ...report,
            scenarios: [report.scenarios[1]],
            notes: [],
        };
        assert.strictEqual(
            simulationText(clear),
            [
                "Failover simulation (RTO 900 s, declared by stack primary)",
                "",
                "== drill:us-west-2: users not served again",
                "  ok   single-writer: one writer",
                "",
                "Every invariant holds in every scenario.",
                "",
            ].join("\n"),
        );
    });

    it("JSON: the report's fields, a line's step left out, two-space indent and a final newline", () => {
        const text = simulationJson(report);
        assert.ok(text.endsWith("}\n"));
        assert.ok(text.startsWith('{\n  "rtoSeconds": 900,\n'));
        assert.deepStrictEqual(JSON.parse(text), {
            rtoSeconds: 900,
            scenarios: [
                {
                    name: "outage:us-east-1",
                    region: "us-east-1",
                    servedAfterSeconds: 96,
                    timeline: [
                        {
                            atSeconds: 0,
                            event: "Region us-east-1 goes down",
                            resource: "us-east-1",
                        },
                        {
                            atSeconds: 36,
                            event: "Health check hc-east turns unhealthy (interval 10 s; see DG)",
                            resource: "hc:east",
                        },
                        { atSeconds: 96, event: "Clients reach us-west-2", resource: "us-east-1" },
                    ],
                    invariants: [
                        {
                            name: "serves-within-rto",
                            holds: true,
                            message: "users are served within 900 s",
                        },
                        {
                            name: "no-fail-open",
                            holds: false,
                            message: "every record is unhealthy at 36 s",
                        },
                    ],
                },
                {
                    name: "drill:us-west-2",
                    region: "us-west-2",
                    servedAfterSeconds: null,
                    timeline: [],
                    invariants: [{ name: "single-writer", holds: true, message: "one writer" }],
                },
            ],
            notes: ["assumed: the ALB in us-west-2 serves"],
        });
    });

    it("Mermaid: a Gantt chart per scenario, a section per resource, each bar until the next", () => {
        assert.strictEqual(
            simulationMermaid(report),
            [
                "```mermaid",
                "gantt",
                "    title outage:us-east-1",
                "    dateFormat X",
                "    axisFormat %s",
                "    section us-east-1",
                "    Region us-east-1 goes down : 0, 96",
                "    Clients reach us-west-2 : 96, 97",
                "    section hc east",
                "    Health check hc-east turns unhealthy : 36, 37",
                "```",
                "",
                "```mermaid",
                "gantt",
                "    title drill:us-west-2",
                "    dateFormat X",
                "    axisFormat %s",
                "```",
                "",
            ].join("\n"),
        );
    });

    it("Mermaid: a label loses Mermaid's syntax characters and stops at 80 characters", () => {
        const long = "a".repeat(90);
        const one: SimulationReport = {
            ...report,
            scenarios: [
                {
                    ...report.scenarios[1],
                    timeline: [
                        { atSeconds: 5, event: "Step: one#two;three", resource: "r" },
                        { atSeconds: 5, event: long, resource: "r" },
                    ],
                },
            ],
        };
        const lines = simulationMermaid(one).split("\n");
        assert.deepStrictEqual(lines.slice(5, 8), [
            "    section r",
            "    Step  one two three : 5, 6",
            `    ${"a".repeat(80)} : 5, 6`,
        ]);
    });
});
