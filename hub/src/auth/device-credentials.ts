/**
 * MQTT usernames of devices are `<site>.<device>`: ids are slugs without dots, so the split is
 * unambiguous, and the broker can derive the device's topic prefix from the username alone.
 */
export function deviceUsername(site: string, device: string): string {
  return `${site}.${device}`;
}

export function parseDeviceUsername(username: string): { site: string; device: string } | null {
  const match = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/.exec(username);
  return match ? { site: match[1] as string, device: match[2] as string } : null;
}
