/** Top-level screen choice: login, first connect, or the app with its routes. */
import { lazy, Suspense, useEffect } from 'react';
import { useSlice, useT } from './context.tsx';
import { useRoute } from '../lib/router.ts';
import { LoginScreen } from '../screens/Login.tsx';
import { ConnectingScreen } from '../screens/Connecting.tsx';
import { OverviewScreen } from '../screens/Overview.tsx';
import { NodesScreen } from '../screens/Nodes.tsx';
import { NodeDetailScreen } from '../screens/NodeDetail.tsx';
import { SettingsScreen } from '../screens/Settings.tsx';
import { AlertsScreen } from '../screens/Alerts.tsx';
import { Shell } from '../ui/Shell.tsx';

// Screens most visits never open load when first opened; the pairing and remote-access screens
// also carry the QR encoder, which would otherwise weigh on every first visit.
const PairScreen = lazy(() => import('../screens/Pair.tsx'));
const StorageScreen = lazy(() => import('../screens/Storage.tsx'));
const ModelsScreen = lazy(() => import('../screens/Models.tsx'));
const RemoteScreen = lazy(() => import('../screens/Remote.tsx'));

export function App({ onRetry }: { onRetry: () => void }) {
  const t = useT();
  const status = useSlice((s) => s.connection, (s) => s.state.status);
  const everConnected = useSlice((s) => s.connection, (s) => s.everConnected);
  const lang = useSlice((s) => s.i18n, (s) => s.lang);
  const route = useRoute();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);

  if (status === 'idle' || status === 'rejected') return <LoginScreen />;
  if (!everConnected) return <ConnectingScreen />;
  return (
    <Shell route={route} onRetry={onRetry}>
      {/* One boundary for every on-demand screen: the others never suspend. */}
      <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
        {route.name === 'overview' && <OverviewScreen />}
        {route.name === 'nodes' && <NodesScreen />}
        {route.name === 'node' && <NodeDetailScreen nodeId={route.nodeId} />}
        {route.name === 'pair' && <PairScreen profile={route.profile ?? 'phone'} />}
        {route.name === 'models' && <ModelsScreen />}
        {route.name === 'storage' && <StorageScreen />}
        {route.name === 'settings' && <SettingsScreen />}
        {route.name === 'alerts' && <AlertsScreen />}
        {route.name === 'remote' && <RemoteScreen />}
      </Suspense>
    </Shell>
  );
}
