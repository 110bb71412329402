import { Alert, Button, Card, Flex, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, tokenStore } from '../api';
import { describeError } from '../errors';
import { useI18n } from '../i18n';
import { LanguageSwitch } from '../LanguageSwitch';
import { completeOidcSignIn, startOidcSignIn, type OidcConfig } from '../oidc';
import { useSession } from '../session';

/** The invitation being accepted, kept across the round trip to the identity provider. */
const PENDING_INVITATION = 'datapact.invitation';
const HASH_PREFIX = '#/portal/invitation/';

/** The invitation token of this page load: in the link, or kept before signing in at the provider. */
export function pendingInvitation(): string | null {
  if (window.location.hash.startsWith(HASH_PREFIX)) return window.location.hash.slice(HASH_PREFIX.length) || null;
  return sessionStorage.getItem(PENDING_INVITATION);
}

/**
 * A partner's contact opens the invitation link: signs in (at the organisation's identity provider, or
 * in the embedded stack with a login of their choosing, as a provider would) and accepts; from then on
 * the same sign-in opens the partner portal. No token is made by hand.
 */
export function InvitationPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [invitation] = useState(() => pendingInvitation()!);
  const [mode, setMode] = useState<'dev' | 'token' | 'oidc' | null>(null);
  const [oidc, setOidc] = useState<OidcConfig | null>(null);
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const accept = async (identityToken: string) => {
    setBusy(true);
    setError(null);
    tokenStore.set(identityToken);
    try {
      await api('/api/portal-invitations/acceptance', { method: 'POST', json: { token: invitation } });
      sessionStorage.removeItem(PENDING_INVITATION);
      window.location.hash = '#/portal';
      await signIn(identityToken);
    } catch (err) {
      tokenStore.clear();
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    sessionStorage.setItem(PENDING_INVITATION, invitation);
    void (async () => {
      const config = (await fetch('/api/auth/config').then((res) => (res.ok ? res.json() : { mode: 'token' }))) as
        OidcConfig | { mode: 'dev' | 'token' };
      setMode(config.mode);
      if (config.mode !== 'oidc') return;
      setOidc(config);
      const returned = await completeOidcSignIn(config).catch(() => null);
      if (returned) await accept(returned);
    })();
    // Once, on the page's first load.
  }, []);

  const devSignIn = async () => {
    const res = await fetch('/api/dev/identity-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: login.trim(), ...(name.trim() ? { name: name.trim() } : {}) }),
    });
    if (!res.ok) return setError(t('invitation.badLogin'));
    await accept(((await res.json()) as { token: string }).token);
  };

  return (
    <div style={{ maxWidth: 560, margin: '32px auto', padding: 8 }}>
      <Card title={t('invitation.title')} extra={<LanguageSwitch />}>
        <Typography.Paragraph>{t('invitation.intro')}</Typography.Paragraph>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="invitation-error" />
        )}
        {mode === 'oidc' && oidc && (
          <Button
            type="primary"
            block
            loading={busy}
            onClick={() => void startOidcSignIn(oidc)}
            data-testid="invitation-oidc"
          >
            {t('invitation.oidc')}
          </Button>
        )}
        {mode === 'dev' && (
          <Flex vertical gap={8}>
            <Typography.Text type="secondary">{t('invitation.devHint')}</Typography.Text>
            <Input
              placeholder={t('invitation.login')}
              value={login}
              onChange={(e) => setLogin(e.target.value)}
              data-testid="invitation-login"
            />
            <Input
              placeholder={t('invitation.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="invitation-name"
            />
            <Button
              type="primary"
              loading={busy}
              disabled={!login.trim()}
              onClick={() => void devSignIn()}
              data-testid="invitation-accept"
            >
              {t('invitation.accept')}
            </Button>
          </Flex>
        )}
        {mode === 'token' && <Typography.Text type="secondary">{t('invitation.tokenMode')}</Typography.Text>}
      </Card>
    </div>
  );
}
