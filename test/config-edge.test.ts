import * as assert from "assert";
import { ConfigError, parseStackConfig, projectName } from "../stacks/config";

const ns = (key: string) => `${projectName}:${key}`;

function parse(extra: Record<string, string>) {
    return parseStackConfig({ "aws:region": "us-east-1", [ns("role")]: "primary", ...extra });
}

function problems(extra: Record<string, string>): readonly string[] {
    try {
        parse(extra);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
        return err.problems;
    }
    assert.fail("expected the config to be rejected");
}

describe("stack config: alerts, edge and logs", () => {
    it("accepts subscriptions, a WAF with its rate limit and a two-year audit retention", () => {
        const config = parse({
            [ns("alerts")]: JSON.stringify({
                email: ["oncall@example.com"],
                httpsEndpoints: ["https://hooks.example.com/alarm"],
            }),
            [ns("edge")]: JSON.stringify({ waf: true, wafRateLimit: "500" }),
            [ns("logs")]: JSON.stringify({ auditRetentionDays: 731 }),
        });
        assert.deepStrictEqual(config.alerts, {
            email: ["oncall@example.com"],
            httpsEndpoints: ["https://hooks.example.com/alarm"],
        });
        assert.deepStrictEqual(config.edge, { waf: true, wafRateLimit: 500 });
        assert.deepStrictEqual(config.logs, { retentionDays: 30, auditRetentionDays: 731 });
        assert.strictEqual(
            parse({ [ns("alerts")]: '{"topicArn":"arn:aws:sns:us-east-1:123456789012:oncall"}' })
                .alerts.topicArn,
            "arn:aws:sns:us-east-1:123456789012:oncall",
        );
    });

    const bad: [string, Record<string, string>, string][] = [
        [
            "an email that is not an address",
            { [ns("alerts")]: '{"email":["oncall"]}' },
            'alerts.email: ["oncall"] has "oncall"; each must be an email address',
        ],
        [
            "an http endpoint",
            { [ns("alerts")]: '{"httpsEndpoints":["http://hooks.example.com"]}' },
            'alerts.httpsEndpoints: ["http://hooks.example.com"] has "http://hooks.example.com"; each must be an https:// URL',
        ],
        [
            "a topic ARN that is not one",
            { [ns("alerts")]: '{"topicArn":"oncall"}' },
            'alerts.topicArn: "oncall" must be an SNS topic ARN arn:aws:sns:<region>:<account>:<name>',
        ],
        [
            "a topic together with subscriptions",
            {
                [ns("alerts")]:
                    '{"topicArn":"arn:aws:sns:us-east-1:123456789012:oncall","email":["a@example.com"]}',
            },
            'alerts.topicArn: "arn:aws:sns:us-east-1:123456789012:oncall" is set with alerts.email or alerts.httpsEndpoints; set either topicArn (an existing topic) or email/httpsEndpoints (subscriptions of a new topic), not both',
        ],
        [
            "a WAF rate limit below 10",
            { [ns("edge")]: '{"wafRateLimit":9}' },
            "edge.wafRateLimit: 9 is invalid; it must be an integer from 10 to 2000000000",
        ],
        [
            "a retention CloudWatch Logs does not offer",
            { [ns("logs")]: '{"auditRetentionDays":364}' },
            "logs.auditRetentionDays: 364 is invalid; allowed: 0 or 1 or 3 or 5 or 7 or 14 or 30 or 60 or 90 or 120 or 150 or 180 or 365 or 400 or 545 or 731 or 1096 or 1827 or 2192 or 2557 or 2922 or 3288 or 3653 (CloudWatch Logs retention)",
        ],
    ];
    for (const [what, extra, message] of bad) {
        it(`refuses ${what}`, () => {
            assert.deepStrictEqual(problems(extra), [message]);
        });
    }
});
