import { describeFargateMemory, isValidFargateSize } from "../../../policies/lib/aws-limits";
import { Constraint, get, isSet, list } from "./types";

const fargateDoc =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size";

/** Fargate task definitions: a valid cpu/memory pair and awsvpc networking. */
export const taskDefinition: Constraint = ({ resource }) => {
    if (!list(resource.inputs.requiresCompatibilities).includes("FARGATE")) {
        return [];
    }
    const problems: string[] = [];
    const cpu = Number(resource.inputs.cpu);
    const memory = Number(resource.inputs.memory);
    if (!isValidFargateSize(cpu, memory)) {
        problems.push(
            `cpu ${JSON.stringify(resource.inputs.cpu)} with memory ${JSON.stringify(resource.inputs.memory)} is not a Fargate task size; ${describeFargateMemory(cpu)} (${fargateDoc})`,
        );
    }
    if (resource.inputs.networkMode !== "awsvpc") {
        problems.push(
            `Fargate tasks need networkMode "awsvpc", got ${JSON.stringify(resource.inputs.networkMode ?? null)} (${fargateDoc})`,
        );
    }
    return problems;
};

const serviceDoc =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html";
const scalingDoc =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-auto-scaling.html";

/**
 * An ECS service: awsvpc tasks need a network configuration, and a desiredCount outside its
 * scalable target's bounds is moved by Application Auto Scaling at once (a plan that says 2
 * tasks while the floor is 3 misstates the region's capacity).
 */
export const service: Constraint = ({ resource, all }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    if (i.launchType === "FARGATE" && !isSet(get(i, "networkConfiguration", "subnets"))) {
        problems.push(
            `a Fargate service needs networkConfiguration.subnets (awsvpc tasks) (${serviceDoc})`,
        );
    }
    const desired = i.desiredCount as number | undefined;
    const name = resource.outputs.name;
    const cluster = String(i.cluster ?? "")
        .split("/")
        .pop();
    const target = all.find(
        (r) =>
            r.type === "aws:appautoscaling/target:Target" &&
            r.stack === resource.stack &&
            r.inputs.resourceId === `service/${cluster}/${String(name)}`,
    );
    if (target && desired !== undefined) {
        const min = Number(target.inputs.minCapacity);
        const max = Number(target.inputs.maxCapacity);
        if (desired < min || desired > max) {
            problems.push(
                `desiredCount ${desired} is outside its scalable target's ${min} to ${max} (${target.name}) (${scalingDoc})`,
            );
        }
    }
    return problems;
};
