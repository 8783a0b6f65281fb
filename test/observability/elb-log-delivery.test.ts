import * as assert from "assert";
import {
    accessLogBucketPolicy,
    elbLogDeliveryAccounts,
    elbLogDeliveryPrincipal,
} from "../../components/region/accessLogs";

/**
 * The list on AWS's "Enable access logs for your Application Load Balancer" page
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html),
 * typed from the page's region names, in the page's order.
 */
const fromPage: [string, string, string][] = [
    ["US East (N. Virginia)", "us-east-1", "127311923021"],
    ["US East (Ohio)", "us-east-2", "033677994240"],
    ["US West (N. California)", "us-west-1", "027434742980"],
    ["US West (Oregon)", "us-west-2", "797873946194"],
    ["Africa (Cape Town)", "af-south-1", "098369216593"],
    ["Asia Pacific (Hong Kong)", "ap-east-1", "754344448648"],
    ["Asia Pacific (Jakarta)", "ap-southeast-3", "589379963580"],
    ["Asia Pacific (Mumbai)", "ap-south-1", "718504428378"],
    ["Asia Pacific (Osaka)", "ap-northeast-3", "383597477331"],
    ["Asia Pacific (Seoul)", "ap-northeast-2", "600734575887"],
    ["Asia Pacific (Singapore)", "ap-southeast-1", "114774131450"],
    ["Asia Pacific (Sydney)", "ap-southeast-2", "783225319266"],
    ["Asia Pacific (Tokyo)", "ap-northeast-1", "582318560864"],
    ["Canada (Central)", "ca-central-1", "985666609251"],
    ["Europe (Frankfurt)", "eu-central-1", "054676820928"],
    ["Europe (Ireland)", "eu-west-1", "156460612806"],
    ["Europe (London)", "eu-west-2", "652711504416"],
    ["Europe (Milan)", "eu-south-1", "635631232127"],
    ["Europe (Paris)", "eu-west-3", "009996457667"],
    ["Europe (Stockholm)", "eu-north-1", "897822967062"],
    ["Middle East (Bahrain)", "me-south-1", "076674570225"],
    ["South America (São Paulo)", "sa-east-1", "507241528517"],
    ["AWS GovCloud (US-West)", "us-gov-west-1", "048591011584"],
    ["AWS GovCloud (US-East)", "us-gov-east-1", "190560391635"],
];

describe("ELB access log delivery principals", () => {
    it("lists exactly the accounts AWS's page gives, region by region", () => {
        assert.deepStrictEqual(
            elbLogDeliveryAccounts,
            Object.fromEntries(fromPage.map(([, region, account]) => [region, account])),
        );
    });

    for (const [label, region, account] of fromPage) {
        it(`${label} (${region}) grants account ${account}`, () => {
            assert.deepStrictEqual(elbLogDeliveryPrincipal(region), {
                AWS: `arn:aws:iam::${account}:root`,
            });
        });
    }

    it("grants the log delivery service in regions opened since August 2022", () => {
        for (const region of [
            "me-central-1",
            "ap-southeast-4",
            "il-central-1",
            "ca-west-1",
            "mx-central-1",
        ]) {
            assert.deepStrictEqual(elbLogDeliveryPrincipal(region), {
                Service: "logdelivery.elasticloadbalancing.amazonaws.com",
            });
        }
    });

    it("names the account in the bucket's partition", () => {
        const policy = accessLogBucketPolicy(
            "arn:aws-us-gov:s3:::logs",
            "us-gov-west-1",
            "123456789012",
            "alb",
        ) as { Statement: { Principal: unknown; Resource: unknown }[] };
        assert.deepStrictEqual(policy.Statement[0].Principal, {
            AWS: "arn:aws-us-gov:iam::048591011584:root",
        });
        assert.strictEqual(
            policy.Statement[0].Resource,
            "arn:aws-us-gov:s3:::logs/alb/AWSLogs/123456789012/*",
        );
        const uae = accessLogBucketPolicy(
            "arn:aws:s3:::logs",
            "me-central-1",
            "123456789012",
            "alb",
        ) as {
            Statement: { Principal: unknown }[];
        };
        assert.deepStrictEqual(uae.Statement[0].Principal, {
            Service: "logdelivery.elasticloadbalancing.amazonaws.com",
        });
    });
});
