/**
 * POST /ws/oauth/token: OAuth 2 client credentials as NinjaOne takes them (form-encoded body with
 * grant_type, client_id, client_secret and a space-separated scope; homotechsual/NinjaOne
 * Connect-NinjaOne.ps1, stellaraf/go-ninjarmm internal/auth/auth.go).
 */
import type { Context, Hono } from "hono";
import { notFound, oauthError } from "./errors";
import { NINJA_SCOPES } from "./tokens";
import { currentTtl, type NinjaClient, type NinjaOneState } from "./state";

/** Reads a form body, or says why it is refused (not form-encoded, or a field repeated). */
async function readForm(c: Context): Promise<Map<string, string> | string> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    return "the request body must be application/x-www-form-urlencoded";
  }
  const form = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(await c.req.text())) {
    // RFC 6749 §3.1: request parameters must not be included more than once.
    if (form.has(k)) return `parameter ${k} is repeated`;
    form.set(k, v);
  }
  return form;
}

/**
 * Which scopes to grant, or the reason for invalid_scope. NinjaOne refuses a scope the app was
 * not granted instead of narrowing the grant (WYRE-AI/ninjaone-mcp #87). A missing scope is
 * refused too: RFC 6749 lets a server pick a default, and refusing is the stricter choice.
 */
export function grantScopes(requested: string | undefined, client: NinjaClient): Set<string> | string {
  const scopes = (requested ?? "").split(" ").filter(Boolean);
  if (scopes.length === 0) return "a scope is required";
  for (const s of scopes) {
    if (!(NINJA_SCOPES as readonly string[]).includes(s) || !client.scopes.includes(s)) return "Invalid scope";
  }
  return new Set(scopes);
}

function tokenResponse(c: Context, state: NinjaOneState, clientId: string, scopes: Set<string>): Response {
  const ttl = currentTtl(state);
  const body: Record<string, unknown> = {
    access_token: state.tokens.issue(clientId, scopes, ttl),
    token_type: "Bearer",
    expires_in: ttl,
    scope: [...scopes].join(" "),
  };
  // A refresh token only with offline_access (stellaraf/go-ninjarmm internal/auth/auth.go).
  if (scopes.has("offline_access")) body.refresh_token = state.tokens.issueRefresh(clientId, scopes);
  return c.json(body, 200, { "Cache-Control": "no-store", Pragma: "no-cache" });
}

/** Mounts the token endpoint, and the legacy path that answers 404, on the root app. */
export function registerOAuthRoutes(app: Hono, state: NinjaOneState): void {
  app.post("/ws/oauth/token", async (c) => {
    const form = await readForm(c);
    if (typeof form === "string") return oauthError(c, 400, "invalid_request", form);

    // Client first, as a Spring-style authorization server authenticates before anything else.
    // Wrong id or secret: RFC 6749 §5.2 invalid_client with 401. One probe of the real endpoint
    // with a made-up client saw {"resultCode":"Client app not exist"}, status unknown; the OAuth
    // shape is kept here, so a client must not depend on either body for this case.
    const client = state.clients.find((k) => k.clientId === form.get("client_id"));
    if (!client || client.clientSecret !== form.get("client_secret")) {
      return oauthError(c, 401, "invalid_client", "Client authentication failed");
    }

    const grant = form.get("grant_type");
    if (grant === undefined) return oauthError(c, 400, "invalid_request", "grant_type is required");
    if (grant === "refresh_token") {
      const redeemed = state.tokens.redeem(form.get("refresh_token") ?? "", client.clientId);
      if (!redeemed) return oauthError(c, 400, "invalid_grant", "Invalid refresh token");
      return tokenResponse(c, state, client.clientId, new Set(redeemed.scopes));
    }
    if (grant !== "client_credentials") {
      return oauthError(c, 400, "unsupported_grant_type", `Unsupported grant type: ${grant}`);
    }

    const scopes = grantScopes(form.get("scope"), client);
    if (typeof scopes === "string") return oauthError(c, 400, "invalid_scope", scopes);
    return tokenResponse(c, state, client.clientId, scopes);
  });

  // The legacy path without /ws answers 404 on some instances (homotechsual/NinjaOne #39).
  app.all("/oauth/token", (c) => notFound(c, state.incidents));
}
