import { afterEach, describe, expect, test } from "bun:test";
import { unifiDeviceKey } from "@oberaconnect/emulators/dataset/keys";
import { FakeClock } from "@oberaconnect/common/clock";
import { RecordsRepo } from "../../src/ledger/records-repo";
import { spawnCli } from "../helpers/spawn";
import { startStack, type Stack } from "../helpers/stack";
import { livePages } from "../helpers/sync-harness";
import { until } from "../helpers/wait";

let s: Stack | undefined;
const waitFor = (cond: () => boolean, ms: number, what: string) => until(() => cond() || undefined, ms, what);
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

/**
 * The stale-page race, made deterministic: the emulated Notion parks the device PATCHes of a
 * sync (hold_writes), the sync is killed with them on the wire, the devices come back online,
 * the next sync runs, and only then do the dead process's writes land (as any server may finish
 * a request whose client is gone). Before the fix the next sync trusted the ledger's hash
 * ("Online") and wrote nothing, and the pages said Offline for good.
 */
describe("a write still on the wire when its process died", () => {
  test("lands before the successor's rewrite, never after it: the pages end Online, ledger and Notion agree", async () => {
    const clock = new FakeClock(Date.now());
    s = await startStack({ customers: 2, seed: 5, clock });
    const notion = s.emulators.notion;
    expect((await s.sync()).exitCode).toBe(0);
    const repo = () => new RecordsRepo(s!.ledger.db, () => new Date(clock.now()).toISOString());
    const devices = s.emulators.dataset.unifi.devices.flatMap((g) => g.devices).filter((d) => !d.isConsole && d.status === "online").slice(0, 3);
    expect(devices).toHaveLength(3);
    const pageOf = (id: string) => repo().get("devices", unifiDeviceKey(id))!.notionPageId!;
    const paths = devices.flatMap((d) => [`/v1/pages/${pageOf(d.id)}`, `/v1/pages/${pageOf(d.id).replaceAll("-", "")}`]);
    const status = () => devices.map((d) => livePages(notion, "Devices").find((p) => p.key === unifiDeviceKey(d.id))?.props.Status);

    // Three devices go offline; the device writes are parked, then their sync is killed.
    for (const d of devices) d.status = "offline";
    await fetch(`${notion.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ hold_writes: true, match: { methods: ["PATCH"], paths } }) });
    s.ledger.close();
    const victim = spawnCli(["sync", "--config", s.configFile()], { env: s.env });
    await waitFor(() => notion.faults.heldWrites === 3, 30_000, "three device writes parked");
    victim.proc.kill("SIGKILL");
    await victim.exited;
    await fetch(`${notion.url}/_emulator/faults`, { method: "POST", body: "{}" }); // parked writes stay parked

    // The devices are back online; the successor runs while the dead writes are still parked.
    for (const d of devices) d.status = "online";
    s.reopenLedger();
    let finished = false;
    const successor = s.sync().finally(() => (finished = true));
    // Either it waits (the fix: a settle sleep on the fake clock) or it ends having written nothing.
    await waitFor(() => finished || clock.pending > 0, 30_000, "the successor waiting or done");

    // Now the dead process's writes land: Offline, 1+ s after their client was killed.
    expect(await (await fetch(`${notion.url}/_emulator/release`, { method: "POST" })).json()).toEqual({ released: 3 });
    await waitFor(() => notion.stats.writeLog().filter((w) => paths.includes(w.path) && w.client_gone).length === 3, 10_000, "the dead writes applied");
    expect(status()).toEqual(["Offline", "Offline", "Offline"]);

    // Past the settle window (sync.write_settle_seconds, 60 s) of writes the dead process stamped
    // by the wall clock, which has moved on since this fake clock started.
    await clock.advance(Math.max(0, Date.now() - clock.now()) + 61_000);
    const run = await successor;
    expect(run.exitCode).toBe(0);
    // The successor rewrote them only after the old writes could no longer land.
    const order = notion.stats.writeLog().filter((w) => paths.includes(w.path));
    expect(order.map((w) => (w.client_gone ? "dead" : "successor"))).toEqual(["dead", "dead", "dead", "successor", "successor", "successor"]);
    expect(status()).toEqual(["Online", "Online", "Online"]);

    // Two more syncs: nothing to write, and the pages stay Online.
    for (let i = 0; i < 2; i++) {
      notion.stats.reset();
      expect((await s.sync()).exitCode).toBe(0);
      expect(notion.stats.count("PATCH") + notion.stats.count("POST", "/v1/pages")).toBe(0);
    }
    expect(status()).toEqual(["Online", "Online", "Online"]);
    for (const d of devices) expect(repo().get("devices", unifiDeviceKey(d.id))!.writeStartedAt).toBeNull();
  }, 60_000);
});
