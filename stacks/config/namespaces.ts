/**
 * Config keys outside the project namespace: which `aws:` keys the AWS provider reads, and which
 * other namespaces a stack may carry, so a misspelt namespace or provider key is an error instead
 * of a silently ignored setting.
 */

/**
 * The AWS provider's config keys: the exports of @pulumi/aws 7.48.0 `config/vars.d.ts`
 * (https://www.pulumi.com/registry/packages/aws/installation-configuration/). A test keeps the
 * list equal to the installed provider's.
 */
export const awsConfigKeys: readonly string[] = [
    "accessKey",
    "allowedAccountIds",
    "assumeRoleWithWebIdentity",
    "assumeRoles",
    "customCaBundle",
    "defaultTags",
    "ec2MetadataServiceEndpoint",
    "ec2MetadataServiceEndpointMode",
    "endpoints",
    "forbiddenAccountIds",
    "httpProxy",
    "httpsProxy",
    "ignoreTags",
    "insecure",
    "maxRetries",
    "noProxy",
    "profile",
    "region",
    "retryMode",
    "s3UsEast1RegionalEndpoint",
    "s3UsePathStyle",
    "secretKey",
    "sharedConfigFiles",
    "sharedCredentialsFiles",
    "skipCredentialsValidation",
    "skipMetadataApiCheck",
    "skipRegionValidation",
    "skipRequestingAccountId",
    "stsRegion",
    "tagPolicyCompliance",
    "token",
    "tokenBucketRateLimiterCapacity",
    "useDualstackEndpoint",
    "useFipsEndpoint",
    "userAgents",
];

/** Namespaces of the packages this project installs, which a stack may configure as they are. */
export const otherNamespaces: readonly string[] = ["awsx", "docker", "docker-build", "pulumi"];

export const awsConfigDoc =
    "https://www.pulumi.com/registry/packages/aws/installation-configuration/";
