import {
  AlertOutlined,
  AuditOutlined,
  DatabaseOutlined,
  FileProtectOutlined,
  InboxOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { App as AntApp, Button, ConfigProvider, Flex, Grid, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import { I18nProvider, useI18n, type MessageKey } from './i18n';
import { AgreementListPage } from './pages/AgreementListPage';
import { AgreementPage } from './pages/AgreementPage';
import { AgreementRequestPage } from './pages/AgreementRequestPage';
import { AuditPage } from './pages/AuditPage';
import { IncidentListPage, IncidentPage } from './pages/IncidentsPage';
import { InventoryPage } from './pages/InventoryPage';
import { InvitationPage, pendingInvitation } from './pages/InvitationPage';
import { MyWorkPage } from './pages/MyWorkPage';
import { SignInPage } from './pages/SignInPage';
import { PartnerListPage } from './pages/PartnerListPage';
import { PartnerPage } from './pages/PartnerPage';
import { PartnerPortalPage } from './pages/PartnerPortalPage';
import { SessionProvider, useSession, useSignedIn } from './session';
import { LanguageSwitch } from './LanguageSwitch';

type Route = 'work' | 'portal' | 'agreements' | 'partners' | 'incidents' | 'inventory' | 'audit';
const ROUTES: { key: Route; label: MessageKey; icon: ReactNode }[] = [
  { key: 'portal', label: 'nav.portal', icon: <SolutionOutlined /> },
  { key: 'work', label: 'nav.work', icon: <InboxOutlined /> },
  { key: 'agreements', label: 'nav.agreements', icon: <FileProtectOutlined /> },
  { key: 'partners', label: 'nav.partners', icon: <TeamOutlined /> },
  { key: 'incidents', label: 'nav.incidents', icon: <AlertOutlined /> },
  { key: 'inventory', label: 'nav.inventory', icon: <DatabaseOutlined /> },
  { key: 'audit', label: 'nav.audit', icon: <AuditOutlined /> },
];

/** What an agreement's address opens: the agreement, its request form (a draft's edit, an amendment), or a new request. */
type AgreementView = 'page' | 'edit' | 'amend' | 'new';

/**
 * The screen of the hash. A partner's user is at home in the portal, and any partner or agreement link
 * takes them there (they have one organisation); the company's people start at My work.
 */
function routeOfHash(partnerUser: boolean): { route: Route; id?: string; view?: AgreementView } {
  const [name, id, sub] = window.location.hash.replace(/^#\/?/, '').split('/');
  const home: Route = partnerUser ? 'portal' : 'work';
  if (name === 'agreements') {
    if (partnerUser) return { route: 'portal' };
    if (!id) return { route: 'agreements' };
    if (id === 'new') return { route: 'agreements', view: 'new' };
    const view: AgreementView = sub === 'edit' || sub === 'amend' ? sub : 'page';
    return { route: 'agreements', id: decodeURIComponent(id), view };
  }
  if (name === 'portal' || name === 'partners') {
    if (partnerUser) return { route: 'portal' };
    if (name === 'portal') return { route: home };
    return id ? { route: 'partners', id: decodeURIComponent(id) } : { route: 'partners' };
  }
  if (name === 'incidents' && !partnerUser) {
    return id ? { route: 'incidents', id: decodeURIComponent(id) } : { route: 'incidents' };
  }
  return { route: ROUTES.some((r) => r.key === name) ? (name as Route) : home };
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
  if (pendingInvitation()) return <InvitationPage />;
  return session ? <Shell /> : <SignInPage />;
}

function Shell() {
  const { t } = useI18n();
  const { claims, ability, signOut } = useSignedIn();
  const partnerUser = claims.roles.includes('partner');
  const [{ route, id, view }, setRoute] = useState(() => routeOfHash(partnerUser));
  const screens = Grid.useBreakpoint();
  useEffect(() => {
    const onHash = () => setRoute(routeOfHash(partnerUser));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [partnerUser]);
  // A partner's user sees its portal and its work; the company's registers are for the company's people.
  const shown: Record<Route, boolean> = {
    portal: partnerUser,
    work: true,
    agreements: !partnerUser && ability.can('read', 'Agreement'),
    partners: !partnerUser && ability.can('read', 'Partner'),
    incidents: !partnerUser && ability.can('read', 'Incident'),
    inventory: !partnerUser && ability.can('read', 'DataAsset'),
    audit: !partnerUser && ability.can('read', 'AuditEvent'),
  };
  const visible = ROUTES.filter((r) => shown[r.key]);

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
            // Every section stays in sight: the header wraps rather than folding sections into "…".
            disabledOverflow
            style={{ flex: 'auto' }}
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
        {route === 'portal' && <PartnerPortalPage />}
        {route === 'inventory' && <InventoryPage />}
        {route === 'audit' && <AuditPage />}
        {route === 'partners' && (id ? <PartnerPage key={id} id={id} /> : <PartnerListPage />)}
        {route === 'agreements' &&
          (view === 'new' ? (
            <AgreementRequestPage key="new" mode="new" />
          ) : id && (view === 'edit' || view === 'amend') ? (
            <AgreementRequestPage key={`${view}:${id}`} mode={view} id={id} />
          ) : id ? (
            <AgreementPage key={id} id={id} />
          ) : (
            <AgreementListPage />
          ))}
        {route === 'incidents' && (id ? <IncidentPage key={id} id={id} /> : <IncidentListPage />)}
      </Layout.Content>
    </Layout>
  );
}
