// Public API of the ledger package (pure; no kernel imports). See docs/ledger.md.
export type { Transaction, Block, BlockHeader, VerifyResult } from './types.js';
export { hashTransaction, hashTransactionBytes, merkleRoot, merkleRootBytes, sha256Hex, canonicalTx, ZERO_HASH } from './hash.js';
export { deriveValidatorKeys, validatorId, publicKeyFromHex, type ValidatorKey } from './keys.js';
export { ChainBuilder, DEFAULT_HEADER_BYTES, type ChainBuilderOptions } from './chain.js';
export { serializeBlock, blockRecord, toJsonl, parseBlockLine } from './serialize.js';
export { verifyLedger, verifyLedgerText, LedgerVerifier } from './verify.js';
