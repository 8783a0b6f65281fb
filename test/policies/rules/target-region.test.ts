/**
 * dns-failover-pair's `targetRegion` (issue #30: mutation testing found its alias-chain
 * following without a test): where a record sends users, from the target's DNS name, a resource
 * in view with that name, another record of the zone (followed, up to nine records deep), or
 * what the record's value depends on; global targets have no region. Plus the pack-level
 * judgements its survivors pointed at: geolocation labels, listeners found by ARN or id, and
 * origins found by the resource that owns their domain name.
 */
import * as assert from "assert";
import { targetRegion } from "../../../policies/rules/dns-failover-pair";
import { dnsFailoverPair } from "../../../policies/policies";
import { FixtureResource, runStackPolicy, stackArgs } from "../harness";

const recordType = "aws:route53/record:Record";

const aliasRecord = (
    name: string,
    target: string,
    zoneId = "Z1",
    targetZone = "Z1",
): FixtureResource => ({
    type: recordType,
    name,
    props: {
        zoneId,
        name: `${name}.example.com`,
        type: "A",
        aliases: [{ name: target, zoneId: targetZone, evaluateTargetHealth: true }],
    },
});

/** The region `targetRegion` gives the first of `resources`, among all of them. */
const regionOfFirst = (resources: FixtureResource[]): string | undefined => {
    const built = stackArgs(resources).resources;
    return targetRegion(built[0], built);
};

describe("dns-failover-pair: targetRegion", () => {
    it("an alias's DNS name tells the region", () =>
        assert.strictEqual(
            regionOfFirst([
                aliasRecord("app", "a-1.us-west-2.elb.amazonaws.com", "Z1", "Z35SXDOTRQ7X7K"),
            ]),
            "us-west-2",
        ));

    it("CloudFront and Global Accelerator targets have no region, whatever else is in view", () => {
        for (const target of ["d1.cloudfront.net", "a1.awsglobalaccelerator.com"]) {
            const record = {
                ...aliasRecord("app", target),
                propertyDependencies: { aliases: ["owner"] },
            };
            assert.strictEqual(
                regionOfFirst([
                    record,
                    {
                        type: "aws:cloudfront/distribution:Distribution",
                        name: "owner",
                        props: { dnsName: target, domainName: target, region: "us-east-1" },
                    },
                ]),
                undefined,
                target,
            );
        }
    });

    it("a resource in view with the alias's DNS name gives its region; another name does not", () => {
        const owner = (dnsName: string): FixtureResource => ({
            type: "aws:lb/loadBalancer:LoadBalancer",
            name: "lb",
            props: { dnsName, region: "eu-west-1" },
        });
        assert.strictEqual(
            regionOfFirst([
                aliasRecord("app", "lb.internal.example"),
                owner("lb.internal.example"),
            ]),
            "eu-west-1",
        );
        assert.strictEqual(
            regionOfFirst([
                aliasRecord("app", "lb.internal.example"),
                owner("other.internal.example"),
            ]),
            undefined,
        );
    });

    it("an alias to another record of the zone (or of the alias's zone) is followed, names compared loosely", () => {
        const next = (zoneId: string, name = "origin.example.com") => ({
            ...aliasRecord("origin", "a-1.ap-south-1.elb.amazonaws.com", zoneId, "Z35SXDOTRQ7X7K"),
            props: {
                ...aliasRecord(
                    "origin",
                    "a-1.ap-south-1.elb.amazonaws.com",
                    zoneId,
                    "Z35SXDOTRQ7X7K",
                ).props,
                name,
            },
        });
        assert.strictEqual(
            regionOfFirst([aliasRecord("app", "Origin.Example.com.", "Z1", "Z9"), next("Z1")]),
            "ap-south-1",
        );
        assert.strictEqual(
            regionOfFirst([aliasRecord("app", "origin.example.com", "Z1", "Z9"), next("Z9")]),
            "ap-south-1",
        );
        assert.strictEqual(
            regionOfFirst([aliasRecord("app", "origin.example.com", "Z1", "Z9"), next("Z5")]),
            undefined,
        );
        assert.strictEqual(
            regionOfFirst([
                aliasRecord("app", "origin.example.com"),
                next("Z1", "other.example.com"),
            ]),
            undefined,
        );
        // Another type with the name and zone is not a record.
        assert.strictEqual(
            regionOfFirst([
                aliasRecord("app", "origin.example.com"),
                { ...next("Z1"), type: "aws:route53/healthCheck:HealthCheck" },
            ]),
            undefined,
        );
    });

    it("records of the name in one region give it; in two, none", () => {
        const to = (name: string, target: string) => ({
            ...aliasRecord(name, target, "Z1", "Z35SXDOTRQ7X7K"),
            props: { ...aliasRecord(name, target).props, name: "origin.example.com" },
        });
        const app = aliasRecord("app", "origin.example.com");
        assert.strictEqual(
            regionOfFirst([
                app,
                to("o1", "a-1.us-east-1.elb.amazonaws.com"),
                to("o2", "a-2.us-east-1.elb.amazonaws.com"),
            ]),
            "us-east-1",
        );
        assert.strictEqual(
            regionOfFirst([
                app,
                to("o1", "a-1.us-east-1.elb.amazonaws.com"),
                to("o2", "a-2.us-west-2.elb.amazonaws.com"),
            ]),
            undefined,
        );
    });

    it("a chain is followed through nine records, not ten, and a loop ends", () => {
        const chain = (length: number): FixtureResource[] =>
            Array.from({ length }, (_, i) => ({
                ...aliasRecord(
                    `r${i}`,
                    i === length - 1 ? "a-1.us-west-2.elb.amazonaws.com" : `r${i + 1}.example.com`,
                ),
            }));
        assert.strictEqual(regionOfFirst(chain(9)), "us-west-2");
        assert.strictEqual(regionOfFirst(chain(10)), undefined);
        assert.strictEqual(
            regionOfFirst([
                aliasRecord("r0", "r1.example.com"),
                aliasRecord("r1", "r0.example.com"),
            ]),
            undefined,
        );
    });

    it("what the record's value depends on: the first resource with a region that is not a record", () => {
        const lb = (name: string, region?: string): FixtureResource => ({
            type: "aws:lb/loadBalancer:LoadBalancer",
            name,
            props: region ? { region } : {},
        });
        const valueRecord: FixtureResource = {
            type: recordType,
            name: "app",
            props: {
                zoneId: "Z1",
                name: "app.example.com",
                type: "CNAME",
                records: ["x.example.com"],
            },
            propertyDependencies: { records: ["other", "noregion", "lb"] },
        };
        const other = {
            ...aliasRecord("other", "a-1.us-east-1.elb.amazonaws.com"),
            props: { ...aliasRecord("other", "a").props, region: "us-east-1" },
        };
        assert.strictEqual(
            regionOfFirst([valueRecord, other, lb("noregion"), lb("lb", "eu-central-1")]),
            "eu-central-1",
        );
        // An alias's dependencies are its aliases', not its records'.
        const aliased = {
            ...aliasRecord("app", "lb.internal.example"),
            propertyDependencies: { aliases: ["lb"] },
        };
        assert.strictEqual(regionOfFirst([aliased, lb("lb", "eu-central-1")]), "eu-central-1");
        const wrongKey = {
            ...aliasRecord("app", "lb.internal.example"),
            propertyDependencies: { records: ["lb"] },
        };
        assert.strictEqual(regionOfFirst([wrongKey, lb("lb", "eu-central-1")]), undefined);
    });
});

describe("dns-failover-pair: geolocation, listeners and origins", () => {
    const run = (resources: FixtureResource[]) => runStackPolicy(dnsFailoverPair, resources);

    it("a geolocation set without a default names each record's location", async () => {
        const geo = (name: string, policy: Record<string, unknown>): FixtureResource => ({
            type: recordType,
            name,
            props: {
                zoneId: "Z1",
                name: "app.example.com",
                type: "A",
                setIdentifier: name,
                records: ["192.0.2.1"],
                geolocationRoutingPolicies: [policy],
            },
        });
        assert.deepStrictEqual(
            (
                await run([
                    geo("eu", { continent: "EU" }),
                    geo("us-ca", { country: "US", subdivision: "CA" }),
                ])
            ).violations,
            [
                'Add a default geolocation record (country "*") for app.example.com A in zone Z1: the set has records for EU ("eu"), US/CA ("us-ca") and no default, so when the record for a user\'s location is unhealthy Route 53 has nothing to fall back to and answers no record, and users of any location no record names get no answer at all.',
            ],
        );
        assert.deepStrictEqual(
            (await run([geo("eu", { continent: "EU" }), geo("default", { country: "*" })]))
                .violations,
            [],
        );
    });

    it("a listener in view by ARN or id makes its one-region groups a finding", async () => {
        const group = (name: string, listenerArn: string): FixtureResource => ({
            type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
            name,
            props: {
                listenerArn,
                endpointGroupRegion: "us-east-1",
                endpointConfigurations: [
                    { endpointId: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1" },
                ],
            },
        });
        const message =
            'Add an endpoint group in another region to the listener of endpoint group "eg": every endpoint group of the listener ("eg") is in us-east-1, so when us-east-1 fails Global Accelerator has no healthy endpoint to send users to. This analysis saw only this stack: if the record is in another stack of the project, give the pack that stack\'s facts through this policy\'s `deployment` config (the offline check does so when it runs every stack of the project).';
        for (const key of ["arn", "id"]) {
            assert.deepStrictEqual(
                (
                    await run([
                        group("eg", "listener-1"),
                        {
                            type: "aws:globalaccelerator/listener:Listener",
                            name: "l",
                            props: { [key]: "listener-1" },
                        },
                    ])
                ).violations,
                [message],
                key,
            );
        }
        // Not in view: other stacks may add the listener's other groups.
        const alone = await run([
            group("eg", "listener-1"),
            {
                type: "aws:globalaccelerator/listener:Listener",
                name: "l",
                props: { id: "listener-2" },
            },
        ]);
        assert.deepStrictEqual(alone.violations, []);
    });

    it("an origin's region comes from the resource that owns its domain name (not a distribution)", async () => {
        const distribution = (domains: [string, string]): FixtureResource => ({
            type: "aws:cloudfront/distribution:Distribution",
            name: "cdn",
            props: {
                origins: [
                    { originId: "a", domainName: domains[0] },
                    { originId: "b", domainName: domains[1] },
                ],
                originGroups: [
                    { originId: "group", members: [{ originId: "a" }, { originId: "b" }] },
                ],
            },
        });
        const owner = (
            type: string,
            key: string,
            value: string,
            region: string,
        ): FixtureResource => ({
            type,
            name: `${key}-${value}`,
            props: { [key]: value, region },
        });
        const message =
            'Move origin "b" of origin group "group" in distribution "cdn" to another region: it and origin "a" are both in eu-west-1, so when eu-west-1 fails CloudFront\'s failover request fails too and users get errors.';
        for (const key of ["dnsName", "bucketRegionalDomainName", "domainName"]) {
            assert.deepStrictEqual(
                (
                    await run([
                        distribution(["a.internal.example", "b.internal.example"]),
                        owner(
                            "aws:lb/loadBalancer:LoadBalancer",
                            key,
                            "a.internal.example",
                            "eu-west-1",
                        ),
                        owner(
                            "aws:lb/loadBalancer:LoadBalancer",
                            key,
                            "b.internal.example",
                            "eu-west-1",
                        ),
                    ])
                ).violations,
                [message],
                key,
            );
        }
        assert.deepStrictEqual(
            (
                await run([
                    distribution(["a.internal.example", "b.internal.example"]),
                    owner(
                        "aws:lb/loadBalancer:LoadBalancer",
                        "dnsName",
                        "a.internal.example",
                        "eu-west-1",
                    ),
                    owner(
                        "aws:lb/loadBalancer:LoadBalancer",
                        "dnsName",
                        "b.internal.example",
                        "us-east-1",
                    ),
                ])
            ).violations,
            [],
        );
        // A distribution with the domain is no owner: the region stays unknown.
        assert.deepStrictEqual(
            (
                await run([
                    distribution(["a.internal.example", "b.internal.example"]),
                    owner(
                        "aws:cloudfront/distribution:Distribution",
                        "domainName",
                        "a.internal.example",
                        "eu-west-1",
                    ),
                    owner(
                        "aws:cloudfront/distribution:Distribution",
                        "domainName",
                        "b.internal.example",
                        "eu-west-1",
                    ),
                ])
            ).violations,
            [],
        );
    });
});
