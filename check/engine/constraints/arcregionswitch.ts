import { Constraint, get, isSet, list } from "./types";

const createPlanDoc =
    "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_CreatePlan.html";
const planDoc = "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_AbbreviatedPlan.html";
const workflowsDoc =
    "https://docs.aws.amazon.com/r53recovery/latest/dg/working-with-rs-workflows.html";
const ecsDoc =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-arcregionswitch-plan-ecscapacityincreaseconfiguration.html";
const parallelDoc =
    "https://www.pulumi.com/registry/packages/aws/api-docs/arcregionswitch/plan/ (parallelConfig: nested steps do not support parallelConfig)";
const rdsPromoteBlockDoc =
    "https://docs.aws.amazon.com/r53recovery/latest/dg/rds-promote-read-replica-block.html";
const rdsDoc =
    "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_RdsPromoteReadReplicaConfiguration.html";

const blockTypes = [
    "ARCRegionSwitchPlan",
    "ARCRoutingControl",
    "AuroraGlobalDatabase",
    "CustomActionLambda",
    "DocumentDb",
    "EC2AutoScaling",
    "ECSServiceScaling",
    "EKSResourceScaling",
    "ManualApproval",
    "Parallel",
    "RdsCreateCrossRegionReplica",
    "RdsPromoteReadReplica",
    "Route53HealthCheck",
];

/**
 * A Region switch plan: a name AWS accepts, exactly two Regions with the primary among them, a
 * known recovery approach, workflows that target the plan's Regions (a deactivation workflow only
 * in an active/active plan), known block types, ECS blocks over exactly two services, no Parallel
 * inside Parallel, and RDS maps keyed by the plan's Regions.
 */
export const plan: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const name = i.name;
    if (typeof name === "string" && !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/.test(name)) {
        problems.push(
            `name ${JSON.stringify(name)} must be 1-32 letters, digits and inner hyphens (${createPlanDoc})`,
        );
    }
    const regions = list(i.regions).map(String);
    if (regions.length !== 2 || regions[0] === regions[1]) {
        problems.push(
            `regions ${JSON.stringify(regions)} must be exactly two different Regions (${planDoc})`,
        );
    }
    if (isSet(i.primaryRegion) && !regions.includes(String(i.primaryRegion))) {
        problems.push(
            `primaryRegion ${JSON.stringify(i.primaryRegion)} is not one of the plan's regions ${JSON.stringify(regions)} (${createPlanDoc})`,
        );
    }
    const approach = i.recoveryApproach;
    if (approach !== "activeActive" && approach !== "activePassive") {
        problems.push(
            `recoveryApproach ${JSON.stringify(approach)} must be activeActive or activePassive (${createPlanDoc})`,
        );
    }
    for (const [index, workflow] of list(i.workflows).entries()) {
        problems.push(...workflowProblems(workflow, index, regions, approach));
    }
    if (approach === "activeActive") {
        const promotions = list(i.workflows).flatMap((w, index) =>
            blockPaths(get(w, "steps"), `workflows[${index}].steps`, "RdsPromoteReadReplica"),
        );
        problems.push(
            ...promotions.map(
                (where) =>
                    `${where} is an RdsPromoteReadReplica step in an activeActive plan; the RDS promote block supports active/passive plans only (${rdsPromoteBlockDoc})`,
            ),
        );
    }
    return problems;
};

/** Where each step of `type` sits, Parallel groups included. */
function blockPaths(steps: unknown, where: string, type: string): string[] {
    return list(steps).flatMap((step, s) => [
        ...(get(step, "executionBlockType") === type ? [`${where}[${s}]`] : []),
        ...list(get(step, "parallelConfigs")).flatMap((p, c) =>
            blockPaths(get(p, "steps"), `${where}[${s}].parallelConfigs[${c}].steps`, type),
        ),
    ]);
}

function workflowProblems(
    workflow: unknown,
    index: number,
    regions: string[],
    approach: unknown,
): string[] {
    const problems: string[] = [];
    const where = `workflows[${index}]`;
    const action = get(workflow, "workflowTargetAction");
    const target = get(workflow, "workflowTargetRegion");
    if (action !== "activate" && action !== "deactivate") {
        problems.push(
            `${where}.workflowTargetAction ${JSON.stringify(action)} must be activate or deactivate (${workflowsDoc})`,
        );
    }
    if (action === "deactivate" && approach === "activePassive") {
        problems.push(
            `${where} is a deactivation workflow, which only an activeActive plan has (${workflowsDoc})`,
        );
    }
    if (isSet(target) && !regions.includes(String(target))) {
        problems.push(
            `${where}.workflowTargetRegion ${JSON.stringify(target)} is not one of the plan's regions ${JSON.stringify(regions)} (${workflowsDoc})`,
        );
    }
    for (const [s, step] of list(get(workflow, "steps")).entries()) {
        problems.push(...stepProblems(step, `${where}.steps[${s}]`, regions, false));
    }
    return problems;
}

function stepProblems(step: unknown, where: string, regions: string[], nested: boolean): string[] {
    const problems: string[] = [];
    const type = get(step, "executionBlockType");
    if (!blockTypes.includes(String(type))) {
        problems.push(
            `${where}.executionBlockType ${JSON.stringify(type)} must be one of ${blockTypes.join(", ")} (${createPlanDoc})`,
        );
    }
    if (type === "Parallel") {
        if (nested) {
            problems.push(
                `${where}: a Parallel step cannot contain another Parallel step (${parallelDoc})`,
            );
        }
        for (const [p, parallel] of list(get(step, "parallelConfigs")).entries()) {
            for (const [s, inner] of list(get(parallel, "steps")).entries()) {
                problems.push(
                    ...stepProblems(
                        inner,
                        `${where}.parallelConfigs[${p}].steps[${s}]`,
                        regions,
                        true,
                    ),
                );
            }
        }
    }
    for (const [c, config] of list(get(step, "ecsCapacityIncreaseConfigs")).entries()) {
        const services = list(get(config, "services"));
        if (services.length !== 2) {
            problems.push(
                `${where}.ecsCapacityIncreaseConfigs[${c}].services has ${services.length}; the ECS block takes exactly two services, one per Region (${ecsDoc})`,
            );
        }
    }
    for (const [c, config] of list(get(step, "rdsPromoteReadReplicaConfigs")).entries()) {
        const keys = Object.keys((get(config, "dbInstanceArnMap") as object) ?? {});
        const unknown = keys.filter((k) => !regions.includes(k));
        if (unknown.length > 0) {
            problems.push(
                `${where}.rdsPromoteReadReplicaConfigs[${c}].dbInstanceArnMap is keyed by ${JSON.stringify(unknown)}, which are not the plan's regions ${JSON.stringify(regions)} (${rdsDoc})`,
            );
        }
    }
    return problems;
}
