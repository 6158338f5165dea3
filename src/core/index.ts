/**
 * The shared words of the product: job and database names, the normalized source records, the
 * snapshot a read produces and the reader that produces it, property values as Notion stores
 * them, and what a run reports. Every room may import this; it imports nothing of the product,
 * so no arrow runs back up for a word.
 * @module
 */
export * from "./checks";
export * from "./errors";
export * from "./jobs";
export * from "./ledger-faults";
export * from "./match";
export * from "./model";
export * from "./report";
export * from "./role";
export * from "./snapshot";
export * from "./values";
export * from "./views";
