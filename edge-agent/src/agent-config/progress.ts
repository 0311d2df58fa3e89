/**
 * Runs a slow step (enrolment, opening an RTSP camera takes seconds) with a line saying what is
 * happening first, so the installer never stares at a silent terminal, and how long it took after.
 */
export async function step<T>(
  what: string,
  fn: () => Promise<T>,
  out: NodeJS.WritableStream = process.stdout,
): Promise<T> {
  out.write(`${what} … `);
  const started = performance.now();
  try {
    const result = await fn();
    out.write(`ok (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    return result;
  } catch (err) {
    out.write("failed\n");
    throw err;
  }
}
