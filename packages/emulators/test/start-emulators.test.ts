import { describe, expect, test } from "bun:test";
import { startEmulators } from "../src";
import { json, sampleDataset } from "./source-samples";

describe("startEmulators", () => {
  test("serves all three with the returned credentials; one mutation shows in both sources", async () => {
    const emus = await startEmulators({ dataset: sampleDataset(), seed: 3 });
    try {
      const { credentials: cred } = emus;
      const notion = await fetch(`${emus.notion.url}/v1/users/me`, {
        headers: { Authorization: `Bearer ${cred.notionToken}`, "Notion-Version": "2025-09-03" },
      });
      expect(notion.status).toBe(200);
      const hosts = await fetch(`${emus.unifi.url}/v1/hosts`, { headers: { "X-API-Key": cred.unifiApiKey } });
      expect((await json(hosts)).data.length).toBe(3);
      const token = await fetch(`${emus.ninjaone.url}/ws/oauth/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: cred.ninjaoneClientId,
          client_secret: cred.ninjaoneClientSecret,
          scope: "monitoring",
        }),
      });
      const { access_token } = await json(token);
      const orgs = await fetch(`${emus.ninjaone.url}/v2/organizations`, { headers: { Authorization: `Bearer ${access_token}` } });
      expect((await json(orgs)).length).toBe(3);

      // Through NinjaOne's control API, but the change is UniFi's: the dataset is one.
      const res = await fetch(`${emus.ninjaone.url}/_emulator/mutate`, {
        method: "POST",
        body: JSON.stringify({ seed: 1, source: "unifi", delete_sites: 1 }),
      });
      expect(res.status).toBe(200);
      const unifiDump = await json(await fetch(`${emus.unifi.url}/_emulator/dump`));
      expect(unifiDump.sites.length).toBe(3);
      expect(emus.dataset.unifi.sites.length).toBe(3);
      expect(emus.shared.version).toBe(1);
    } finally {
      await emus.stop();
    }
    await expect(fetch(`${emus.unifi.url}/v1/hosts`)).rejects.toThrow();
  });

  test("generates a dataset when none is given, and a taken port fails the start cleanly", async () => {
    const first = await startEmulators({ customers: 2, seed: 9 });
    try {
      expect(first.dataset.ninjaone.organizations.length).toBeGreaterThanOrEqual(2);
      await expect(startEmulators({ customers: 1, ports: { ninjaone: first.ninjaone.port } })).rejects.toThrow();
    } finally {
      await first.stop();
    }
  });
});
