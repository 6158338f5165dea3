/** Samples of one metric in a Prometheus text scrape: labels → value. */
export function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split("\n")) {
    const m = new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`).exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[1] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    out.push({ labels: labels as Record<string, string>, value: Number(m[2]) });
  }
  return out;
}

export const sum = (xs: { value: number }[]) => xs.reduce((n, x) => n + x.value, 0);
