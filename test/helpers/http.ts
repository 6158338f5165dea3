/**
 * A response body as a loosely typed value: tests assert on its fields, and a wrong shape fails
 * the assertion, which is the point. (`Response.json()` is typed `unknown` in Bun.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const json = async (res: Response | Promise<Response>): Promise<Json> => (await res).json();
