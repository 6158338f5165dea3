/**
 * The MSP's own UniFi: shared self-hosted controllers (`type:"network-server"`) that carry many
 * customers' sites, each opened with UniFi's "Default" site and a few internal ones (lab,
 * staging) that belong to no customer. Controllers are opened in the generation stream as the
 * customers that need one come, so customer `i` still comes out the same whatever the count. They
 * run in the MSP's datacenter: their addresses are no customer's office (wan.ts).
 * @module
 */
import { pick, randInt } from "@oberaconnect/common/random";
import type { GenContext } from "./context";
import { addSite, createHost, type NewSite, type UnifiHostRecords } from "./unifi-gen";
import type { WanPlanner } from "./wan";
import { MSP_INTERNAL_SITES, MSP_NAME } from "./words";

/** A shared controller as the generator fills it. */
export interface SharedController {
  rec: UnifiHostRecords;
  /** Its "Default" site (belongs to nobody). */
  defaultSiteId: string;
  /** Customers it still takes. */
  left: number;
}

/** Callbacks that put new records into the dataset, with the site's owner for the truth. */
export interface FleetSink {
  host(rec: UnifiHostRecords): void;
  site(site: NewSite, owner: number | null): void;
}

/** Opens shared controllers as they fill up. */
export class SharedControllers {
  private current: SharedController | undefined;
  private opened = 0;

  constructor(private readonly sink: FleetSink, private readonly wan: WanPlanner) {}

  /** The controller the next shared customer goes on. */
  take(ctx: GenContext): SharedController {
    if (!this.current || this.current.left <= 0) this.current = this.open(ctx);
    this.current.left--;
    return this.current;
  }

  private open(ctx: GenContext): SharedController {
    this.opened++;
    const name = pick(ctx.rng, [`${MSP_NAME} Hosted Controller`, `${MSP_NAME} UniFi`, "UniFi Network Server"]);
    const rec = createHost(ctx, {
      type: "network-server",
      name: `${name} ${this.opened}`,
      hostname: `unifi${this.opened}.${MSP_NAME.toLowerCase()}.example`,
      disconnected: false,
      ipAddress: this.wan.datacenterIp(),
    });
    this.sink.host(rec);
    const def = addSite(ctx, rec, { desc: "Default", defaultSlot: true, statisticsNull: false });
    this.sink.site(def, null);
    for (let k = randInt(ctx.rng, 0, 2); k > 0; k--) {
      this.sink.site(addSite(ctx, rec, { desc: pick(ctx.rng, MSP_INTERNAL_SITES), defaultSlot: false, statisticsNull: false }), null);
    }
    return { rec, defaultSiteId: def.site.siteId, left: randInt(ctx.rng, 25, 60) };
  }
}
