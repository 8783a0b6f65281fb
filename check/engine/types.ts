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
