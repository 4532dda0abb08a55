// A minimal SMART App Launch 2 client (standalone launch, public client, PKCE S256), written out in full so that
// every step is visible: discovery, authorize, code exchange, FHIR reads with the access token.
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

  async function discover() {
    const answer = await fetch(cfg.issuer + '/.well-known/smart-configuration', { headers: { Accept: 'application/json' } });
    if (!answer.ok) { throw new Error('discovery answered ' + answer.status); }
    return answer.json();
  }

  async function launch() {
    say('Asking Keycloak for its SMART configuration…');
    const smart = await discover();
    const verifier = random(48);
    const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const state = random(16);
    sessionStorage.setItem('smart-demo', JSON.stringify({ verifier, state, token: smart.token_endpoint }));
    const params = new URLSearchParams({
      response_type: 'code', client_id: cfg.clientId, redirect_uri: cfg.redirectUri, scope: cfg.scope,
      aud: cfg.fhirBase, state, code_challenge: challenge, code_challenge_method: 'S256'
    });
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

  document.getElementById('launch').addEventListener('click', () => launch().catch(e => say(e.message, true)));
  const query = new URLSearchParams(window.location.search);
  if (query.get('code') || query.get('error')) {
    callback(query).catch(e => say(e.message, true));
  }
})();
