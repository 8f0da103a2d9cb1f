// Every test signs with the committed PUBLIC test keystore (test/fixtures/test-keystore.json), so
// outputs are reproducible across machines: in-process code through setKeySecret, spawned CLI
// processes through VPSIM_KEYS. Tests that exercise keystore creation set their own VPSIM_KEYS.
import { join } from 'node:path';
import { useKeystore } from '../src/ledger/keystore.js';

export const TEST_KEYSTORE = join(import.meta.dirname, 'fixtures', 'test-keystore.json');
process.env.VPSIM_KEYS = TEST_KEYSTORE;
useKeystore(TEST_KEYSTORE);
