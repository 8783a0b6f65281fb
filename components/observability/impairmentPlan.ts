/**
 * Pure planning of a regional-impairment game day with AWS Fault Injection Service: the
 * experiment template (actions, targets, stop conditions) and its execution role's policy,
 * scoped to this deployment's resources. Action IDs, target resource types and parameters are
 * those of the FIS actions reference:
 * https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
 */

/** What one region's game day acts on. */
export interface ImpairmentInput {
    /** The impaired region (the template lives here). */
    region: string;
    /** The other regions: cross-region connectivity to each is cut, replication to each paused. */
    otherRegions: string[];
    accountId: string;
    /** The region's ECS cluster and service: every task of the service is stopped. */
    clusterName: string;
    serviceName: string;
    /** Tags that select the application's subnets in this region (AND). */
    appSubnetTags: Record<string, string>;
    /** The region's copy of the DynamoDB global table, if any. */
    dynamodbTableArn?: string;
    /** The region's S3 bucket whose replication to `otherRegions` is paused, if it replicates. */
    s3SourceBucketArn?: string;
    /** How long each timed action lasts, in minutes. */
    durationMinutes: number;
    /** CloudWatch alarms (in `region`) that stop the experiment when they go to ALARM. */
    stopAlarmArns: string[];
}

export interface PlannedAction {
    name: string;
    actionId: string;
    parameters: { key: string; value: string }[];
    target: { key: string; value: string };
}

export interface PlannedTarget {
    name: string;
    resourceType: string;
    selectionMode: string;
    resourceArns?: string[];
    resourceTags?: { key: string; value: string }[];
    parameters?: Record<string, string>;
}

export interface ImpairmentPlan {
    description: string;
    actions: PlannedAction[];
    targets: PlannedTarget[];
    stopConditions: { source: string; value?: string }[];
}

/** An ISO 8601 duration of whole minutes, as FIS parameters take it. */
export function isoMinutes(minutes: number): string {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 720) {
        throw new Error(
            `durationMinutes ${minutes} must be a whole number of minutes from 1 to 720 (FIS durations run from one minute to 12 hours)`,
        );
    }
    return `PT${minutes}M`;
}

/** The template for one region: stop its tasks, pause its replication, isolate its subnets. */
export function planImpairment(input: ImpairmentInput): ImpairmentPlan {
    if (input.stopAlarmArns.length === 0) {
        throw new Error(
            `the ${input.region} game day has no stop condition: give it at least one alarm (the canaries' alarms)`,
        );
    }
    const duration = { key: "duration", value: isoMinutes(input.durationMinutes) };
    const actions: PlannedAction[] = [
        {
            name: "stop-app-tasks",
            actionId: "aws:ecs:stop-task",
            parameters: [],
            target: { key: "Tasks", value: "app-tasks" },
        },
    ];
    const targets: PlannedTarget[] = [
        {
            name: "app-tasks",
            resourceType: "aws:ecs:task",
            selectionMode: "ALL",
            parameters: { cluster: input.clusterName, service: input.serviceName },
        },
        {
            name: "app-subnets",
            resourceType: "aws:ec2:subnet",
            selectionMode: "ALL",
            resourceTags: Object.entries(input.appSubnetTags).map(([key, value]) => ({
                key,
                value,
            })),
        },
    ];
    if (input.dynamodbTableArn) {
        actions.push({
            name: "pause-dynamodb-replication",
            actionId: "aws:dynamodb:global-table-pause-replication",
            parameters: [duration],
            target: { key: "Tables", value: "global-table" },
        });
        targets.push({
            name: "global-table",
            resourceType: "aws:dynamodb:global-table",
            selectionMode: "ALL",
            resourceArns: [input.dynamodbTableArn],
        });
    }
    if (input.s3SourceBucketArn) {
        targets.push({
            name: "replicated-bucket",
            resourceType: "aws:s3:bucket",
            selectionMode: "ALL",
            resourceArns: [input.s3SourceBucketArn],
        });
    }
    for (const other of input.otherRegions) {
        if (input.s3SourceBucketArn) {
            actions.push({
                name: `pause-s3-replication-to-${other}`,
                actionId: "aws:s3:bucket-pause-replication",
                parameters: [duration, { key: "region", value: other }],
                target: { key: "Buckets", value: "replicated-bucket" },
            });
        }
        actions.push({
            name: `cut-subnets-from-${other}`,
            actionId: "aws:network:route-table-disrupt-cross-region-connectivity",
            parameters: [duration, { key: "region", value: other }],
            target: { key: "Subnets", value: "app-subnets" },
        });
    }
    return {
        description: `Regional impairment game day for ${input.region}: stop the service's tasks, pause replication to ${input.otherRegions.join(", ") || "no other region"}, cut the app subnets off from other regions for ${input.durationMinutes} min`,
        actions,
        targets,
        stopConditions: input.stopAlarmArns.map((value) => ({
            source: "aws:cloudwatch:alarm",
            value,
        })),
    };
}

export interface PolicyStatement {
    Sid: string;
    Effect: "Allow";
    Action: string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * The execution role's permissions: each action's documented permissions, on this deployment's
 * resources where the API allows a resource, and with tag conditions on the route tables and
 * prefix lists FIS creates (it tags them `managedByFIS=true`). Describe and tag-resolution calls
 * take no resource-level permission, so they stay on `*` (read-only).
 */
export function impairmentPolicy(input: ImpairmentInput): PolicyStatement[] {
    const r = input.region;
    const a = input.accountId;
    const statements: PolicyStatement[] = [
        {
            Sid: "StopThisServicesTasks",
            Effect: "Allow",
            Action: ["ecs:StopTask"],
            Resource: `arn:aws:ecs:${r}:${a}:task/${input.clusterName}/*`,
        },
        // ListTasks and DescribeTasks are scoped by the ecs:cluster condition; ListTasks takes
        // no task ARN (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html).
        {
            Sid: "ResolveTasksOfThisCluster",
            Effect: "Allow",
            Action: ["ecs:DescribeTasks", "ecs:ListTasks"],
            Resource: "*",
            Condition: {
                ArnEquals: { "ecs:cluster": `arn:aws:ecs:${r}:${a}:cluster/${input.clusterName}` },
            },
        },
        // Describe* and tag:GetResources support no resource-level permissions, so AWS documents
        // them on "*" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html,
        // https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html): read-only.
        {
            Sid: "ReadOnlyResolution",
            Effect: "Allow",
            Action: [
                "ec2:DescribeManagedPrefixLists",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeRouteTables",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcPeeringConnections",
                "ec2:DescribeVpcs",
                "ec2:GetManagedPrefixListEntries",
                "tag:GetResources",
                "cloudwatch:DescribeAlarms",
            ],
            Resource: "*",
        },
        ...networkDisruptionStatements(input),
        {
            Sid: "CleanUpOnlyWhatFisCreated",
            Effect: "Allow",
            Action: [
                "ec2:DeleteRouteTable",
                "ec2:DeleteManagedPrefixList",
                "ec2:DeleteNetworkInterface",
            ],
            Resource: [
                `arn:aws:ec2:${r}:${a}:route-table/*`,
                `arn:aws:ec2:${r}:${a}:prefix-list/*`,
                `arn:aws:ec2:${r}:${a}:network-interface/*`,
            ],
            Condition: { StringEquals: { "aws:ResourceTag/managedByFIS": "true" } },
        },
    ];
    if (input.dynamodbTableArn) {
        statements.push({
            Sid: "PauseThisTablesReplication",
            Effect: "Allow",
            Action: [
                "dynamodb:PutResourcePolicy",
                "dynamodb:DeleteResourcePolicy",
                "dynamodb:GetResourcePolicy",
                "dynamodb:DescribeTable",
            ],
            Resource: input.dynamodbTableArn,
        });
    }
    if (input.s3SourceBucketArn) {
        statements.push({
            Sid: "PauseThisBucketsReplication",
            Effect: "Allow",
            Action: [
                "s3:PutReplicationConfiguration",
                "s3:GetReplicationConfiguration",
                "s3:ListBucket",
            ],
            Resource: input.s3SourceBucketArn,
        });
        // s3:ListAllMyBuckets has no resource type (list_amazons3.html): "*" is required.
        statements.push({
            Sid: "ListBucketsToResolveTheTarget",
            Effect: "Allow",
            Action: ["s3:ListAllMyBuckets"],
            Resource: "*",
        });
    }
    return statements;
}

/**
 * What the cross-region connectivity action needs in EC2, scoped by tags: what FIS creates must
 * carry managedByFIS=true, and what it re-associates must be the application's subnets.
 */
function networkDisruptionStatements(input: ImpairmentInput): PolicyStatement[] {
    const r = input.region;
    const a = input.accountId;
    return [
        // What the cross-region connectivity action creates (route tables, prefix lists, network
        // interfaces) it tags managedByFIS=true; the role may create only tagged ones, tag only
        // at creation and change only tagged ones, as AWS's own AWSFaultInjectionSimulatorNetworkAccess
        // policy does (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSFaultInjectionSimulatorNetworkAccess.html).
        {
            Sid: "CreateOnlyFisTagged",
            Effect: "Allow",
            Action: [
                "ec2:CreateRouteTable",
                "ec2:CreateManagedPrefixList",
                "ec2:CreateNetworkInterface",
            ],
            Resource: [
                `arn:aws:ec2:${r}:${a}:route-table/*`,
                `arn:aws:ec2:${r}:${a}:prefix-list/*`,
                `arn:aws:ec2:${r}:${a}:network-interface/*`,
            ],
            Condition: { StringEquals: { "aws:RequestTag/managedByFIS": "true" } },
        },
        {
            Sid: "TagOnlyWhileCreating",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [
                `arn:aws:ec2:${r}:${a}:route-table/*`,
                `arn:aws:ec2:${r}:${a}:prefix-list/*`,
                `arn:aws:ec2:${r}:${a}:network-interface/*`,
            ],
            Condition: {
                StringEquals: {
                    "ec2:CreateAction": [
                        "CreateRouteTable",
                        "CreateManagedPrefixList",
                        "CreateNetworkInterface",
                    ],
                    "aws:RequestTag/managedByFIS": "true",
                },
            },
        },
        {
            Sid: "ChangeOnlyFisTagged",
            Effect: "Allow",
            Action: ["ec2:CreateRoute", "ec2:ModifyManagedPrefixList"],
            Resource: [
                `arn:aws:ec2:${r}:${a}:route-table/*`,
                `arn:aws:ec2:${r}:${a}:prefix-list/*`,
            ],
            Condition: { StringEquals: { "aws:ResourceTag/managedByFIS": "true" } },
        },
        // The subnets re-associated are this deployment's application subnets only: the same
        // tags the experiment's target selects them by (appSubnetTags).
        {
            Sid: "ReassociateOnlyTheAppSubnets",
            Effect: "Allow",
            Action: [
                "ec2:AssociateRouteTable",
                "ec2:DisassociateRouteTable",
                "ec2:ReplaceRouteTableAssociation",
                "ec2:CreateNetworkInterface",
            ],
            Resource: `arn:aws:ec2:${r}:${a}:subnet/*`,
            Condition: {
                StringEquals: Object.fromEntries(
                    Object.entries(input.appSubnetTags).map(([k, v]) => [
                        `aws:ResourceTag/${k}`,
                        v,
                    ]),
                ),
            },
        },
        // Route tables: the FIS one is swapped in and the subnet's own is put back when the
        // action ends (that table is not FIS-tagged), so associations take any table of the
        // region; without the subnet statement above no subnet can be re-associated.
        {
            Sid: "SwapRouteTablesOfThoseSubnets",
            Effect: "Allow",
            Action: [
                "ec2:AssociateRouteTable",
                "ec2:DisassociateRouteTable",
                "ec2:ReplaceRouteTableAssociation",
            ],
            Resource: `arn:aws:ec2:${r}:${a}:route-table/*`,
        },
        {
            Sid: "CreateInTheAppVpc",
            Effect: "Allow",
            Action: ["ec2:CreateRouteTable", "ec2:CreateNetworkInterface", "ec2:ModifyVpcEndpoint"],
            Resource: [
                `arn:aws:ec2:${r}:${a}:vpc/*`,
                `arn:aws:ec2:${r}:${a}:security-group/*`,
                `arn:aws:ec2:${r}:${a}:vpc-endpoint/*`,
            ],
            // Every resource of a stack carries its Stack tag (stacks/providers.ts defaultTags).
            ...(input.appSubnetTags.Stack
                ? {
                      Condition: {
                          StringEquals: { "aws:ResourceTag/Stack": input.appSubnetTags.Stack },
                      },
                  }
                : {}),
        },
    ];
}
