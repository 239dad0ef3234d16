import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from './env-readers.js';

function readPem(variable: string, file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(variable, `must be a readable PEM ${what} file, ${JSON.stringify(file)} cannot be read (${code})`);
  }
}

/**
 * Reads and checks the TLS certificate and key before the server uses them: each must be PEM
 * (a certificate, a private key) and the key must belong to the certificate. Throws ConfigError
 * naming TLS_CERT or TLS_KEY; an expired certificate only adds a warning (it may be renewed
 * while the server runs behind a proxy that does not check it, but browsers will refuse it).
 */
export function checkTlsFiles(cert: string, key: string, warnings: string[]): void {
  const certPem = readPem('TLS_CERT', cert, 'certificate');
  const keyPem = readPem('TLS_KEY', key, 'private key');
  let x509: X509Certificate;
  try {
    if (!certPem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate block');
    x509 = new X509Certificate(certPem);
  } catch {
    throw new ConfigError('TLS_CERT', `must be a PEM certificate (-----BEGIN CERTIFICATE-----), ${JSON.stringify(cert)} is not one`);
  }
  let privateKey: KeyObject;
  try {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyPem)) throw new Error('no PEM private key block');
    privateKey = createPrivateKey(keyPem);
  } catch {
    throw new ConfigError('TLS_KEY', `must be a PEM private key (-----BEGIN PRIVATE KEY-----), ${JSON.stringify(key)} is not one (an encrypted key is not supported)`);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new ConfigError('TLS_KEY', `${JSON.stringify(key)} is not the private key of the certificate in TLS_CERT`);
  }
  if (new Date(x509.validTo).getTime() < Date.now()) warnings.push(`TLS_CERT ${JSON.stringify(cert)} expired on ${x509.validTo}: browsers will refuse it`);
}
