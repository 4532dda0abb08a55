// The app as fhirclient's documentation writes one: FHIR.oauth2.ready(), then reads with the client. What it saw is
// written into the page as JSON for the test to read; no token is ever written out.
"use strict";

function show(id, value) {
  document.getElementById(id).textContent = typeof value === "string" ? value : JSON.stringify(value);
}

function nameOf(patient) {
  const name = (patient.name || [])[0] || {};
  return [(name.given || []).join(" "), name.family].filter(Boolean).join(" ");
}

async function readRecord(client) {
  const patient = await client.patient.read();
  const observations = await client.request("Observation?patient=" + encodeURIComponent(client.patient.id), { flat: true });
  return {
    patientId: client.patient.id,
    patientName: nameOf(patient),
    observations: observations.map(o => (o.code && o.code.text) || ""),
  };
}

FHIR.oauth2.ready().then(async client => {
  const record = await readRecord(client);
  const token = client.state.tokenResponse;
  show("result", Object.assign(record, {
    scope: token.scope,
    fhirUser: client.getFhirUser(),
    encounterId: client.encounter.id,
    serverUrl: client.state.serverUrl,
    hasRefreshToken: !!token.refresh_token,
    expiresIn: token.expires_in,
    tokenResponseFields: Object.keys(token).sort(),
  }));
  show("status", "ready");
  const button = document.getElementById("refresh");
  button.disabled = false;
  button.addEventListener("click", async () => {
    const before = client.state.tokenResponse.access_token;
    try {
      await client.refresh();
      const after = client.state.tokenResponse;
      show("refreshed", Object.assign(await readRecord(client), {
        newAccessToken: after.access_token !== before,
        scope: after.scope,
        patientInResponse: after.patient,
      }));
      show("refresh-status", "refreshed");
    } catch (e) {
      show("refreshed", { error: String(e && e.message || e) });
      show("refresh-status", "failed");
    }
  });
}).catch(e => {
  show("result", { error: String(e && e.message || e) });
  show("status", "error");
});
