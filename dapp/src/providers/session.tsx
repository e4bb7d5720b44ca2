"use client";
import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { AuthenticationStatus } from "@rainbow-me/rainbowkit";
import { useAccount } from "wagmi";
import { fetchSession, makeAuthenticationAdapter, SESSION_QUERY_KEY, type AuthenticationAdapter, type SessionInfo } from "@/lib/auth";

interface SessionValue {
  /** The signed-in address when it is also the connected wallet; null otherwise. */
  address: SessionInfo["address"];
  status: AuthenticationStatus;
  refresh: () => void;
}

interface SessionContextValue extends SessionValue {
  /** RainbowKit's SIWE adapter, handed to its authentication provider by the lazy wallet UI. */
  adapter: AuthenticationAdapter;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** SIWE session from /api/auth/session, tied to the connected wallet; RainbowKit gets it through ./wallet-layer. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { address: connected } = useAccount();
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession, staleTime: 30_000 });
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY }), [queryClient]);
  const adapter = useMemo(() => makeAuthenticationAdapter(refresh), [refresh]);
  const signedIn =
    session.data?.address && connected && session.data.address.toLowerCase() === connected.toLowerCase()
      ? session.data.address
      : null;
  const status: AuthenticationStatus = session.isPending ? "loading" : signedIn ? "authenticated" : "unauthenticated";
  // A new value re-renders every consumer: only when something in it changed.
  const value = useMemo(() => ({ address: signedIn, status, refresh, adapter }), [signedIn, status, refresh, adapter]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>.");
  return value;
}

export function useSession(): SessionValue {
  const { address, status, refresh } = useSessionContext();
  return { address, status, refresh };
}

/** The SIWE adapter and status for RainbowKit's authentication provider. */
export function useSessionAdapter(): Pick<SessionContextValue, "adapter" | "status"> {
  const { adapter, status } = useSessionContext();
  return { adapter, status };
}
