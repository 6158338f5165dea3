/**
 * src/runtime/role.ts: what `${LITEFS_DIR}/.primary` makes of this instance. Absent: primary.
 * Present: replica, the file naming the primary. Unreadable for any other reason: not primary
 * (a replica must never write), the error named in `detail`.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { roleSource, type Role } from "../../src/runtime/role";
import { useTempDir } from "../helpers/temp";

const tempDir = useTempDir();
const host = hostname();

interface Case {
  name: string;
  /** Prepares LITEFS_DIR (an existing empty folder) and returns the value to pass. */
  setup: (dir: string) => string;
  expected: Omit<Role, "detail">;
  detail: RegExp;
}

const cases: Case[] = [
  {
    name: "no .primary file: this instance is the primary",
    setup: (dir) => dir,
    expected: { primary: true, litefs: true, host, primaryHost: host },
    detail: /^primary \(LiteFS: no \.primary file\)$/,
  },
  {
    name: ".primary names the primary, newline-terminated as LiteFS writes it: replica",
    setup: (dir) => {
      writeFileSync(join(dir, ".primary"), "e2865d0b47d786\n");
      return dir;
    },
    expected: { primary: false, litefs: true, host, primaryHost: "e2865d0b47d786" },
    detail: /^replica \(LiteFS primary is e2865d0b47d786\)$/,
  },
  {
    name: "an empty .primary is still a replica, with the primary unknown",
    setup: (dir) => {
      writeFileSync(join(dir, ".primary"), "");
      return dir;
    },
    expected: { primary: false, litefs: true, host, primaryHost: "" },
    detail: /primary unknown/,
  },
  {
    name: ".primary unreadable (a directory, EISDIR): not primary, the error named",
    setup: (dir) => {
      mkdirSync(join(dir, ".primary"));
      return dir;
    },
    expected: { primary: false, litefs: true, host, primaryHost: "" },
    detail: /^not primary: cannot read .*\.primary \(EISDIR\)$/,
  },
  {
    name: "LITEFS_DIR is a file (ENOTDIR): not primary",
    setup: (dir) => {
      const file = join(dir, "not-a-dir");
      writeFileSync(file, "");
      return file;
    },
    expected: { primary: false, litefs: true, host, primaryHost: "" },
    detail: /\(ENOTDIR\)$/,
  },
  {
    name: "LITEFS_DIR missing: primary by default, and the detail says LiteFS may not be mounted",
    setup: (dir) => join(dir, "litefs"),
    expected: { primary: true, litefs: true, host, primaryHost: host },
    detail: /does not exist \(is LiteFS mounted\?\)/,
  },
];

describe("roleSource", () => {
  for (const c of cases) {
    test(c.name, () => {
      const role = roleSource(c.setup(tempDir()))();
      const { detail, ...rest } = role;
      expect(rest).toEqual(c.expected);
      expect(detail).toMatch(c.detail);
    });
  }

  test.skipIf(process.getuid?.() === 0)(".primary without read permission (EACCES): not primary", () => {
    const dir = tempDir();
    const file = join(dir, ".primary");
    writeFileSync(file, "e2865d0b47d786\n");
    chmodSync(file, 0o000);
    const role = roleSource(dir)();
    expect(role.primary).toBe(false);
    expect(role.detail).toMatch(/\(EACCES\)$/);
  });

  test("without LITEFS_DIR: always the primary, LiteFS not involved", () => {
    const role = roleSource(undefined)();
    expect(role).toMatchObject({ primary: true, litefs: false, host, primaryHost: host });
  });

  test("each call reads LiteFS again: the primary can move at any time", () => {
    const dir = tempDir();
    const role = roleSource(dir);
    expect(role().primary).toBe(true);
    writeFileSync(join(dir, ".primary"), "other-machine\n");
    expect(role()).toMatchObject({ primary: false, primaryHost: "other-machine" });
    writeFileSync(join(dir, ".primary"), "third-machine\n");
    expect(role().primaryHost).toBe("third-machine");
  });
});
