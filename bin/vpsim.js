#!/usr/bin/env node
import('../dist/cli/main.js')
  .then((m) => m.main(process.argv.slice(2)))
  .catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
      process.stderr.write('vpsim: not built yet; run `npm run build` (npm ci does it automatically)\n');
      process.exit(1);
    }
    throw err;
  });
