// Builds the H5 app once before the browser suites (skipped when dist/h5 already matches the sources).
import { ensureBuild } from '../../miniapp/scripts/build.mjs';

export default async function globalSetup() {
  const { built, ms } = await ensureBuild('h5', { log: (line) => process.stdout.write(`\n[browser] ${line}\n`) });
  if (built) process.stdout.write(`[browser] H5 build took ${(ms / 1000).toFixed(1)} s\n`);
}
