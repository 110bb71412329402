/**
 * Writes the workflow bundle a production worker loads (`WORKFLOW_BUNDLE_PATH`), built with DataPact's
 * workflow interceptors exactly as a worker would build it at start-up: `npm run build` runs it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflows } from './worker';

async function main(out: string) {
  const { code } = await bundleWorkflows();
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`workflow bundle written: ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main(process.argv[2] ?? 'dist/workflow-bundle.js').catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
