/**
 * Startup, in order: storage → device identity → credentials (taking a `#setup=` code out of
 * the URL first) → session/client → stores wired to client events → render → connect.
 */
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { AppProvider, type AppServices } from './app/context.tsx';
import { wireStores } from './app/wire.ts';
import { createI18nStore } from './i18n/i18n.ts';
import { loadOrCreateIdentity } from './identity/browser-identity.ts';
import { browserStorage } from './lib/storage.ts';
import { gatewayUrlFor } from './session/client-info.ts';
import { CredentialStore } from './session/credentials.ts';
import { Session } from './session/session.ts';
import { consumeSetupFragment, setupLinkNotice } from './session/setup-link.ts';
import { createConnectionStore } from './state/connection-store.ts';
import { createNodesStore } from './state/nodes-store.ts';
import { createAlertsStore } from './state/alerts-store.ts';
import { createPendingStore } from './state/pending-store.ts';
import { createRunsStore } from './state/runs-store.ts';
import { createSettingsStore } from './state/settings-store.ts';
import { createSetupStore } from './state/setup-store.ts';
import { createStorageStore } from './state/storage-store.ts';

const local = browserStorage('localStorage');
const sessionStore = browserStorage('sessionStorage');
const identity = loadOrCreateIdentity(local);
const credentials = new CredentialStore(local, sessionStore);

const setup = consumeSetupFragment(window.location, window.history);
if (setup.payload) credentials.setBootstrap(setup.payload.bootstrapToken, setup.payload.expiresAtMs);
const setupNotice = setupLinkNotice(setup);


const connection = createConnectionStore(identity.deviceId, '');
const stores = {
  connection,
  nodes: createNodesStore(),
  pending: createPendingStore(),
  alerts: createAlertsStore(),
  runs: createRunsStore(),
  settings: createSettingsStore(),
  setup: createSetupStore(),
  storage: createStorageStore(),
  i18n: createI18nStore(local, navigator.languages?.length ? navigator.languages : [navigator.language]),
};
const session = new Session({
  identity,
  credentials,
  url: gatewayUrlFor(window.location),
  onNotice: (notice) => connection.setState({ notice }),
});
connection.setState({ fingerprint: session.fingerprint });
if (setupNotice) connection.setState({ notice: { failure: setupNotice, via: 'bootstrap' } });

wireStores(session.client, stores);
// Coming back online or to the foreground should not wait out a long backoff.
window.addEventListener('online', () => session.client.retryNow());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') session.client.retryNow();
});

const services: AppServices = { stores, client: session.client, session, storage: local };
createRoot(document.getElementById('root')!).render(
  <AppProvider value={services}>
    <App onRetry={() => session.client.retryNow()} />
  </AppProvider>,
);
if (session.hasCredentials()) session.start();
