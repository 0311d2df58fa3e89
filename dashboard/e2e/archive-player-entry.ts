import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { LivePlayer } from "../src/roles/archive/live/live-player.js";
import "../src/roles/archive/archive.css";

// The archive page's live player alone in a page, for the browser test
// (archive-live-player.integration.test.ts): the playlist and the viewer's token come in the query,
// where the page would take them from the camera picker and the session.
const params = new URLSearchParams(location.search);
const src = params.get("src") ?? "";
const token = params.get("token") ?? undefined;
const root = document.getElementById("root");
if (!root) throw new Error("the player page has no #root");
createRoot(root).render(createElement(LivePlayer, { src, token: () => token, cameraName: "lab" }));
