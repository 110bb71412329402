/** `npm run servers:install`: builds (or finds) the pinned servers, and nothing else. */
import { ensureServers } from './install';

ensureServers().then(
  (servers) => {
    for (const [name, path] of Object.entries(servers)) process.stdout.write(`${name}: ${path}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`could not install the servers: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
