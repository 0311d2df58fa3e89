import type { Session, Site } from "@sitewatch/hub/api-types";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import type { ApiClient } from "../api/api-client.js";
import type { LocalSessionStore } from "../api/session-store.js";
import type { ConnectionState, LiveConnection } from "../live/live-connection.js";

export interface AppServices {
  api: ApiClient;
  sessions: LocalSessionStore;
  live: LiveConnection;
}

const ServicesContext = createContext<AppServices | undefined>(undefined);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices outside ServicesProvider");
  return services;
}

export function useApi() {
  return useServices().api;
}

export function useLive() {
  return useServices().live;
}

export function useSession(): Session | undefined {
  const { sessions } = useServices();
  const [session, setSession] = useState(() => sessions.get());
  useEffect(() => sessions.subscribe(setSession), [sessions]);
  return session;
}

export function useConnectionState(): ConnectionState {
  const live = useLive();
  const [state, setState] = useState(() => live.state);
  useEffect(() => live.onState(setState), [live]);
  return state;
}

/** The site the pages show; chosen in the header, part of every page's URL. */
export interface SiteContextValue {
  site: Site;
  sites: Site[];
  /** Loads the site list again, e.g. after a site was renamed. */
  reload?: () => void;
}

const SiteContext = createContext<SiteContextValue | undefined>(undefined);

export function SiteProvider({ value, children }: { value: SiteContextValue; children: ReactNode }) {
  return <SiteContext.Provider value={value}>{children}</SiteContext.Provider>;
}

export function useSite(): SiteContextValue {
  const value = useContext(SiteContext);
  if (!value) throw new Error("useSite outside SiteProvider");
  return value;
}
