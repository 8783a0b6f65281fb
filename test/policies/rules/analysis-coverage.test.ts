/**
 * analysis-coverage, one change at a time (issue #30: mutation testing left its compute rows,
 * its component test and its one-stack judgement without a test that fails): compute the pack
 * recognises but does not judge, components with and without children, and each condition of
 * the "give the pack the other stacks" finding. Exact messages.
 */
import * as assert from "assert";
import { PolicyResource } from "@pulumi/policy";
import { analysisCoverage } from "../../../policies/policies";
import { FixtureResource, runStackPolicy, stackArgs, unknownString } from "../harness";

const east = { region: "us-east-1" };
const west = { region: "us-west-2" };

const run = (resources: FixtureResource[], config: Record<string, unknown> = {}) =>
    runStackPolicy(analysisCoverage, resources, config);

const unjudgedCompute = (label: string, name: string, type: string) =>
    `Teach the pack where ${label} "${name}" (${type}) serves users, or check by hand that it runs in every region that must serve: the pack does not count it as compute, so compute-requires-data-replication and standby-capacity-matches-strategy did not judge it.`;

describe("analysis-coverage: unjudged compute, components and one-stack analyses", () => {
    it("compute the pack recognises but does not judge: its label; an unlisted type: its token", async () => {
        assert.deepStrictEqual(
            (
                await run([
                    {
                        type: "aws:sagemaker/endpoint:Endpoint",
                        name: "infer",
                        props: {},
                        providerProps: east,
                    },
                    {
                        type: "aws:glue/devEndpoint:NodeGroup",
                        name: "ng",
                        props: {},
                        providerProps: east,
                    },
                    {
                        type: "aws:ecs/service:Service",
                        name: "api",
                        props: {},
                        providerProps: east,
                    },
                ])
            ).violations,
            [
                unjudgedCompute("SageMaker endpoint", "infer", "aws:sagemaker/endpoint:Endpoint"),
                unjudgedCompute(
                    "aws:glue/devEndpoint:NodeGroup",
                    "ng",
                    "aws:glue/devEndpoint:NodeGroup",
                ),
            ],
        );
    });

    it("a store without a region in sight: 'its region'", async () =>
        assert.deepStrictEqual(
            (await run([{ type: "aws:qldb/ledger:Ledger", name: "l", props: {} }])).violations,
            [
                'Teach the pack how QLDB ledger "l" replicates, or tag it multi-region-failover:regional=true if it is regional on purpose: aws:qldb/ledger:Ledger holds data, and the pack has no replication model for it, so it did not check that this store survives the loss of its region.',
            ],
        ));

    it("a component with a child is checked through it; pulumi: types are the engine's", async () => {
        const args = stackArgs([
            { type: "acme:index:Widget", name: "w", props: {} },
            { type: "aws:sns/topic:Topic", name: "t", props: {}, providerProps: east },
            { type: "pulumi:pulumi:Stack", name: "proj-dev", props: {} },
            { type: "acme:pulumi:Thing", name: "x", props: {} },
        ]);
        (args.resources[1] as { parent?: PolicyResource }).parent = args.resources[0];
        const violations: string[] = [];
        await analysisCoverage.validateStack(args, (message) => {
            violations.push(message);
        });
        assert.deepStrictEqual(violations, [
            'Check component "x" (acme:pulumi:Thing) with pulumi preview: it has no child resources the pack can see, so nothing inside it was checked. A remote (multi-language) component that the offline check cannot expand looks like this.',
        ]);
    });

    describe("a one-stack analysis", () => {
        const record = (
            props: Record<string, unknown>,
            type = "aws:route53/record:Record",
        ): FixtureResource => ({
            type,
            name: "api",
            props: {
                zoneId: "Z1",
                name: "app.example.com",
                type: "A",
                ttl: 60,
                records: ["192.0.2.1"],
                ...props,
            },
            providerProps: east,
        });
        const failover = record({
            setIdentifier: "p",
            failoverRoutingPolicies: [{ type: "PRIMARY" }],
        });
        const service = (name: string, provider: Record<string, unknown>): FixtureResource => ({
            type: "aws:ecs/service:Service",
            name,
            props: { desiredCount: 1 },
            providerProps: provider,
        });
        const table = (name: string, props: Record<string, unknown> = {}): FixtureResource => ({
            type: "aws:dynamodb/table:Table",
            name,
            props: { name, ...props },
            providerProps: east,
        });
        const message = (stores: string, label = "PRIMARY failover") =>
            `Give the pack this project's other stacks: this analysis saw only this stack, whose ${label} record "api" (app.example.com) implies other regions serve app.example.com from stacks it cannot see, so it could not check that ${stores} (only in us-east-1) is replicated to them. Export a "dataStores" manifest from this stack and read it through a StackReference in the others, or pass the other stacks' facts in compute-requires-data-replication's deployment config (the offline check does so when it runs every stack of the project).`;
        const base = [service("api", east), table("orders"), failover];

        it("every unreplicated store named, with the failover record's role", async () =>
            assert.deepStrictEqual((await run([...base, table("carts")])).violations, [
                message('DynamoDB table "orders", DynamoDB table "carts"'),
            ]));

        it("compute in two regions, or none with a region: not a one-region stack", async () => {
            assert.deepStrictEqual((await run([...base, service("api-2", west)])).violations, []);
            assert.deepStrictEqual(
                (await run([service("api", {}), table("orders"), failover])).violations,
                [],
            );
            // Resources that are not compute do not count as regions.
            assert.deepStrictEqual(
                (
                    await run([
                        ...base,
                        { type: "aws:sns/topic:Topic", name: "t", props: {}, providerProps: west },
                    ])
                ).violations,
                [message('DynamoDB table "orders"')],
            );
        });

        it("without a routed record: nothing implies other regions", async () => {
            assert.deepStrictEqual(
                (await run([service("api", east), table("orders"), record({})])).violations,
                [],
            );
            // A health check with a routing policy's shape is not a record.
            assert.deepStrictEqual(
                (
                    await run([
                        service("api", east),
                        table("orders"),
                        record(
                            { failoverRoutingPolicies: [{ type: "PRIMARY" }] },
                            "aws:route53/healthCheck:HealthCheck",
                        ),
                    ])
                ).violations,
                [],
            );
        });

        it("a StackReference with a manifest (or outputs not known yet) already carries the facts", async () => {
            const reference = (outputs: unknown): FixtureResource => ({
                type: "pulumi:pulumi:StackReference",
                name: "o/p/other",
                props: { name: "o/p/other", outputs },
            });
            assert.deepStrictEqual(
                (await run([...base, reference({ dataStores: [] })])).violations,
                [],
            );
            assert.deepStrictEqual((await run([...base, reference(unknownString)])).violations, []);
            assert.deepStrictEqual(
                (await run([...base, reference({ region: "us-west-2" })])).violations,
                [message('DynamoDB table "orders"')],
            );
            // Another type with a manifest-shaped output is not a reference.
            assert.deepStrictEqual(
                (
                    await run([
                        ...base,
                        { ...reference({ dataStores: [] }), type: "pulumi:pulumi:Stack" },
                    ])
                ).violations,
                [message('DynamoDB table "orders"')],
            );
        });

        it("replicated stores and stores that are not application data are not named", async () => {
            assert.deepStrictEqual(
                (
                    await run([
                        service("api", east),
                        table("orders", { replicas: [{ regionName: "us-west-2" }] }),
                        failover,
                    ])
                ).violations,
                [],
            );
            assert.deepStrictEqual(
                (
                    await run([
                        ...base,
                        table("sessions", { replicas: [{ regionName: "us-west-2" }] }),
                        table("audit", { tags: { "multi-region-failover:regional": "true" } }),
                    ])
                ).violations,
                [message('DynamoDB table "orders"')],
            );
        });

        it("a weighted record is named by its routing policy", async () =>
            assert.deepStrictEqual(
                (
                    await run([
                        service("api", east),
                        table("orders"),
                        record({ setIdentifier: "a", weightedRoutingPolicies: [{ weight: 1 }] }),
                    ])
                ).violations,
                [message('DynamoDB table "orders"', "weighted")],
            ));
    });
});
