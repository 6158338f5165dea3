/** Which instance may write (LiteFS primary or replica): the scheduler, the admin API and status ask. */
export interface Role {
  primary: boolean;
  /** Whether LiteFS decides (LITEFS_DIR set). */
  litefs: boolean;
  host: string;
  /** The primary's hostname (Fly machine id), this host when primary. */
  primaryHost: string;
  /** Why, in words, for /admin/status. */
  detail: string;
}
