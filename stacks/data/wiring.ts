/**
 * The late binding between a regional application and its data layer. The stores need the
 * application's network, and the application needs the stores' endpoints, so the stack builds the
 * application first with Outputs that resolve once the data layer hands over its bindings.
 */
import * as pulumi from "@pulumi/pulumi";
import { DataBindings, PolicyStatement, bindingShape } from "../../components/data/dataBindings";
import { StackConfig } from "../config";
import { DataEndpointsOutput } from "../contract";

/** What a regional stack's data layer returns: its outputs, and the app's bindings to it. */
export interface RegionalData {
    /** Stack outputs (`data`, `dataStores`, `dataEndpoints`). */
    outputs: Record<string, unknown>;
    /** What the region's application gets: environment, secrets and IAM statements. */
    bindings: pulumi.Output<DataBindings>;
}

/** The endpoints the service of a region uses, as the stack exports them. */
export function dataEndpointsOf(region: string, b: DataBindings): DataEndpointsOutput {
    return { region, environment: b.environment, secrets: b.secrets };
}

/** What the regional application takes from the data layer (RegionalApplication's args). */
export interface AppDataWiring {
    /** Plain variables, by name; the values resolve once the stores exist. */
    environment: Record<string, pulumi.Output<string>>;
    /** Secret references, by name, with the key that encrypts them. */
    secrets: Record<string, { arn: pulumi.Output<string>; kmsKeyArn?: pulumi.Output<string> }>;
    /** The task role's statements. */
    taskPolicyStatements: pulumi.Output<PolicyStatement>[];
}

/**
 * The application's data wiring before the data layer exists: Outputs that resolve when
 * `resolve` is given the data layer's bindings. The names and the number of statements are plain
 * (they follow `data.stores`), so the application knows them at construction; a mismatch with
 * what the data layer binds fails the deployment naming both.
 */
export function lateDataWiring(config: StackConfig): {
    wiring: AppDataWiring;
    resolve: (bindings: pulumi.Output<DataBindings>) => void;
    reject: (err: unknown) => void;
} {
    let resolve!: (bindings: pulumi.Output<DataBindings>) => void;
    let reject!: (err: unknown) => void;
    const later = new Promise<pulumi.Output<DataBindings>>((ok, fail) => {
        resolve = ok;
        reject = fail;
    });
    // The stack rethrows the data layer's error itself; this copy only fails the app's values.
    later.catch(() => undefined);
    // An apply that returns an Output is lifted: its value and its resources carry over.
    const bindings: pulumi.Output<DataBindings> = pulumi.output(later).apply((b) => b);
    const shape = bindingShape({ stores: config.data.stores });
    const pick = <T>(what: string, get: (b: DataBindings) => T | undefined): pulumi.Output<T> =>
        bindings.apply((b) => {
            const value = get(b);
            if (value === undefined) {
                throw new Error(`data wiring: the data layer binds no ${what}`);
            }
            return value;
        }) as pulumi.Output<T>;
    const environment: AppDataWiring["environment"] = {};
    for (const name of Object.keys(shape.environment)) {
        environment[name] = pick(`environment variable ${name}`, (b) => b.environment[name]);
    }
    const secrets: AppDataWiring["secrets"] = {};
    for (const name of Object.keys(shape.secrets)) {
        secrets[name] = {
            arn: pick(`secret ${name}`, (b) => b.secrets[name]),
            kmsKeyArn: pick("credentials key", (b) => b.secretKmsKeyArn),
        };
    }
    const taskPolicyStatements = shape.taskPolicyStatements.map((s, i) =>
        pick(`task-role statement ${s.Sid}`, (b) => b.taskPolicyStatements[i]),
    );
    return { wiring: { environment, secrets, taskPolicyStatements }, resolve, reject };
}

/**
 * Build the data layer, hand its bindings to the waiting application and return the stack
 * outputs. If the data layer fails, the application's pending values fail with a copy of its
 * error rather than wait forever; the stack reports the original.
 */
export async function withDataWiring(
    late: ReturnType<typeof lateDataWiring>,
    build: () => RegionalData | Promise<RegionalData>,
): Promise<Record<string, unknown>> {
    try {
        const data = await build();
        late.resolve(data.bindings);
        return data.outputs;
    } catch (err) {
        // A copy: the SDK prefixes the message of an error that fails a resource's input
        // ("error serializing property ...") in place, which would garble the stack's own error.
        const message = err instanceof Error ? err.message : String(err);
        late.reject(new Error(`the data layer failed: ${message}`));
        throw err;
    }
}
