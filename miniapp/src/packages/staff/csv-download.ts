/**
 * Saves a CSV the server made as a download (H5 only: the WeChat build cannot save files, so callers say where to do
 * it). Answers the file name, or null where it cannot.
 */
export function saveCsv(text: unknown, file: string, testId: string): string | null {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return null;
  const blob = new Blob([typeof text === 'string' ? text : JSON.stringify(text)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  a.setAttribute('data-testid', testId);
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    a.remove();
    URL.revokeObjectURL(url);
  }, 1_000);
  return file;
}
