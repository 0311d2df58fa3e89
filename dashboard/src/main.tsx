import { createRoot } from "react-dom/client";
import { ApiClient } from "./api/api-client.js";
import { LocalSessionStore } from "./api/session-store.js";
import { App } from "./app/app.js";
import { LiveConnection } from "./live/live-connection.js";
import "./ui/styles.css";

// The composition root: one session store, one REST client, one live connection for the whole app.
const sessions = new LocalSessionStore();
const api = new ApiClient(sessions);
const live = new LiveConnection({
  token: () => sessions.get()?.accessToken,
  // A refused token is usually an expired one: any authenticated request refreshes it.
  onUnauthorized: () => api.get("/api/v1/auth/me").then(() => undefined),
});
sessions.subscribe((session) => {
  if (session) live.start();
  else live.stop();
});
if (sessions.get()) live.start();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(<App services={{ api, sessions, live }} />);
