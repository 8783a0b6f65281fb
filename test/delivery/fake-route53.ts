/**
 * A local HTTP server speaking enough of Route 53's REST XML API (GetHealthCheck,
 * UpdateHealthCheck, GetHealthCheckStatus, TestDNSAnswer) and ARC's cluster JSON API
 * (GetRoutingControlState, UpdateRoutingControlState) for the drill, with state a test can read
 * and calls it can make hang. The drill's SDK clients reach it through AWS_ENDPOINT_URL_ROUTE_53
 * and the ARC endpoint URL in the stack outputs.
 */
import * as http from "http";
import type { AddressInfo } from "net";

/** One request as the fake saw it, in order. */
export interface SeenCall {
    op: string;
    /** The value set, for updates: "true"/"false" (inverted), "On"/"Off" (routing control). */
    value?: string;
}

export interface FakeRoute53Options {
    /** The address the domain answers with while the region is in service. */
    regionIp: string;
    /** The other region's address. */
    otherIp: string;
    /** Whether taking the region out moves the DNS answer (false: the drill waits until it times out). */
    moveTraffic: boolean;
}

export class FakeRoute53 {
    readonly inverted = new Map<string, boolean>();
    readonly controls = new Map<string, "On" | "Off">();
    readonly calls: SeenCall[] = [];
    /**
     * Calls that never answer, as "Op" or "Op:value"; the count is how many times (Infinity:
     * always). An update that hangs still takes effect, as one whose answer was lost would.
     */
    readonly hang = new Map<string, number>();
    private readonly server: http.Server;
    private readonly waiters: { match: (c: SeenCall) => boolean; resolve: () => void }[] = [];

    constructor(private readonly options: FakeRoute53Options) {
        this.server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (chunk: Buffer) => (body += chunk.toString()));
            req.on("end", () => this.handle(req, body, res));
        });
    }

    async start(): Promise<string> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** Resolves when a call matching `op` (and `value`) has been seen. */
    seen(op: string, value?: string): Promise<void> {
        const match = (c: SeenCall) => c.op === op && (value === undefined || c.value === value);
        if (this.calls.some(match)) {
            return Promise.resolve();
        }
        return new Promise((resolve) => this.waiters.push({ match, resolve }));
    }

    /** Stop listening and drop every connection, hung ones included. */
    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private regionOut(): boolean {
        return (
            [...this.inverted.values()].some((v) => v) ||
            [...this.controls.values()].some((v) => v === "Off")
        );
    }

    private record(call: SeenCall): boolean {
        this.calls.push(call);
        for (const w of this.waiters.filter((x) => x.match(call))) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve();
        }
        for (const key of [`${call.op}:${call.value}`, call.op]) {
            const left = this.hang.get(key) ?? 0;
            if (left > 0) {
                this.hang.set(key, left - 1);
                return true;
            }
        }
        return false;
    }

    private handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
        const url = new URL(req.url ?? "/", "http://fake");
        const target = req.headers["x-amz-target"];
        if (typeof target === "string") {
            return this.arc(target.replace(/^ToggleCustomerAPI\./, ""), body, res);
        }
        const hc = /^\/2013-04-01\/healthcheck\/([^/]+)(\/status)?$/.exec(url.pathname);
        const xml = (root: string, inner: string) => {
            res.writeHead(200, { "content-type": "text/xml" });
            res.end(
                `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="https://route53.amazonaws.com/doc/2013-04-01/">${inner}</${root}>`,
            );
        };
        const healthCheck = (id: string) =>
            `<HealthCheck><Id>${id}</Id><CallerReference>ref</CallerReference><HealthCheckConfig><Type>HTTPS</Type><Inverted>${this.inverted.get(id) ?? false}</Inverted></HealthCheckConfig><HealthCheckVersion>1</HealthCheckVersion></HealthCheck>`;
        if (url.pathname === "/2013-04-01/testdnsanswer") {
            if (this.record({ op: "TestDNSAnswer" })) {
                return;
            }
            const ip =
                this.regionOut() && this.options.moveTraffic
                    ? this.options.otherIp
                    : this.options.regionIp;
            return xml(
                "TestDNSAnswerResponse",
                `<Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>${url.searchParams.get("recordname")}</RecordName><RecordType>A</RecordType><RecordData><RecordDataEntry>${ip}</RecordDataEntry></RecordData><ResponseCode>NOERROR</ResponseCode><Protocol>UDP</Protocol>`,
            );
        }
        if (hc && hc[2]) {
            if (this.record({ op: "GetHealthCheckStatus" })) {
                return;
            }
            const status = this.inverted.get(hc[1]) ? "Failure: Inverted" : "Success: HTTP 200";
            return xml(
                "GetHealthCheckStatusResponse",
                `<HealthCheckObservations><HealthCheckObservation><Region>us-east-1</Region><IPAddress>203.0.113.1</IPAddress><StatusReport><Status>${status}</Status></StatusReport></HealthCheckObservation></HealthCheckObservations>`,
            );
        }
        if (hc && req.method === "GET") {
            if (this.record({ op: "GetHealthCheck" })) {
                return;
            }
            return xml("GetHealthCheckResponse", healthCheck(hc[1]));
        }
        if (hc && req.method === "POST") {
            const value = /<Inverted>(true|false)<\/Inverted>/.exec(body)?.[1];
            if (value !== undefined) {
                this.inverted.set(hc[1], value === "true");
            }
            if (this.record({ op: "UpdateHealthCheck", value })) {
                return;
            }
            return xml("UpdateHealthCheckResponse", healthCheck(hc[1]));
        }
        res.writeHead(400, { "content-type": "text/xml" });
        res.end(
            `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidInput</Code><Message>fake Route 53 does not know ${req.method} ${url.pathname}</Message></Error></ErrorResponse>`,
        );
    }

    private arc(op: string, body: string, res: http.ServerResponse): void {
        const input = JSON.parse(body || "{}") as {
            RoutingControlArn: string;
            RoutingControlState?: "On" | "Off";
        };
        if (op === "UpdateRoutingControlState" && input.RoutingControlState) {
            this.controls.set(input.RoutingControlArn, input.RoutingControlState);
        }
        if (this.record({ op, value: input.RoutingControlState })) {
            return;
        }
        res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
        res.end(
            JSON.stringify(
                op === "GetRoutingControlState"
                    ? {
                          RoutingControlArn: input.RoutingControlArn,
                          RoutingControlState: this.controls.get(input.RoutingControlArn) ?? "On",
                      }
                    : {},
            ),
        );
    }
}
