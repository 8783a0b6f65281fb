import * as aws from "@pulumi/aws";
import { tableName } from "./names.js";

const table = new aws.dynamodb.Table("orders", {
    name: tableName,
    billingMode: "PAY_PER_REQUEST",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
});

export const arn = table.arn;
