import * as assert from "assert";
import { acceptedByWorkers, withoutFlags } from "../../check/engine/engine";

describe("offline engine: the Node flags a stack's worker takes", () => {
    const cases: [string, string[], string[], string[]][] = [
        [
            "a flag with its value after =",
            ["--max-old-space-size=4096", "--no-warnings"],
            ["--max-old-space-size=4096"],
            ["--no-warnings"],
        ],
        [
            "a flag and its value apart",
            ["--max-old-space-size", "4096", "-r", "/a.js"],
            ["--max-old-space-size"],
            ["-r", "/a.js"],
        ],
        [
            "a flag without a value before another flag",
            ["--jitless", "--no-warnings"],
            ["--jitless"],
            ["--no-warnings"],
        ],
        [
            "several refused",
            ["--stack-size=2000", "--title=x", "--enable-source-maps"],
            ["--stack-size=2000", "--title=x"],
            ["--enable-source-maps"],
        ],
        ["nothing refused", ["-r", "/a.js"], [], ["-r", "/a.js"]],
    ];
    for (const [what, argv, rejected, kept] of cases) {
        it(`withoutFlags: ${what}`, () => {
            assert.deepStrictEqual(withoutFlags(argv, rejected), kept);
        });
    }

    it("asks again until nothing is refused, as Node names flags only up to one given its value apart", () => {
        const asked: string[][] = [];
        const refuses = ["--max-old-space-size", "--stack-size=2000"];
        const accepted = acceptedByWorkers(
            ["--max-old-space-size", "4096", "--stack-size=2000", "-r", "/hook.js"],
            (argv) => {
                asked.push([...argv]);
                // Like Node: the first refused flag given its value apart ends the list.
                const first = argv.find((a) => refuses.includes(a));
                return first ? [first] : [];
            },
        );
        assert.deepStrictEqual(accepted, ["-r", "/hook.js"]);
        assert.deepStrictEqual(asked, [
            ["--max-old-space-size", "4096", "--stack-size=2000", "-r", "/hook.js"],
            ["--stack-size=2000", "-r", "/hook.js"],
            ["-r", "/hook.js"],
        ]);
    });

    it("asks nothing when there are no flags, and stops when a refusal names nothing it has", () => {
        let asked = 0;
        assert.deepStrictEqual(
            acceptedByWorkers([], () => (asked++, ["--x"])),
            [],
        );
        assert.strictEqual(asked, 0);
        assert.deepStrictEqual(
            acceptedByWorkers(["--a"], () => (asked++, ["--b"])),
            ["--a"],
        );
        assert.strictEqual(asked, 1);
    });
});
