package org.smartfhir.keycloak.stepup.upstream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AuthnContextType;
import org.keycloak.dom.saml.v2.assertion.AuthnStatementType;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;

/**
 * What the upstream identity provider said about how the user signed in: the validated ID token's {@code acr} and
 * {@code amr} (OpenID Connect Core 1.0 §2; RFC 8176), or the SAML assertion's {@code AuthnContextClassRef} (SAML 2.0
 * Core §2.7.2.2). Only what Keycloak itself validated is read: the ID token Keycloak checked, the assertion it verified.
 */
final class UpstreamAuthnValues {

    private UpstreamAuthnValues() {
    }

    static List<String> of(BrokeredIdentityContext context) {
        List<String> values = new ArrayList<>();
        Object idToken = context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        if (idToken instanceof JsonWebToken token) {
            if (token instanceof IDToken id && id.getAcr() != null) {
                values.add(id.getAcr());
            }
            add(values, token.getOtherClaims().get(IDToken.ACR));
            add(values, token.getOtherClaims().get("amr"));
        }
        Object statement = context.getContextData().get(SAMLEndpoint.SAML_AUTHN_STATEMENT);
        if (statement instanceof AuthnStatementType authn) {
            AuthnContextType authnContext = authn.getAuthnContext();
            if (authnContext != null && authnContext.getSequence() != null && authnContext.getSequence().getClassRef() != null
                    && authnContext.getSequence().getClassRef().getValue() != null) {
                values.add(authnContext.getSequence().getClassRef().getValue().toString());
            }
        }
        return values;
    }

    private static void add(List<String> values, Object claim) {
        if (claim instanceof String s) {
            values.add(s);
        } else if (claim instanceof Collection<?> many) {
            many.stream().filter(String.class::isInstance).map(String.class::cast).forEach(values::add);
        }
    }
}
