// A minimal SMART App Launch 2 client (standalone and EHR launch, public client, PKCE S256), written out in full so
// that every step is visible: discovery at the FHIR base, authorize, code exchange, FHIR reads with the access token,
// and a refresh before the access token expires.
(function () {
  'use strict';
  const cfg = window.SMART_DEMO;
  const status = document.getElementById('status');

  function say(text, error) {
    status.textContent = text;
    status.className = error ? 'error' : '';
  }

  function base64Url(bytes) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes)))
      .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function random(n) {
    const bytes = new Uint8Array(n);
    crypto.getRandomValues(bytes);
    return base64Url(bytes);
  }

  // SMART clients discover the authorization server at the FHIR base (iss), never at a hard-wired Keycloak URL.
  async function discover() {
    const answer = await fetch(cfg.fhirBase + '/.well-known/smart-configuration', { headers: { Accept: 'application/json' } });
    if (!answer.ok) { throw new Error('discovery at the FHIR base answered ' + answer.status); }
    return answer.json();
  }

  // launchHandle: the EHR's launch parameter (EHR launch), or null (standalone launch).
  async function launch(launchHandle) {
    say('Asking the FHIR server where its SMART authorization server is…');
    const smart = await discover();
    const verifier = random(48);
    const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const state = random(16);
    sessionStorage.setItem('smart-demo', JSON.stringify({ verifier, state, token: smart.token_endpoint }));
    const params = new URLSearchParams({
      response_type: 'code', client_id: cfg.clientId, redirect_uri: cfg.redirectUri,
      scope: launchHandle ? cfg.ehrLaunchScope : cfg.scope,
      aud: cfg.fhirBase, state, code_challenge: challenge, code_challenge_method: 'S256'
    });
    if (launchHandle) { params.set('launch', launchHandle); }
    window.location.assign(smart.authorization_endpoint + '?' + params.toString());
  }

  async function fhir(path, token) {
    const answer = await fetch(cfg.fhirBase + '/' + path, {
      headers: { Authorization: 'Bearer ' + token, Accept: 'application/fhir+json' }
    });
    if (!answer.ok) { throw new Error('FHIR ' + path.split('?')[0] + ' answered ' + answer.status); }
    return answer.json();
  }

  function entries(bundle) {
    return (bundle.entry || []).map(e => e.resource);
  }

  function text(concept) {
    return concept ? (concept.text || (concept.coding && concept.coding[0] && concept.coding[0].display) || '') : '';
  }

  function cell(row, value) {
    const td = document.createElement('td');
    td.textContent = value;
    row.appendChild(td);
  }

  async function callback(query) {
    const saved = JSON.parse(sessionStorage.getItem('smart-demo') || 'null');
    sessionStorage.removeItem('smart-demo');
    history.replaceState(null, '', cfg.redirectUri);
    if (query.get('error')) {
      say('Keycloak answered ' + query.get('error') + ': ' + (query.get('error_description') || ''), true);
      return;
    }
    if (!saved || query.get('state') !== saved.state) {
      say('This answer does not belong to a launch started here (state mismatch); launch again.', true);
      return;
    }
    say('Exchanging the authorization code for an access token…');
    const answer = await fetch(saved.token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: query.get('code'),
        redirect_uri: cfg.redirectUri, client_id: cfg.clientId, code_verifier: saved.verifier })
    });
    const token = await answer.json();
    if (!answer.ok) { say('Token endpoint: ' + token.error + ': ' + (token.error_description || ''), true); return; }
    if (!token.patient) { say('The token has no patient in context.', true); return; }
    keepFresh(token, saved.token);

    say('Reading Patient/' + token.patient + ' with the access token…');
    const patient = await fhir('Patient/' + encodeURIComponent(token.patient), token.access_token);
    const name = (patient.name && patient.name[0]) || {};
    document.getElementById('patient-name').textContent = [(name.given || []).join(' '), name.family].join(' ').trim();
    document.getElementById('patient-facts').textContent = 'Born ' + (patient.birthDate || '?') + ' · ' +
      (patient.gender || '') + ' · Patient/' + patient.id;
    document.getElementById('granted').textContent = token.scope;

    const body = document.querySelector('#observations tbody');
    if (/(patient|user)\/(Observation|\*)\.(r|rs|read|\*)/.test(token.scope)) {
      const observations = entries(await fhir('Observation?patient=' + encodeURIComponent(token.patient), token.access_token));
      observations.forEach(o => {
        const row = document.createElement('tr');
        cell(row, (o.effectiveDateTime || '').substring(0, 10));
        cell(row, text(o.code));
        cell(row, o.valueQuantity ? o.valueQuantity.value + ' ' + (o.valueQuantity.unit || '') : '');
        body.appendChild(row);
      });
    } else {
      const row = document.createElement('tr');
      cell(row, 'Not shared on the consent page');
      body.appendChild(row);
    }
    const list = document.getElementById('conditions');
    if (/(patient|user)\/(Condition|\*)\.(r|rs|read|\*)/.test(token.scope)) {
      entries(await fhir('Condition?patient=' + encodeURIComponent(token.patient), token.access_token)).forEach(c => {
        const li = document.createElement('li');
        li.textContent = text(c.code);
        list.appendChild(li);
      });
    } else {
      const li = document.createElement('li');
      li.textContent = 'Not shared on the consent page';
      list.appendChild(li);
    }
    document.getElementById('record').hidden = false;
    document.getElementById('start').hidden = true;
    say('Read with the access token from Keycloak; the FHIR server checked its signature, audience, scopes and patient.');
  }

  // Refreshes the access token 30 s before it expires (the realm's tokens live 5 minutes), with the refresh token
  // the grant came with; the reads below keep working without a new sign-in. "Refresh now" does the same at once.
  let refreshTimer = null;
  function keepFresh(token, tokenEndpoint) {
    const when = document.getElementById('token-status');
    const schedule = () => {
      clearTimeout(refreshTimer);
      if (!token.refresh_token) { when.textContent = 'No refresh token: sign in again when the access token expires.'; return; }
      const seconds = Math.max(5, (token.expires_in || 300) - 30);
      when.textContent = 'Access token refreshes at ' + new Date(Date.now() + seconds * 1000).toLocaleTimeString() + '.';
      refreshTimer = setTimeout(refresh, seconds * 1000);
    };
    const refresh = async () => {
      const answer = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token.refresh_token, client_id: cfg.clientId })
      });
      const fresh = await answer.json();
      if (!answer.ok) { when.textContent = 'Refresh refused: ' + fresh.error + ': ' + (fresh.error_description || ''); return; }
      Object.assign(token, fresh);
      const patient = await fhir('Patient/' + encodeURIComponent(token.patient), token.access_token);
      when.dataset.refreshed = String(Number(when.dataset.refreshed || '0') + 1);
      schedule();
      when.textContent = 'Refreshed at ' + new Date().toLocaleTimeString() + ' (Patient/' + patient.id + ' read with the new token). ' + when.textContent;
    };
    document.getElementById('refresh-now').onclick = () => refresh().catch(e => { when.textContent = e.message; });
    schedule();
  }

  document.getElementById('launch').addEventListener('click', () => launch(null).catch(e => say(e.message, true)));
  const query = new URLSearchParams(window.location.search);
  if (query.get('code') || query.get('error')) {
    callback(query).catch(e => say(e.message, true));
  } else if (query.get('launch')) {
    // EHR launch: accept only the FHIR server this app is configured for, never an iss the link names.
    if (query.get('iss') !== cfg.fhirBase) {
      say('This app is not set up for the FHIR server ' + (query.get('iss') || '(none)') + '.', true);
    } else {
      const handle = query.get('launch');
      history.replaceState(null, '', window.location.pathname);
      launch(handle).catch(e => say(e.message, true));
    }
  }
})();
