import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * A throw-away self-signed certificate for `localhost` (valid one day), made with the system's openssl,
 * for tests of the TLS listeners. Returns the PEM file paths inside `dir`.
 */
export function selfSignedCert(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
    ],
    { stdio: "ignore" },
  );
  return { certFile, keyFile };
}
