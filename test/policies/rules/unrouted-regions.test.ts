/**
 * failover-objectives' judgement of a deployment with compute behind user endpoints in several
 * regions and nothing that routes users between them (issue #30: `unroutedRegions` had no fast
 * test). Regions come from each resource's own `region` or its provider's; exact messages.
 */
import * as assert from "assert";
import { failoverObjectives } from "../../../policies/policies";
import { FixtureResource, runStackPolicy } from "../harness";

const service = (region: string, byProvider = false): FixtureResource => ({
    type: "aws:ecs/service:Service",
    name: `api-${region}`,
    props: byProvider ? { desiredCount: 2 } : { desiredCount: 2, region },
    ...(byProvider ? { providerProps: { region } } : {}),
});
const alb = (region: string): FixtureResource => ({
    type: "aws:lb/loadBalancer:LoadBalancer",
    name: `alb-${region}`,
    props: { region, dnsName: `a-1.${region}.elb.amazonaws.com` },
});
const simpleRecord = (region: string, alias: boolean): FixtureResource => ({
    type: "aws:route53/record:Record",
    name: `app-${region}`,
    props: alias
        ? {
              name: "app.example.com",
              type: "A",
              aliases: [{ name: `a-1.${region}.elb.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K" }],
          }
        : {
              name: "app.example.com",
              type: "CNAME",
              ttl: 60,
              records: [`a-1.${region}.elb.amazonaws.com`],
          },
});
const message = (regions: string, missing: string) =>
    `Route users between the regions that run compute: compute runs in ${regions}, but ${missing} (no Route 53 record with a failover, latency, weighted or geo routing policy, no Global Accelerator listener with endpoint groups in two regions, no CloudFront origin group), so when a region fails its users stay on it: the estimated RTO is unbounded. Add failover (or latency) records with health checks for each region's endpoint, or a Global Accelerator endpoint group per region.`;
const notApplicable =
    "no routing layer in this stack (Route 53 records with a routing policy, Global Accelerator endpoint groups or CloudFront origin groups)";

const run = (resources: FixtureResource[]) => runStackPolicy(failoverObjectives, resources);

describe("failover-objectives: compute in several regions without routing", () => {
    it("flags two serving regions with nothing routing between them", async () =>
        assert.deepStrictEqual(
            (
                await run([
                    service("us-east-1"),
                    alb("us-east-1"),
                    service("us-west-2", true),
                    alb("us-west-2"),
                ])
            ).violations,
            [
                message(
                    "us-east-1 and us-west-2",
                    "nothing routes users between us-east-1 and us-west-2",
                ),
            ],
        ));
    it("names the regions no record sends users to, by alias or by value", async () => {
        for (const alias of [true, false]) {
            assert.deepStrictEqual(
                (
                    await run([
                        service("us-east-1"),
                        alb("us-east-1"),
                        service("us-west-2"),
                        alb("us-west-2"),
                        simpleRecord("us-east-1", alias),
                    ])
                ).violations,
                [message("us-east-1 and us-west-2", "nothing routes users to us-west-2")],
                `alias ${alias}`,
            );
        }
    });
    it("lists three regions with commas and a final and", async () =>
        assert.deepStrictEqual(
            (
                await run([
                    service("us-east-1"),
                    alb("us-east-1"),
                    service("us-west-2"),
                    alb("us-west-2"),
                    service("eu-west-1"),
                    alb("eu-west-1"),
                    simpleRecord("us-east-1", true),
                ])
            ).violations,
            [
                message(
                    "us-east-1, us-west-2 and eu-west-1",
                    "nothing routes users to us-west-2 and eu-west-1",
                ),
            ],
        ));
    it("says between when every region has a record but none routes", async () =>
        assert.deepStrictEqual(
            (
                await run([
                    service("us-east-1"),
                    alb("us-east-1"),
                    service("us-west-2"),
                    alb("us-west-2"),
                    simpleRecord("us-east-1", true),
                    simpleRecord("us-west-2", true),
                ])
            ).violations,
            [
                message(
                    "us-east-1 and us-west-2",
                    "nothing routes users between us-east-1 and us-west-2",
                ),
            ],
        ));
    it("does not apply to one serving region, or to compute without a user endpoint", async () => {
        assert.strictEqual(
            (await run([service("us-east-1"), alb("us-east-1")])).notApplicable,
            notApplicable,
        );
        assert.strictEqual(
            (await run([service("us-east-1"), alb("us-east-1"), service("us-west-2")]))
                .notApplicable,
            notApplicable,
        );
        assert.strictEqual(
            (await run([service("us-east-1"), alb("us-east-1"), alb("us-west-2")])).notApplicable,
            notApplicable,
        );
    });
    it("does not count resources without a region", async () =>
        assert.strictEqual(
            (
                await run([
                    service("us-east-1"),
                    alb("us-east-1"),
                    { type: "aws:ecs/service:Service", name: "nowhere", props: {} },
                    { type: "aws:lb/loadBalancer:LoadBalancer", name: "nowhere-alb", props: {} },
                ])
            ).notApplicable,
            notApplicable,
        ));
});
