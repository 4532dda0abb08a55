package org.smartfhir.keycloak.demo.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.smartfhir.keycloak.harness.fhir.LoopbackFhirServer;

/** The demo's FHIR server: HAPI's plain server with made-up patients, guarded by SMART access tokens. */
public final class DemoFhirServer {

    /** The patient the demo's patient user is linked to. */
    public static final String LINKED_PATIENT = DemoRecords.LINKED_PATIENT;

    private DemoFhirServer() {
    }

    /**
     * {@code issuer}: the realm URL tokens come from; {@code audience}: the FHIR base as the realm names it (the
     * {@code aud} apps send); {@code appOrigin}: the sample app's origin, allowed by CORS.
     */
    public static LoopbackFhirServer start(int port, String issuer, String audience, String appOrigin) {
        RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached());
        fhir.registerProviders(DemoProviders.of(new DemoRecords()));
        fhir.registerInterceptor(new SmartTokenGuard(issuer, audience, appOrigin));
        return LoopbackFhirServer.start(fhir, "demo FHIR server", port);
    }
}
