import { hasMedia, MEDIA_DIR } from "@sitewatch/testkit";

export { hasMedia, MEDIA_DIR, media } from "@sitewatch/testkit";

if (!hasMedia) console.warn(`edge-agent tests: ${MEDIA_DIR} is missing; tests on real media are skipped`);
