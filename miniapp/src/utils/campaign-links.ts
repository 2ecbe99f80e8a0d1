/** Campaign links: a landing page carries `c=<campaignId>` so the open is counted for that campaign. */

/** The campaign id a landing page was opened with (`c=<campaignId>`), or null. */
export function campaignIdFrom(params: Record<string, string | undefined> | undefined): string | null {
  const value = params?.c?.trim();
  return value && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;
}

/** The campaign id in a notification's link (`…?id=1&c=<campaignId>`), or null. */
export function campaignIdInLink(link: string | null | undefined): string | null {
  const query = link?.split('?', 2)[1];
  if (!query) return null;
  const params: Record<string, string> = {};
  for (const part of query.split('&')) {
    const [k, v = ''] = part.split('=', 2) as [string, string | undefined];
    try {
      params[decodeURIComponent(k)] = decodeURIComponent(v);
    } catch {
      // A broken escape: not a campaign link.
    }
  }
  return campaignIdFrom(params);
}
