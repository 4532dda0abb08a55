// Shared by the scripts: discovery as a SMART client does it, from the FHIR base, checked by oauth4webapi.
import * as oauth from "oauth4webapi";

/**
 * Keycloak here listens on plain http on the loopback interface (no TLS in the test environment), which
 * oauth4webapi refuses unless told; every other check of the library stays on.
 */
export const loopbackHttp = { [oauth.allowInsecureRequests]: true };

/** GET {fhirBase}/.well-known/smart-configuration, validated as RFC 8414 metadata of `issuer`. */
export async function discover(fhirBase, issuer) {
  const response = await fetch(fhirBase.replace(/\/+$/, "") + "/.well-known/smart-configuration", {
    headers: { accept: "application/json" },
  });
  return oauth.processDiscoveryResponse(new URL(issuer), response);
}

/** Prints the one JSON document the Java test reads. */
export function print(result) {
  process.stdout.write(JSON.stringify(result) + "\n");
}

/** Runs `main`, printing {error} instead of a stack when the library refuses something (the test asserts on it). */
export async function run(main) {
  try {
    print(await main());
  } catch (e) {
    print({ error: String(e && e.message || e), code: e && e.code, cause: e && e.cause && (e.cause.error || e.cause.message) });
  }
}
