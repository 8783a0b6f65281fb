/**
 * The lookups public programs make most, answered offline (check/engine/invokes-aws.ts): each
 * answer in AWS's format, in the invoke's region, the same on every run; what only the account
 * knows is refused with the invoke named.
 */
import * as assert from "assert";
import { answerInvoke } from "../../check/engine/invokes";
import { defaultSubnets, defaultVpcId } from "../../check/engine/invokes-aws";
import * as fs from "fs";
import * as os from "os";
import { enterProjectDir, workerExecArgv } from "../../check/engine/engine";
import { workerSafeTraceEvents } from "../../check/engine/sdk";

const ask = (token: string, inputs: Record<string, unknown>, region = "eu-west-1") =>
    answerInvoke({ token, inputs, region });

describe("offline answers for common lookups", () => {
    it("an AMI named after its filter, deterministic per region and query", () => {
        const inputs = {
            mostRecent: true,
            owners: ["amazon"],
            filters: [{ name: "name", values: ["al2023-ami-*-x86_64"] }],
        };
        const ami = ask("aws:ec2/getAmi:getAmi", inputs);
        assert.match(String(ami.id), /^ami-[0-9a-f]{17}$/);
        assert.strictEqual(ami.imageId, ami.id);
        assert.strictEqual(ami.name, "al2023-ami-20261001-x86_64");
        assert.strictEqual(ami.architecture, "x86_64");
        assert.strictEqual(ami.ownerId, "137112412989");
        assert.strictEqual(ami.arn, `arn:aws:ec2:eu-west-1::image/${String(ami.id)}`);
        assert.strictEqual(ask("aws:ec2/getAmi:getAmi", inputs).id, ami.id);
        assert.notStrictEqual(ask("aws:ec2/getAmi:getAmi", inputs, "us-west-2").id, ami.id);
        const arm = ask("aws:ec2/getAmi:getAmi", {
            owners: ["099720109477"],
            filters: [{ name: "name", values: ["ubuntu/images/*-arm64-server-*"] }],
        });
        assert.strictEqual(arm.architecture, "arm64");
        assert.strictEqual(arm.ownerId, "099720109477");
    });

    it("the default VPC and one public /20 subnet per zone, as AWS creates them", () => {
        const vpc = ask("aws:ec2/getVpc:getVpc", { default: true });
        assert.strictEqual(vpc.id, defaultVpcId("eu-west-1"));
        assert.match(String(vpc.id), /^vpc-[0-9a-f]{17}$/);
        assert.strictEqual(vpc.cidrBlock, "172.31.0.0/16");
        assert.strictEqual(vpc.default, true);
        const all = ask("aws:ec2/getSubnets:getSubnets", {
            filters: [{ name: "vpc-id", values: [vpc.id] }],
        });
        assert.deepStrictEqual(
            all.ids,
            defaultSubnets("eu-west-1").map((s) => s.id),
        );
        assert.deepStrictEqual(
            defaultSubnets("eu-west-1")
                .slice(0, 3)
                .map((s) => [s.availabilityZone, s.cidrBlock]),
            [
                ["eu-west-1a", "172.31.0.0/20"],
                ["eu-west-1b", "172.31.16.0/20"],
                ["eu-west-1c", "172.31.32.0/20"],
            ],
        );
        const one = ask("aws:ec2/getSubnets:getSubnets", {
            filters: [
                { name: "vpc-id", values: [vpc.id] },
                { name: "availability-zone", values: ["eu-west-1b"] },
            ],
        });
        assert.deepStrictEqual(one.ids, [defaultSubnets("eu-west-1")[1].id]);
        const subnet = ask("aws:ec2/getSubnet:getSubnet", {
            id: defaultSubnets("eu-west-1")[2].id,
        });
        assert.deepStrictEqual(
            [subnet.availabilityZone, subnet.vpcId, subnet.mapPublicIpOnLaunch],
            ["eu-west-1c", vpc.id, true],
        );
        assert.strictEqual(ask("awsx:ec2:getDefaultVpc", {}).vpcId, vpc.id);
    });

    it("refuses a VPC other than the default one, naming the invoke", () =>
        assert.throws(() => ask("aws:ec2/getVpc:getVpc", { tags: { Name: "prod" } }), {
            message:
                'invoke aws:ec2/getVpc:getVpc: only the default VPC ({ default: true }) is known offline, got {"tags":{"Name":"prod"}}; pass the VPC from the program, or supply the answer with --invoke-fixture FILE',
        }));

    it("AWS public SSM parameters, and not the account's own", () => {
        const ami = ask("aws:ssm/getParameter:getParameter", {
            name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        });
        assert.match(String(ami.value), /^ami-[0-9a-f]{17}$/);
        assert.strictEqual(
            ami.arn,
            "arn:aws:ssm:eu-west-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        );
        const recommended = ask("aws:ssm/getParameter:getParameter", {
            name: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended",
        });
        assert.match(
            (JSON.parse(String(recommended.value)) as { image_id: string }).image_id,
            /^ami-[0-9a-f]{17}$/,
        );
        assert.throws(() => ask("aws:ssm/getParameter:getParameter", { name: "/app/db-url" }), {
            message:
                'invoke aws:ssm/getParameter:getParameter: parameter "/app/db-url" is the account\'s own, which is not known offline (AWS public parameters under /aws/service/ are answered); supply it with --invoke-fixture FILE (JSON: {"aws:ssm/getParameter:getParameter": { "value": ... }})',
        });
    });

    it("an ECR token in AWS's format for the region's registry", () => {
        const token = ask("aws:ecr/getAuthorizationToken:getAuthorizationToken", {});
        assert.strictEqual(
            token.proxyEndpoint,
            "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        );
        assert.strictEqual(token.userName, "AWS");
        assert.strictEqual(
            Buffer.from(String(token.authorizationToken), "base64").toString(),
            `AWS:${String(token.password)}`,
        );
    });

    it("a hosted zone by name, its name without the trailing dot", () => {
        const zone = ask("aws:route53/getZone:getZone", { name: "Example.com." });
        assert.strictEqual(zone.name, "example.com");
        assert.match(String(zone.zoneId), /^Z[0-9A-F]{19}$/);
        assert.strictEqual((zone.nameServers as string[]).length, 4);
        assert.strictEqual(
            ask("aws:route53/getZone:getZone", { name: "example.com" }).zoneId,
            zone.zoneId,
        );
    });

    it("the organization, an ACM certificate and a TLS chain", () => {
        const org = ask("aws:organizations/getOrganization:getOrganization", {});
        assert.strictEqual(org.masterAccountId, "123456789012");
        assert.match(String(org.id), /^o-[0-9a-f]{10}$/);
        const cert = ask("aws:acm/getCertificate:getCertificate", { domain: "app.example.com" });
        assert.match(
            String(cert.arn),
            /^arn:aws:acm:eu-west-1:123456789012:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        );
        const chain = ask("tls:index/getCertificate:getCertificate", {
            url: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
        });
        const certs = chain.certificates as { sha1Fingerprint: string; subject: string }[];
        assert.strictEqual(certs.length, 3);
        assert.ok(certs.every((c) => /^[0-9a-f]{40}$/.test(c.sha1Fingerprint)));
        assert.strictEqual(certs[2].subject, "CN=oidc.eks.eu-west-1.amazonaws.com");
    });

    it("an invoke it has no answer for names its token and the fixture to write", () =>
        assert.throws(() => ask("aws:ec2/getKeyPair:getKeyPair", { keyName: "deployer" }), {
            message:
                'invoke aws:ec2/getKeyPair:getKeyPair has no offline answer; supply one with --invoke-fixture FILE (JSON: {"aws:ec2/getKeyPair:getKeyPair": { ...result }})',
        }));
});

describe("a stack's worker in the program's folder", () => {
    it("resolves the check's relative preloads from where the check started", () => {
        const cases: [string[], string[]][] = [
            [
                ["-r", "./hook.js"],
                ["-r", "/work/app/hook.js"],
            ],
            [["--require=./hook.js"], ["--require=/work/app/hook.js"]],
            [
                ["--import", "/abs/loader.mjs"],
                ["--import", "/abs/loader.mjs"],
            ],
            [
                ["--max-old-space-size=4096", "--enable-source-maps"],
                ["--max-old-space-size=4096", "--enable-source-maps"],
            ],
        ];
        for (const [given, expected] of cases) {
            assert.deepStrictEqual(workerExecArgv(given, "/work/app"), expected);
        }
    });

    it("runs in the project folder, one folder at a time, and gives the folder back", async () => {
        const start = process.cwd();
        const a = fs.realpathSync(os.tmpdir());
        const seen: string[] = [];
        const leaveA = await enterProjectDir(a);
        seen.push(process.cwd());
        const sameFolder = await enterProjectDir(a);
        const other = enterProjectDir("/").then((leave) => {
            seen.push(process.cwd());
            leave();
        });
        leaveA();
        seen.push(process.cwd());
        sameFolder();
        await other;
        assert.deepStrictEqual(seen, [a, a, "/"]);
        assert.strictEqual(process.cwd(), start);
    });

    it("keeps trace_events as Node has it on the main thread", () =>
        assert.strictEqual(workerSafeTraceEvents(), undefined));
});
