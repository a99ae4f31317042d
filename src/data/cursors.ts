import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Sealed cursors: a cursor is the keyset position (sort key and id) encrypted and authenticated with
 * AES-256-GCM under a server key, so it shows no name or id and cannot be forged or altered. The
 * scope it was minted for (e.g. the caller's clearance) is bound as associated data: a cursor opens
 * only under the same scope, so one minted for one clearance is refused for another. The IV is
 * synthetic (an HMAC of scope and plaintext under a key derived from the cursor key): the same
 * position in the same scope always gives the same cursor, so equal answers stay byte-for-byte equal,
 * and distinct plaintexts never share an IV.
 *
 * Keys come from `CURSOR_KEYS` (comma-separated, newest first, each 32 bytes in base64 or 64 hex
 * digits): the newest seals, every listed key opens, so cursors minted before a rotation keep working
 * until the old key is removed (the grace period is as long as the operator keeps it listed). Without
 * `CURSOR_KEYS` a random key is generated per process: cursors then die with the process and are not
 * shared between processes.
 */

/** Layout version, the first byte of every cursor. */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Plaintexts are padded to a multiple of this, so a cursor's length says little about its key. */
const PAD = 32;

let ring: Buffer[] | undefined;
let generated = false;

/**
 * Parses `CURSOR_KEYS`: comma-separated keys, newest first, each 32 bytes given as base64(url) or
 * 64 hex digits. Returns undefined when unset; throws (naming the variable, never the key) when malformed.
 */
export function parseCursorKeys(raw: string | undefined): Buffer[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((part, i) => {
    const s = part.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
    if (key.length !== 32) throw new Error(`CURSOR_KEYS: key ${i + 1} must be 32 bytes (base64 or 64 hex digits)`);
    return key;
  });
}

/** Installs the key ring (newest first). Called at start with the configured keys; tests rotate with it. */
export function setCursorKeys(keys: readonly Buffer[]): void {
  if (keys.length === 0 || keys.some((k) => k.length !== 32)) throw new Error('cursor keys must be 32 bytes each, at least one');
  ring = [...keys];
  generated = false;
}

/** Whether the key in use was generated for this process (no `CURSOR_KEYS`): worth a warning in production. */
export function cursorKeyIsGenerated(): boolean {
  keys();
  return generated;
}

function keys(): Buffer[] {
  if (!ring) {
    const configured = parseCursorKeys(process.env.CURSOR_KEYS);
    ring = configured ?? [randomBytes(32)];
    generated = !configured;
  }
  return ring;
}

const ivKeys = new WeakMap<Buffer, Buffer>();
/** The key of the synthetic IV's HMAC, derived from (never equal to) the encryption key. */
function ivKey(key: Buffer): Buffer {
  let k = ivKeys.get(key);
  if (!k) ivKeys.set(key, (k = createHmac('sha256', key).update('kg-cursor-iv').digest()));
  return k;
}

const aad = (scope: string) => Buffer.from(`kg-cursor/${VERSION}/${scope}`, 'utf8');

/** Seals `payload` (JSON) for `scope` with the newest key. */
export function sealCursor(payload: unknown, scope: string): string {
  const json = Buffer.from(JSON.stringify(payload), 'utf8');
  const padded = Buffer.alloc(Math.ceil((json.length + 1) / PAD) * PAD, 0x20);
  json.copy(padded);
  const key = keys()[0]!;
  const iv = createHmac('sha256', ivKey(key)).update(aad(scope)).update(padded).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(scope));
  const body = Buffer.concat([cipher.update(padded), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]).toString('base64url');
}

/**
 * Opens a cursor sealed for `scope` with any key of the ring. Returns undefined for anything that
 * is not such a cursor (garbage, altered, another scope, a key no longer listed): callers answer all
 * of these with one and the same error.
 */
export function openCursor(raw: string, scope: string): unknown {
  const buf = Buffer.from(raw, 'base64url');
  if (buf.length < 1 + IV_BYTES + PAD + TAG_BYTES || buf[0] !== VERSION || buf.toString('base64url') !== raw) return undefined;
  const iv = buf.subarray(1, 1 + IV_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const body = buf.subarray(1 + IV_BYTES, buf.length - TAG_BYTES);
  for (const key of keys()) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad(scope));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(body), decipher.final()]);
      return JSON.parse(plain.toString('utf8').trimEnd());
    } catch {
      // another key of the ring may have sealed it
    }
  }
  return undefined;
}
