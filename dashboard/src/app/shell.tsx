import type { Site, SiteList } from "@sitewatch/hub/api-types";
import { lazy, type ReactNode, Suspense, useEffect } from "react";
import { Link, Redirect, Route, Switch, useLocation, useParams } from "wouter";
import { LOCALES, type Locale, useLocale, useMessages } from "../i18n/locale.js";
import { ChangePassword } from "../pages/setup/change-password.js";
import { SiteLostBanner, SiteLostProvider, useSiteAccessLoss } from "./access-revocation.js";
import { SiteProvider, useApi, useLive, useSession, useSite } from "./app-context.js";
import { appMessages } from "./app-messages.js";
import { ConnectionIndicator } from "./connection-indicator.js";
import { LoadState } from "./load-state.js";
import { PAGES } from "./page-table.js";
import { type Resource, useResource } from "./use-resource.js";

const LAST_SITE = "sitewatch.site";
// A site opens on its first tab (the seat map today), so the shell names no role's page.
const HOME = PAGES[0]?.path ?? "devices";
// Admins only, and rarely opened: their own chunks, out of everyone's first load.
const AdminArea = lazy(() => import("../pages/admin/admin-area.js"));
const SetupWizard = lazy(() =>
  import("../pages/setup/setup-wizard.js").then((m) => ({ default: m.SetupWizard })),
);

/**
 * Logged in: a one-time password is changed first; then the sites this user may see, routed as
 * `/sites/:site/:page`, the admin area `/admin/:section`, and `/setup` for a hub without sites.
 */
export function Shell() {
  const session = useSession();
  if (session?.user.mustChangePassword) return <ChangePassword />;
  return <SitesShell />;
}

function SitesShell() {
  const api = useApi();
  const sites = useResource(() => api.get<SiteList>("/api/v1/sites"), [api]);
  const access = useSiteAccessLoss(sites);
  if (!sites.data) return <LoadState resource={sites} />;
  // A site the hub just took away is gone from here on, even before the reloaded list arrives.
  const list = sites.data.sites.filter((s) => !access.lost.has(s.id));
  return (
    <SiteLostProvider value={access}>
      <Routes list={list} sites={sites} />
    </SiteLostProvider>
  );
}

function Routes({ list, sites }: { list: Site[]; sites: Resource<SiteList> }) {
  const t = useMessages(appMessages);
  const admin = useSession()?.user.role === "admin";
  const [, navigate] = useLocation();
  const remembered = globalThis.localStorage?.getItem(LAST_SITE);
  const fallback = list.find((s) => s.id === remembered) ?? list[0];
  // The wizard's new site joins the list before its seat map opens, so the route finds it.
  const setupDone = (site: Site) => {
    sites.mutate((cur) => ({ sites: [...(cur?.sites ?? []).filter((s) => s.id !== site.id), site] }));
    navigate(`/sites/${site.id}/${HOME}`);
  };
  const lazyPage = (page: ReactNode) => (
    <Frame sites={list}>
      <Suspense fallback={<p className="loading">{t("loading")}</p>}>{page}</Suspense>
    </Frame>
  );
  return (
    <Switch>
      {admin && <Route path="/setup">{lazyPage(<SetupWizard onDone={setupDone} />)}</Route>}
      {admin && <Route path="/admin/:section">{lazyPage(<AdminArea onSitesChanged={sites.reload} />)}</Route>}
      {admin && <Route path="/admin">{<Redirect to="/admin/sites" replace />}</Route>}
      {!fallback && (
        <Route>
          {admin ? (
            <Redirect to="/setup" replace />
          ) : (
            <Frame sites={[]}>
              <p className="empty">{t("noSites")}</p>
            </Frame>
          )}
        </Route>
      )}
      <Route path="/sites/:site/:page">
        <SiteRoutes sites={list} reload={sites.reload} />
      </Route>
      <Route path="/sites/:site">{(p) => <Redirect to={`/sites/${p.site}/${HOME}`} replace />}</Route>
      <Route>
        <Redirect to={`/sites/${fallback?.id}/${HOME}`} replace />
      </Route>
    </Switch>
  );
}

function SiteRoutes({ sites, reload }: { sites: Site[]; reload: () => void }) {
  const { site: siteId, page } = useParams<{ site: string; page: string }>();
  const t = useMessages(appMessages);
  const site = sites.find((s) => s.id === siteId);
  if (!site) return <Redirect to="/" replace />;
  const match = PAGES.find((p) => p.path === page);
  globalThis.localStorage?.setItem(LAST_SITE, site.id);
  return (
    <SiteProvider value={{ site, sites, reload }}>
      <SiteRoom site={site.id} />
      <Frame sites={sites}>
        <Suspense fallback={<p className="loading">{t("loading")}</p>}>
          {match ? <match.Page /> : <p className="empty">{t("notFound")}</p>}
        </Suspense>
      </Frame>
    </SiteProvider>
  );
}

/** Joins the site's Socket.IO room, again after every reconnect (rooms do not survive one). */
function SiteRoom({ site }: { site: string }) {
  const live = useLive();
  useEffect(() => {
    const join = () => void live.socket.emitWithAck("site:join", { site }).catch(() => undefined);
    if (live.socket.connected) join();
    live.socket.on("connect", join);
    return () => {
      live.socket.off("connect", join);
      void live.socket.emitWithAck("site:leave", { site }).catch(() => undefined);
    };
  }, [live, site]);
  return null;
}

function Frame({ sites, children }: { sites: Site[]; children: ReactNode }) {
  const t = useMessages(appMessages);
  const api = useApi();
  const session = useSession();
  const { locale, setLocale } = useLocale();
  const [location, navigate] = useLocation();
  const current = /^\/sites\/([^/]+)\/([^/]+)/.exec(location);
  // With no site left (the last one was taken away) there is nothing to navigate within.
  const siteId = sites.length > 0 ? current?.[1] : undefined;
  const page = current?.[2] ?? HOME;
  const admin = session?.user.role === "admin";
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t("appName")}</span>
        {sites.length > 0 && (
          <label className="site-picker">
            <span className="visually-hidden">{t("site")}</span>
            <select value={siteId ?? ""} onChange={(e) => navigate(`/sites/${e.target.value}/${page}`)}>
              {!siteId && (
                <option value="" disabled>
                  {t("chooseSite")}
                </option>
              )}
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <ConnectionIndicator />
        <span className="spacer" />
        {admin && (
          <Link
            href="/admin/sites"
            className="admin-link"
            aria-current={location.startsWith("/admin") ? "page" : undefined}
          >
            {t("admin")}
          </Link>
        )}
        <label>
          <span className="visually-hidden">{t("language")}</span>
          <select
            value={locale}
            onChange={(e) => setLocale(e.target.value as Locale)}
            aria-label={t("language")}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {l === "ko" ? "한국어" : "English"}
              </option>
            ))}
          </select>
        </label>
        <span className="user">{session?.user.displayName}</span>
        <button type="button" className="secondary" onClick={() => void api.logout()}>
          {t("logout")}
        </button>
      </header>
      {siteId && (
        <nav className="tabs" aria-label={t("mainNav")}>
          {PAGES.map((p) => (
            <Link
              key={p.path}
              href={`/sites/${siteId}/${p.path}`}
              aria-current={p.path === page ? "page" : undefined}
            >
              {t(p.label)}
            </Link>
          ))}
        </nav>
      )}
      <SiteLostBanner />
      <main className="page">{children}</main>
    </div>
  );
}

export { useSite };
