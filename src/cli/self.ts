/** How to invoke this same program again, for hints printed to the operator. */
export function selfCommand(): string {
  // A compiled binary runs its entry from Bun's embedded file system; from source it is a .ts file.
  return Bun.main.startsWith("/$bunfs") ? process.execPath : `${process.execPath} ${Bun.main}`;
}
