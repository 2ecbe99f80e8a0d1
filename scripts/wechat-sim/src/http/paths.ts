/** Everything under this prefix is the simulator's own control API, never WeChat's surface. */
export const CONTROL_PREFIX = '/__sim/';

export function isControlPath(path: string): boolean {
  return path.startsWith(CONTROL_PREFIX);
}
