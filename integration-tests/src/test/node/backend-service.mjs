// A SMART Backend Services client (client_credentials, private_key_jwt) written with oauth4webapi.
//   node backend-service.mjs keys <RS384|ES384> <private-key-file>
//       → {jwks} (the public key set to register; the private key is written to the file, never printed)
//   node backend-service.mjs token <settings-json> <private-key-file>
//       → the token response's fields and a FHIR search with the token
// settings: {fhirBase, issuer, clientId, scope, kid}
import { readFile, writeFile } from "node:fs/promises";
import * as oauth from "oauth4webapi";
import { discover, loopbackHttp, run } from "./smart.mjs";

const ALGORITHMS = {
  RS384: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-384", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
  ES384: { name: "ECDSA", namedCurve: "P-384" },
};
const IMPORT = {
  RS384: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" },
  ES384: { name: "ECDSA", namedCurve: "P-384" },
};

const [step, ...args] = process.argv.slice(2);

run(async () => {
  if (step === "keys") {
    const [alg, file] = args;
    const pair = await crypto.subtle.generateKey(ALGORITHMS[alg], true, ["sign", "verify"]);
    const kid = alg.toLowerCase() + "-" + oauth.generateRandomState().slice(0, 8);
    const publicJwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
    const privateJwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
    await writeFile(file, JSON.stringify({ alg, kid, jwk: privateJwk }), { mode: 0o600 });
    delete publicJwk.key_ops;
    delete publicJwk.ext;
    return { jwks: { keys: [Object.assign(publicJwk, { kid, alg, use: "sig" })] }, kid };
  }
  const [settingsJson, file] = args;
  const settings = JSON.parse(settingsJson);
  const stored = JSON.parse(await readFile(file, "utf8"));
  const key = await crypto.subtle.importKey("jwk", stored.jwk, IMPORT[stored.alg], false, ["sign"]);
  const as = await discover(settings.fhirBase, settings.issuer);
  const client = { client_id: settings.clientId };
  const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.PrivateKeyJwt({ key, kid: stored.kid }),
    new URLSearchParams({ scope: settings.scope }), loopbackHttp);
  const token = await oauth.processClientCredentialsResponse(as, client, response);
  const search = await oauth.protectedResourceRequest(token.access_token, "GET", new URL(settings.fhirBase + "/Patient"),
    new Headers({ accept: "application/fhir+json" }), null, loopbackHttp);
  const bundle = await search.json();
  return {
    token: { scope: token.scope, token_type: token.token_type, expires_in: token.expires_in, refresh_token: !!token.refresh_token },
    search: { status: search.status, resourceType: bundle.resourceType, total: (bundle.entry || []).length },
  };
});
