/**
 * The ARC Region switch data-plane calls the plan drill makes, signed with SigV4.
 *
 * The npm registry this project builds from has no `@aws-sdk/client-arc-region-switch`, so the
 * requests are made here, in the AWS JSON 1.0 protocol the service speaks, and signed by the
 * AWS SDK's own signer (`@smithy/signature-v4`). Every request shape is in this one module, each
 * with its API reference page:
 * https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Operations.html
 *
 * - Protocol: POST `/`, `Content-Type: application/x-amz-json-1.0`,
 *   `X-Amz-Target: ArcRegionSwitch.<Operation>`; SigV4 service name `arc-region-switch`.
 * - Endpoint: `https://arc-region-switch.<region>.api.aws`, the Region the execution runs in (the
 *   Region being activated: never the failed one).
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

/** Credentials as the AWS SDK's providers return them. */
export interface Credentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
}

export type ExecutionAction = "activate" | "deactivate";
export type ExecutionMode = "graceful" | "ungraceful";

/** https://docs.aws.amazon.com/arc-region-switch/latest/api/API_StartPlanExecution.html */
export interface StartPlanExecutionRequest {
    planArn: string;
    targetRegion: string;
    action: ExecutionAction;
    mode?: ExecutionMode;
    comment?: string;
}
export interface StartPlanExecutionResponse {
    executionId: string;
    plan?: string;
    planVersion?: string;
    activateRegion?: string;
    deactivateRegion?: string;
}

/** https://docs.aws.amazon.com/arc-region-switch/latest/api/API_GetPlanExecution.html */
export interface GetPlanExecutionRequest {
    planArn: string;
    executionId: string;
}
export interface StepState {
    name?: string;
    status?: string;
    startTime?: number;
    endTime?: number;
    stepMode?: ExecutionMode;
}
export interface GetPlanExecutionResponse {
    executionId: string;
    planArn: string;
    executionState: string;
    executionAction?: ExecutionAction;
    executionRegion?: string;
    startTime?: number;
    endTime?: number;
    stepStates?: StepState[];
}

/** https://docs.aws.amazon.com/arc-region-switch/latest/api/API_CancelPlanExecution.html */
export interface CancelPlanExecutionRequest {
    planArn: string;
    executionId: string;
    comment?: string;
}

/** https://docs.aws.amazon.com/arc-region-switch/latest/api/API_ApprovePlanExecutionStep.html */
export interface ApprovePlanExecutionStepRequest {
    planArn: string;
    executionId: string;
    stepName: string;
    approval: "approve" | "decline";
    comment?: string;
}

/** States after which an execution changes nothing more (API_GetPlanExecution, executionState). */
export const finishedStates = [
    "completed",
    "completedWithExceptions",
    "completedMonitoringApplicationHealth",
    "canceled",
    "planExecutionTimedOut",
    "failed",
];
/** States that wait for a person: the drill reports them rather than waiting forever. */
export const waitingStates = ["pendingManualApproval", "pausedByFailedStep", "pausedByOperator"];
/** Finished states that did what was asked. */
export const successStates = ["completed", "completedMonitoringApplicationHealth"];

/** A call the service refused or that did not answer in time. */
export class RegionSwitchError extends Error {
    constructor(
        message: string,
        public readonly code: string,
    ) {
        super(message);
        this.name = "RegionSwitchError";
    }
}

export interface RegionSwitchClientOptions {
    /** Region the calls go to: the Region being activated. */
    region: string;
    credentials: () => Promise<Credentials>;
    /** Override the endpoint (tests point it at a local fake). */
    endpoint?: string;
    /** Deadline of each call, milliseconds. */
    timeoutMs?: number;
    /** Aborts every call in flight (a signal handler's restore takes over). */
    signal?: AbortSignal;
}

/** The four calls the plan drill needs, each with a deadline and the caller's abort signal. */
export class RegionSwitchClient {
    private readonly signer: SignatureV4;
    private readonly endpoint: URL;
    private readonly timeoutMs: number;

    constructor(private readonly options: RegionSwitchClientOptions) {
        this.signer = new SignatureV4({
            service: "arc-region-switch",
            region: options.region,
            credentials: options.credentials,
            sha256: Sha256,
        });
        this.endpoint = new URL(
            options.endpoint ?? `https://arc-region-switch.${options.region}.api.aws`,
        );
        this.timeoutMs = options.timeoutMs ?? 15_000;
    }

    startPlanExecution(req: StartPlanExecutionRequest): Promise<StartPlanExecutionResponse> {
        return this.call("StartPlanExecution", req);
    }

    getPlanExecution(req: GetPlanExecutionRequest): Promise<GetPlanExecutionResponse> {
        return this.call("GetPlanExecution", req);
    }

    cancelPlanExecution(req: CancelPlanExecutionRequest): Promise<Record<string, never>> {
        return this.call("CancelPlanExecution", req);
    }

    approvePlanExecutionStep(req: ApprovePlanExecutionStepRequest): Promise<Record<string, never>> {
        return this.call("ApprovePlanExecutionStep", req);
    }

    private async call<T>(operation: string, body: object): Promise<T> {
        const payload = JSON.stringify(body);
        const signed = await this.signer.sign({
            method: "POST",
            protocol: this.endpoint.protocol,
            hostname: this.endpoint.hostname,
            port: this.endpoint.port ? Number(this.endpoint.port) : undefined,
            path: "/",
            headers: {
                host: this.endpoint.host,
                "content-type": "application/x-amz-json-1.0",
                "x-amz-target": `ArcRegionSwitch.${operation}`,
            },
            body: payload,
        });
        const deadline = AbortSignal.timeout(this.timeoutMs);
        const signal = this.options.signal
            ? AbortSignal.any([deadline, this.options.signal])
            : deadline;
        let response: Response;
        try {
            response = await fetch(this.endpoint, {
                method: "POST",
                headers: signed.headers as Record<string, string>,
                body: payload,
                signal,
            });
        } catch (err) {
            if (deadline.aborted) {
                throw new RegionSwitchError(
                    `${operation} did not answer within ${this.timeoutMs} ms (${this.endpoint.host})`,
                    "Timeout",
                );
            }
            if (this.options.signal?.aborted) {
                throw new RegionSwitchError(`${operation} was aborted`, "Aborted");
            }
            throw new RegionSwitchError(
                `${operation} failed: ${(err as Error).message}`,
                "Network",
            );
        }
        const text = await response.text();
        const parsed = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
        if (!response.ok) {
            // AWS JSON errors name their type in __type (possibly namespaced) and a message.
            const type = String(
                parsed.__type ?? response.headers.get("x-amzn-errortype") ?? "Error",
            );
            const code = type.split("#").pop()!.split(":")[0];
            const message = String(parsed.message ?? parsed.Message ?? text);
            throw new RegionSwitchError(`${operation}: ${code}: ${message}`, code);
        }
        return parsed as T;
    }
}
