/**
 * A Mermaid architecture diagram drawn from the recorded resources, not from config: regions with
 * their load balancers, services (and running capacity) and data stores; an edge from each service
 * to each store its tasks reach; replication arrows between stores; and the routing layer with its
 * health checks pointing at what they watch.
 */
import { RecordedResource, StackRecord } from "../engine/types";

interface Edge {
    from: string;
    arrow: string;
    to: string;
}

interface Node {
    id: string;
    label: string;
    shape: "box" | "db" | "round";
}

const dataTypes: Record<string, string> = {
    "aws:rds/cluster:Cluster": "Aurora",
    "aws:rds/instance:Instance": "RDS",
    "aws:dynamodb/table:Table": "DynamoDB",
    "aws:dynamodb/tableReplica:TableReplica": "DynamoDB replica",
    "aws:s3/bucket:Bucket": "S3",
};

function nodeId(r: RecordedResource): string {
    return `${r.stack}_${r.name}`.replace(/[^A-Za-z0-9_]/g, "_");
}

function text(value: string): string {
    return value.replace(/"/g, "'");
}

function render(node: Node): string {
    const label = `"${text(node.label)}"`;
    switch (node.shape) {
        case "db":
            return `${node.id}[(${label})]`;
        case "round":
            return `${node.id}(${label})`;
        default:
            return `${node.id}[${label}]`;
    }
}

function str(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** The diagram, as Mermaid flowchart source. */
export function mermaidDiagram(records: readonly StackRecord[]): string {
    const all = records.flatMap((r) => r.resources);
    const lines = ["flowchart LR"];
    const edges: Edge[] = [];
    const byDnsName = new Map<string, RecordedResource>();
    const byArn = new Map<string, RecordedResource>();
    for (const r of all) {
        const dns = str(r.outputs.dnsName) ?? str(r.outputs.domainName);
        if (dns) {
            byDnsName.set(dns.toLowerCase(), r);
        }
        const arn = str(r.outputs.arn);
        if (arn) {
            byArn.set(arn, r);
        }
        const bucket = r.type === "aws:s3/bucket:Bucket" ? str(r.outputs.bucket) : undefined;
        if (bucket) {
            byArn.set(`arn:aws:s3:::${bucket}`, r);
            byArn.set(bucket, r);
        }
    }
    const drawn = new Set<string>();
    for (const record of records) {
        const nodes: Node[] = [];
        for (const r of record.resources) {
            if (r.type === "aws:lb/loadBalancer:LoadBalancer") {
                nodes.push({ id: nodeId(r), label: `ALB ${r.name}`, shape: "box" });
            } else if (r.type === "aws:ecs/service:Service") {
                const count = r.inputs.desiredCount ?? "?";
                nodes.push({
                    id: nodeId(r),
                    label: `ECS ${r.name}: ${count} tasks`,
                    shape: "round",
                });
                for (const lb of (r.inputs.loadBalancers as
                    | { targetGroupArn?: string }[]
                    | undefined) ?? []) {
                    const albs = record.resources.filter(
                        (x) => x.type === "aws:lb/loadBalancer:LoadBalancer",
                    );
                    if (lb.targetGroupArn && albs.length === 1) {
                        edges.push({ from: nodeId(albs[0]), arrow: "-->", to: nodeId(r) });
                    }
                }
                for (const store of storesReached(record, r, all)) {
                    // A store in another region is the writer a secondary sends its writes to.
                    const arrow = store.region === r.region ? "-. data .->" : "-. writes .->";
                    edges.push({ from: nodeId(r), arrow, to: nodeId(store) });
                }
            } else if (dataTypes[r.type]) {
                nodes.push({ id: nodeId(r), label: `${dataTypes[r.type]} ${r.name}`, shape: "db" });
            } else if (r.type === "aws:route53/healthCheck:HealthCheck") {
                nodes.push({ id: nodeId(r), label: `health check ${r.name}`, shape: "round" });
                const target = byDnsName.get(String(r.inputs.fqdn ?? "").toLowerCase());
                if (target) {
                    edges.push({ from: nodeId(r), arrow: "-. probes .->", to: nodeId(target) });
                }
            } else if (r.type === "aws:route53/record:Record") {
                const alias = (r.inputs.aliases as { name?: string }[] | undefined)?.[0];
                const role =
                    (r.inputs.failoverRoutingPolicies as { type?: string }[] | undefined)?.[0]
                        ?.type ??
                    ((r.inputs.latencyRoutingPolicies as unknown[] | undefined)?.length
                        ? "latency"
                        : "");
                nodes.push({
                    id: nodeId(r),
                    label: `${r.inputs.name} ${role}`.trim(),
                    shape: "box",
                });
                const target = alias?.name ? byDnsName.get(alias.name.toLowerCase()) : undefined;
                if (target) {
                    edges.push({ from: nodeId(r), arrow: "-->", to: nodeId(target) });
                }
                const hc = all.find(
                    (x) =>
                        x.type === "aws:route53/healthCheck:HealthCheck" &&
                        x.outputs.id === r.inputs.healthCheckId,
                );
                if (hc) {
                    edges.push({ from: nodeId(hc), arrow: "-. gates .->", to: nodeId(r) });
                }
            } else if (r.type === "aws:globalaccelerator/accelerator:Accelerator") {
                nodes.push({ id: nodeId(r), label: `Global Accelerator ${r.name}`, shape: "box" });
            } else if (r.type === "aws:globalaccelerator/endpointGroup:EndpointGroup") {
                const region = r.inputs.endpointGroupRegion ?? r.region;
                nodes.push({
                    id: nodeId(r),
                    label: `endpoint group ${region} dial ${r.inputs.trafficDialPercentage ?? 100}`,
                    shape: "box",
                });
                for (const e of (r.inputs.endpointConfigurations as
                    | { endpointId?: string }[]
                    | undefined) ?? []) {
                    const target = e.endpointId ? byArn.get(e.endpointId) : undefined;
                    if (target) {
                        edges.push({ from: nodeId(r), arrow: "-->", to: nodeId(target) });
                    }
                }
            } else if (r.type === "aws:cloudfront/distribution:Distribution") {
                nodes.push({ id: nodeId(r), label: `CloudFront ${r.name}`, shape: "box" });
                for (const origin of (r.inputs.origins as { domainName?: string }[] | undefined) ??
                    []) {
                    const target = origin.domainName
                        ? byDnsName.get(origin.domainName.toLowerCase())
                        : undefined;
                    if (target) {
                        edges.push({ from: nodeId(r), arrow: "-->", to: nodeId(target) });
                    }
                }
            }
            replicationEdges(r, all, byArn, edges);
        }
        if (nodes.length === 0) {
            continue;
        }
        lines.push(
            `    subgraph ${record.stack.replace(/[^A-Za-z0-9_]/g, "_")}["${record.stack} · ${record.region}"]`,
        );
        for (const node of nodes) {
            lines.push(`        ${render(node)}`);
            drawn.add(node.id);
        }
        lines.push("    end");
    }
    const seen = new Set<string>();
    for (const edge of edges) {
        const line = `${edge.from} ${edge.arrow} ${edge.to}`;
        if (drawn.has(edge.from) && drawn.has(edge.to) && !seen.has(line)) {
            seen.add(line);
            lines.push(`    ${line}`);
        }
    }
    return lines.join("\n") + "\n";
}

/**
 * The endpoint values a service's tasks receive: its task definition's environment, or the
 * stack's `dataEndpoints` output (docs/data.md) when the environment is not in the graph.
 */
function endpointValues(record: StackRecord, service: RecordedResource): Set<string> {
    const values = new Set<string>();
    const taskDefinition = record.resources.find(
        (x) =>
            x.type === "aws:ecs/taskDefinition:TaskDefinition" &&
            x.outputs.arn === service.inputs.taskDefinition,
    );
    const containers = str(taskDefinition?.inputs.containerDefinitions);
    if (containers) {
        try {
            for (const c of JSON.parse(containers) as { environment?: { value?: string }[] }[]) {
                for (const e of c.environment ?? []) {
                    if (typeof e.value === "string") {
                        values.add(e.value);
                    }
                }
            }
        } catch {
            // An unknown or malformed definition names no endpoint.
        }
    }
    const exported = record.outputs.dataEndpoints as
        | { environment?: Record<string, unknown> }
        | undefined;
    for (const value of Object.values(exported?.environment ?? {})) {
        if (typeof value === "string") {
            values.add(value);
        }
    }
    return values;
}

/**
 * The stores a service reaches: each store whose endpoint or name its tasks receive. A table
 * name is the same in every region, so it matches the table or replica of the service's region
 * only; the Aurora global writer endpoint matches the cluster that holds the writer.
 */
function storesReached(
    record: StackRecord,
    service: RecordedResource,
    all: readonly RecordedResource[],
): RecordedResource[] {
    const values = endpointValues(record, service);
    if (values.size === 0) {
        return [];
    }
    const writers = new Set(
        all
            .filter(
                (g) =>
                    g.type === "aws:rds/globalCluster:GlobalCluster" &&
                    values.has(String(g.outputs.endpoint)),
            )
            .map((g) => g.outputs.id),
    );
    return all.filter((store) => {
        const o = store.outputs;
        switch (store.type) {
            case "aws:s3/bucket:Bucket":
                return values.has(String(o.bucket));
            case "aws:rds/instance:Instance":
                return values.has(String(o.address));
            case "aws:rds/cluster:Cluster":
                return (
                    values.has(String(o.readerEndpoint)) ||
                    values.has(String(o.endpoint)) ||
                    (writers.has(store.inputs.globalClusterIdentifier) &&
                        store.inputs.masterUsername !== undefined)
                );
            case "aws:dynamodb/table:Table":
                return store.region === service.region && values.has(String(o.name));
            case "aws:dynamodb/tableReplica:TableReplica":
                return (
                    store.region === service.region &&
                    [...values].some((v) => String(o.arn).endsWith(`:table/${v}`))
                );
            default:
                return false;
        }
    });
}

function replicationEdges(
    r: RecordedResource,
    all: readonly RecordedResource[],
    byArn: Map<string, RecordedResource>,
    edges: Edge[],
) {
    const link = (source: RecordedResource | undefined, label: string) => {
        if (source && source.urn !== r.urn) {
            edges.push({ from: nodeId(source), arrow: `== ${label} ==>`, to: nodeId(r) });
        }
    };
    if (r.type === "aws:dynamodb/tableReplica:TableReplica") {
        link(byArn.get(String(r.inputs.globalTableArn)), "global table");
    } else if (r.type === "aws:rds/instance:Instance" && r.inputs.replicateSourceDb) {
        link(byArn.get(String(r.inputs.replicateSourceDb)), "read replica");
    } else if (r.type === "aws:rds/cluster:Cluster" && r.inputs.globalClusterIdentifier) {
        const first = all.find(
            (x) =>
                x.type === r.type &&
                x.inputs.globalClusterIdentifier === r.inputs.globalClusterIdentifier,
        );
        link(first, "global database");
    } else if (r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig") {
        const source = byArn.get(String(r.inputs.bucket));
        for (const rule of (r.inputs.rules as
            | { destination?: { bucket?: string } }[]
            | undefined) ?? []) {
            const destination = rule.destination?.bucket
                ? byArn.get(rule.destination.bucket)
                : undefined;
            if (source && destination) {
                edges.push({
                    from: nodeId(source),
                    arrow: "== replication ==>",
                    to: nodeId(destination),
                });
            }
        }
    }
}
