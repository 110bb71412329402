import { App, Button, Card, Flex, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { completeOidcSignIn, startOidcSignIn, type OidcConfig } from '../oidc';
import { LanguageSwitch } from '../LanguageSwitch';

interface DemoUser {
  sub: string;
  name: string;
  roles: string[];
  unit?: string;
  token: string;
}

/**
 * Dev mode: a picker of the demo users (and a pasted token); with the organisation's OpenID provider:
 * its sign-in only; otherwise a pasted bearer token.
 */
export function SignInPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const { message } = App.useApp();
  const [demoUsers, setDemoUsers] = useState<DemoUser[] | null>(null);
  const [oidc, setOidc] = useState<OidcConfig | null>(null);
  const [token, setToken] = useState('');
  const [mode, setMode] = useState<'dev' | 'token' | 'oidc' | null>(null);

  useEffect(() => {
    void (async () => {
      const config = (await fetch('/api/auth/config').then((res) => (res.ok ? res.json() : { mode: 'token' }))) as
        OidcConfig | { mode: 'dev' | 'token' };
      setMode(config.mode);
      if (config.mode === 'dev') {
        const body = (await fetch('/api/dev/tokens').then((res) => (res.ok ? res.json() : { users: [] }))) as {
          users: DemoUser[];
        };
        setDemoUsers(body.users);
      } else if (config.mode === 'oidc') {
        setOidc(config);
        const returned = await completeOidcSignIn(config).catch(() => {
          message.error(t('signIn.invalid'));
          return null;
        });
        if (returned) await submit(returned);
      }
    })();
    // Once, on the page's first load.
  }, []);

  const submit = async (value: string) => {
    try {
      await signIn(value.trim());
    } catch {
      message.error(t('signIn.invalid'));
    }
  };

  return (
    <div style={{ maxWidth: 560, margin: '32px auto', padding: 8 }}>
      <Card title={t('signIn.title')} extra={<LanguageSwitch />}>
        <Typography.Title level={5}>{t('app.title')}</Typography.Title>
        {demoUsers && demoUsers.length > 0 && (
          <>
            <Typography.Paragraph type="secondary">{t('signIn.devUsers')}</Typography.Paragraph>
            <Flex vertical gap={4}>
              {demoUsers.map((user) => (
                <Flex
                  key={user.sub}
                  justify="space-between"
                  align="center"
                  wrap
                  style={{ borderBottom: '1px solid #f0f0f0', padding: '4px 0' }}
                >
                  <Flex vertical>
                    <Typography.Text>{user.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      {user.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ')}
                      {user.unit ? ` · ${user.unit}` : ''}
                    </Typography.Text>
                  </Flex>
                  <Button type="link" onClick={() => void submit(user.token)} data-testid={`sign-in-as-${user.sub}`}>
                    {t('signIn.submit')}
                  </Button>
                </Flex>
              ))}
            </Flex>
          </>
        )}
        {oidc && (
          <Button type="primary" block onClick={() => void startOidcSignIn(oidc)} data-testid="sign-in-oidc">
            {t('signIn.oidc')}
          </Button>
        )}
        {(mode === 'dev' || mode === 'token') && (
          <>
            <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
              {t('signIn.pasteToken')}
            </Typography.Paragraph>
            <Space.Compact style={{ width: '100%' }}>
              <Input.Password value={token} onChange={(e) => setToken(e.target.value)} data-testid="token-input" />
              <Button
                type="primary"
                onClick={() => void submit(token)}
                disabled={!token.trim()}
                data-testid="token-submit"
              >
                {t('signIn.submit')}
              </Button>
            </Space.Compact>
          </>
        )}
      </Card>
    </div>
  );
}
