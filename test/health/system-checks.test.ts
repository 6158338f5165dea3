import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openLedger } from "../../src/ledger/ledger";
import { diskCheck, diskVerdict, formatBytes, memoryCheck, memoryVerdict } from "../../src/health/system-checks";
import { ledgerFileCheck } from "../../src/ledger/checks";
import { useTempDir } from "../helpers/temp";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const tmp = useTempDir();
const never = new AbortController().signal;

describe("disk and memory verdicts", () => {
  test.each([
    ["plenty", 50 * GiB, 100 * GiB, true],
    ["exactly 5% and over 100 MiB", 5 * GiB, 100 * GiB, true],
    ["under 5%", 4 * GiB, 100 * GiB, false],
    ["under 100 MiB on a small disk", 99 * MiB, 1 * GiB, false],
    ["100 MiB exactly, 10% of the disk", 100 * MiB, 1000 * MiB, true],
    ["a disk that reports nothing", 0, 0, false],
  ])("disk: %s", (_label, free, total, healthy) => {
    const r = diskVerdict(free, total);
    expect(r.healthy).toBe(healthy);
    expect(r.error === undefined).toBe(healthy);
    if (!healthy) expect(r.error).toContain("low disk space");
  });

  test.each([
    ["idle service", 55 * MiB, true],
    ["at the limit", 1024 * MiB, true],
    ["over the limit", 1025 * MiB, false],
  ])("memory: %s", (_label, rss, healthy) => {
    const r = memoryVerdict(rss, 10 * MiB, 20 * MiB);
    expect(r.healthy).toBe(healthy);
    expect(r.detail).toContain(`RSS ${formatBytes(rss)}`);
  });

  test.each([
    [512 * MiB, "512 MiB"],
    [1536 * MiB, "1.5 GiB"],
    [0, "0 MiB"],
  ])("formatBytes(%p) = %p", (n, s) => {
    expect(formatBytes(n)).toBe(s);
  });

  test("the real checks read this host (the ledger folder need not exist yet)", async () => {
    const disk = await diskCheck(join(tmp(), "not/yet/ledger.db")).run(never);
    expect(disk.detail).toMatch(/free of/);
    const mem = await memoryCheck().run(never);
    expect(mem.healthy).toBe(true);
    expect((await memoryCheck(1).run(never)).healthy).toBe(false);
  });
});

describe("ledger file check (never creates or migrates)", () => {
  test("missing file: unhealthy, tells to migrate, and creates nothing", async () => {
    const path = join(tmp(), "ledger.db");
    const r = await ledgerFileCheck(path).run(never);
    expect(r).toMatchObject({ healthy: false, error: expect.stringContaining("run `oberaconnect-sync migrate`") });
    expect(await Bun.file(path).exists()).toBe(false);
  });

  test("a migrated ledger is healthy", async () => {
    const path = join(tmp(), "ledger.db");
    openLedger(path).close();
    expect(await ledgerFileCheck(path).run(never)).toMatchObject({ healthy: true, detail: expect.stringContaining("migrated") });
  });

  test("an unmigrated ledger is unhealthy", async () => {
    const path = join(tmp(), "ledger.db");
    openLedger(path, { migrate: false }).close();
    expect(await ledgerFileCheck(path).run(never)).toMatchObject({ healthy: false, error: expect.stringContaining("not migrated") });
  });

  test("a file that is not a database is unhealthy and left as it is", async () => {
    const path = join(tmp(), "ledger.db");
    writeFileSync(path, "precious, not sqlite");
    expect((await ledgerFileCheck(path).run(never)).healthy).toBe(false);
    expect(await Bun.file(path).text()).toBe("precious, not sqlite");
  });
});
