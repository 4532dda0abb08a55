package org.smartfhir.keycloak.audience;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

/** Puts the FHIR base a SMART app was authorized for into its access tokens' {@code aud}, for every grant. */
public final class FhirAudienceTokenPostProcessorFactory implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "smart-fhir-audience";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new FhirAudienceTokenPostProcessor();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
