import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A multi-language component, as a provider SDK declares it (pulumi-eks's Cluster is one). */
class Cluster extends pulumi.ComponentResource {
    declare readonly kubeconfig: pulumi.Output<string>;
    declare readonly endpoint: pulumi.Output<string>;

    constructor(name: string, args: { version: string }, opts?: pulumi.ComponentResourceOptions) {
        super(
            "acme:index:Cluster",
            name,
            { ...args, kubeconfig: undefined, endpoint: undefined },
            opts,
            true,
        );
    }
}

const cluster = new Cluster("cluster", { version: "1.31" });
// Reading a remote component's output: its provider computes it.
const context = cluster.kubeconfig.apply((k) => k.replace(/\s+/g, " ").slice(0, 20));
new aws.ssm.Parameter("kubeconfig-summary", { type: "String", value: context });

export const endpoint = cluster.endpoint;
