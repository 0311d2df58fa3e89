import { useState } from "react";

/**
 * A form's request to the hub: `busy` while it runs (the submit button is disabled), `error` once it
 * failed, worded by `failed` from the hub's message. The admin, setup and enrolment forms share it, so
 * each one states only its request and what to do with the answer.
 */
export function useFormRequest(failed: (message: string) => string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = <T>(request: () => Promise<T>, done: (answer: T) => void) => {
    setBusy(true);
    setError(undefined);
    request().then(
      (answer) => {
        setBusy(false);
        done(answer);
      },
      (err: unknown) => {
        setBusy(false);
        setError(failed(err instanceof Error ? err.message : String(err)));
      },
    );
  };

  return { busy, error, setError, run };
}
