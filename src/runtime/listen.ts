import { StartupError } from "../core";

/** A refusal to listen, said in one line (the CLI exits 2 on a StartupError). */
export function cannotListen(hostname: string, port: number, err: { code?: string; message: string }): StartupError {
  const why =
    err.code === "EADDRINUSE" || /in use/i.test(err.message)
      ? "the port is in use (another serve, or another program: `ss -ltnp` names it); set server.port or --port"
      : err.code === "EADDRNOTAVAIL"
        ? "the address is not one of this host's; set server.host or --host"
        : err.code === "EACCES"
          ? "permission denied (ports below 1024 need privileges)"
          : err.message;
  return new StartupError(`cannot listen on ${hostname}:${port}: ${why}`);
}
