import * as assert from "assert";
import {
    coldImageCacheNotes,
    describeRegionDown,
    noFailoverNeeded,
    regionDownFindings,
    regionDownProblems,
    stacksAFailoverUpdates,
} from "../check/region-down";
import { StackRecord } from "../check/engine/types";
import * as path from "path";
import { main } from "../bin/main";
import { runProject } from "./helpers/engine";
import { recorded } from "./helpers/recorded";

function stack(name: string, role: string, resources: ReturnType<typeof recorded>[]): StackRecord {
    return {
        stack: name,
        fullName: `organization/p/${name}`,
        project: "p",
        role,
        region: "us-west-2",
        resources,
        outputs: {},
    };
}

describe("--region-down: the failover path needs nothing in the failed Region", () => {
    it("names each resource and provider of an updated stack that lives in a down Region", () => {
        const records = [
            stack("primary", "primary", [recorded("aws:s3/bucket:Bucket", "data", {})]),
            stack("secondary", "secondary", [
                recorded("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "repl", {}),
                recorded("pulumi:providers:aws", "aws-us-east-1", {}),
                recorded("aws:ecs/service:Service", "svc", {}, { region: "us-west-2" }),
                recorded("my:component:Thing", "component", {}, { custom: false }),
                recorded("pulumi:pulumi:StackReference", "ref", {}),
            ]),
        ];
        const updated = stacksAFailoverUpdates(records);
        assert.deepStrictEqual(updated, ["secondary"]);
        assert.deepStrictEqual(
            describeRegionDown(regionDownFindings(records, ["us-east-1"], updated)),
            [
                "stack secondary: aws:s3/bucketReplicationConfig:BucketReplicationConfig repl is in us-east-1, which is down; a failover that updates this stack would need it (move it to a stack the failover does not update)",
                "stack secondary: pulumi:providers:aws aws-us-east-1 is in us-east-1, which is down; a failover that updates this stack would need it (move it to a stack the failover does not update)",
            ],
        );
        assert.deepStrictEqual(regionDownFindings(records, ["eu-west-1"], updated), []);
    });

    it("a down secondary Region needs no failover, and the answer says so (issue 25, item 9)", () => {
        const records = [
            { ...stack("primary", "primary", []), region: "us-east-1" },
            stack("secondary", "secondary", [
                recorded("aws:ecs/service:Service", "svc", {}, { region: "us-west-2" }),
            ]),
        ];
        assert.strictEqual(
            noFailoverNeeded(records, ["us-west-2"]),
            "region down us-west-2: no failover is needed; the primary (primary in us-east-1) keeps serving. secondary in us-west-2 cannot take over until the Region is back: the deployment has lost its standby there, not its users",
        );
        assert.strictEqual(noFailoverNeeded(records, ["us-east-1"]), undefined);
    });

    it("an active-passive standby's empty pull-through cache is named; a standby that runs tasks is not (issue 25, item 8)", async () => {
        for (const [strategy, expected] of [
            [
                "active-passive",
                [
                    "stack secondary (active-passive) ran no task before the outage, so its pull-through cache is empty: the failover's first pull of 123456789012.dkr.ecr.us-west-2.amazonaws.com/ecr-public/nginx/nginx:1.27 fetches from public.ecr.aws, which must be reachable then; use a private ECR image replicated to us-west-2 (ECR cross-Region replication) to remove that dependency",
                ],
            ],
            ["pilot-light", []],
        ] as const) {
            const records = await runProject({ overrides: [`strategy=${strategy}`] });
            assert.deepStrictEqual(coldImageCacheNotes(records), expected);
        }
    });

    it("refuses a Region it does not know", () =>
        assert.deepStrictEqual(
            regionDownProblems(["us-east-1", "us-esat-1"], ["us-east-1", "us-west-2"]),
            ['--region-down: "us-esat-1" is not an AWS Region this check knows'],
        ));

    it("this project: the activated secondary holds nothing in us-east-1", async () => {
        const records = await runProject({
            stackOverrides: { secondary: ["failover.activate=true"] },
        });
        const updated = stacksAFailoverUpdates(records);
        assert.deepStrictEqual(updated, ["secondary"]);
        assert.deepStrictEqual(
            describeRegionDown(regionDownFindings(records, ["us-east-1"], updated)),
            [],
        );
    });

    async function check(argv: string[]) {
        let stdout = "";
        let stderr = "";
        const code = await main(argv, {
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
        });
        return { code, stdout, stderr };
    }

    it("npm start -- --region-down us-east-1 exits 2 naming a recovery stack's us-east-1 resource", async () => {
        const program = path.join(__dirname, "fixtures", "region-down-leak");
        const { code, stderr } = await check(["--program", program, "--region-down", "us-east-1"]);
        assert.strictEqual(code, 2, stderr);
        assert.strictEqual(
            stderr.trim().split("\n").at(-1),
            "error: --region-down us-east-1: the failover would need a region that is down: stack secondary: pulumi:providers:aws east is in us-east-1, which is down; a failover that updates this stack would need it (move it to a stack the failover does not update); stack secondary: aws:sqs/queue:Queue leftover is in us-east-1, which is down; a failover that updates this stack would need it (move it to a stack the failover does not update)",
        );
        const west = await check(["--program", program, "--region-down", "eu-west-1"]);
        assert.strictEqual(west.code, 0, west.stderr);
        assert.match(
            west.stderr,
            /region down eu-west-1: no failover is needed; the primary \(primary in us-east-1\) keeps serving\. No regional stack lives there/,
        );
    });

    it("refuses a region it does not know, before running anything", async () => {
        const { code, stderr } = await check(["--region-down", "us-esat-1"]);
        assert.strictEqual(code, 2);
        assert.strictEqual(
            stderr,
            'error: --region-down: "us-esat-1" is not an AWS Region this check knows\n',
        );
    });
});
