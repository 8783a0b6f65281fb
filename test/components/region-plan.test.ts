import * as assert from "assert";
import { CapacityStrategy, RegionalRole } from "../../components/capacity";
import {
    EdgeMode,
    NetworkPlan,
    imageProblems,
    imageSource,
    livenessPathProblem,
    networkPlan,
    targetGroupHealthPath,
} from "../../components/region/plan";
import { executionPolicy, volumeName } from "../../components/region/regionalApplication";

const noNat: NetworkPlan = {
    natGateways: "None",
    appSubnetType: "Isolated",
    taskInternetEgress: false,
};
const perAz: NetworkPlan = {
    natGateways: "OnePerAz",
    appSubnetType: "Private",
    taskInternetEgress: true,
};
const single: NetworkPlan = {
    natGateways: "Single",
    appSubnetType: "Private",
    taskInternetEgress: true,
};

describe("network plan by strategy, role and egress", () => {
    const table: [CapacityStrategy, RegionalRole, boolean, boolean, NetworkPlan][] = [
        ["active-passive", "primary", false, false, noNat],
        ["active-active", "secondary", false, false, noNat],
        ["pilot-light", "secondary", false, true, noNat],
        ["active-passive", "primary", true, false, perAz],
        ["pilot-light", "primary", true, false, perAz],
        ["warm-standby", "primary", true, false, perAz],
        ["active-active", "primary", true, false, perAz],
        ["active-passive", "secondary", true, false, single],
        ["pilot-light", "secondary", true, false, single],
        ["warm-standby", "secondary", true, false, perAz],
        ["active-active", "secondary", true, false, perAz],
        ["active-passive", "secondary", true, true, perAz],
        ["pilot-light", "secondary", true, true, perAz],
    ];
    for (const [strategy, role, internet, activate, expected] of table) {
        it(`${strategy} ${role}, outboundInternet ${internet}${activate ? ", activated" : ""}: NAT ${expected.natGateways}`, () =>
            assert.deepStrictEqual(networkPlan(strategy, role, internet, activate), expected));
    }
});

describe("image source", () => {
    it("pulls public.ecr.aws images through the account's cache", () =>
        assert.deepStrictEqual(
            imageSource(
                "public.ecr.aws/nginx/nginx:1.27",
                "123456789012",
                "us-west-2",
                "ecr-public",
            ),
            {
                image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/ecr-public/nginx/nginx:1.27",
                repositoryArns: ["arn:aws:ecr:us-west-2:123456789012:repository/ecr-public/*"],
                pullThrough: true,
            },
        ));
    it("uses a private ECR image as is, scoped to its repository", () =>
        assert.deepStrictEqual(
            imageSource(
                "111122223333.dkr.ecr.us-east-1.amazonaws.com/team/api@sha256:abc",
                "123456789012",
                "us-east-1",
                "ecr-public",
            ),
            {
                image: "111122223333.dkr.ecr.us-east-1.amazonaws.com/team/api@sha256:abc",
                repositoryArns: ["arn:aws:ecr:us-east-1:111122223333:repository/team/api"],
                pullThrough: false,
            },
        ));
    it("refuses a registry tasks cannot reach without internet egress", () => {
        assert.deepStrictEqual(imageProblems("docker.io/library/nginx:1.27", false), [
            'app.image: "docker.io/library/nginx:1.27" is not in ECR, and tasks have no internet egress; use a public.ecr.aws image (pulled through the ECR cache), a private ECR image, or set app.outboundInternet to true',
        ]);
        assert.deepStrictEqual(imageProblems("docker.io/library/nginx:1.27", true), []);
        assert.deepStrictEqual(imageProblems("public.ecr.aws/nginx/nginx:1.27", false), []);
    });
});

describe("execution role policy", () => {
    const logs = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app";
    it("scopes logs to the log group and ECR to the cache prefix", () =>
        assert.deepStrictEqual(
            executionPolicy(
                logs,
                imageSource(
                    "public.ecr.aws/nginx/nginx:1.27",
                    "123456789012",
                    "us-east-1",
                    "ecr-public",
                ),
            ),
            {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "WriteTaskLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: `${logs}:log-stream:*`,
                    },
                    {
                        Sid: "EcrLogin",
                        Effect: "Allow",
                        Action: "ecr:GetAuthorizationToken",
                        Resource: "*",
                    },
                    {
                        Sid: "PullImage",
                        Effect: "Allow",
                        Action: [
                            "ecr:BatchCheckLayerAvailability",
                            "ecr:GetDownloadUrlForLayer",
                            "ecr:BatchGetImage",
                            "ecr:BatchImportUpstreamImage",
                            "ecr:CreateRepository",
                        ],
                        Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/*"],
                    },
                ],
            },
        ));
    it("grants no ECR access for an image outside ECR", () =>
        assert.deepStrictEqual(
            (
                executionPolicy(
                    logs,
                    imageSource("ghcr.io/org/app:1", "123456789012", "us-east-1", "p"),
                ) as { Statement: { Sid: string }[] }
            ).Statement.map((s) => s.Sid),
            ["WriteTaskLogs"],
        ));
    it("names task volumes after their paths", () =>
        assert.deepStrictEqual(["/tmp", "/var/cache/nginx", "/var/run/"].map(volumeName), [
            "tmp",
            "var-cache-nginx",
            "var-run",
        ]));
});

describe("the path the target group checks", () => {
    const table: [string, string, string][] = [
        ["/healthz", "", "/healthz"],
        ["/healthz", "/livez", "/livez"],
        ["/", "/ping", "/ping"],
    ];
    for (const [healthPath, livenessPath, expected] of table) {
        it(`health ${healthPath}, liveness ${JSON.stringify(livenessPath)}: ${expected}`, () =>
            assert.strictEqual(targetGroupHealthPath(healthPath, livenessPath), expected));
    }
});

describe("a liveness path only where the target group does not decide failover", () => {
    const table: [EdgeMode, string, string | undefined][] = [
        ["dns", "/livez", undefined],
        ["dns", "", undefined],
        ["cloudfront", "", undefined],
        ["global-accelerator", "", undefined],
        [
            "cloudfront",
            "/livez",
            'livenessPath "/livez" with edge cloudfront: behind an edge the target group\'s health (the serving alarm) is what fails the region over, so it must check the health path that sees the data; leave livenessPath empty',
        ],
        [
            "global-accelerator",
            "/ping",
            'livenessPath "/ping" with edge global-accelerator: behind an edge the target group\'s health (the serving alarm) is what fails the region over, so it must check the health path that sees the data; leave livenessPath empty',
        ],
    ];
    for (const [mode, livenessPath, expected] of table) {
        it(`${mode}, liveness ${JSON.stringify(livenessPath)}: ${expected ? "refused" : "accepted"}`, () =>
            assert.strictEqual(livenessPathProblem(mode, livenessPath), expected));
    }
});
