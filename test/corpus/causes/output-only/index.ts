import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
export const companyName = config.get("companyName") ?? "ACME Widget Company";
export const region = new pulumi.Config("aws").get("region");
