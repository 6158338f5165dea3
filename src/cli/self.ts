import { relative, sep } from "node:path";

/**
 * How to invoke this same program again, for hints printed to the operator: the binary's path,
 * or from a checkout `npx bun src/main.ts` (npm's bun is node_modules/bun/bin/bun.exe, a name
 * that reads like Windows on every platform; npx finds it from the checkout).
 */
export function selfCommand(cwd = process.cwd(), main = Bun.main, execPath = process.execPath): string {
  // A compiled binary runs its entry from Bun's embedded file system; from source it is a .ts file.
  if (main.startsWith("/$bunfs") || main.startsWith("B:\\~BUN")) return execPath;
  const bun = execPath.includes(`${sep}node_modules${sep}`) ? "npx bun" : execPath;
  const rel = relative(cwd, main);
  return `${bun} ${rel.startsWith("..") ? main : rel}`;
}
