package org.smartfhir.keycloak.it.support;

import org.smartfhir.keycloak.demo.fhir.SmartDiscoveryInterceptor;
import org.smartfhir.keycloak.harness.fhir.LoopbackFhirServer;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.eclipse.jetty.server.Server;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * A real HAPI FHIR plain server on a free loopback port, holding a handful of sample patients and encounters: what
 * the patient picker searches. One per test JVM (all suites share it, as they share Keycloak). It records the
 * Authorization header of every request so tests can check what token Keycloak used, and can be made slow to prove
 * the picker's timeout.
 */
public final class FhirTestServer {

    private static FhirTestServer shared;

    private final Server jetty;
    private final String base;
    private final RestfulServer fhir;
    private boolean discoverable;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;

    private static final List<Patient> PATIENTS = new ArrayList<>();
    private static final List<Encounter> ENCOUNTERS = new ArrayList<>();

    static {
        patient("pat-smith-1", "Alice", "Smith", "1970-01-01", Enumerations.AdministrativeGender.FEMALE);
        patient("pat-smith-2", "Bob", "Smith", "1980-02-02", Enumerations.AdministrativeGender.MALE);
        patient("pat-smith-3", "Carol", "Smith", "1990-03-03", Enumerations.AdministrativeGender.FEMALE);
        patient("pat-smithers-4", "Dan", "Smithers", "2000-04-04", Enumerations.AdministrativeGender.MALE);
        patient("pat-jones-5", "Eve", "Jones", "2010-05-05", Enumerations.AdministrativeGender.FEMALE);
        patient("pat-evil-6", "<script>alert(1)</script>", "Injection\u202Etxt", "1999-09-09", Enumerations.AdministrativeGender.OTHER);
        encounter("enc-1", "pat-smith-1", "Emergency visit", "2026-01-10T08:00:00Z");
        encounter("enc-2", "pat-smith-1", "Follow-up", "2026-02-12T09:30:00Z");
        encounter("enc-3", "pat-smith-2", "Annual check-up", "2026-03-01T10:00:00Z");
    }

    private static void patient(String id, String given, String family, String birthDate, Enumerations.AdministrativeGender gender) {
        Patient p = new Patient();
        p.setId(id);
        p.addName().addGiven(given).setFamily(family);
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));
        p.setGender(gender);
        PATIENTS.add(p);
    }

    private static void encounter(String id, String patient, String type, String start) {
        Encounter e = new Encounter();
        e.setId(id);
        e.setStatus(Encounter.EncounterStatus.FINISHED);
        e.setSubject(new Reference("Patient/" + patient));
        e.addType().setText(type);
        e.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start)));
        ENCOUNTERS.add(e);
    }

    /** The server every suite shares, started on first use. */
    public static synchronized FhirTestServer shared() {
        if (shared == null) {
            shared = new FhirTestServer();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private FhirTestServer() {
        fhir = new RestfulServer(FhirContext.forR4Cached());
        fhir.registerProviders(new PatientProvider(), new EncounterProvider());
        fhir.setPagingProvider(new FifoMemoryPagingProvider(100));
        fhir.registerInterceptor(new RequestRecorder());
        LoopbackFhirServer server = LoopbackFhirServer.start(fhir, "FHIR test server");
        jetty = server.jetty();
        base = server.base();
    }

    public String base() {
        return base;
    }

    /**
     * Serves the realm's SMART configuration at this server's base and names SMART in its CapabilityStatement, as the
     * README's HAPI recipe does ({@link SmartDiscoveryInterceptor}); once per JVM, for the realm at {@code issuer}.
     */
    public synchronized FhirTestServer discoverableFrom(String issuer) {
        if (!discoverable) {
            fhir.registerInterceptor(new SmartDiscoveryInterceptor(URI.create(issuer + SmartDiscoveryInterceptor.WELL_KNOWN_PATH)));
            discoverable = true;
        }
        return this;
    }

    /** Authorization headers of the requests so far, oldest first. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Makes every answer wait (0 = normal), e.g. to exceed the picker's timeout. */
    public void delay(long millis) {
        this.delayMillis = millis;
    }

    private void stop() {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // JVM is exiting
        }
    }

    @Interceptor
    public final class RequestRecorder {
        @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
        public void record(RequestDetails request) throws InterruptedException {
            authorizations.add(String.valueOf(request.getHeader("Authorization")));
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
        }
    }

    public static final class PatientProvider implements IResourceProvider {
        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Patient.class;
        }

        @Search
        public List<Patient> search(@OptionalParam(name = Patient.SP_NAME) StringParam name) {
            if (name == null) {
                return new ArrayList<>(PATIENTS);
            }
            String q = name.getValue().toLowerCase(Locale.ROOT);
            return PATIENTS.stream().filter(p -> p.getName().stream().anyMatch(n ->
                    n.getFamily() != null && n.getFamily().toLowerCase(Locale.ROOT).startsWith(q)
                            || n.getGiven().stream().anyMatch(g -> g.getValue().toLowerCase(Locale.ROOT).startsWith(q))))
                    .toList();
        }
    }

    public static final class EncounterProvider implements IResourceProvider {
        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Encounter.class;
        }

        @Search
        public List<Encounter> byPatient(@RequiredParam(name = Encounter.SP_PATIENT) ReferenceParam patient,
                                         @ca.uhn.fhir.rest.annotation.Sort ca.uhn.fhir.rest.api.SortSpec sort) {
            String id = patient.getIdPart();
            return ENCOUNTERS.stream().filter(e -> id.equals(e.getSubject().getReferenceElement().getIdPart())).toList();
        }
    }
}
