// Identity keys imported through JWK (the cheap path) are the very keys of the PKCS#8/SPKI DER
// encoding of the same derived secret: same private key bytes, same SPKI public key, signatures
// that verify across both imports; a public key given as SPKI hex imports to the same key.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveKeyPair, publicKeyOfSpkiHex } from '../../src/contracts/identity.js';
import { deriveSecretBytes } from '../../src/ledger/keys.js';

const PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

describe('identity keys', () => {
  it('deriveKeyPair equals the DER import of the same secret', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), fc.string({ maxLength: 12 }), (seed, id) => {
        const kp = deriveKeyPair(seed, id);
        const secret = deriveSecretBytes(`vpsim-gvp-identity\u0000${seed}\u0000${id}`);
        const der = createPrivateKey({ key: Buffer.concat([PKCS8, secret]), format: 'der', type: 'pkcs8' });
        expect(kp.privateKey.export({ format: 'der', type: 'pkcs8' })).toEqual(der.export({ format: 'der', type: 'pkcs8' }));
        const spki = createPublicKey(der).export({ format: 'der', type: 'spki' }) as Buffer;
        expect(kp.publicKeyHex).toBe(spki.toString('hex'));
        const msg = Buffer.from(`m${id}`);
        const s1 = sign(null, msg, kp.privateKey);
        expect(s1).toEqual(sign(null, msg, der));
        expect(verify(null, msg, publicKeyOfSpkiHex(kp.publicKeyHex), s1)).toBe(true);
        expect(verify(null, msg, createPublicKey({ key: spki, format: 'der', type: 'spki' }), s1)).toBe(true);
        expect(publicKeyOfSpkiHex(kp.publicKeyHex).export({ format: 'der', type: 'spki' })).toEqual(spki);
      }),
      { numRuns: 40 }
    );
  });

  it('a forged signature fails against the JWK-imported public key; malformed SPKI hex is refused', () => {
    const a = deriveKeyPair(1, 'a');
    const b = deriveKeyPair(1, 'b');
    const msg = Buffer.from('bundle');
    expect(verify(null, msg, publicKeyOfSpkiHex(a.publicKeyHex), sign(null, msg, b.privateKey))).toBe(false);
    expect(() => publicKeyOfSpkiHex('00')).toThrow();
    expect(() => publicKeyOfSpkiHex(a.publicKeyHex.slice(0, 86) + 'zz')).toThrow();
  });
});
