// A confidential SMART app (authorization code + PKCE, client_secret_basic) written with oauth4webapi as its
// documentation shows. Two steps, because a person signs in between (the Java test does that part):
//   node confidential-app.mjs authorize <settings-json>
//       → {authorizationUrl, codeVerifier, state}
//   node confidential-app.mjs callback <settings-json> <callback-url> <code-verifier> <state>
//       → the token response's fields, the id_token's claims, a refresh, and a FHIR read with the token
//         then a second refresh asking for `narrowScope` (RFC 6749 §6: narrower than the grant) and a read of each type
// settings: {fhirBase, issuer, clientId, clientSecret, redirectUri, scope, narrowScope}
import * as oauth from "oauth4webapi";
import { discover, loopbackHttp, run } from "./smart.mjs";

const [step, settingsJson, ...rest] = process.argv.slice(2);
const settings = JSON.parse(settingsJson);
const client = { client_id: settings.clientId };
const clientAuth = oauth.ClientSecretBasic(settings.clientSecret);

run(async () => {
  const as = await discover(settings.fhirBase, settings.issuer);
  if (step === "authorize") {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("client_id", client.client_id);
    url.searchParams.set("redirect_uri", settings.redirectUri);
    url.searchParams.set("scope", settings.scope);
    url.searchParams.set("state", state);
    url.searchParams.set("aud", settings.fhirBase);
    url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set("code_challenge_method", "S256");
    return { authorizationUrl: url.href, codeVerifier, state };
  }
  const [callbackUrl, codeVerifier, state] = rest;
  const params = oauth.validateAuthResponse(as, client, new URL(callbackUrl), state);
  const tokenResponse = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params,
    settings.redirectUri, codeVerifier, loopbackHttp);
  const token = await oauth.processAuthorizationCodeResponse(as, client, tokenResponse, { requireIdToken: true });
  const claims = oauth.getValidatedIdTokenClaims(token);

  const refreshResponse = await oauth.refreshTokenGrantRequest(as, client, clientAuth, token.refresh_token, loopbackHttp);
  const refreshed = await oauth.processRefreshTokenResponse(as, client, refreshResponse);

  const read = await oauth.protectedResourceRequest(refreshed.access_token, "GET",
    new URL(settings.fhirBase + "/Patient/" + encodeURIComponent(token.patient)),
    new Headers({ accept: "application/fhir+json" }), null, loopbackHttp);
  const patient = await read.json();

  const narrowResponse = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshed.refresh_token,
    Object.assign({ additionalParameters: { scope: settings.narrowScope } }, loopbackHttp));
  const narrowed = await oauth.processRefreshTokenResponse(as, client, narrowResponse);
  const statusOf = async path => (await oauth.protectedResourceRequest(narrowed.access_token, "GET",
    new URL(settings.fhirBase + "/" + path), new Headers({ accept: "application/fhir+json" }), null, loopbackHttp)).status;
  return {
    token: { scope: token.scope, patient: token.patient, token_type: token.token_type, expires_in: token.expires_in,
      refresh_token: !!token.refresh_token, id_token: !!token.id_token },
    idToken: { sub: claims.sub, fhirUser: claims.fhirUser, aud: claims.aud, iss: claims.iss },
    refresh: { scope: refreshed.scope, patient: refreshed.patient, newAccessToken: refreshed.access_token !== token.access_token,
      newRefreshToken: refreshed.refresh_token !== token.refresh_token },
    read: { status: read.status, resourceType: patient.resourceType, id: patient.id,
      name: ((patient.name || [])[0] || {}).family },
    narrowed: { scope: narrowed.scope,
      patientRead: await statusOf("Patient/" + encodeURIComponent(token.patient)),
      observationSearch: await statusOf("Observation?patient=" + encodeURIComponent(token.patient)) },
  };
});
