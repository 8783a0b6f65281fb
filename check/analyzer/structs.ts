/** Plain values as the analyzer protocol's protobuf messages. */
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";

/**
 * `Struct.fromJavaScript(properties)`, except that a property value that is an object already
 * converted for another policy (the deployment's facts, one object in eight policies' config) is
 * converted once and the same message is sent in each place: the bytes are the same.
 */
export function sharedStruct(
    properties: Record<string, unknown>,
    shared: Map<object, Value>,
): Struct {
    const struct = new Struct();
    const fields = struct.getFieldsMap();
    for (const key in properties) {
        const value = properties[key];
        if (value === null || typeof value !== "object") {
            fields.set(key, Value.fromJavaScript(value as never));
            continue;
        }
        let converted = shared.get(value);
        if (!converted) {
            converted = Value.fromJavaScript(value as never);
            shared.set(value, converted);
        }
        fields.set(key, converted);
    }
    return struct;
}
