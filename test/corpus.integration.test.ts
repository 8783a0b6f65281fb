/**
 * Real programs reach a verdict (issue 32). Two parts:
 * - one fixture per cause that stopped public programs with exit 2 (test/corpus/causes), each
 *   asserting the verdict and what the engine answered in place of the missing piece;
 * - the corpus of public Pulumi AWS TypeScript programs (test/corpus/public/SOURCES.md), each
 *   held to the answer recorded and classified by hand in corpus.json and docs/corpus.md. Their
 *   code is not in this repository: that part runs when MRF_PUBLIC_CORPUS names a folder where
 *   they were checked out, and is pending (listed as such by mocha) otherwise.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../bin/main";
import { defaultSubnets, defaultVpcId } from "../check/engine/invokes-aws";
import { corpusDir, corpusManifest, runCorpusProgram } from "./helpers/corpus";

const causes = path.join(__dirname, "corpus", "causes");

interface Report {
    stacks: {
        region: string;
        outputs: Record<string, unknown>;
        resources: {
            type: string;
            name: string;
            region: string;
            inputs: Record<string, unknown>;
        }[];
        violations: { policy: string; enforcementLevel: string; message: string }[];
    }[];
}

/** Check one cause fixture in-process; the JSON report when there is one. */
async function check(
    fixture: string,
    extra: string[] = [],
): Promise<{ code: number; stderr: string; report?: Report }> {
    let stdout = "";
    let stderr = "";
    const code = await main(
        ["--program", path.join(causes, fixture), "--format", "json", ...extra],
        { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    );
    return { code, stderr, report: stdout ? (JSON.parse(stdout) as Report) : undefined };
}

const resource = (report: Report | undefined, type: string, name: string) => {
    const found = report?.stacks[0].resources.find((r) => r.type === type && r.name === name);
    assert.ok(found, `${type} "${name}" was not recorded`);
    return found;
};

describe("real programs: each cause that stopped them reaches a verdict", function () {
    this.timeout(180_000);

    it("answers the common lookups offline, AWS-shaped and in the stack's region", async () => {
        const { code, report } = await check("invokes");
        assert.strictEqual(code, 0);
        const outputs = report!.stacks[0].outputs;
        assert.match(String(outputs.amiId), /^ami-[0-9a-f]{17}$/);
        assert.strictEqual(outputs.amiArchitecture, "x86_64");
        assert.strictEqual(outputs.vpcId, defaultVpcId("eu-west-1"));
        assert.strictEqual(outputs.vpcCidr, "172.31.0.0/16");
        assert.deepStrictEqual(
            outputs.subnetIds,
            defaultSubnets("eu-west-1").map((s) => s.id),
        );
        assert.strictEqual(
            outputs.registry,
            "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        );
        assert.match(String(outputs.ecsAmiId), /^ami-[0-9a-f]{17}$/);
        assert.strictEqual(outputs.organizationMaster, "123456789012");
        assert.match(String(outputs.zoneId), /^Z[0-9A-F]{19}$/);
        assert.match(String(outputs.oidcThumbprint), /^[0-9a-f]{40}$/);
        const instance = resource(report, "aws:ec2/instance:Instance", "web");
        assert.strictEqual(instance.region, "eu-west-1");
        assert.strictEqual(instance.inputs.subnetId, defaultSubnets("eu-west-1")[0].id);
    });

    it("serializes Lambda callbacks: a CallbackFunction, a magic function, an API route", async () => {
        const { code, report } = await check("closures");
        assert.strictEqual(code, 0);
        for (const name of ["hello", "on-upload"]) {
            const fn = resource(report, "aws:lambda/function:Function", name);
            assert.strictEqual(fn.inputs.code, "[asset]");
            assert.strictEqual(fn.inputs.handler, "__index.handler");
        }
        resource(report, "aws:s3/bucketNotification:BucketNotification", "on-upload");
        resource(report, "aws:apigatewayv2/route:Route", "hello");
    });

    it("loads an ES module program whose imports name ./x.js for x.ts", async () => {
        const { code, report } = await check("esm");
        assert.strictEqual(code, 0);
        assert.strictEqual(
            report!.stacks[0].outputs.arn,
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
        );
    });

    it("places awsx components given no network in the default VPC", async () => {
        const { code, report } = await check("awsx-default-vpc");
        assert.strictEqual(code, 0);
        const subnets = defaultSubnets("us-east-1").map((s) => s.id);
        assert.deepStrictEqual(
            resource(report, "aws:lb/loadBalancer:LoadBalancer", "web").inputs.subnets,
            subnets,
        );
        assert.strictEqual(
            resource(report, "aws:lb/targetGroup:TargetGroup", "web").inputs.vpcId,
            defaultVpcId("us-east-1"),
        );
        assert.deepStrictEqual(
            (
                resource(report, "aws:ecs/service:Service", "web").inputs
                    .networkConfiguration as Record<string, unknown>
            ).subnets,
            subnets,
        );
    });

    it("runs the program in its project folder, as the Pulumi CLI does", async () => {
        const { code, report } = await check("cwd");
        assert.strictEqual(code, 0);
        assert.strictEqual(
            report!.stacks[0].outputs.readme,
            fs.readFileSync(path.join(causes, "cwd", "Pulumi.README.md"), "utf8"),
        );
        assert.strictEqual(
            resource(report, "aws:s3/bucketObject:BucketObject", "index.html").inputs.content,
            "<h1>corpus</h1>\n",
        );
    });

    it("checks a stack that only exports outputs, with a note", async () => {
        const { code, stderr, report } = await check("output-only");
        assert.strictEqual(code, 0);
        assert.match(
            stderr,
            /^note: stack dev registers no resources and exports 2 outputs \(companyName, region\): nothing to judge$/m,
        );
        assert.deepStrictEqual(report!.stacks[0].outputs, {
            companyName: "ACME Widget Company",
            region: "us-east-1",
        });
    });

    it("gives a remote component it cannot expand unknown outputs and one advisory", async () => {
        const { code, report } = await check("remote-component");
        assert.strictEqual(code, 0);
        assert.deepStrictEqual(
            resource(report, "aws:ssm/parameter:Parameter", "kubeconfig-summary").inputs.value,
            { __pulumiUnknown: true },
        );
        assert.deepStrictEqual(
            report!.stacks[0].violations.map((v) => [v.policy, v.enforcementLevel, v.message]),
            [
                [
                    "analysis-coverage",
                    "advisory",
                    'Check component "cluster" (acme:index:Cluster) with pulumi preview: it has no child resources the pack can see, so nothing inside it was checked. A remote (multi-language) component that the offline check cannot expand looks like this.',
                ],
            ],
        );
    });

    it("does not take a custom resource whose token has no module for a component", async () => {
        const { code, report } = await check("custom-non-aws");
        assert.strictEqual(code, 0);
        assert.deepStrictEqual(report!.stacks[0].violations, []);
    });

    it("leaves the name of a canary the program does not name to the provider", async () => {
        const { code } = await check("generated-name");
        assert.strictEqual(code, 0);
    });

    it("answers a StackReference to another project from --stack-outputs, else names it", async () => {
        const missing = await check("stack-outputs");
        assert.strictEqual(missing.code, 2);
        assert.match(
            missing.stderr,
            /^error: stack dev: StackReference "acme\/network\/prod": no stack of that name has run before dev\. .* give its outputs with --stack-outputs FILE \(JSON: \{"acme\/network\/prod":\{"<output>":"<value>"\}\}\)\.$/m,
        );
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "outputs-")), "o.json");
        fs.writeFileSync(file, JSON.stringify({ "acme/network/prod": { vpcId: "vpc-0abc" } }));
        const { code, report } = await check("stack-outputs", ["--stack-outputs", file]);
        assert.strictEqual(code, 0);
        assert.strictEqual(
            resource(report, "aws:ec2/securityGroup:SecurityGroup", "app").inputs.vpcId,
            "vpc-0abc",
        );
    });
});

(corpusDir ? describe : describe.skip)(
    "real programs: the public corpus (MRF_PUBLIC_CORPUS)",
    function () {
        this.timeout(180_000);
        const manifest = corpusManifest();

        it("lists every checked-out program in corpus.json and SOURCES.md", () => {
            const present = fs
                .readdirSync(corpusDir!, { withFileTypes: true })
                .filter((e) => e.isDirectory())
                .map((e) => e.name)
                .sort();
            assert.deepStrictEqual(Object.keys(manifest).sort(), present);
            const sources = fs.readFileSync(
                path.join(__dirname, "corpus", "public", "SOURCES.md"),
                "utf8",
            );
            assert.deepStrictEqual(
                present.filter((name) => !sources.includes(`| ${name} |`)),
                [],
            );
        });

        for (const [name, entry] of Object.entries(manifest)) {
            it(`${name}: exit ${entry.exit}${entry.because ? ` (${entry.because.join(", ")})` : ""}`, async () => {
                const result = await runCorpusProgram(name, entry);
                assert.deepStrictEqual(
                    {
                        exit: result.code,
                        because:
                            result.code === 2
                                ? [result.error?.slice(0, entry.because?.[0]?.length ?? 0)]
                                : result.code === 1
                                  ? result.mandatory
                                  : undefined,
                    },
                    { exit: entry.exit, because: entry.because },
                );
            });
        }
    },
);
