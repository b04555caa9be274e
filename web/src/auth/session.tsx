import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { Member } from '../api/types';

interface SessionState {
  member: Member | null;
  /** false until the first /me answer, so pages do not flash the sign-in form. */
  ready: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

interface SessionAnswer {
  member: Member;
  csrfToken: string;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [member, setMember] = useState<Member | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    // A session that expires (or is revoked) while the page is open ends here.
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setMember(null);
    });
    let current = true;
    api<SessionAnswer>('/api/v1/me')
      .then((me) => {
        if (!current) return;
        setCsrfToken(me.csrfToken);
        setMember(me.member);
      })
      .catch(() => current && setMember(null))
      .finally(() => current && setReady(true));
    return () => {
      current = false;
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const result = await api<SessionAnswer>('/api/v1/session', {
      method: 'POST',
      body: { email, password },
    });
    setCsrfToken(result.csrfToken);
    setMember(result.member);
  }, []);

  const signOut = useCallback(async () => {
    // Forget the session locally even if the server cannot be reached.
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
