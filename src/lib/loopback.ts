/** Whether a listening address lets only this machine connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "::ffff:127.0.0.1";
}

/**
 * Whether GET /metrics needs the admin token: as `metrics.require_token` says, or, unset, once
 * the service listens beyond loopback (its series name customers, sites and error counts).
 */
export function metricsNeedToken(setting: boolean | undefined, listeningOn: string): boolean {
  return setting ?? !isLoopback(listeningOn);
}
