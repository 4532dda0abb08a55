package org.smartfhir.keycloak.launch.picker;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.http.OutboundUrls;
import org.smartfhir.keycloak.launch.SessionContext;
import org.smartfhir.keycloak.launch.style.SmartStyleResource;
import org.smartfhir.keycloak.launch.context.FhirValues;
import org.smartfhir.keycloak.launch.context.LaunchContext;
import org.smartfhir.keycloak.scope.Context;
import org.smartfhir.keycloak.scope.ScopeParser;
import org.smartfhir.keycloak.spi.OAuthErrorRedirect;
import org.smartfhir.keycloak.spi.PendingRequiredActions;
import org.smartfhir.keycloak.spi.RealmRoles;
import org.smartfhir.keycloak.spi.SmartFlowStep;

/**
 * Standalone launch context (SMART App Launch 2.2 §"Standalone launch", {@code launch/patient} and
 * {@code launch/encounter}), and the last word on requirement D19: when this step is done, a request that still holds
 * a {@code patient/} scope has a patient in context, or it gets no code.
 *
 * <p>Patients choose among the records linked to their account (one is chosen silently); users holding a search role
 * search the configured FHIR server. Only ids this step itself offered are accepted back from the form, so a
 * tampered form cannot put an arbitrary patient into a token.
 */
final class PatientPickerAuthenticator extends SmartFlowStep {

    private static final Logger LOG = Logger.getLogger(PatientPickerAuthenticator.class);
    static final String TEMPLATE = "smart-patient-picker.ftl";

    static final String LAUNCH_PATIENT = "launch/patient";
    static final String LAUNCH_ENCOUNTER = "launch/encounter";

    /** Auth notes: what the page on screen offered, and where its next page is. */
    static final String OFFERED = "smart.picker.offered";
    static final String NEXT = "smart.picker.next";
    static final String QUERY = "smart.picker.query";
    static final String STAGE = "smart.picker.stage";
    static final String STAGE_PATIENT = "patient";
    static final String STAGE_ENCOUNTER = "encounter";
    static final String ENCOUNTER_DONE = "smart.picker.encounter.done";
    static final int MAX_QUERY = 100;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        // No patient search or list before the account is set up (e.g. a first sign-in's second factor).
        if (PendingRequiredActions.refuseIfOwed(context)) {
            return;
        }
        proceed(context);
    }

    /** Decides what is still missing and either finishes, asks, or refuses. */
    private void proceed(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        List<String> scopes = scopes(authSession);
        LaunchContext launch = current(context);
        PickerSettings settings = PickerSettings.of(config(context));
        if (launch.patient() == null && scopes.contains(LAUNCH_PATIENT)) {
            List<String> linked = linkedPatients(context.getUser(), settings);
            if (linked.size() == 1) {
                save(context, launch.withPatient(linked.get(0)));
                proceed(context);
                return;
            }
            if (!linked.isEmpty()) {
                showLinked(context, linked);
                return;
            }
            if (!maySearch(context, settings)) {
                LOG.debugf("client %s: user %s has no linked patient and may not search", authSession.getClient().getClientId(),
                        context.getUser().getId());
                OAuthErrorRedirect.fail(context, "access_denied", "no patient record is linked to this account");
                return;
            }
            String query = authSession.getAuthNote(QUERY);
            showSearch(context, settings, query, null, null);
            return;
        }
        if (launch.patient() != null && launch.encounter() == null && scopes.contains(LAUNCH_ENCOUNTER)
                && !STAGE_ENCOUNTER.equals(authSession.getAuthNote(ENCOUNTER_DONE))) {
            showEncounters(context, settings, launch.patient(), null);
            return;
        }
        if (launch.patient() == null && ScopeParser.anyResource(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM), Context.PATIENT)) {
            // D19: a patient/ scope without a patient would leave the compartment to the resource server's guess.
            OAuthErrorRedirect.fail(context, "invalid_scope",
                    "patient/ scopes need a patient in context: request launch/patient, or launch with an EHR launch that names a patient");
            return;
        }
        clearPickerNotes(authSession);
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        PickerSettings settings = PickerSettings.of(config(context));
        if (form.containsKey("cancel")) {
            clearPickerNotes(authSession);
            OAuthErrorRedirect.fail(context, "access_denied", "the user cancelled the patient selection");
            return;
        }
        boolean encounterStage = STAGE_ENCOUNTER.equals(authSession.getAuthNote(STAGE));
        LaunchContext launch = current(context);
        if (form.containsKey("select")) {
            String chosen = form.getFirst(encounterStage ? "encounter" : "patient");
            List<String> offered = offered(authSession);
            if (chosen == null || !FhirValues.isId(chosen) || !offered.contains(chosen)) {
                redisplay(context, settings, encounterStage, launch, "smartPickerChooseOne");
                return;
            }
            save(context, encounterStage ? launch.withEncounter(chosen) : launch.withPatient(chosen));
            clearPickerNotes(authSession);
            proceed(context);
            return;
        }
        // Searching is for the search roles only, and only for users without linked patients (who choose among those).
        boolean searchMode = !encounterStage && linkedPatients(context.getUser(), settings).isEmpty() && maySearch(context, settings);
        if (!searchMode) {
            redisplay(context, settings, encounterStage, launch, null);
            return;
        }
        if (form.containsKey("next") && authSession.getAuthNote(NEXT) != null) {
            showSearch(context, settings, authSession.getAuthNote(QUERY), authSession.getAuthNote(NEXT), null);
            return;
        }
        if (form.containsKey("search")) {
            String query = form.getFirst("name");
            if (query == null || query.isBlank() || query.length() > MAX_QUERY || !FhirValues.isSafeText(query.trim())) {
                showSearch(context, settings, null, null, "smartPickerQueryInvalid");
                return;
            }
            showSearch(context, settings, query.trim(), null, null);
            return;
        }
        redisplay(context, settings, encounterStage, launch, null);
    }

    private void redisplay(AuthenticationFlowContext context, PickerSettings settings, boolean encounterStage,
                           LaunchContext launch, String error) {
        if (encounterStage) {
            showEncounters(context, settings, launch.patient(), error);
            return;
        }
        List<String> linked = linkedPatients(context.getUser(), settings);
        if (!linked.isEmpty()) {
            showLinked(context, linked);
        } else {
            showSearch(context, settings, context.getAuthenticationSession().getAuthNote(QUERY), null, error);
        }
    }

    private void showLinked(AuthenticationFlowContext context, List<String> linked) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(STAGE, STAGE_PATIENT);
        authSession.setAuthNote(OFFERED, String.join(" ", linked));
        List<Candidate> candidates = linked.stream().map(id -> new Candidate(id, "Patient/" + id, "")).toList();
        context.challenge(page(context, "linked", candidates, null, false, null));
    }

    private void showSearch(AuthenticationFlowContext context, PickerSettings settings, String query, String nextUrl, String error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(STAGE, STAGE_PATIENT);
        if (query == null) {
            authSession.removeAuthNote(QUERY);
            authSession.removeAuthNote(OFFERED);
            authSession.removeAuthNote(NEXT);
            context.challenge(page(context, "search", List.of(), null, false, error));
            return;
        }
        Optional<FhirSearchClient> fhir = client(context, settings);
        if (fhir.isEmpty()) {
            return;
        }
        try {
            String token = PickerToken.forPatientSearch(context.getSession(), context.getRealm(), fhir.get().base(), context.getUser());
            SearchPage page = nextUrl != null ? fhir.get().next(nextUrl, true, token)
                    : fhir.get().patients(query, settings.pageSize(), token);
            remember(authSession, page);
            authSession.setAuthNote(QUERY, query);
            context.challenge(page(context, "search", page.candidates(), query, page.next() != null, error));
        } catch (IOException e) {
            fhirDown(context, e);
        }
    }

    private void showEncounters(AuthenticationFlowContext context, PickerSettings settings, String patient, String error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<FhirSearchClient> fhir = client(context, settings);
        if (fhir.isEmpty()) {
            return;
        }
        try {
            String token = PickerToken.forEncounters(context.getSession(), context.getRealm(), fhir.get().base(),
                    context.getUser(), patient);
            SearchPage page = fhir.get().encounters(patient, settings.pageSize(), token);
            if (page.candidates().isEmpty()) {
                // SHOULD, not SHALL: no encounter on record means the app runs without one.
                authSession.setAuthNote(ENCOUNTER_DONE, STAGE_ENCOUNTER);
                proceed(context);
                return;
            }
            if (page.candidates().size() == 1 && error == null) {
                save(context, current(context).withEncounter(page.candidates().get(0).id()));
                proceed(context);
                return;
            }
            authSession.setAuthNote(STAGE, STAGE_ENCOUNTER);
            remember(authSession, page);
            context.challenge(page(context, "encounter", page.candidates(), null, false, error));
        } catch (IOException e) {
            fhirDown(context, e);
        }
    }

    private Optional<FhirSearchClient> client(AuthenticationFlowContext context, PickerSettings settings) {
        if (settings.fhirBaseUrl() == null || !FhirValues.isWebUrl(settings.fhirBaseUrl())
                || !OutboundUrls.isHttpsOrLoopback(settings.fhirBaseUrl())) {
            LOG.warnf("realm %s: the SMART patient picker needs an https FHIR base URL (http only on loopback)",
                    context.getRealm().getName());
            fhirDown(context, new FhirUnavailableException("no FHIR base URL configured"));
            return Optional.empty();
        }
        return Optional.of(new FhirSearchClient(settings.fhirBaseUrl(), settings.timeout()));
    }

    /** An error page the user can retry from (reload), not a redirect: the app did nothing wrong. */
    private static void fhirDown(AuthenticationFlowContext context, IOException e) {
        LOG.warnf("client %s: the SMART patient picker's FHIR server is unavailable (%s)",
                context.getAuthenticationSession().getClient().getClientId(), e.getMessage());
        context.getEvent().detail("reason", "fhir_unavailable");
        Response page = context.form().setError("smartPickerFhirUnavailable").createErrorPage(Response.Status.BAD_GATEWAY);
        context.forceChallenge(page);
    }

    private Response page(AuthenticationFlowContext context, String mode, List<Candidate> candidates, String query,
                          boolean hasNext, String error) {
        var form = context.form()
                .setAttribute("smartPickerMode", mode)
                .setAttribute("smartPickerCandidates", candidates)
                .setAttribute("smartPickerQuery", query == null ? "" : query)
                .setAttribute("smartPickerHasNext", hasNext);
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    private static void remember(AuthenticationSessionModel authSession, SearchPage page) {
        authSession.setAuthNote(OFFERED, String.join(" ", page.candidates().stream().map(Candidate::id).toList()));
        if (page.next() != null) {
            authSession.setAuthNote(NEXT, page.next());
        } else {
            authSession.removeAuthNote(NEXT);
        }
    }

    private static List<String> offered(AuthenticationSessionModel authSession) {
        String offered = authSession.getAuthNote(OFFERED);
        return offered == null || offered.isBlank() ? List.of() : Arrays.asList(offered.split(" "));
    }

    private static void clearPickerNotes(AuthenticationSessionModel authSession) {
        for (String note : List.of(OFFERED, NEXT, QUERY, STAGE)) {
            authSession.removeAuthNote(note);
        }
    }

    private static List<String> linkedPatients(UserModel user, PickerSettings settings) {
        return LinkedPatients.of(user.getAttributeStream(settings.patientAttribute()).toList(), user.getFirstAttribute("fhirUser"));
    }

    private static boolean maySearch(AuthenticationFlowContext context, PickerSettings settings) {
        return RealmRoles.holdsAny(context.getRealm(), context.getUser(), settings.searchRoles());
    }

    private static LaunchContext current(AuthenticationFlowContext context) {
        return SessionContext.read(context.getAuthenticationSession(), context.getUser().getId());
    }

    private static void save(AuthenticationFlowContext context, LaunchContext launch) {
        SessionContext.write(context.getAuthenticationSession(), context.getUser().getId(),
                launch.withDefaults(SmartStyleResource.url(context.getSession(), context.getRealm())));
    }

    private static List<String> scopes(AuthenticationSessionModel authSession) {
        return ScopeParser.tokens(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
    }
}
