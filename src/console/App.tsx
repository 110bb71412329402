import { AuditOutlined, DatabaseOutlined, InboxOutlined } from '@ant-design/icons';
import { App as AntApp, Button, ConfigProvider, Flex, Grid, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import { I18nProvider, useI18n, type MessageKey } from './i18n';
import { AuditPage } from './pages/AuditPage';
import { InventoryPage } from './pages/InventoryPage';
import { MyWorkPage } from './pages/MyWorkPage';
import { SignInPage } from './pages/SignInPage';
import { PartnerPage } from './pages/PartnerPage';
import { SessionProvider, useSession, useSignedIn } from './session';
import { LanguageSwitch } from './LanguageSwitch';

type Route = 'work' | 'inventory' | 'audit' | 'partners';
const ROUTES: { key: Exclude<Route, 'partners'>; label: MessageKey; icon: ReactNode }[] = [
  { key: 'work', label: 'nav.work', icon: <InboxOutlined /> },
  { key: 'inventory', label: 'nav.inventory', icon: <DatabaseOutlined /> },
  { key: 'audit', label: 'nav.audit', icon: <AuditOutlined /> },
];

function routeOfHash(): { route: Route; id?: string } {
  const [name, id] = window.location.hash.replace(/^#\/?/, '').split('/');
  if (name === 'partners' && id) return { route: 'partners', id: decodeURIComponent(id) };
  return { route: ROUTES.some((r) => r.key === name) ? (name as Route) : 'work' };
}

export function App() {
  return (
    <I18nProvider>
      <Localised />
    </I18nProvider>
  );
}

function Localised() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en-US' ? enUS : zhCNLocale} theme={{ token: { colorPrimary: '#1d4ed8' } }}>
      <AntApp>
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function Gate() {
  const { session, loading } = useSession();
  if (loading) return <Spin style={{ margin: 48 }} />;
  return session ? <Shell /> : <SignInPage />;
}

function Shell() {
  const { t } = useI18n();
  const { claims, ability, signOut } = useSignedIn();
  const [{ route, id }, setRoute] = useState(routeOfHash);
  const screens = Grid.useBreakpoint();
  useEffect(() => {
    const onHash = () => setRoute(routeOfHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const visible = ROUTES.filter((r) => r.key !== 'audit' || ability.can('read', 'AuditEvent'));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: 16,
          flexWrap: 'wrap',
          height: 'auto',
          lineHeight: '48px',
        }}
      >
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="app-title">
          {screens.md ? t('app.title') : 'DataPact'}
        </Typography.Text>
        {screens.md ? (
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[route]}
            style={{ flex: 1, minWidth: 0 }}
            items={visible.map((r) => ({
              key: r.key,
              icon: r.icon,
              label: (
                <a href={`#/${r.key}`} data-testid={`nav-${r.key}`}>
                  {t(r.label)}
                </a>
              ),
            }))}
          />
        ) : (
          // On a phone every section stays one tap away instead of folding into an overflow menu.
          <Flex wrap gap={4} style={{ flex: 1, paddingBottom: 4 }}>
            {visible.map((r) => (
              <Button
                key={r.key}
                size="small"
                type={r.key === route ? 'primary' : 'default'}
                icon={r.icon}
                href={`#/${r.key}`}
                data-testid={`nav-${r.key}`}
              >
                {t(r.label)}
              </Button>
            ))}
          </Flex>
        )}
        <Space wrap size={4}>
          <Typography.Text style={{ color: '#fff' }} data-testid="user-name">
            {claims.name ?? claims.sub}
          </Typography.Text>
          {claims.roles.map((role) => (
            <Tag key={role} color="blue" data-testid="user-role">
              {t(`role.${role}` as MessageKey)}
            </Tag>
          ))}
          {claims.unit && <Tag data-testid="user-unit">{claims.unit}</Tag>}
          <LanguageSwitch />
          <Button size="small" onClick={signOut} data-testid="sign-out">
            {t('header.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: screens.md ? 24 : 8 }}>
        {route === 'work' && <MyWorkPage />}
        {route === 'inventory' && <InventoryPage />}
        {route === 'audit' && <AuditPage />}
        {route === 'partners' && id && <PartnerPage id={id} />}
      </Layout.Content>
    </Layout>
  );
}
