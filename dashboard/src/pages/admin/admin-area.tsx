import { Link, Redirect, useParams } from "wouter";
import { useSession } from "../../app/app-context.js";
import { useMessages } from "../../i18n/locale.js";
import { adminMessages } from "./admin-messages.js";
import { SitesAdmin } from "./sites-admin.js";
import { TokensAdmin } from "./tokens-admin.js";
import { UsersAdmin } from "./users-admin.js";

const SECTIONS = ["sites", "users", "tokens"] as const;
type Section = (typeof SECTIONS)[number];

/**
 * The hub-wide admin area (`/admin/:section`): sites, users, API tokens. Only admins see it; the hub
 * refuses everyone else's requests anyway, this keeps a site manager from a page of errors.
 */
export default function AdminArea({ onSitesChanged }: { onSitesChanged: () => void }) {
  const t = useMessages(adminMessages);
  const session = useSession();
  const { section } = useParams<{ section: string }>();
  if (session?.user.role !== "admin") return <p className="empty">{t("adminOnly")}</p>;
  if (!SECTIONS.includes(section as Section)) return <Redirect to="/admin/sites" replace />;
  return (
    <div className="admin-page">
      <h1>{t("title")}</h1>
      <nav className="subtabs" aria-label={t("nav")}>
        {SECTIONS.map((s) => (
          <Link key={s} href={`/admin/${s}`} aria-current={s === section ? "page" : undefined}>
            {t(`nav.${s}`)}
          </Link>
        ))}
      </nav>
      {section === "sites" && <SitesAdmin onSitesChanged={onSitesChanged} />}
      {section === "users" && <UsersAdmin />}
      {section === "tokens" && <TokensAdmin />}
    </div>
  );
}
