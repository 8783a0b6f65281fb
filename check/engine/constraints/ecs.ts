import { describeFargateMemory, isValidFargateSize } from "../../../policies/lib/aws-limits";
import { Constraint, list } from "./types";

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
