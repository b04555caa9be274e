import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, setCsrfToken } from '../api/client';
import type { Member } from '../api/types';

interface SessionState {
  member: Member | null;
  /** false until the first /me answer, so pages do not flash the sign-in form. */
  ready: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [member, setMember] = useState<Member | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    api<{ member: Member | null; csrfToken: string | null }>('/api/v1/me')
      .then((me) => {
        setCsrfToken(me.csrfToken);
        setMember(me.member);
      })
      .catch(() => setMember(null))
      .finally(() => setReady(true));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const result = await api<{ member: Member; csrfToken: string }>('/api/v1/session', {
      method: 'POST',
      body: { email, password },
    });
    setCsrfToken(result.csrfToken);
    setMember(result.member);
  }, []);

  const signOut = useCallback(async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setCsrfToken(null);
    setMember(null);
  }, []);

  return (
    <SessionContext.Provider value={{ member, ready, signIn, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
