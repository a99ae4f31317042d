import { SignJWT } from 'jose';
import type { Classification } from '../ontology.js';
import type { Role } from '../data/viewer.js';

export interface TokenOptions {
  secret: string;
  subject: string;
  clearance: Classification;
  roles: Role[];
  /** The institution the subject acts for (`inst:…`), for access requests. */
  institution?: string | null;
  /** e.g. `1h`, `8h`, `30d` (jose's time span syntax). */
  expiresIn?: string;
  issuer?: string;
  audience?: string;
}

/** Mints an HS256 development token with the claims the server reads (sub, clearance, roles). */
export async function mintToken({ secret, subject, clearance, roles, institution, expiresIn = '8h', issuer, audience }: TokenOptions): Promise<string> {
  let jwt = new SignJWT({ clearance, roles, ...(institution ? { institution } : {}) }).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setIssuedAt().setExpirationTime(expiresIn);
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (audience) jwt = jwt.setAudience(audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
