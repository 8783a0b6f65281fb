import * as aws from "@pulumi/aws";
import * as fs from "fs";

const site = new aws.s3.Bucket("site");
new aws.s3.BucketVersioning("site", {
    bucket: site.id,
    versioningConfiguration: { status: "Enabled" },
});
// Relative paths: the Pulumi CLI runs a program in its project folder.
for (const file of fs.readdirSync("./www")) {
    new aws.s3.BucketObject(file, {
        bucket: site.id,
        key: file,
        content: fs.readFileSync(`./www/${file}`, "utf8"),
        contentType: "text/html",
    });
}

export const readme = fs.readFileSync("./Pulumi.README.md", "utf8");
export const bucket = site.id;
