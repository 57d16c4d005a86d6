// Sample sync data (the hosted service connection and its request log) in the contract's shapes.
import type { SyncLogEntry, SyncStatus } from '../../src/shared/rpc-contract.js';

export function syncOff(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return { enabled: false, base_url: 'https://api.perfectparser.com', account: null, credits_available: null, key_storage: 'keychain', last_error: null, ...overrides };
}

export function syncOn(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    enabled: true,
    base_url: 'https://api.perfectparser.com',
    account: { user_id: 'usr_1', name: 'Ada Lovelace', email: 'ada@example.com', key_name: 'Laptop' },
    credits_available: 1250,
    key_storage: 'keychain',
    last_error: null,
    ...overrides,
  };
}

export function logEntry(id: string, overrides: Partial<SyncLogEntry> = {}): SyncLogEntry {
  return {
    id,
    at: '2025-03-01T10:00:00.000Z',
    method: 'GET',
    path: '/v1/me',
    request_bytes: 0,
    response_bytes: 180,
    status: 200,
    duration_ms: 42,
    error: null,
    ...overrides,
  };
}
