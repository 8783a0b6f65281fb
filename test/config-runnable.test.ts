/**
 * Config that deploys but cannot run: an image's writable paths left out, credentials replicated
 * to regions no stack runs in.
 */
import * as assert from "assert";
import { ConfigError, parseStackConfig, projectName } from "../stacks/config";
import { replicaRegionsWithoutStack } from "../stacks/config/rules";

const ns = (key: string) => `${projectName}:${key}`;

function problems(role: string, app: object): readonly string[] {
    try {
        parseStackConfig({
            "aws:region": "us-east-1",
            [ns("role")]: role,
            [ns("app")]: JSON.stringify(app),
        });
        return [];
    } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return err.problems;
    }
}

describe("config: what deploys but cannot run", () => {
    it("refuses app.writablePaths [] with the nginx image, naming the paths it writes to", () => {
        assert.deepStrictEqual(problems("primary", { writablePaths: [] }), [
            "app.writablePaths: [] leaves out /var/cache/nginx, /var/run, which public.ecr.aws/nginx/nginx:1.27 writes to; with a read-only root file system its tasks would exit at start (https://hub.docker.com/_/nginx (Running nginx in read-only mode)); add them",
        ]);
    });

    it("refuses one missing path of nginx (Docker Hub name too)", () => {
        assert.deepStrictEqual(
            problems("secondary", {
                image: "nginx:1.27",
                outboundInternet: true,
                writablePaths: ["/var/cache/nginx"],
            }).filter((p) => p.startsWith("app.writablePaths")),
            [
                'app.writablePaths: ["/var/cache/nginx"] leaves out /var/run, which nginx:1.27 writes to; with a read-only root file system its tasks would exit at start (https://hub.docker.com/_/nginx (Running nginx in read-only mode)); add it',
            ],
        );
    });

    it("accepts the default paths, and an image whose needs are not documented with none", () => {
        assert.deepStrictEqual(problems("primary", {}), []);
        assert.deepStrictEqual(
            problems("primary", { image: "public.ecr.aws/acme/api:2.1", writablePaths: [] }),
            [],
        );
    });

    it("does not ask the global stack (it runs no tasks)", () => {
        assert.deepStrictEqual(
            problems("global", { writablePaths: [] }).filter((p) => p.startsWith("app.")),
            [],
        );
    });

    it("names credential replicas in regions no listed secondary runs in", () => {
        assert.strictEqual(
            replicaRegionsWithoutStack(["us-west-2", "eu-west-1", "ap-south-1"], ["us-west-2"]),
            'data.replicaRegions: the primary replicates its database credentials to "eu-west-1", "ap-south-1", where no listed secondary stack runs (secondaries: "us-west-2"); remove them from data.replicaRegions on the primary, or list the stack in regionalStacks',
        );
        assert.strictEqual(
            replicaRegionsWithoutStack(["us-west-2"], []),
            'data.replicaRegions: the primary replicates its database credentials to "us-west-2", where no listed secondary stack runs (secondaries: none); remove it from data.replicaRegions on the primary, or list the stack in regionalStacks',
        );
        assert.strictEqual(
            replicaRegionsWithoutStack(["us-west-2"], ["us-west-2", "eu-west-1"]),
            undefined,
        );
        assert.strictEqual(replicaRegionsWithoutStack([], ["us-west-2"]), undefined);
    });
});
