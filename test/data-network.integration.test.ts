import * as assert from "assert";
import { onlyResource, resourcesOf, runProject, stackOf } from "./helpers/engine";

describe("data layer network", () => {
    it("lets the application tasks reach each database on its port, and nothing else", async () => {
        const records = await runProject({
            stacks: ["primary"],
            overrides: ['data.stores=["aurora","rds"]'],
        });
        const primary = stackOf(records, "primary");
        const tasks = resourcesOf(primary, "aws:ec2/securityGroup:SecurityGroup").find((s) =>
            s.name.endsWith("-tasks"),
        )!;
        const dbGroups = resourcesOf(primary, "aws:ec2/securityGroup:SecurityGroup").filter(
            (s) =>
                s.inputs.description !== undefined &&
                /tasks only$/.test(String(s.inputs.description)),
        );
        const toDatabases = resourcesOf(
            primary,
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        )
            .filter((r) =>
                dbGroups.some((g) => g.outputs.id === r.inputs.referencedSecurityGroupId),
            )
            .map((r) => [
                r.inputs.securityGroupId,
                r.inputs.ipProtocol,
                r.inputs.fromPort,
                r.inputs.toPort,
            ]);
        assert.deepStrictEqual(toDatabases.sort(), [
            [tasks.outputs.id, "tcp", 5432, 5432],
            [tasks.outputs.id, "tcp", 5432, 5432],
        ]);
        assert.strictEqual(dbGroups.length, 2);
        assert.ok(onlyResource(primary, "aws:rds/globalCluster:GlobalCluster"));
    });
});
