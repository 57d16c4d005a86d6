// The local account behind the API key: one user, unlimited credits (or, in metered mode, a
// finite balance that creating extractions draws from).
import os from 'node:os';
import { ID_PREFIX } from '../../shared/api/common.js';
import type { Store } from '../store/store-client.js';
import { newId } from '../store/queries/common.js';
import type { AccountService } from './types.js';

/** The account service over the store's settings. */
export function createAccountService(store: Store): AccountService {
  async function userId(): Promise<string> {
    const existing = await store.call('getSetting', { key: 'user_id' });
    if (existing) return existing;
    const id = newId(ID_PREFIX.user);
    await store.call('setSetting', { key: 'user_id', value: id });
    return id;
  }
  return {
    async me() {
      const key = await store.call('ensureApiKey');
      let name = 'Local user';
      try {
        name = os.userInfo().username || name;
      } catch {
        // No user database entry (some containers): keep the generic name.
      }
      return {
        user_id: await userId(),
        email: null,
        name,
        credits_available: await store.call('getCreditBalance'),
        key_name: 'local',
        key_expires_at: null,
        member_since: key.created_at,
      };
    },
    async credits() {
      return { available: await store.call('getCreditBalance'), purchases: [] };
    },
  };
}
