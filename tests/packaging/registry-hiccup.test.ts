import { describe, expect, it } from 'vitest';
import { isRegistryHiccup } from '../../scripts/install-from-tarballs.mjs';

// The packed install retries only what is the registry's passing fault, never our own mistakes.
describe('isRegistryHiccup', () => {
  it('retries a version the registry edge does not list yet, network errors and 5xx', () => {
    expect(isRegistryHiccup('npm error code ETARGET\nnpm error notarget No matching version found for oauth4webapi@^3.8.9.')).toBe(true);
    expect(isRegistryHiccup('npm error code ECONNRESET')).toBe(true);
    expect(isRegistryHiccup('npm error code E503\nnpm error 503 Service Unavailable')).toBe(true);
  });
  it('does not retry a missing package, a conflict or a failed build', () => {
    expect(isRegistryHiccup('npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/@tandem%2fnope')).toBe(false);
    expect(isRegistryHiccup('npm error code ERESOLVE')).toBe(false);
    expect(isRegistryHiccup('npm error code 1\nnpm error command failed')).toBe(false);
  });
});
