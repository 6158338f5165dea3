import { StartupError } from "../core";

/** Bun.serve, with a refusal to listen said in one line (the CLI exits 2 on a StartupError). */
export function listen(hostname: string, port: number, fetch: (req: Request) => Response | Promise<Response>) {
  try {
    return Bun.serve({ hostname, port, fetch });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why =
      code === "EADDRINUSE" || /in use/i.test((err as Error).message)
        ? "the port is in use (another serve, or another program: `ss -ltnp` names it); set server.port or --port"
        : code === "EADDRNOTAVAIL"
          ? "the address is not one of this host's; set server.host or --host"
          : code === "EACCES"
            ? "permission denied (ports below 1024 need privileges)"
            : (err as Error).message;
    throw new StartupError(`cannot listen on ${hostname}:${port}: ${why}`);
  }
}
