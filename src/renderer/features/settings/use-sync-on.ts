// Whether sync with the hosted service is on: the sync store's answer once it has one, else the
// flag the settings carry (loaded when the app starts). Screens that offer hosted actions use it.
import { useSettings, useSync } from '../../stores/stores-provider.js';

/** True while sync is on; false (nothing is sent anywhere) until the user connects. */
export function useSyncOn(): boolean {
  const fromSync = useSync((s) => s.status?.enabled ?? null);
  const fromSettings = useSettings((s) => s.settings?.sync_enabled ?? false);
  return fromSync ?? fromSettings;
}
