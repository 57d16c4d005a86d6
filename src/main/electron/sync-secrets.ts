// The sync key in the OS keychain: the SecretStore sync uses, over the shell's Secrets
// (Electron safeStorage). Without protected storage, storing is refused with a sentence.
import type { SecretStore } from '../sync/secret-store.js';
import type { Secrets } from './secrets.js';

/** A keychain-backed SecretStore. */
export function keychainSecretStore(secrets: Secrets): SecretStore {
  return {
    kind: 'keychain',
    get: (name) => secrets.get(name),
    set: (name, value) => secrets.set(name, value),
    remove: (name) => secrets.remove(name),
  };
}
