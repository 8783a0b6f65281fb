import * as assert from "assert";
import { isDrillCommand, otherProcessAlive, specialFileSystem } from "../../drill/journal";

describe("drill journal: who owns an entry, and where a journal may live", () => {
    // process.ppid is alive (mocha's parent); what it runs is what the reader says.
    const live = process.ppid;
    for (const [cmd, owned] of [
        [
            "node /usr/lib/node_modules/multi-region-failover/bin/multi-region-failover drill --region us-east-1",
            true,
        ],
        ["node -r ts-node/register/transpile-only drill/cli.ts --plan", true],
        ["node /app/dist/drill/cli.js --restore", true],
        ["/usr/sbin/sshd -D", false],
        ["node server.js --drill-mode", false],
    ] as const) {
        it(`a live pid running ${JSON.stringify(cmd)} ${owned ? "owns" : "does not own"} its entries`, () => {
            assert.strictEqual(isDrillCommand(cmd), owned);
            assert.strictEqual(
                otherProcessAlive(live, () => cmd),
                owned,
            );
        });
    }

    it("a live pid whose command line cannot be read is taken to be a drill (the safe side)", () => {
        assert.strictEqual(
            otherProcessAlive(live, () => undefined),
            true,
        );
    });

    it("a pid that no longer exists, or this process's own, owns nothing", () => {
        assert.strictEqual(
            otherProcessAlive(2 ** 22 + 17, () => "drill"),
            false,
        );
        assert.strictEqual(
            otherProcessAlive(process.pid, () => "drill"),
            false,
        );
    });

    for (const [file, special] of [
        ["/proc/self/journal.json", "/proc"],
        ["/sys/kernel/x.json", "/sys"],
        ["/dev/null", "/dev"],
        ["/dev", "/dev"],
        ["/tmp/drill/journal.json", undefined],
        ["/procedures/journal.json", undefined],
    ] as const) {
        it(`${file} is ${special ? `on ${special}` : "an ordinary path"}`, () => {
            assert.strictEqual(specialFileSystem(file), special);
        });
    }
});
