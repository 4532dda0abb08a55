package org.smartfhir.keycloak.demo.fhir;

import java.net.URI;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.smartfhir.keycloak.harness.fhir.LoopbackFhirServer;

/**
 * The demo's FHIR server: HAPI's plain server with made-up patients, guarded by SMART access tokens, discoverable by
 * SMART clients at its base ({@link SmartDiscoveryInterceptor}).
 */
public final class DemoFhirServer {

    /** The patient the demo's patient user is linked to. */
    public static final String LINKED_PATIENT = DemoRecords.LINKED_PATIENT;

    private DemoFhirServer() {
    }

    /** The demo patients, id → name, in the order the server lists them (what the demo EHR shows). */
    public static java.util.Map<String, String> patients() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        new DemoRecords().patients.forEach(p -> out.put(p.getIdElement().getIdPart(),
                p.getNameFirstRep().getGivenAsSingleString() + " " + p.getNameFirstRep().getFamily()));
        return out;
    }

    /**
     * {@code fhirBase}: the FHIR base exactly as the realm names it (what apps send as {@code iss} and {@code aud}, and
     * what the CapabilityStatement says it is); {@code issuer}: the realm URL tokens come from; {@code appOrigin}: the
     * sample app's origin, allowed by CORS.
     */
    public static LoopbackFhirServer start(String fhirBase, String issuer, String appOrigin) {
        RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached());
        fhir.registerProviders(DemoProviders.of(new DemoRecords()));
        fhir.registerInterceptor(new SmartDiscoveryInterceptor(URI.create(issuer + SmartDiscoveryInterceptor.WELL_KNOWN_PATH)));
        fhir.registerInterceptor(new SmartTokenGuard(issuer, fhirBase, appOrigin));
        return LoopbackFhirServer.start(fhir, "demo FHIR server", URI.create(fhirBase));
    }
}
