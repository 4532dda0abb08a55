package org.smartfhir.keycloak.it.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.FhirTestServer;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.OpenLdapServer;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.RealmTemplate;
import org.smartfhir.keycloak.it.support.SmartApp;
import org.smartfhir.keycloak.it.support.Totp;

/**
 * Directory federation (issue 20): the template's LDAP block, filled in the way a hospital fills it for an OpenLDAP
 * directory, against a real slapd. Directory users sign in with their directory password and go through exactly the
 * SMART steps local users go through — the second factor at the template's AAL2, the user ceiling from the roles their
 * directory groups give them, the picker, the consent page — with {@code fhirUser} and linked patients from directory
 * attributes, validated as for local users; a locked or deleted directory account loses its grants at the next refresh.
 *
 * <p>The realm is imported from the shipped template as its own realm (the shared realm keeps the block switched off,
 * which is what every other suite runs on), with the template's own assurance levels.
 */
@KeycloakTest
class LdapFederationIT {

    private static final String REALM = "smart-ldap";
    private static final String BASE_DN = "dc=hospital,dc=test";
    private static final String PEOPLE = "ou=people," + BASE_DN;
    private static final String CLINICIANS_GROUP = "cn=smart-clinicians,ou=groups," + BASE_DN;
    private static final String APP = "ldap-app";
    private static final String SECRET = "ldap-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://ldap-app.example.org/callback";
    private static final String CEILING = "patient/*.rs patient/Observation.cud user/Observation.rs";
    private static final String LOCAL_CLINICIAN = "local-clinician";
    private static final String LOCAL_PASSWORD = "local-clinician-Password-1234";
    private static final String AAL2 = "http://idmanagement.gov/ns/assurance/aal/2";

    private static OpenLdapServer ldap;
    private static KeycloakAdmin admin;
    private static RealmFixtures fixtures;
    private static SmartApp app;
    private static final Map<String, Totp> authenticatorApps = new HashMap<>();

    @BeforeAll
    static void directoryAndRealm(KeycloakRuntime keycloak, KeycloakAdmin keycloakAdmin) throws IOException {
        String ldif;
        try (var in = LdapFederationIT.class.getResourceAsStream("/ldap/hospital.ldif")) {
            ldif = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ldap = OpenLdapServer.start(BASE_DN, "directory-root-" + System.nanoTime(), ldif);
        admin = keycloakAdmin;
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SMART_REALM", REALM);
        // The template's own levels (the shared server runs the suites at AAL1): directory users are held to AAL2.
        values.put("SMART_MINIMUM_AAL", "aal2");
        values.put("SMART_STEP_UP_AAL", "aal3");
        values.put("SMART_PICKER_FHIR_BASE_URL", FhirTestServer.shared().base());
        // What an OpenLDAP site puts in the template's directory placeholders (README "LDAP / Active Directory").
        values.put("SMART_LDAP_ENABLED", "true");
        values.put("SMART_LDAP_VENDOR", "other");
        values.put("SMART_LDAP_URL", ldap.url());
        values.put("SMART_LDAP_BIND_DN", ldap.rootDn());
        values.put("SMART_LDAP_BIND_CREDENTIAL", ldap.rootPassword());
        values.put("SMART_LDAP_USERS_DN", PEOPLE);
        values.put("SMART_LDAP_USERNAME_ATTRIBUTE", "uid");
        values.put("SMART_LDAP_RDN_ATTRIBUTE", "uid");
        values.put("SMART_LDAP_UUID_ATTRIBUTE", "entryUUID");
        values.put("SMART_LDAP_USER_OBJECT_CLASSES", "inetOrgPerson");
        values.put("SMART_LDAP_USER_FILTER", "(!(pwdAccountLockedTime=*))");
        values.put("SMART_LDAP_FHIR_USER_ATTRIBUTE", "employeeNumber");
        values.put("SMART_LDAP_PATIENT_ATTRIBUTE", "employeeType");
        values.put("SMART_LDAP_GROUPS_DN", "ou=groups," + BASE_DN);
        values.put("SMART_LDAP_GROUP_OBJECT_CLASSES", "groupOfNames");
        RealmTemplate.importRealm(admin, values);

        fixtures = new RealmFixtures(admin, REALM);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, CEILING, false);
        withAcrScope(APP);
        fixtures.user(LOCAL_CLINICIAN, LOCAL_PASSWORD);
        fixtures.grantRealmRoles(LOCAL_CLINICIAN, "smart-clinician");
        app = new SmartApp(keycloak.baseUrl() + "/realms/" + REALM, APP, SECRET, REDIRECT);
    }

    /** Keycloak's {@code acr} scope, which clients registered in the admin console have, so the tokens state the level. */
    private static void withAcrScope(String clientId) {
        String client = admin.get("/realms/" + REALM + "/clients?clientId=" + clientId).get(0).get("id").asText();
        for (JsonNode scope : admin.get("/realms/" + REALM + "/client-scopes")) {
            if (scope.get("name").asText().equals("acr")) {
                int status = admin.put("/realms/" + REALM + "/clients/" + client + "/default-client-scopes/" + scope.get("id").asText(), Map.of());
                assertEquals(204, status, "linking acr to " + clientId);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.delete("/realms/" + REALM);
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    private static String password(String directoryUser) {
        return directoryUser + "-Directory-Pass-1";
    }

    /**
     * Authorize and sign in with the password, then the second factor as the template demands it: set up on the first
     * sign-in (remembering the app's secret, as the user's phone does), the one-time code afterwards. Returns the page
     * after the second factor.
     */
    private static Response signIn(BrowserlessLogin browser, Map<String, String> params, String user, String password) {
        Response afterPassword = browser.submitLogin(browser.authorize(params), user, password);
        assertFalse(BrowserlessLogin.isConsentPage(afterPassword) || BrowserlessLogin.isPickerPage(afterPassword),
                "nothing about patients on a password alone: " + afterPassword.asString());
        Optional<String> setUp = BrowserlessLogin.totpSetupSecret(afterPassword);
        if (setUp.isPresent()) {
            Totp app = Totp.of(setUp.get());
            authenticatorApps.put(user, app);
            return browser.submitTotpSetup(afterPassword, app);
        }
        assertTrue(BrowserlessLogin.isOtpPage(afterPassword), "AAL2: the one-time code is asked for: " + afterPassword.asString());
        return browser.submitOtp(afterPassword, authenticatorApps.get(user));
    }

    private static Response exchange(Response redirect, Pkce pkce) {
        assertEquals(302, redirect.statusCode(), redirect.asString());
        Map<String, String> query = BrowserlessLogin.query(redirect.getHeader("Location"));
        assertTrue(query.containsKey("code"), query.toString());
        Response token = app.exchange(query.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        return token;
    }

    /** Sign in, accept the consent page as offered, exchange the code. */
    private static Response launch(String scope, String user, String password) {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response next = signIn(browser, app.authorizeParams(scope, pkce, "st-" + user), user, password);
        return exchange(browser.acceptConsentIfAsked(next), pkce);
    }

    private static Set<String> scopes(Response token) {
        Set<String> granted = new TreeSet<>(Arrays.asList(token.jsonPath().getString("scope").split(" ")));
        Object inToken = Jwt.claims(token.jsonPath().getString("access_token")).get("scope");
        assertEquals(granted, new TreeSet<>(Arrays.asList(((String) inToken).split(" "))), "the access token carries the grant");
        return granted;
    }

    private static Object idTokenClaim(Response token, String claim) {
        return Jwt.claims(token.jsonPath().getString("id_token")).get(claim);
    }

    /**
     * Clinician search, pick, consent with one permission unticked: the grant is exactly what was ticked within the
     * user's and the client's ceilings, and the same as what a local clinician gets for the same choices.
     */
    private static Response clinicianLaunch(String user, String password, List<String> consentPageBoxes) {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response picker = signIn(browser, app.authorizeParams(
                "openid fhirUser launch/patient patient/Observation.rs user/Observation.rs", pkce, "st-" + user), user, password);
        assertTrue(BrowserlessLogin.isPickerPage(picker), "a clinician searches for the patient: " + picker.asString());
        Response found = browser.submitPicker(picker, Map.of("search", "search", "name", "smith"));
        assertTrue(BrowserlessLogin.pickerChoices(found).contains("pat-smith-3"), found.asString());
        Response consent = browser.submitPicker(found, Map.of("select", "select", "patient", "pat-smith-3"));
        assertTrue(BrowserlessLogin.isConsentPage(consent), consent.asString());
        Map<String, Boolean> boxes = BrowserlessLogin.consentBoxes(consent);
        consentPageBoxes.addAll(boxes.keySet());
        List<String> ticked = boxes.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .filter(scope -> !scope.equals("user/Observation.rs")).toList();
        return exchange(browser.submitConsent(consent, ticked, true), pkce);
    }

    @Test
    void aDirectoryClinicianGetsExactlyTheConsentedScopesWithFhirUserFromTheDirectory() {
        List<String> directoryPage = new java.util.ArrayList<>();
        Response token = clinicianLaunch("ldap-clinician", password("ldap-clinician"), directoryPage);
        assertTrue(directoryPage.contains("user/Observation.rs"), "the clinician's roles allow user/ scopes: " + directoryPage);
        assertEquals(Set.of("openid", "fhirUser", "launch/patient", "patient/Observation.rs"), scopes(token),
                "exactly what was ticked: the unticked user/Observation.rs is not granted");
        assertEquals("pat-smith-3", token.jsonPath().getString("patient"));
        assertEquals("Practitioner/ldap-pr-1", idTokenClaim(token, "fhirUser"), "fhirUser comes from the directory");
        assertEquals(AAL2, idTokenClaim(token, "acr"), "the directory password and the second factor: AAL2");

        List<String> localPage = new java.util.ArrayList<>();
        Response local = clinicianLaunch(LOCAL_CLINICIAN, LOCAL_PASSWORD, localPage);
        assertEquals(localPage, directoryPage, "the consent page offers a directory clinician what it offers a local one");
        assertEquals(scopes(local), scopes(token), "and the same choices grant the same scopes");
    }

    @Test
    void theWrongDirectoryPasswordSignsNobodyIn() {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Response answer = browser.submitLogin(browser.authorize(app.authorizeParams("openid", Pkce.s256(), "st-wrong")),
                "ldap-it", "not-the-directory-password");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.asString().contains("kc-form-login"), "the sign-in form again: " + answer.asString());
        assertTrue(BrowserlessLogin.totpSetupSecret(answer).isEmpty(), "no step past the password");
    }

    @Test
    void aDirectoryPatientGetsItsLinkedPatientAndOnlyPatientScopes() {
        Response token = launch("openid fhirUser launch/patient patient/Observation.rs user/Observation.rs",
                "ldap-patient", password("ldap-patient"));
        assertEquals("pat-jones-5", token.jsonPath().getString("patient"), "the one linked patient is chosen for her");
        assertEquals(Set.of("openid", "fhirUser", "launch/patient", "patient/Observation.rs"), scopes(token),
                "the smart-patient role (from the directory group) grants patient/ scopes only");
        assertEquals("Patient/pat-jones-5", idTokenClaim(token, "fhirUser"));
    }

    @Test
    void aDirectoryParentChoosesAmongExactlyTheLinkedPatientsTheDirectoryLists() {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response picker = signIn(browser, app.authorizeParams("openid launch/patient patient/Observation.rs", pkce, "st-parent"),
                "ldap-parent", password("ldap-parent"));
        assertTrue(BrowserlessLogin.isPickerPage(picker), picker.asString());
        assertEquals(List.of("pat-smith-1", "pat-smith-2"), BrowserlessLogin.pickerChoices(picker));
        Response token = exchange(browser.acceptConsentIfAsked(
                browser.submitPicker(picker, Map.of("select", "select", "patient", "pat-smith-2"))), pkce);
        assertEquals("pat-smith-2", token.jsonPath().getString("patient"));
    }

    @Test
    void anInvalidFhirUserInTheDirectoryIsWithheld() {
        Response token = launch("openid fhirUser user/Observation.rs", "ldap-badref", password("ldap-badref"));
        assertTrue(scopes(token).contains("user/Observation.rs"), "the directory group still makes her a clinician");
        assertNull(idTokenClaim(token, "fhirUser"), "PractitionerRole is not a fhirUser: withheld as for a local user");
        assertNull(Jwt.claims(token.jsonPath().getString("access_token")).get("fhirUser"));
    }

    @Test
    void aDirectoryUserOutsideTheSmartGroupsGrantsNoResourceScopeAndOtherGroupsStayOut() {
        Response token = launch("openid user/Observation.rs", "ldap-it", password("ldap-it"));
        assertEquals(Set.of("openid"), scopes(token), "no SMART role, no resource scope");
        Set<String> groups = new TreeSet<>();
        for (JsonNode group : admin.get("/realms/" + REALM + "/groups")) {
            groups.add(group.get("name").asText());
        }
        assertEquals(Set.of("smart-clinicians", "smart-patients"), groups,
                "only the directory groups the template maps are brought into Keycloak (it-staff is not)");
    }

    @Test
    void aLockedDirectoryAccountLosesItsGrantAtTheNextRefresh() {
        refreshFailsAfter("ldap-locked", () -> ldap.lock("uid=ldap-locked," + PEOPLE));
    }

    @Test
    void aDeletedDirectoryUserLosesItsGrantAtTheNextRefresh() {
        refreshFailsAfter("ldap-leaver", () -> ldap.delete("uid=ldap-leaver," + PEOPLE, CLINICIANS_GROUP));
    }

    private static void refreshFailsAfter(String user, Runnable directoryChange) {
        Response token = launch("openid user/Observation.rs", user, password(user));
        assertEquals(Set.of("openid", "user/Observation.rs"), scopes(token));
        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), "refreshes while the account is active: " + refreshed.asString());

        directoryChange.run();

        Response refused = app.refresh(refreshed.jsonPath().getString("refresh_token"), null);
        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("invalid_grant", refused.jsonPath().getString("error"), refused.asString());
        assertTrue(refused.jsonPath().getString("error_description") != null, refused.asString());

        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Response again = browser.submitLogin(browser.authorize(app.authorizeParams("openid", Pkce.s256(), "st-again")),
                user, password(user));
        assertTrue(again.asString().contains("kc-form-login"), "nor can the account sign in again: " + again.asString());
    }

    /**
     * While the directory is down Keycloak cannot confirm the account, so it must not extend the grant: the refresh is
     * refused with an OAuth error ({@code invalid_grant}, Keycloak treats the account as disabled), a sign-in ends on
     * Keycloak's error page, never a 5xx, and the grant works again once the directory is back.
     */
    @Test
    void whileTheDirectoryIsDownTheGrantIsNotExtended() {
        Response token = launch("openid user/Observation.rs", "ldap-outage", password("ldap-outage"));
        String refreshToken = token.jsonPath().getString("refresh_token");
        ldap.close();
        Response refused;
        Response signIn;
        try {
            refused = app.refresh(refreshToken, null);
            BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
            signIn = browser.submitLogin(browser.authorize(app.authorizeParams("openid", Pkce.s256(), "st-outage")),
                    "ldap-outage", password("ldap-outage"));
        } finally {
            ldap.restart();
        }
        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("invalid_grant", refused.jsonPath().getString("error"), refused.asString());
        assertTrue(refused.jsonPath().getString("error_description") != null, refused.asString());
        assertTrue(signIn.statusCode() >= 400 && signIn.statusCode() < 500, "an error page, no 5xx: " + signIn.statusCode());
        assertTrue(signIn.asString().contains("kc-error-message"), "Keycloak's error page: " + signIn.asString());
        assertTrue(BrowserlessLogin.totpSetupSecret(signIn).isEmpty() && !BrowserlessLogin.isOtpPage(signIn), "no sign-in");

        Response afterwards = app.refresh(refreshToken, null);
        assertEquals(200, afterwards.statusCode(), "the grant survives the outage (the refused refresh spent nothing): "
                + afterwards.asString());
    }

    /**
     * Step-up is not weaker for directory users: a write scope needs AAL3 (a security key) as for local users, so a
     * directory clinician without a key is asked to register one inside the sign-in, and no code reaches the app yet.
     */
    @Test
    void aDirectoryClinicianWritingNeedsTheStepUpLevel() {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response picker = signIn(browser, app.authorizeParams("openid launch/patient patient/Observation.rs", pkce, "st-read"),
                "ldap-clinician", password("ldap-clinician"));
        Response found = browser.submitPicker(picker, Map.of("search", "search", "name", "smith"));
        Response consent = browser.submitPicker(found, Map.of("select", "select", "patient", "pat-smith-1"));
        Response read = exchange(browser.acceptConsentIfAsked(consent), pkce);
        assertEquals(AAL2, idTokenClaim(read, "acr"));

        Response write = browser.authorize(app.authorizeParams("openid launch/patient patient/Observation.cud", Pkce.s256(), "st-write"));
        assertEquals(200, write.statusCode(), "no key yet: a page, no code for the app: " + write.statusCode() + " to "
                + write.getHeader("Location"));
        assertTrue(write.asString().contains("id=\"registerWebAuthn\""),
                "the security key registration page inside the sign-in: " + write.asString());
    }

    /** The block is shipped switched off: the shared realm, imported without directory settings, has it disabled. */
    @Test
    void theTemplateShipsTheDirectoryBlockSwitchedOffWithExactlyItsMappers() {
        for (String realm : List.of(RealmFixtures.REALM, REALM)) {
            JsonNode providers = admin.get("/realms/" + realm + "/components?type=org.keycloak.storage.UserStorageProvider");
            assertEquals(1, providers.size(), realm + ": " + providers);
            JsonNode directory = providers.get(0);
            assertEquals("ldap", directory.get("providerId").asText());
            JsonNode config = directory.get("config");
            assertEquals(realm.equals(REALM) ? "true" : "false", config.get("enabled").get(0).asText(), realm);
            assertEquals("READ_ONLY", config.get("editMode").get(0).asText());
            assertEquals("NO_CACHE", config.get("cachePolicy").get(0).asText());
            Set<String> mappers = new TreeSet<>();
            for (JsonNode mapper : admin.get("/realms/" + realm + "/components?parent=" + directory.get("id").asText())) {
                mappers.add(mapper.get("name").asText() + "=" + mapper.get("providerId").asText());
            }
            assertEquals(Set.of("username=user-attribute-ldap-mapper", "email=user-attribute-ldap-mapper",
                    "first name=user-attribute-ldap-mapper", "last name=user-attribute-ldap-mapper",
                    "fhirUser=user-attribute-ldap-mapper", "linked patients=user-attribute-ldap-mapper",
                    "SMART role groups=group-ldap-mapper"), mappers, realm + ": exactly the shipped mappers, no defaults added");
        }
    }
}
