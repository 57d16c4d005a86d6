// Parsers and the hosted account (only while sync is on): send the open parser there, and copy the
// account's parsers here. Each says what it did (created or updated) or why it could not.
import { useStore } from 'zustand';
import { ErrorBanner } from '../../components/error-banner.js';
import type { ParsersStore } from '../../stores/parsers-store.js';
import { useAppStores, useSync } from '../../stores/stores-provider.js';
import type { PullResult } from '../../stores/sync-store.js';
import { useSyncOn } from '../settings/use-sync-on.js';

/** "Send to hosted account" for the open parser (its saved version). */
export function PushParserButton({ store }: { store: ParsersStore }) {
  const stores = useAppStores();
  const syncOn = useSyncOn();
  const parserId = useStore(store, (s) => s.parser?.parser_id ?? null);
  const dirty = useStore(store, (s) => s.dirty);
  const push = useSync((s) => (parserId ? s.pushes[parserId] : undefined));
  if (!syncOn || !parserId) return null;

  return (
    <div className="peditor__sync">
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={dirty || push?.state === 'running'}
        title={dirty ? 'Save first: the saved parser is what is sent.' : undefined}
        onClick={() => void stores.sync.getState().pushParser(parserId)}
      >
        {push?.state === 'running' ? 'Sending…' : 'Send to hosted account'}
      </button>
      <span role="status" className="peditor__sync-status">
        {push?.state === 'done' ? (push.action === 'created' ? 'Created in your hosted account.' : 'Updated in your hosted account.') : ''}
        {dirty && push?.state !== 'running' ? 'Save first to send this parser.' : ''}
      </span>
      {push?.state === 'error' ? <ErrorBanner message={push.message} /> : null}
    </div>
  );
}

/** What a pull did, in one sentence. */
export function pullSummary(pull: Extract<PullResult, { state: 'done' }>): string {
  if (pull.parsers.length === 0) return 'Your hosted account has no parsers to copy.';
  const words = pull.parsers.map((p) => `“${p.name}” (${p.action === 'created' ? 'new' : 'updated'})`);
  return `Copied ${pull.parsers.length === 1 ? '1 parser' : `${pull.parsers.length} parsers`} from your hosted account: ${words.join(', ')}.`;
}

/** "Get parsers from hosted account" above the parser list; the list refreshes after it. */
export function PullParsersButton({ store }: { store: ParsersStore }) {
  const stores = useAppStores();
  const syncOn = useSyncOn();
  const pull = useSync((s) => s.pull);
  if (!syncOn) return null;

  const onPull = async () => {
    const result = await stores.sync.getState().pullParsers();
    if (!result) return;
    await Promise.all([store.getState().loadList(), stores.parserOptions.getState().load()]);
  };

  return (
    <div className="parser-list__sync">
      <button type="button" className="button button--secondary button--small" disabled={pull?.state === 'running'} onClick={() => void onPull()}>
        {pull?.state === 'running' ? 'Getting parsers…' : 'Get parsers from hosted account'}
      </button>
      <p role="status" className="parser-list__sync-status">
        {pull?.state === 'done' ? pullSummary(pull) : ''}
      </p>
      {pull?.state === 'error' ? <ErrorBanner message={pull.message} /> : null}
    </div>
  );
}
