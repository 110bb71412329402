import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { defineAbilityFor, type AppAbility, type Claims } from '../../policies/abilities';
import { api, ApiError, tokenStore } from './api';

interface Session {
  claims: Claims & { name?: string };
  /** The same abilities the API enforces: the console offers only what they allow. */
  ability: AppAbility;
  signOut: () => void;
}

interface SessionState {
  session: Session | null;
  loading: boolean;
  signIn: (token: string) => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);

  const signOut = useCallback(() => {
    tokenStore.clear();
    setSession(null);
  }, []);

  const load = useCallback(async () => {
    const claims = await api<Claims & { name?: string }>('/api/me');
    setSession({ claims, ability: defineAbilityFor(claims), signOut });
  }, [signOut]);

  useEffect(() => {
    if (!tokenStore.get()) {
      setLoading(false);
      return;
    }
    load()
      .catch(() => tokenStore.clear())
      .finally(() => setLoading(false));
  }, [load]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      loading,
      signIn: async (token) => {
        tokenStore.set(token);
        try {
          await load();
        } catch (err) {
          tokenStore.clear();
          throw err instanceof ApiError ? err : new ApiError({ status: 0, code: 'network' });
        }
      },
    }),
    [session, loading, load],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('not signed in');
  return session;
}
