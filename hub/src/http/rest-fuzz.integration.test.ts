import { request } from "node:http";
import { errorCodes, httpStatusOf } from "@sitewatch/shared-protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../testing/test-hub.js";
import { type OpenApiDoc, type Operation, operationsOf } from "./rest-fuzz.test-support.js";
import { randomRequests, targetedRequests } from "./rest-fuzz-requests.test-support.js";

// Hostile input against every route of the OpenAPI document, on a whole real hub (embedded broker,
// PGlite, the HTTP server itself, so paths reach it byte for byte, unnormalised): no input may end in a
// 5xx, and every error must carry the one error body. Runs are few per route so the suite stays quick;
// a failure prints fast-check's seed and path, to replay with `{ seed, path }` in fc.assert.
const RUNS_PER_ROUTE = 20;
// The only 5xx a caller can cause: designed answers about the device, never an internal error.
const DEVICE_ANSWERS = new Set(["DEVICE_OFFLINE", "COMMAND_TIMEOUT", "COMMAND_FAILED"]);

let hub: TestHub;
let doc: OpenApiDoc;
const known: Record<string, string> = { device: "edge-1", camera: "cam-1", seat: "1A", session: "s-1" };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Raw HTTP, so `..`, `%00` and broken escapes reach the hub exactly as written. */
function send(method: string, path: string, body?: string): Promise<Answer> {
  const url = new URL(hub.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          authorization: `Bearer ${hub.token}`,
          // Framed explicitly: Node's client sends a DELETE body unframed, which the server parses as garbage.
          ...(body === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Why an answer breaks the contract, or null when it keeps it. */
function breach(answer: Answer): string | null {
  if (!answer.headers["content-security-policy"]) return "no Content-Security-Policy header";
  if (answer.status < 400) return answer.status >= 100 ? null : `status ${answer.status}`;
  let error: { code?: unknown; message?: unknown; requestId?: unknown } | undefined;
  try {
    error = (JSON.parse(answer.text) as { error?: typeof error }).error;
  } catch {
    return `${answer.status} without a JSON body: ${answer.text.slice(0, 120)}`;
  }
  const code = error?.code as (typeof errorCodes)[number];
  if (!errorCodes.includes(code) || typeof error?.message !== "string" || typeof error.requestId !== "string")
    return `${answer.status} without {error:{code,message,requestId}}: ${answer.text.slice(0, 200)}`;
  if (httpStatusOf(code) !== answer.status) return `${answer.status} carries ${code}`;
  if (answer.status >= 500 && !DEVICE_ANSWERS.has(code)) return `${answer.status} ${code}: ${error.message}`;
  return null;
}

beforeAll(async () => {
  hub = await startTestHub({ site: "cafe-1" });
  known.site = hub.site;
  doc = (await hub.api("/api/openapi.json")) as unknown as OpenApiDoc;
  // Real rows behind the known ids, so requests get past "not found" into the handlers' own work.
  const token = await hub.newToken();
  await hub.api("/api/v1/devices/enroll", { token, deviceId: known.device });
  const cams = `/api/v1/sites/${hub.site}/devices/${known.device}/cameras`;
  await hub.api(cams, { id: known.camera, name: "Cam", role: "seats" });
  const polygon = [
    [0.1, 0.1],
    [0.4, 0.1],
    [0.4, 0.4],
  ];
  await hub.api(`/api/v1/sites/${hub.site}/seats`, {
    id: known.seat,
    device: known.device,
    camera: known.camera,
    polygon,
  });
  const user = await hub.api("/api/v1/users", {
    email: "fuzz@example.com",
    password: "fuzz-password",
    role: "site_manager",
  });
  known.user = user.id as string;
  known.token = (await hub.api("/api/v1/tokens", { name: "fuzz" })).id as string;
}, 60_000);

afterAll(async () => {
  await hub?.close();
});

describe("hostile REST input", () => {
  it("never answers 5xx, and every error has the shared error body", async () => {
    // Destructive routes last, site deletion at the very end, so the others run against real rows.
    const rank = (op: Operation) =>
      op.method === "DELETE" ? (op.path === "/api/v1/sites/{site}" ? 2 : 1) : 0;
    const ops = operationsOf(doc).sort((a, b) => rank(a) - rank(b));
    // Each route gets a fixed list of single faults of the kinds that broke handlers before, then random ones.
    expect(ops.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const op of ops) {
      for (const { path, body } of targetedRequests(op, doc, known)) {
        const problem = breach(await send(op.method, path, body));
        if (problem) failures.push(`${op.method} ${op.path}\n${op.method} ${path} ${body ?? ""}: ${problem}`);
      }
      try {
        await fc.assert(
          fc.asyncProperty(randomRequests(op, doc, known), async ({ path, body }) => {
            const problem = breach(await send(op.method, path, body));
            if (problem) throw new Error(`${op.method} ${path}: ${problem}`);
          }),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        );
      } catch (err) {
        const lines = (err as Error).message.split("\n").filter((l) => !l.startsWith("Hint") && l.trim());
        failures.push(`${op.method} ${op.path}\n${lines.slice(0, 8).join("\n")}`);
      }
    }
    expect(failures, failures.join("\n\n")).toEqual([]);
  }, 120_000);
});
