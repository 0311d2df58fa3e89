import { LocaleProvider } from "../i18n/locale.js";
import { useSignOutReason } from "./access-revocation.js";
import { type AppServices, ServicesProvider, useSession } from "./app-context.js";
import { LoginPage } from "./login-page.js";
import { Shell } from "./shell.js";

export function App({ services }: { services: AppServices }) {
  return (
    <LocaleProvider>
      <ServicesProvider services={services}>
        <Gate />
      </ServicesProvider>
    </LocaleProvider>
  );
}

function Gate() {
  const session = useSession();
  const signedOut = useSignOutReason();
  return session ? <Shell /> : <LoginPage signedOut={signedOut} />;
}
