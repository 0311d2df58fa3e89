import { z } from "zod";

// The hub calls the setup commands make, with one-line errors an installer can act on, and what the
// running device's own HTTP calls to the hub share.

const enrollmentSchema = z.object({
  site: z.string(),
  device: z.string(),
  mqtt: z.object({ username: z.string(), password: z.string(), topicPrefix: z.string() }),
  protocolVersion: z.number(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

export class HubError extends Error {}

/** Where the hub is and who this device is there: HTTP Basic with its MQTT username and password. */
export interface DeviceHub {
  url: string;
  username: string;
  password: string;
}

export function basicAuth(hub: Pick<DeviceHub, "username" | "password">): string {
  return `Basic ${Buffer.from(`${hub.username}:${hub.password}`).toString("base64")}`;
}

/**
 * fetch with a timeout; an unreachable hub is a HubError saying why (refused, no answer in time…). A
 * caller's own `signal` (an upload its session no longer wants) aborts the call as well.
 */
export async function callHub(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    return await fetch(url, {
      ...init,
      signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const why =
      (err as Error).name === "TimeoutError"
        ? `no answer within ${timeoutMs / 1000} s`
        : (cause ?? (err as Error).message);
    throw new HubError(`cannot reach the hub at ${url}: ${why}`);
  }
}

/** The hub's `{error: {code, message}}` body as text, or the HTTP status when the body is not that. */
export async function hubErrorText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return body?.error?.message
    ? `${body.error.message} (${body.error.code ?? res.status})`
    : `HTTP ${res.status}`;
}

/** Trades a single-use enrolment token for this device's MQTT credentials. */
export async function enrollWithHub(
  hubUrl: string,
  input: { token: string; deviceId: string; name?: string },
  timeoutMs = 15_000,
): Promise<Enrollment> {
  const res = await callHub(
    `${hubUrl}/api/v1/devices/enroll`,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) },
    timeoutMs,
  );
  if (res.status !== 201) throw new HubError(`the hub refused the enrolment: ${await hubErrorText(res)}`);
  const parsed = enrollmentSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new HubError("the hub answered the enrolment with an unexpected body");
  return parsed.data;
}

/** GET /healthz: whether the hub answers, and its clock from the Date header (for skew checks). */
export async function hubHealth(hubUrl: string, timeoutMs = 5_000): Promise<{ ok: boolean; date?: number }> {
  const res = await callHub(`${hubUrl}/healthz`, {}, timeoutMs);
  await res.body?.cancel();
  const date = res.headers.get("date");
  return { ok: res.ok, date: date ? Date.parse(date) : undefined };
}

/** mqtt://<hub host>:1883 (or mqtts://…:8883 for an https hub): the usual place of the embedded broker. */
export function guessMqttUrl(hubUrl: string): string {
  const u = new URL(hubUrl);
  return u.protocol === "https:" ? `mqtts://${u.hostname}:8883` : `mqtt://${u.hostname}:1883`;
}
