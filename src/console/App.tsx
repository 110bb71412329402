import {
  AlertOutlined,
  AuditOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileProtectOutlined,
  InboxOutlined,
  LineChartOutlined,
  MenuOutlined,
  ScanOutlined,
  SettingOutlined,
  WarningOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { App as AntApp, Button, ConfigProvider, Drawer, Grid, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import { I18nProvider, useI18n, type MessageKey } from './i18n';
import { AgreementListPage } from './pages/AgreementListPage';
import { AgreementPage } from './pages/AgreementPage';
import { AgreementRequestPage } from './pages/AgreementRequestPage';
import { AuditPage } from './pages/AuditPage';
import { FindingListPage, FindingPage } from './pages/FindingsPage';
import { IncidentListPage, IncidentPage } from './pages/IncidentsPage';
import { InspectionListPage, InspectionRunPage } from './pages/InspectionsPage';
import { InspectionRulesPage } from './pages/InspectionRulesPage';
import { InventoryPage } from './pages/InventoryPage';
import { InvitationPage, pendingInvitation } from './pages/InvitationPage';
import { MyWorkPage } from './pages/MyWorkPage';
import { OverviewPage } from './pages/OverviewPage';
import { SignInPage } from './pages/SignInPage';
import { PartnerListPage } from './pages/PartnerListPage';
import { PartnerPage } from './pages/PartnerPage';
import { PartnerPortalPage } from './pages/PartnerPortalPage';
import { ReportsPage } from './pages/ReportsPage';
import { SessionProvider, useSession, useSignedIn } from './session';
import { LanguageSwitch } from './LanguageSwitch';

type Route =
  | 'overview'
  | 'work'
  | 'portal'
  | 'agreements'
  | 'partners'
  | 'incidents'
  | 'reports'
  | 'inspections'
  | 'findings'
  | 'rules'
  | 'inventory'
  | 'audit';
const ROUTES: { key: Route; label: MessageKey; icon: ReactNode }[] = [
  { key: 'portal', label: 'nav.portal', icon: <SolutionOutlined /> },
  { key: 'overview', label: 'nav.overview', icon: <DashboardOutlined /> },
  { key: 'work', label: 'nav.work', icon: <InboxOutlined /> },
  { key: 'agreements', label: 'nav.agreements', icon: <FileProtectOutlined /> },
  { key: 'partners', label: 'nav.partners', icon: <TeamOutlined /> },
  { key: 'incidents', label: 'nav.incidents', icon: <AlertOutlined /> },
  { key: 'reports', label: 'nav.reports', icon: <LineChartOutlined /> },
  { key: 'inspections', label: 'nav.inspections', icon: <ScanOutlined /> },
  { key: 'findings', label: 'nav.findings', icon: <WarningOutlined /> },
  { key: 'rules', label: 'nav.inspectionRules', icon: <SettingOutlined /> },
  { key: 'inventory', label: 'nav.inventory', icon: <DatabaseOutlined /> },
  { key: 'audit', label: 'nav.audit', icon: <AuditOutlined /> },
];

/** A phone's header: one row, within the 64 px the design allows. */
const PHONE_HEADER_PX = 56;
const MENU_DRAWER_PX = 280;

/** What an agreement's address opens: the agreement, its request form (a draft's edit, an amendment), or a new request. */
type AgreementView = 'page' | 'edit' | 'amend' | 'new';

/**
 * The screen of the hash. A partner's user is at home in the portal, and any partner or agreement link
 * takes them there (they have one organisation); the company's people start at the overview.
 */
function routeOfHash(partnerUser: boolean): { route: Route; id?: string; view?: AgreementView } {
  const [name, id, sub] = window.location.hash.replace(/^#\/?/, '').split('/');
  const home: Route = partnerUser ? 'portal' : 'overview';
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
  if ((name === 'inspections' || name === 'findings') && !partnerUser) {
    return id ? { route: name, id: decodeURIComponent(id) } : { route: name };
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
  const [{ route: asked, id, view }, setRoute] = useState(() => routeOfHash(partnerUser));
  const screens = Grid.useBreakpoint();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    const onHash = () => setRoute(routeOfHash(partnerUser));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [partnerUser]);
  // A partner's user sees its portal and its work; the company's registers are for the company's people.
  const shown: Record<Route, boolean> = {
    portal: partnerUser,
    overview: !partnerUser,
    work: true,
    agreements: !partnerUser && ability.can('read', 'Agreement'),
    partners: !partnerUser && ability.can('read', 'Partner'),
    incidents: !partnerUser && ability.can('read', 'Incident'),
    reports: !partnerUser && ability.can('read', 'MonthlyReport'),
    inspections: !partnerUser && ability.can('read', 'Inspection'),
    findings: !partnerUser && ability.can('read', 'Finding'),
    rules: !partnerUser && ability.can('update', 'Inspection'),
    inventory: !partnerUser && ability.can('read', 'DataAsset'),
    audit: !partnerUser && ability.can('read', 'AuditEvent'),
  };
  const visible = ROUTES.filter((r) => shown[r.key]);
  // An address of a section the caller does not have (a link, a reload after another user) opens its home.
  const home: Route = partnerUser ? 'portal' : 'overview';
  const route = shown[asked] ? asked : home;

  const menuItems = visible.map((r) => ({
    key: r.key,
    icon: r.icon,
    label: (
      <a href={`#/${r.key}`} data-testid={`nav-${r.key}`}>
        {t(r.label)}
      </a>
    ),
  }));
  const who = (
    <>
      {claims.roles.map((role) => (
        <Tag key={role} color="blue" data-testid="user-role">
          {t(`role.${role}` as MessageKey)}
        </Tag>
      ))}
      {claims.unit && <Tag data-testid="user-unit">{claims.unit}</Tag>}
    </>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {screens.md ? (
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
            {t('app.title')}
          </Typography.Text>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[route]}
            // Every section stays in sight: the header wraps rather than folding sections into "…".
            disabledOverflow
            style={{ flex: 'auto', minWidth: 0 }}
            items={menuItems}
          />
          <Space size={4}>
            <Typography.Text style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="user-name">
              {claims.name ?? claims.sub}
            </Typography.Text>
            {who}
            <LanguageSwitch />
            <Button size="small" onClick={signOut} data-testid="sign-out">
              {t('header.signOut')}
            </Button>
          </Space>
        </Layout.Header>
      ) : (
        // A phone's header is one row (≤ 64 px): the menu button, the name, the language; the sections,
        // the roles and signing out are in the drawer, one tap away.
        <Layout.Header
          style={{ display: 'flex', alignItems: 'center', gap: 8, paddingInline: 8, height: PHONE_HEADER_PX }}
        >
          <Button
            type="text"
            icon={<MenuOutlined style={{ color: '#fff' }} />}
            aria-label={t('header.menu')}
            onClick={() => setMenuOpen(true)}
            data-testid="nav-open"
          />
          <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="app-title">
            DataPact
          </Typography.Text>
          <Typography.Text style={{ color: '#fff', flex: 1, minWidth: 0 }} ellipsis data-testid="user-name">
            {claims.name ?? claims.sub}
          </Typography.Text>
          <LanguageSwitch />
        </Layout.Header>
      )}
      {!screens.md && (
        <Drawer
          placement="left"
          size={MENU_DRAWER_PX}
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          title={
            <Space wrap size={4}>
              {who}
            </Space>
          }
          // Rendered before it first opens: its sections and the caller's roles are in the page from the start.
          forceRender
          styles={{ body: { padding: 0 } }}
          data-testid="nav-drawer"
        >
          <Menu mode="inline" selectedKeys={[route]} items={menuItems} onClick={() => setMenuOpen(false)} />
          <div style={{ padding: 16 }}>
            <Button block onClick={signOut} data-testid="sign-out">
              {t('header.signOut')}
            </Button>
          </div>
        </Drawer>
      )}
      <Layout.Content style={{ padding: screens.md ? 24 : 8, minWidth: 0 }}>
        {route === 'overview' && <OverviewPage />}
        {route === 'work' && <MyWorkPage />}
        {route === 'portal' && <PartnerPortalPage />}
        {route === 'inventory' && <InventoryPage />}
        {route === 'audit' && <AuditPage />}
        {route === 'reports' && <ReportsPage />}
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
        {route === 'inspections' && (id ? <InspectionRunPage key={id} period={id} /> : <InspectionListPage />)}
        {route === 'findings' && (id ? <FindingPage key={id} id={id} /> : <FindingListPage />)}
        {route === 'rules' && <InspectionRulesPage />}
      </Layout.Content>
    </Layout>
  );
}
