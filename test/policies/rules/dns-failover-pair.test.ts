/**
 * dns-failover-pair in the fast tier (issue #30: most of its mutants had no fast test). Failover
 * sets, their regions, geolocation defaults, accelerator listeners and CloudFront origin groups,
 * each with the exact violation.
 */
import * as assert from "assert";
import { dnsFailoverPair } from "../../../policies/policies";
import { FixtureResource, runStackPolicy } from "../harness";

const unseen =
    " This analysis saw only this stack: if the record is in another stack of the project, give the pack that stack's facts through this policy's `deployment` config (the offline check does so when it runs every stack of the project).";
const label = "app.example.com A in zone Z1";

const record = (name: string, type: string, target: string): FixtureResource => ({
    type: "aws:route53/record:Record",
    name,
    props: {
        zoneId: "Z1",
        name: "app.example.com",
        type: "A",
        setIdentifier: name,
        failoverRoutingPolicies: [{ type }],
        aliases: [{ name: target, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true }],
    },
});
const east = "dualstack.a-1.us-east-1.elb.amazonaws.com";
const west = "dualstack.b-1.us-west-2.elb.amazonaws.com";

const violations = async (resources: FixtureResource[]) =>
    (await runStackPolicy(dnsFailoverPair, resources)).violations;

describe("dns-failover-pair", () => {
    it("is not applicable without failover, geolocation, accelerator or origin group resources", async () =>
        assert.strictEqual(
            (
                await runStackPolicy(dnsFailoverPair, [
                    { type: "aws:sns/topic:Topic", name: "t", props: {} },
                ])
            ).notApplicable,
            "the stack has no failover or geolocation records, Global Accelerator endpoint groups or CloudFront origin groups",
        ));
    it("passes a PRIMARY and a SECONDARY in two regions", async () =>
        assert.deepStrictEqual(
            await violations([
                record("api-primary", "PRIMARY", east),
                record("api-secondary", "SECONDARY", west),
            ]),
            [],
        ));
    it("needs a SECONDARY, and a PRIMARY", async () => {
        assert.deepStrictEqual(await violations([record("api-primary", "PRIMARY", east)]), [
            `Add a SECONDARY failover record for ${label}: the set has 1 record ("api-primary" PRIMARY) and no SECONDARY, so Route 53 has nowhere to fail over to.${unseen}`,
        ]);
        assert.deepStrictEqual(
            await violations([record("s1", "SECONDARY", west), record("s2", "SECONDARY", east)]),
            [
                `Add a PRIMARY failover record for ${label}: the set has 2 records ("s1" SECONDARY, "s2" SECONDARY) and no PRIMARY, so Route 53 has no preferred endpoint.${unseen}`,
                `Keep one SECONDARY failover record for ${label}: records "s1", "s2" are all SECONDARY, and Route 53 accepts only one per set.`,
            ],
        );
    });
    it("keeps one PRIMARY per set", async () =>
        assert.deepStrictEqual(
            await violations([
                record("p1", "PRIMARY", east),
                record("p2", "PRIMARY", east),
                record("api-secondary", "SECONDARY", west),
            ]),
            [
                `Keep one PRIMARY failover record for ${label}: records "p1", "p2" are all PRIMARY, and Route 53 accepts only one per set.`,
            ],
        ));
    it("refuses a SECONDARY that sends users to the PRIMARY's region", async () =>
        assert.deepStrictEqual(
            await violations([
                record("api-primary", "PRIMARY", east),
                record("api-secondary", "SECONDARY", "dualstack.c-1.us-east-1.elb.amazonaws.com"),
            ]),
            [
                `Point SECONDARY record "api-secondary" for ${label} at another region: it and PRIMARY record "api-primary" both send users to us-east-1, so a regional failure takes both down.`,
            ],
        ));
    it("judges sets apart by name", async () => {
        const other = record("other-secondary", "SECONDARY", east);
        other.props = { ...other.props, name: "other.example.com" };
        assert.deepStrictEqual(
            await violations([
                record("api-primary", "PRIMARY", east),
                record("api-secondary", "SECONDARY", west),
                other,
            ]),
            [
                `Add a PRIMARY failover record for other.example.com A in zone Z1: the set has 1 record ("other-secondary" SECONDARY) and no PRIMARY, so Route 53 has no preferred endpoint.${unseen}`,
            ],
        );
    });

    it("needs a default record in a geolocation set", async () => {
        const geo = (name: string, location: Record<string, string>): FixtureResource => ({
            type: "aws:route53/record:Record",
            name,
            props: {
                zoneId: "Z1",
                name: "geo.example.com",
                type: "A",
                setIdentifier: name,
                ttl: 60,
                records: ["192.0.2.1"],
                geolocationRoutingPolicies: [location],
            },
        });
        assert.deepStrictEqual(
            await violations([
                geo("geo-us", { country: "US" }),
                geo("geo-eu", { continent: "EU" }),
            ]),
            [
                `Add a default geolocation record (country "*") for geo.example.com A in zone Z1: the set has records for US ("geo-us"), EU ("geo-eu") and no default, so when the record for a user's location is unhealthy Route 53 has nothing to fall back to and answers no record, and users of any location no record names get no answer at all.`,
            ],
        );
        assert.deepStrictEqual(
            await violations([
                geo("geo-us", { country: "US" }),
                geo("geo-default", { country: "*" }),
            ]),
            [],
        );
    });

    it("needs a listener's endpoint groups in more than one region", async () => {
        const listenerArn = "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/l";
        const listener: FixtureResource = {
            type: "aws:globalaccelerator/listener:Listener",
            name: "l",
            props: { arn: listenerArn },
        };
        const group = (name: string, region: string): FixtureResource => ({
            type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
            name,
            props: { listenerArn, endpointGroupRegion: region },
        });
        assert.deepStrictEqual(
            await violations([listener, group("eg-1", "us-east-1"), group("eg-2", "us-east-1")]),
            [
                `Add an endpoint group in another region to the listener of endpoint group "eg-1": every endpoint group of the listener ("eg-1", "eg-2") is in us-east-1, so when us-east-1 fails Global Accelerator has no healthy endpoint to send users to.${unseen}`,
            ],
        );
        assert.deepStrictEqual(
            await violations([listener, group("eg-1", "us-east-1"), group("eg-2", "us-west-2")]),
            [],
        );
        // Without the listener in this stack, another stack may hold its other group.
        assert.deepStrictEqual(
            (await runStackPolicy(dnsFailoverPair, [group("eg-1", "us-east-1")])).notApplicable,
            "the stack has no failover or geolocation records, Global Accelerator endpoint groups or CloudFront origin groups",
        );
    });

    it("needs an origin group's two origins in two regions", async () => {
        const distribution = (secondary: string): FixtureResource => ({
            type: "aws:cloudfront/distribution:Distribution",
            name: "cdn",
            props: {
                origins: [
                    { originId: "primary", domainName: "a-1.us-east-1.elb.amazonaws.com" },
                    { originId: "secondary", domainName: secondary },
                ],
                originGroups: [
                    {
                        originId: "group",
                        members: [{ originId: "primary" }, { originId: "secondary" }],
                    },
                ],
            },
        });
        assert.deepStrictEqual(
            await violations([distribution("c-1.us-east-1.elb.amazonaws.com")]),
            [
                `Move origin "secondary" of origin group "group" in distribution "cdn" to another region: it and origin "primary" are both in us-east-1, so when us-east-1 fails CloudFront's failover request fails too and users get errors.`,
            ],
        );
        assert.deepStrictEqual(
            await violations([distribution("b-1.us-west-2.elb.amazonaws.com")]),
            [],
        );
    });
});

describe("dns-failover-pair: what is judged, and where", () => {
    const outcome = (resources: FixtureResource[], config: Record<string, unknown> = {}) =>
        runStackPolicy(dnsFailoverPair, resources, config);

    it("a resource that is not a record, with a failover policy, joins no set", async () =>
        assert.deepStrictEqual(
            await violations([
                record("api-primary", "PRIMARY", east),
                record("api-secondary", "SECONDARY", west),
                { ...record("hc", "PRIMARY", east), type: "aws:route53/healthCheck:HealthCheck" },
            ]),
            [],
        ));

    it("a set without a record type is labelled without a double space", async () => {
        const primary = record("api-primary", "PRIMARY", east);
        delete (primary.props as Record<string, unknown>).type;
        assert.deepStrictEqual(await violations([primary]), [
            `Add a SECONDARY failover record for app.example.com in zone Z1: the set has 1 record ("api-primary" PRIMARY) and no SECONDARY, so Route 53 has nowhere to fail over to.${unseen}`,
        ]);
    });

    it("with the deployment's facts: a set whose first record is another stack's is judged there; one of ours is, without the one-stack note", async () => {
        const fact = (r: FixtureResource) => ({
            urn: `urn:pulumi:other::p::${r.type}::${r.name}`,
            type: r.type,
            name: r.name,
            region: "us-east-1",
            props: r.props,
        });
        const deployment = (resources: FixtureResource[]) => ({
            self: "dns",
            stacks: [
                { stack: "other", fullName: "o/p/other", resources: resources.map(fact) },
                { stack: "dns", fullName: "o/p/dns", resources: [] },
            ],
        });
        const foreignPrimary = record("api-primary", "PRIMARY", east);
        const ownSecondary = record("api-secondary", "SECONDARY", east);
        const judgedThere = await outcome([ownSecondary], {
            deployment: deployment([foreignPrimary]),
        });
        assert.deepStrictEqual(judgedThere.violations, []);
        const lone = await outcome([record("api-primary", "PRIMARY", east)], {
            deployment: deployment([]),
        });
        assert.deepStrictEqual(lone.violations, [
            `Add a SECONDARY failover record for ${label}: the set has 1 record ("api-primary" PRIMARY) and no SECONDARY, so Route 53 has nowhere to fail over to.`,
        ]);
    });

    it("a geolocation set, a listener's groups or an origin group alone make the stack applicable", async () => {
        const geo: FixtureResource = {
            type: "aws:route53/record:Record",
            name: "default",
            props: {
                zoneId: "Z1",
                name: "app.example.com",
                type: "A",
                setIdentifier: "default",
                records: ["192.0.2.1"],
                geolocationRoutingPolicies: [{ country: "*" }],
            },
        };
        const groups: FixtureResource[] = ["us-east-1", "us-west-2"].map((region) => ({
            type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
            name: `eg-${region}`,
            props: { listenerArn: "l-1", endpointGroupRegion: region },
        }));
        const listener: FixtureResource = {
            type: "aws:globalaccelerator/listener:Listener",
            name: "l",
            props: { id: "l-1" },
        };
        const distribution: FixtureResource = {
            type: "aws:cloudfront/distribution:Distribution",
            name: "cdn",
            props: {
                origins: [
                    { originId: "a", domainName: "a-1.us-east-1.elb.amazonaws.com" },
                    { originId: "b", domainName: "b-1.us-west-2.elb.amazonaws.com" },
                ],
                originGroups: [{ originId: "g", members: [{ originId: "a" }, { originId: "b" }] }],
            },
        };
        for (const resources of [[geo], [...groups, listener], [distribution]]) {
            const result = await outcome(resources);
            assert.deepStrictEqual(result.violations, [], resources[0].name);
            assert.strictEqual(result.notApplicable, undefined, resources[0].name);
        }
        // The same shapes on other types are not judged.
        for (const resources of [
            [{ ...geo, type: "aws:route53/healthCheck:HealthCheck" }],
            [{ ...groups[0], type: "aws:globalaccelerator/listener:Listener" }],
            [{ ...distribution, type: "aws:s3/bucket:Bucket" }],
        ]) {
            assert.strictEqual(
                (await outcome(resources)).notApplicable,
                "the stack has no failover or geolocation records, Global Accelerator endpoint groups or CloudFront origin groups",
                resources[0].type,
            );
        }
    });

    it("an origin group's members are found by originId, and an origin without a domain has no region", async () => {
        const distribution = (
            origins: Record<string, unknown>[],
            members: string[],
        ): FixtureResource => ({
            type: "aws:cloudfront/distribution:Distribution",
            name: "cdn",
            props: {
                origins,
                originGroups: [
                    { originId: "g", members: members.map((originId) => ({ originId })) },
                ],
            },
        });
        const origins = [
            { originId: "a", domainName: "a-1.us-east-1.elb.amazonaws.com" },
            { originId: "b", domainName: "b-1.us-east-1.elb.amazonaws.com" },
            { originId: "c", domainName: "c-1.us-west-2.elb.amazonaws.com" },
        ];
        assert.deepStrictEqual(await violations([distribution(origins, ["a", "c"])]), []);
        assert.deepStrictEqual(await violations([distribution(origins, ["a", "b"])]), [
            'Move origin "b" of origin group "g" in distribution "cdn" to another region: it and origin "a" are both in us-east-1, so when us-east-1 fails CloudFront\'s failover request fails too and users get errors.',
        ]);
        const regional: FixtureResource = {
            type: "aws:lb/loadBalancer:LoadBalancer",
            name: "lb",
            props: { region: "eu-west-1" },
        };
        assert.deepStrictEqual(
            await violations([
                distribution([{ originId: "a" }, { originId: "b" }], ["a", "b"]),
                regional,
            ]),
            [],
        );
    });
});
