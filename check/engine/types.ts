/** What the offline engine records for each resource and each stack. */

/** One resource as a real `pulumi up` would have created it. */
export interface RecordedResource {
    urn: string;
    /** Type token, e.g. `aws:route53/record:Record`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Region the resource lives in: its `region` input, else its provider's, else the stack's. */
    region: string;
    /** Parent URN, when the resource has a parent other than the stack. */
    parent?: string;
    /** Provider reference `<urn>::<id>`, when one was given explicitly. */
    provider?: string;
    /** False for component resources. */
    custom: boolean;
    /** Inputs as the provider receives them (secrets shown as "[secret]"). */
    inputs: Record<string, unknown>;
    /** Outputs as state records them. */
    outputs: Record<string, unknown>;
    /** The `protect` resource option. */
    protect: boolean;
    /** The `retainOnDelete` resource option. */
    retainOnDelete: boolean;
    /** URNs this resource depends on. */
    dependencies: string[];
    /** Input property name to the URNs its value came from. */
    propertyDependencies: Record<string, string[]>;
    /** The stack that created it. */
    stack: string;
    /** Where the program constructed it, when that can be known. */
    source?: SourceLocation;
}

/** A file (relative to the project folder) and 1-based line. */
export interface SourceLocation {
    file: string;
    line: number;
}

/** One stack's run. */
export interface StackRecord {
    stack: string;
    /** Fully qualified name, `<org>/<project>/<stack>`, as StackReferences name it. */
    fullName: string;
    project: string;
    /** The stack's `<project>:role` config value, if it has one. */
    role?: string;
    /** The stack's `aws:region`. */
    region: string;
    resources: RecordedResource[];
    /** The stack's outputs as a StackReference reads them (secrets in clear). */
    outputs: Record<string, unknown>;
    /**
     * The same outputs with every secret value "[secret]", as `pulumi stack output` shows them:
     * what every report prints (see `reportedOutputs` in check/reports/model.ts).
     */
    maskedOutputs?: Record<string, unknown>;
    /** The `@pulumi/pulumi` version the program ran with (its own, or this project's). */
    sdkVersion?: string;
}

/**
 * Something in the program the real deployment would fail on, found without stopping the run:
 * an input AWS would refuse (`input`), an invoke the engine has no answer for (`invoke`), or the
 * program itself failing (`program`). Any problem makes the run exit 2; every one is reported,
 * in every format, where the program creates the resource or calls the invoke.
 */
export interface RunProblem {
    kind: "input" | "invoke" | "program";
    stack: string;
    /** One line: what is wrong and what is allowed or how to fix it. */
    message: string;
    /** The resource (`input`), when there is one. */
    urn?: string;
    type?: string;
    name?: string;
    /** The invoke's token (`invoke`). */
    token?: string;
    /** Where the program constructs the resource or calls the invoke, when known. */
    source?: SourceLocation;
}
