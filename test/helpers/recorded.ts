import { RecordedResource } from "../../check/engine/types";

/** A recorded resource for constraint and policy tests; only the fields a test cares about vary. */
export function recorded(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    more: Partial<RecordedResource> = {},
): RecordedResource {
    return {
        urn: `urn:pulumi:test::proj::${type}::${name}`,
        type,
        name,
        region: "us-east-1",
        custom: true,
        inputs,
        outputs: { ...inputs },
        protect: false,
        retainOnDelete: false,
        dependencies: [],
        propertyDependencies: {},
        stack: "test",
        ...more,
    };
}
