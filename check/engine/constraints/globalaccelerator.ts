import {
    acceleratorHealthCheckIntervals,
    acceleratorThresholdCountRange,
    acceleratorTrafficDialRange,
} from "../../../policies/lib/aws-limits";
import { Constraint, get, list } from "./types";

const endpointGroupDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateEndpointGroup.html";
const endpointConfigDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/api/API_EndpointConfiguration.html";
const listenerDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateListener.html";
const portRangeDoc = "https://docs.aws.amazon.com/global-accelerator/latest/api/API_PortRange.html";

function outside(value: unknown, min: number, max: number): boolean {
    return (
        value !== undefined &&
        (!Number.isInteger(Number(value)) || Number(value) < min || Number(value) > max)
    );
}

/** Endpoint group: traffic dial 0-100, interval 10|30, threshold 1-10, weights 0-255. */
export const endpointGroup: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    if (typeof i.endpointGroupRegion !== "string" || i.endpointGroupRegion === "") {
        problems.push(`endpointGroupRegion is required (${endpointGroupDoc})`);
    }
    const dial = i.trafficDialPercentage;
    if (outside(dial, acceleratorTrafficDialRange.min, acceleratorTrafficDialRange.max)) {
        problems.push(
            `trafficDialPercentage ${JSON.stringify(dial)} is outside 0 to 100 (${endpointGroupDoc})`,
        );
    }
    const interval = i.healthCheckIntervalSeconds;
    if (interval !== undefined && !acceleratorHealthCheckIntervals.includes(Number(interval))) {
        problems.push(
            `healthCheckIntervalSeconds ${JSON.stringify(interval)} is invalid; it must be 10 or 30 (${endpointGroupDoc})`,
        );
    }
    if (
        outside(
            i.thresholdCount,
            acceleratorThresholdCountRange.min,
            acceleratorThresholdCountRange.max,
        )
    ) {
        problems.push(
            `thresholdCount ${JSON.stringify(i.thresholdCount)} is outside 1 to 10 (${endpointGroupDoc})`,
        );
    }
    if (
        i.healthCheckProtocol !== undefined &&
        !["TCP", "HTTP", "HTTPS"].includes(String(i.healthCheckProtocol))
    ) {
        problems.push(
            `healthCheckProtocol ${JSON.stringify(i.healthCheckProtocol)} must be TCP, HTTP or HTTPS (${endpointGroupDoc})`,
        );
    }
    if (outside(i.healthCheckPort, 1, 65535)) {
        problems.push(
            `healthCheckPort ${JSON.stringify(i.healthCheckPort)} is outside 1 to 65535 (${endpointGroupDoc})`,
        );
    }
    for (const endpoint of list(i.endpointConfigurations)) {
        const weight = get(endpoint, "weight");
        if (outside(weight, 0, 255)) {
            problems.push(
                `endpoint weight ${JSON.stringify(weight)} is outside 0 to 255 (${endpointConfigDoc})`,
            );
        }
    }
    return problems;
};

/** Listener: TCP or UDP, 1 to 10 port ranges within 1-65535, from <= to. */
export const listener: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    if (!["TCP", "UDP"].includes(String(i.protocol))) {
        problems.push(`protocol ${JSON.stringify(i.protocol)} must be TCP or UDP (${listenerDoc})`);
    }
    if (
        i.clientAffinity !== undefined &&
        !["NONE", "SOURCE_IP"].includes(String(i.clientAffinity))
    ) {
        problems.push(
            `clientAffinity ${JSON.stringify(i.clientAffinity)} must be NONE or SOURCE_IP (${listenerDoc})`,
        );
    }
    const ranges = list(i.portRanges);
    if (ranges.length < 1 || ranges.length > 10) {
        problems.push(
            `a listener needs 1 to 10 port ranges, got ${ranges.length} (${listenerDoc})`,
        );
    }
    for (const range of ranges) {
        const from = get(range, "fromPort");
        const to = get(range, "toPort");
        if (
            outside(from, 1, 65535) ||
            outside(to, 1, 65535) ||
            from === undefined ||
            to === undefined
        ) {
            problems.push(
                `port range ${JSON.stringify(from)}-${JSON.stringify(to)} must have fromPort and toPort from 1 to 65535 (${portRangeDoc})`,
            );
        } else if (Number(from) > Number(to)) {
            problems.push(`port range ${from}-${to} has fromPort above toPort (${portRangeDoc})`);
        }
    }
    return problems;
};

const clientIpDoc =
    "https://docs.aws.amazon.com/global-accelerator/latest/dg/preserve-client-ip-address.html";

/**
 * An internal Application Load Balancer endpoint always preserves the client IP: the
 * accelerator reaches it through ENIs in its subnets, and cannot be told not to.
 */
export const internalAlbEndpoint: Constraint = ({ resource, all }) => {
    const problems: string[] = [];
    for (const endpoint of list(resource.inputs.endpointConfigurations)) {
        const id = get(endpoint, "endpointId");
        const alb = all.find(
            (r) => r.type === "aws:lb/loadBalancer:LoadBalancer" && r.outputs.arn === id,
        );
        if (
            alb?.inputs.internal === true &&
            get(endpoint, "clientIpPreservationEnabled") === false
        ) {
            problems.push(
                `endpoint ${alb.name} is an internal Application Load Balancer, for which Global Accelerator always preserves the client IP; clientIpPreservationEnabled false is not accepted (${clientIpDoc})`,
            );
        }
    }
    return problems;
};
