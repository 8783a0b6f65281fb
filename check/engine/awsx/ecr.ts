/** awsx.ecr.Repository and awsx.ecr.Image. */
import { createHash } from "crypto";
import { RecordedResource } from "../types";
import { Children, Inputs, list, record, sha1 } from "./children";

/**
 * awsx's repository (awsx/ecr/repository.ts): the repository, named in lower case, and unless
 * `lifecyclePolicy.skip`, a lifecycle policy; with no rules given, awsx's default rule keeps one
 * untagged image ("remove untagged images").
 */
export function expandRepository(component: RecordedResource, children: Children) {
    const { lifecyclePolicy, ...repoArgs } = component.inputs;
    const name = component.name.toLowerCase();
    const repo = children.add("aws:ecr/repository:Repository", name, repoArgs);
    const policy = record(lifecyclePolicy);
    if (policy.skip !== true) {
        const rules = Array.isArray(policy.rules)
            ? policy.rules
            : [
                  {
                      rulePriority: 1,
                      description: "remove untagged images",
                      selection: {
                          tagStatus: "untagged",
                          countType: "imageCountMoreThan",
                          countNumber: 1,
                      },
                      action: { type: "expire" },
                  },
              ];
        children.add("aws:ecr/lifecyclePolicy:LifecyclePolicy", name, {
            repository: repo.outputs.name ?? repo.outputs.id,
            policy: JSON.stringify({ rules }),
            ...(component.inputs.region !== undefined ? { region: component.inputs.region } : {}),
        });
    }
}

/** The image's name in awsx: its `imageName`, else its tag, else a hash of its build inputs. */
function imageName(inputs: Inputs): string {
    const build = `${String(inputs.context ?? ".")}${inputs.dockerfile ? `;dockerfile=${String(inputs.dockerfile)}` : ""}${JSON.stringify(inputs.args ?? {})}`;
    return String(inputs.imageName ?? inputs.imageTag ?? sha1(build));
}

/** awsx returns the pushed image by digest: `<repositoryUrl>@sha256:<digest>`. */
export function imageUri(inputs: Inputs): string | undefined {
    const url = inputs.repositoryUrl;
    return typeof url === "string"
        ? `${url}@sha256:${createHash("sha256")
              .update(`${url}:${imageName(inputs)}`)
              .digest("hex")}`
        : undefined;
}

/**
 * awsx's image (awsx/ecr/image.ts): a docker-build image that builds the context and pushes it
 * to the repository under `<repositoryUrl>:<name>`, with an inline cache.
 */
export function expandImage(component: RecordedResource, children: Children) {
    const inputs = component.inputs;
    const name = imageName(inputs);
    const canonical = `${String(inputs.repositoryUrl ?? "")}:${name}`;
    children.add(
        "docker-build:index:Image",
        name,
        {
            tags: [canonical],
            buildArgs: inputs.args,
            cacheFrom: list(inputs.cacheFrom).length
                ? list(inputs.cacheFrom).map((ref) => ({ registry: { ref } }))
                : [{ registry: { ref: canonical } }],
            cacheTo: [{ inline: {} }],
            context: { location: inputs.context ?? "." },
            dockerfile: { location: inputs.dockerfile },
            platforms: inputs.platform ? [inputs.platform] : [],
            target: inputs.target,
            push: true,
        },
        component,
        { outputs: { ref: canonical, digest: imageUri(inputs)?.split("@")[1] } },
    );
}
