/**
 * dns-health-check-required's judgement of routed records and their health checks (issue #30:
 * mutation testing found its record checks without a fast test): how a record's check is found
 * (by id, by an unambiguous dependency), what a check probes (its endpoint, a CALCULATED check's
 * children, names followed through records in view, each kind of address), inverted, disabled
 * and circular checks, and a SECONDARY sharing its PRIMARY's check. Exact messages; each case
 * changes one thing from a compliant record.
 */
import * as assert from "assert";
import { dnsHealthCheckRequired } from "../../../policies/policies";
import { FixtureResource, runStackPolicy, unknownString, urnOf, withChange } from "../harness";

const recordType = "aws:route53/record:Record";
const checkType = "aws:route53/healthCheck:HealthCheck";

/** A failover record serving `values` (an A record) and naming health check `checkId`. */
const record = (
    role: "PRIMARY" | "SECONDARY",
    values: string[],
    checkId = `hc-${role.toLowerCase()}`,
    extra: Record<string, unknown> = {},
): FixtureResource => ({
    type: recordType,
    name: `app-${role.toLowerCase()}`,
    props: {
        zoneId: "Z1",
        name: "app.example.com",
        type: "A",
        ttl: 60,
        setIdentifier: role,
        failoverRoutingPolicies: [{ type: role }],
        records: values,
        healthCheckId: checkId,
        ...extra,
    },
});

/** An HTTPS check probing `target` (an IP address or a name). */
const check = (
    name: string,
    target: string,
    extra: Record<string, unknown> = {},
): FixtureResource => ({
    type: checkType,
    name,
    props: {
        id: name,
        type: "HTTPS",
        ...(/^[0-9.:a-f]+$/.test(target) && !/[g-z]/.test(target)
            ? { ipAddress: target }
            : { fqdn: target }),
        resourcePath: "/health",
        ...extra,
    },
});

const calculated = (name: string, children: string[]): FixtureResource => ({
    type: checkType,
    name,
    props: { id: name, type: "CALCULATED", childHealthchecks: children, childHealthThreshold: 1 },
});

/** A simple (unrouted) record `name` whose value is `value`. */
const plain = (name: string, value: string): FixtureResource => ({
    type: recordType,
    name: `plain-${name}`,
    props: { zoneId: "Z1", name, type: "CNAME", ttl: 60, records: [value] },
});

/** The PRIMARY without a healthCheckId. */
const unchecked = withChange(record("PRIMARY", ["192.0.2.1"]), "props.healthCheckId", undefined);

const run = (resources: FixtureResource[]) => runStackPolicy(dnsHealthCheckRequired, resources);
const violations = async (resources: FixtureResource[]) => (await run(resources)).violations;

const primaryWhat = 'PRIMARY failover record "app-primary" (app.example.com)';
const elsewhere = (checkName: string, target: string, probed: string, what = primaryWhat) =>
    `Point health check "${checkName}" of ${what} at the record's target ${target}, or attach a check that probes it: it probes ${probed}, so it reports the health of another endpoint and counts as no health check for this record. Route 53 keeps answering with this record while its own endpoint is down.`;
const disabledMessage = (checkName: string, what = primaryWhat) =>
    `Enable health check "${checkName}" of ${what} (disabled is true): Route 53 treats a disabled health check as healthy, so the record counts as having no health check and never routes away from a failed endpoint.`;
const inverted = (checkName: string) =>
    `Set invertHealthcheck to false on health check "${checkName}" of ${primaryWhat}: an inverted check reports healthy exactly when its endpoint is down, so Route 53 sends users to the failed endpoint and away from a working one. To force a failover for a test, run a drill (it inverts the check for the duration of the drill and restores it) or use an ARC routing control; never declare an inverted check.`;
const untied = (what: string, fix = "attach a healthCheckId") =>
    `Tie ${what} to a health check (${fix}): Route 53 treats a record without one as always healthy, so it never routes away from a failed endpoint.`;

describe("dns-health-check-required: routed records and their checks", () => {
    describe("finding a record's check", () => {
        it("the check with the record's id: its probe and its state count", async () => {
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "192.0.2.1"),
                ]),
                [],
            );
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "192.0.2.1", { disabled: true }),
                ]),
                [disabledMessage("hc-primary")],
            );
        });

        it("a check with another id, or another type with the id, is not the record's (out of view: trusted)", async () => {
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-other", "192.0.2.1", { disabled: true }),
                ]),
                [],
            );
            assert.deepStrictEqual(
                await violations([
                    {
                        type: "aws:cloudwatch/metricAlarm:MetricAlarm",
                        name: "alarm",
                        props: { id: "hc-primary", disabled: true },
                    },
                    record("PRIMARY", ["192.0.2.1"]),
                ]),
                [],
            );
        });

        it("while the id is unknown: the one check it depends on, not two, not another type", async () => {
            const withDeps = (names: string[]): FixtureResource => ({
                ...record("PRIMARY", ["192.0.2.1"], unknownString),
                propertyDependencies: { healthCheckId: names },
            });
            const disabledCheck = check("hc-a", "192.0.2.1", { disabled: true });
            const other = check("hc-b", "192.0.2.1");
            const alarm: FixtureResource = {
                type: "aws:cloudwatch/metricAlarm:MetricAlarm",
                name: "alarm",
                props: {},
            };
            assert.deepStrictEqual(await violations([withDeps(["hc-a"]), disabledCheck]), [
                disabledMessage("hc-a"),
            ]);
            assert.deepStrictEqual(
                await violations([withDeps(["alarm", "hc-a"]), alarm, disabledCheck]),
                [disabledMessage("hc-a")],
            );
            assert.deepStrictEqual(
                await violations([withDeps(["hc-a", "hc-b"]), disabledCheck, other]),
                [],
            );
            assert.deepStrictEqual(await violations([withDeps([]), disabledCheck]), []);
        });

        it("a check whose disabled flag is unknown is trusted", async () =>
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "192.0.2.1", { disabled: unknownString }),
                ]),
                [],
            ));
    });

    describe("what a check probes", () => {
        it("another address: the record's target and the probed one named", async () => {
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "192.0.2.9"),
                ]),
                [elsewhere("hc-primary", "192.0.2.1", "192.0.2.9")],
            );
            assert.deepStrictEqual(
                (await run([record("PRIMARY", ["192.0.2.1"]), check("hc-primary", "192.0.2.9")]))
                    .urns,
                [urnOf(recordType, "app-primary")],
            );
        });

        it("a SECONDARY's check probing elsewhere: the PRIMARY takes over when both fail", async () =>
            assert.deepStrictEqual(
                await violations([
                    record("SECONDARY", ["192.0.2.2"]),
                    check("hc-secondary", "192.0.2.9"),
                ]),
                [
                    `Point health check "hc-secondary" of SECONDARY failover record "app-secondary" (app.example.com) at the record's target 192.0.2.2, or attach a check that probes it: it probes 192.0.2.9, so it reports the health of another endpoint and counts as no health check for this record. When the primary's endpoint fails this check can fail with it, and Route 53 answers with the PRIMARY record whenever the SECONDARY is unhealthy, so users stay on the failed endpoint.`,
                ],
            ));

        it("names are compared in lower case, without a final dot or a dualstack prefix", async () => {
            const alb = "alb-1.us-east-1.elb.amazonaws.com";
            const aliasTo = (name: string) =>
                record("PRIMARY", [], "hc-primary", {
                    records: undefined,
                    ttl: undefined,
                    aliases: [{ name, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: false }],
                });
            for (const probed of [`${alb}.`, `dualstack.${alb}`, alb.toUpperCase()]) {
                assert.deepStrictEqual(
                    await violations([aliasTo(alb), check("hc-primary", probed)]),
                    [],
                    probed,
                );
            }
            assert.deepStrictEqual(
                await violations([
                    aliasTo(alb),
                    check("hc-primary", "ALB-2.us-east-1.elb.amazonaws.com."),
                ]),
                [elsewhere("hc-primary", alb, "alb-2.us-east-1.elb.amazonaws.com")],
            );
        });

        it("addresses and AWS endpoints are concrete; other names are not judged", async () => {
            const target = "192.0.2.1";
            const cases: [string, boolean][] = [
                ["198.51.100.7", true],
                ["2001:db8::7", true],
                ["d1.cloudfront.net", true],
                ["a1.awsglobalaccelerator.com", true],
                ["env.us-east-1.elasticbeanstalk.com", true],
                ["x.us-east-1.awsapprunner.com", true],
                ["x.lambda-url.us-east-1.on.aws", true],
                ["b.s3.amazonaws.com", true],
                // Names a resolver would have to answer: not judged.
                ["10.internal.example", false],
                ["internal-10", false],
                ["api.example.com", false],
                ["x.on.aws.example.com", false],
                ["x.amazonaws.com.example", false],
            ];
            for (const [probed, concrete] of cases) {
                assert.deepStrictEqual(
                    await violations([record("PRIMARY", [target]), check("hc-primary", probed)]),
                    concrete ? [elsewhere("hc-primary", target, probed)] : [],
                    probed,
                );
            }
        });

        it("names are followed through records in view, four hops deep", async () => {
            const chain = (hops: number) =>
                Array.from({ length: hops }, (_, i) =>
                    plain(
                        `n${i}.example.com`,
                        i === hops - 1 ? "198.51.100.7" : `n${i + 1}.example.com`,
                    ),
                );
            const resources = (hops: number) => [
                record("PRIMARY", ["192.0.2.1"]),
                check("hc-primary", "n0.example.com"),
                ...chain(hops),
            ];
            assert.deepStrictEqual(await violations(resources(4)), [
                elsewhere("hc-primary", "192.0.2.1", "n0.example.com"),
            ]);
            assert.deepStrictEqual(await violations(resources(5)), []);
            // A name that leads to the record's own target probes it.
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "origin.example.com"),
                    plain("origin.example.com", "192.0.2.1"),
                ]),
                [],
            );
            // Only records lead somewhere: a check with the name leads nowhere.
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "origin.example.com"),
                    { ...plain("origin.example.com", "198.51.100.7"), type: checkType },
                ]),
                [],
            );
            // The record's side is followed too.
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["www.example.com"]),
                    check("hc-primary", "198.51.100.7"),
                    plain("www.example.com", "192.0.2.1"),
                ]),
                [elsewhere("hc-primary", "www.example.com", "198.51.100.7")],
            );
        });

        it("a check of the routed name itself follows Route 53's answer", async () => {
            const message = `Point health check "hc-primary" of ${primaryWhat} at the record's target 192.0.2.1: it probes app.example.com, the routed name itself, so it reports the health of whichever endpoint Route 53 answers with. When that endpoint fails the answer moves, the check turns healthy again and the answer moves back: users follow it onto the failed endpoint.`;
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "App.Example.com."),
                ]),
                [message],
            );
            // A simple record of the name routes nothing: the name is not followed to an answer.
            assert.deepStrictEqual(
                await violations([
                    { ...record("PRIMARY", ["192.0.2.1"]), name: "p" },
                    check("hc-primary", "www.example.com"),
                    plain("www.example.com", "192.0.2.1"),
                ]),
                [],
            );
        });

        it("a CALCULATED check probes what its children probe", async () => {
            const resources = (children: FixtureResource[]) => [
                record("PRIMARY", ["192.0.2.1"]),
                calculated(
                    "hc-primary",
                    children.map((c) => c.name),
                ),
                ...children,
            ];
            assert.deepStrictEqual(
                await violations(
                    resources([check("child-a", "198.51.100.7"), check("child-b", "198.51.100.8")]),
                ),
                [elsewhere("hc-primary", "192.0.2.1", "198.51.100.7, 198.51.100.8")],
            );
            assert.deepStrictEqual(
                await violations(
                    resources([check("child-a", "198.51.100.7"), check("child-b", "192.0.2.1")]),
                ),
                [],
            );
            // A child that reads an alarm: what the check probes cannot be told.
            assert.deepStrictEqual(
                await violations(
                    resources([
                        check("child-a", "198.51.100.7"),
                        {
                            type: checkType,
                            name: "child-b",
                            props: { id: "child-b", type: "CLOUDWATCH_METRIC" },
                        },
                    ]),
                ),
                [],
            );
        });

        it("CALCULATED checks are followed three levels down, not four", async () => {
            const nested = (levels: number): FixtureResource[] => {
                const out: FixtureResource[] = [];
                for (let i = 0; i < levels; i++) {
                    out.push(
                        calculated(i === 0 ? "hc-primary" : `c${i}`, [
                            i === levels - 1 ? "leaf" : `c${i + 1}`,
                        ]),
                    );
                }
                return [...out, check("leaf", "198.51.100.7")];
            };
            assert.deepStrictEqual(
                await violations([record("PRIMARY", ["192.0.2.1"]), ...nested(3)]),
                [elsewhere("hc-primary", "192.0.2.1", "198.51.100.7")],
            );
            assert.deepStrictEqual(
                await violations([record("PRIMARY", ["192.0.2.1"]), ...nested(4)]),
                [],
            );
        });
    });

    describe("inverted checks", () => {
        it("the record's own check, or a CALCULATED check's child three levels down", async () => {
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "192.0.2.1", { invertHealthcheck: true }),
                ]),
                [inverted("hc-primary")],
            );
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "192.0.2.1", { invertHealthcheck: false }),
                ]),
                [],
            );
            const nested = (levels: number): FixtureResource[] => {
                const out: FixtureResource[] = [];
                for (let i = 0; i < levels; i++) {
                    out.push(
                        calculated(i === 0 ? "hc-primary" : `c${i}`, [
                            i === levels - 1 ? "leaf" : `c${i + 1}`,
                        ]),
                    );
                }
                return [...out, check("leaf", "192.0.2.1", { invertHealthcheck: true })];
            };
            assert.deepStrictEqual(
                await violations([record("PRIMARY", ["192.0.2.1"]), ...nested(1)]),
                [inverted("leaf")],
            );
            assert.deepStrictEqual(
                await violations([record("PRIMARY", ["192.0.2.1"]), ...nested(3)]),
                [inverted("leaf")],
            );
            assert.deepStrictEqual(
                await violations([record("PRIMARY", ["192.0.2.1"]), ...nested(4)]),
                [],
            );
            // A child of a check that is not CALCULATED is not its child.
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "192.0.2.1", { childHealthchecks: ["leaf"] }),
                    check("leaf", "192.0.2.1", { invertHealthcheck: true }),
                ]),
                [],
            );
            // The second child is inverted: every child is looked at.
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    calculated("hc-primary", ["ok", "leaf"]),
                    check("ok", "192.0.2.1"),
                    check("leaf", "192.0.2.1", { invertHealthcheck: true }),
                ]),
                [inverted("leaf")],
            );
        });
    });

    describe("aliases and disabled checks", () => {
        const alias = (name: string, evaluateTargetHealth: boolean) =>
            record("PRIMARY", [], "hc-primary", {
                records: undefined,
                ttl: undefined,
                aliases: [{ name, zoneId: "Z2", evaluateTargetHealth }],
            });
        it("an alias that evaluates a load balancer's health needs no check, even beside a disabled one", async () =>
            assert.deepStrictEqual(
                await violations([
                    alias("alb-1.us-east-1.elb.amazonaws.com", true),
                    check("hc-primary", "alb-1.us-east-1.elb.amazonaws.com", { disabled: true }),
                ]),
                [],
            ));
        it("a CloudFront alias with a disabled check: the check is named", async () =>
            assert.deepStrictEqual(
                await violations([
                    alias("d1.cloudfront.net", true),
                    check("hc-primary", "d1.cloudfront.net", { disabled: true }),
                ]),
                [disabledMessage("hc-primary")],
            ));
        it("a simple record needs nothing; a routed one without a check does", async () => {
            assert.deepStrictEqual(await violations([plain("www.example.com", "192.0.2.1")]), []);
            assert.deepStrictEqual(await violations([unchecked]), [untied(primaryWhat)]);
        });
    });

    describe("a SECONDARY sharing its PRIMARY's check", () => {
        // The SECONDARY's own target is a name out of view, so its check is not judged as
        // probing elsewhere; only the sharing is.
        const secondaryTarget = ["standby.internal.example"];
        it("the same check on both records", async () =>
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"], "hc-primary"),
                    record("SECONDARY", secondaryTarget, "hc-primary"),
                    check("hc-primary", "192.0.2.1"),
                ]),
                [
                    'Give SECONDARY failover record "app-secondary" (app.example.com) a health check of its own target: both records use health check "hc-primary", so the two records turn unhealthy together, and Route 53 answers with the PRIMARY record whenever both are unhealthy: the SECONDARY never takes over.',
                ],
            ));
        it("two checks probing the same endpoint, named through a record", async () =>
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"], "hc-primary"),
                    record("SECONDARY", secondaryTarget, "hc-secondary"),
                    check("hc-primary", "192.0.2.1"),
                    check("hc-secondary", "origin.example.com"),
                    plain("origin.example.com", "192.0.2.1"),
                ]),
                [
                    'Give SECONDARY failover record "app-secondary" (app.example.com) a health check of its own target: its health check "hc-secondary" and the PRIMARY\'s "hc-primary" both probe origin.example.com, so the two records turn unhealthy together, and Route 53 answers with the PRIMARY record whenever both are unhealthy: the SECONDARY never takes over.',
                ],
            ));
        it("checks of different endpoints, another name's PRIMARY, or a PRIMARY whose own check is wrong: nothing to add", async () => {
            const secondary = record("SECONDARY", secondaryTarget, "hc-secondary");
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"], "hc-primary"),
                    secondary,
                    check("hc-primary", "192.0.2.1"),
                    check("hc-secondary", "198.51.100.7"),
                ]),
                [],
            );
            const otherName = record("PRIMARY", ["192.0.2.1"], "hc-secondary");
            (otherName.props as Record<string, unknown>).name = "api.example.com";
            assert.deepStrictEqual(
                await violations([otherName, secondary, check("hc-secondary", "192.0.2.1")]),
                [],
            );
            // A PRIMARY-less key: a weighted record with the name is no PRIMARY.
            assert.deepStrictEqual(
                await violations([
                    {
                        ...record("PRIMARY", ["192.0.2.1"], "hc-secondary"),
                        props: {
                            zoneId: "Z1",
                            name: "app.example.com",
                            type: "A",
                            ttl: 60,
                            records: ["192.0.2.1"],
                            healthCheckId: "hc-secondary",
                        },
                    },
                    secondary,
                    check("hc-secondary", "192.0.2.1"),
                ]),
                [],
            );
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"], "hc-primary"),
                    record("SECONDARY", secondaryTarget, "hc-primary"),
                    check("hc-primary", "198.51.100.7"),
                ]),
                [elsewhere("hc-primary", "192.0.2.1", "198.51.100.7")],
            );
        });
        it("a SECONDARY already reported for its own check is not reported again", async () =>
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"], "hc-primary"),
                    record("SECONDARY", ["192.0.2.2"], "hc-primary"),
                    check("hc-primary", "192.0.2.1"),
                ]),
                [
                    `Point health check "hc-primary" of SECONDARY failover record "app-secondary" (app.example.com) at the record's target 192.0.2.2, or attach a check that probes it: it probes 192.0.2.1, so it reports the health of another endpoint and counts as no health check for this record. When the primary's endpoint fails this check can fail with it, and Route 53 answers with the PRIMARY record whenever the SECONDARY is unhealthy, so users stay on the failed endpoint.`,
                ],
            ));
    });

    describe("applicability", () => {
        it("a lone record, target group or endpoint group is judged (not 'not applicable')", async () => {
            for (const resource of [
                unchecked,
                { type: "aws:lb/targetGroup:TargetGroup", name: "tg", props: { targetType: "ip" } },
                {
                    type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
                    name: "eg",
                    props: {},
                },
            ]) {
                const outcome = await run([resource]);
                assert.strictEqual(outcome.notApplicable, undefined, resource.type);
            }
        });
        it("an unknown routing policy raises the SDK's unknown error", async () =>
            assert.rejects(
                run([
                    {
                        type: recordType,
                        name: "r",
                        props: { name: "app.example.com", failoverRoutingPolicies: unknownString },
                    },
                ]),
                /can't be known during preview/,
            ));
    });

    describe("whether a target group's health decides a failover", () => {
        const disabledGroup: FixtureResource = {
            type: "aws:lb/targetGroup:TargetGroup",
            name: "tg",
            props: { targetType: "ip", healthCheck: { enabled: false } },
        };
        const judged =
            'Enable the health check of target group "tg" (healthCheck.enabled is false): without it the load balancer sends traffic to failed targets, and alias records with evaluateTargetHealth see the region as healthy.';
        const aliasRecord = (
            name: string,
            evaluateTargetHealth: unknown,
            extra: Record<string, unknown> = {},
        ): FixtureResource => ({
            type: recordType,
            name: "app-primary",
            props: {
                zoneId: "Z1",
                name: "app.example.com",
                type: "A",
                setIdentifier: "PRIMARY",
                failoverRoutingPolicies: [{ type: "PRIMARY" }],
                aliases: [{ name, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth }],
                ...extra,
            },
        });
        const endpointGroup = (ids: string[]): FixtureResource => ({
            type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
            name: "eg",
            props: {
                healthCheckProtocol: "HTTPS",
                endpointConfigurations: ids.map((endpointId) => ({ endpointId })),
            },
        });
        const alb = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1";
        const cases: [string, FixtureResource, boolean][] = [
            [
                "a routed alias evaluating an ELB's health",
                aliasRecord("a-1.us-east-1.elb.amazonaws.com", true),
                true,
            ],
            [
                "a routed alias evaluating a target not known yet",
                aliasRecord(unknownString, true),
                true,
            ],
            [
                "a routed alias not evaluating target health",
                aliasRecord("a-1.us-east-1.elb.amazonaws.com", false),
                false,
            ],
            [
                "a routed alias with a health check of its own",
                aliasRecord("a-1.us-east-1.elb.amazonaws.com", true, { healthCheckId: "hc" }),
                false,
            ],
            [
                "a simple alias evaluating an ELB's health",
                aliasRecord("a-1.us-east-1.elb.amazonaws.com", true, {
                    failoverRoutingPolicies: undefined,
                    setIdentifier: undefined,
                }),
                false,
            ],
            [
                "a routed alias of a CloudFront distribution",
                aliasRecord("d1.cloudfront.net", true),
                false,
            ],
            [
                "an endpoint group with a load balancer among its endpoints",
                endpointGroup(["i-1", alb]),
                true,
            ],
            ["an endpoint group of instances only", endpointGroup(["i-1", "i-2"]), false],
            [
                "a Global Accelerator listener",
                {
                    type: "aws:globalaccelerator/listener:Listener",
                    name: "l",
                    props: { endpointConfigurations: [{ endpointId: alb }] },
                },
                false,
            ],
        ];
        for (const [title, decider, decides] of cases) {
            it(`${title}: ${decides ? "judged" : "not judged"}`, async () => {
                const found = await violations([
                    JSON.parse(JSON.stringify(decider)),
                    disabledGroup,
                ]);
                assert.strictEqual(found.includes(judged), decides, found.join("\n"));
            });
        }
    });

    describe("checks that probe nothing, and names that only look routed", () => {
        const metric = (name: string): FixtureResource => ({
            type: checkType,
            name,
            props: { id: name, type: "CLOUDWATCH_METRIC", fqdn: "198.51.100.7" },
        });
        it("a metric check probes no endpoint, whatever fqdn it carries", async () =>
            assert.deepStrictEqual(
                await violations([record("PRIMARY", ["192.0.2.1"]), metric("hc-primary")]),
                [],
            ));
        it("one metric check on both records: the SECONDARY shares it", async () =>
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"], "hc-primary"),
                    record("SECONDARY", ["192.0.2.2"], "hc-primary"),
                    metric("hc-primary"),
                ]),
                [
                    'Give SECONDARY failover record "app-secondary" (app.example.com) a health check of its own target: both records use health check "hc-primary", so the two records turn unhealthy together, and Route 53 answers with the PRIMARY record whenever both are unhealthy: the SECONDARY never takes over.',
                ],
            ));
        it("a routed record without a target has nothing to compare", async () =>
            assert.deepStrictEqual(
                await violations([record("PRIMARY", []), check("hc-primary", "198.51.100.7")]),
                [],
            ));
        it("a resource that is not a record, with the name and a routing policy, does not make it routed", async () =>
            assert.deepStrictEqual(
                await violations([
                    record("PRIMARY", ["192.0.2.1"]),
                    check("hc-primary", "www.example.com"),
                    plain("www.example.com", "192.0.2.1"),
                    {
                        type: "aws:route53/zone:Zone",
                        name: "z",
                        props: {
                            name: "www.example.com",
                            failoverRoutingPolicies: [{ type: "PRIMARY" }],
                        },
                    },
                ]),
                [],
            ));
    });
});
