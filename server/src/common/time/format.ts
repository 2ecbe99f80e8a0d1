/** `2026-11-23 09:30` in the given zone: how times read in WeChat messages. */
export function formatLocal(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(at)
    .replace(/\//g, '-');
}
