import { Constraint, isSet } from "./types";

const ruleDoc =
    "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html";
const upstreamDoc =
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html";

/** Upstream registries a pull-through cache rule supports, and whether each needs credentials. */
export const pullThroughUpstreams: Readonly<Record<string, boolean>> = {
    "public.ecr.aws": false,
    "quay.io": false,
    "registry.k8s.io": false,
    "registry-1.docker.io": true,
    "ghcr.io": true,
    "registry.gitlab.com": true,
};

const prefixPattern = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** A pull-through cache rule: a valid prefix, a supported upstream, credentials where needed. */
export const pullThroughCacheRule: Constraint = ({ resource }) => {
    const i = resource.inputs;
    const problems: string[] = [];
    const prefix = String(i.ecrRepositoryPrefix ?? "");
    if (prefix.length < 2 || prefix.length > 30 || !prefixPattern.test(prefix)) {
        problems.push(
            `ecrRepositoryPrefix ${JSON.stringify(prefix)} must be 2 to 30 lowercase characters, digits and . _ - / (${ruleDoc})`,
        );
    }
    const upstream = String(i.upstreamRegistryUrl ?? "");
    const azure = upstream.endsWith(".azurecr.io");
    const ecrPrivate = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.test(upstream);
    if (!(upstream in pullThroughUpstreams) && !azure && !ecrPrivate) {
        problems.push(
            `upstreamRegistryUrl ${JSON.stringify(upstream)} is not a supported upstream; supported: ${Object.keys(pullThroughUpstreams).join(", ")}, <name>.azurecr.io, a private ECR registry (${upstreamDoc})`,
        );
    } else if ((pullThroughUpstreams[upstream] || azure) && !isSet(i.credentialArn)) {
        problems.push(
            `upstream ${upstream} needs credentialArn (a Secrets Manager secret prefixed ecr-pullthroughcache/) (${upstreamDoc})`,
        );
    }
    return problems;
};
