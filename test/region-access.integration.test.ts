import * as assert from "assert";
import * as path from "path";
import { runStacks } from "../check/engine/engine";
import { StackRecord } from "../check/engine/types";
import {
    containerVariableProblems,
    secretStatements,
    secretTarget,
} from "../components/region/plan";
import { executionPolicy } from "../components/region/regionalApplication";
import { onlyResource, rejection, resourceNamed, resourcesOf } from "./helpers/engine";

const projectDir = path.join(__dirname, "fixtures", "region-program");
const rolePolicy = "aws:iam/rolePolicy:RolePolicy";

async function run(...overrides: string[]): Promise<StackRecord> {
    const [record] = await runStacks({ projectDir, stacks: ["app"], overrides });
    return record;
}

function container(record: StackRecord): Record<string, unknown> {
    const task = onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition");
    const [definition] = JSON.parse(String(task.inputs.containerDefinitions));
    return definition;
}

function policyOf(record: StackRecord, name: string): { Statement: Record<string, unknown>[] } {
    return JSON.parse(String(resourceNamed(record, rolePolicy, name).inputs.policy));
}

/** Inline policies of the task role (the app's own permissions). */
function taskRolePolicies(record: StackRecord): string[] {
    const role = resourceNamed(record, "aws:iam/role:Role", "app-task");
    return resourcesOf(record, rolePolicy)
        .filter((p) => p.inputs.role === role.outputs.name)
        .map((p) => p.name);
}

const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-credentials-AbCdEf";
const parameterArn = "arn:aws:ssm:us-east-1:123456789012:parameter/app/api-key";
const keyArn = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab";

describe("secret ARNs and the execution role's statements", () => {
    const table: [string, string, ReturnType<typeof secretTarget>][] = [
        [
            "a secret",
            secretArn,
            { service: "secretsmanager", region: "us-east-1", resource: secretArn },
        ],
        [
            "a secret's JSON key (ECS suffix)",
            `${secretArn}:password::`,
            { service: "secretsmanager", region: "us-east-1", resource: secretArn },
        ],
        [
            "a secret in another partition",
            "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x-AbCdEf:k:AWSCURRENT:",
            {
                service: "secretsmanager",
                region: "us-gov-west-1",
                resource:
                    "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x-AbCdEf",
            },
        ],
        [
            "a parameter",
            parameterArn,
            { service: "ssm", region: "us-east-1", resource: parameterArn },
        ],
    ];
    for (const [what, arn, expected] of table) {
        it(`reads ${what}`, () => {
            assert.deepStrictEqual(secretTarget("DB", arn), expected);
        });
    }

    it("refuses what is neither, naming the variable, the value and what is allowed", () => {
        for (const arn of [
            "db-credentials",
            "arn:aws:s3:::bucket/key",
            "arn:aws:ssm:us-east-1:123456789012:document/x",
        ]) {
            assert.throws(
                () => secretTarget("DB", arn),
                new Error(
                    `secrets.DB: ${JSON.stringify(arn)} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)`,
                ),
            );
        }
    });

    it("allows exactly the named secrets, parameters and keys, keys only through those services", () => {
        assert.deepStrictEqual(
            secretStatements([
                { name: "DB_PASSWORD", arn: `${secretArn}:password::`, kmsKeyArn: keyArn },
                { name: "DB_USER", arn: `${secretArn}:username::`, kmsKeyArn: keyArn },
                { name: "API_KEY", arn: parameterArn },
            ]),
            [
                {
                    Sid: "ReadSecrets",
                    Effect: "Allow",
                    Action: "secretsmanager:GetSecretValue",
                    Resource: [secretArn],
                },
                {
                    Sid: "ReadParameters",
                    Effect: "Allow",
                    Action: "ssm:GetParameters",
                    Resource: [parameterArn],
                },
                {
                    Sid: "DecryptSecrets",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: [keyArn],
                    Condition: {
                        StringEquals: {
                            "kms:ViaService": [
                                "secretsmanager.us-east-1.amazonaws.com",
                                "ssm.us-east-1.amazonaws.com",
                            ],
                        },
                    },
                },
            ],
        );
    });

    it("adds nothing without secrets, and no KMS statement without a key", () => {
        assert.deepStrictEqual(secretStatements([]), []);
        assert.deepStrictEqual(
            secretStatements([{ name: "A", arn: parameterArn }]).map(
                (s) => (s as { Sid: string }).Sid,
            ),
            ["ReadParameters"],
        );
        const policy = executionPolicy("arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app", {
            image: "nginx",
            repositoryArns: [],
            pullThrough: false,
        }) as { Statement: { Sid: string }[] };
        assert.deepStrictEqual(
            policy.Statement.map((s) => s.Sid),
            ["WriteTaskLogs"],
        );
    });

    it("refuses a name in both environment and secrets", () => {
        assert.deepStrictEqual(containerVariableProblems(["A", "B", "C"], ["C", "A"]), [
            "environment.A: also set in secrets; a variable comes from environment (plain value) or secrets (ARN), not both",
            "environment.C: also set in secrets; a variable comes from environment (plain value) or secrets (ARN), not both",
        ]);
        assert.deepStrictEqual(containerVariableProblems(["A"], ["B"]), []);
    });
});

describe("regional application: environment, secrets and task policy (fixture program)", () => {
    it("adds no variables, no secrets and no task policy by default", async () => {
        const record = await run();
        const definition = container(record);
        assert.strictEqual("environment" in definition, false);
        assert.strictEqual("secrets" in definition, false);
        assert.deepStrictEqual(taskRolePolicies(record), []);
        assert.deepStrictEqual(
            policyOf(record, "app-execution").Statement.map((s) => s.Sid),
            ["WriteTaskLogs", "EcrLogin", "PullImage"],
        );
    });

    it("passes values and Outputs as environment, ARNs as secrets, and lets the execution role read exactly those", async () => {
        const record = await run(
            `environment={"TABLE_NAME":"orders","AWS_REGION_DATA":"us-east-1"}`,
            `secrets={"DB_PASSWORD":"${secretArn}:password::"}`,
            "withParameter=true",
        );
        const parameter = onlyResource(record, "aws:ssm/parameter:Parameter");
        const key = resourceNamed(record, "aws:kms/key:Key", "fixture-key");
        const definition = container(record);
        assert.deepStrictEqual(definition.environment, [
            { name: "AWS_REGION_DATA", value: "us-east-1" },
            { name: "PARAMETER_NAME", value: "/app/api-key" },
            { name: "TABLE_NAME", value: "orders" },
        ]);
        assert.deepStrictEqual(definition.secrets, [
            { name: "DB_PASSWORD", valueFrom: `${secretArn}:password::` },
            { name: "PARAMETER", valueFrom: parameter.outputs.arn },
        ]);
        const statements = policyOf(record, "app-execution").Statement;
        assert.deepStrictEqual(statements.slice(3), [
            {
                Sid: "ReadSecrets",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: [secretArn],
            },
            {
                Sid: "ReadParameters",
                Effect: "Allow",
                Action: "ssm:GetParameters",
                Resource: [parameter.outputs.arn],
            },
            {
                Sid: "DecryptSecrets",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: [key.outputs.arn],
                Condition: {
                    StringEquals: {
                        "kms:ViaService": [
                            "secretsmanager.us-east-1.amazonaws.com",
                            "ssm.us-east-1.amazonaws.com",
                        ],
                    },
                },
            },
        ]);
        // The app's own role gets none of it.
        assert.deepStrictEqual(taskRolePolicies(record), []);
    });

    it("attaches the task policy statements to the task role, exactly as given", async () => {
        const statement = {
            Sid: "ReadOrders",
            Effect: "Allow",
            Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
            Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
        };
        const record = await run(`taskPolicyStatements=${JSON.stringify([statement])}`);
        const policy = resourceNamed(record, rolePolicy, "app-task");
        const role = resourceNamed(record, "aws:iam/role:Role", "app-task");
        assert.strictEqual(policy.inputs.role, role.outputs.name);
        assert.deepStrictEqual(JSON.parse(String(policy.inputs.policy)), {
            Version: "2012-10-17",
            Statement: [statement],
        });
    });

    it("refuses a variable in both environment and secrets, and a secret that is not an ARN", async () => {
        assert.strictEqual(
            await rejection(run(`environment={"DB":"x"}`, `secrets={"DB":"${secretArn}"}`)),
            "stack app: app: environment.DB: also set in secrets; a variable comes from environment (plain value) or secrets (ARN), not both",
        );
        assert.strictEqual(
            await rejection(run(`secrets={"DB":"db-credentials"}`)),
            'stack app: app: secrets.DB: "db-credentials" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)',
        );
    });
});
