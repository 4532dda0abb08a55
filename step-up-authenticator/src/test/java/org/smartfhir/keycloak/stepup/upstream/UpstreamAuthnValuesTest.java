package org.smartfhir.keycloak.stepup.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AuthnContextClassRefType;
import org.keycloak.dom.saml.v2.assertion.AuthnContextType;
import org.keycloak.dom.saml.v2.assertion.AuthnStatementType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.representations.IDToken;

class UpstreamAuthnValuesTest {

    private static BrokeredIdentityContext context() {
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setAlias("hospital");
        idp.setEnabled(true);
        return new BrokeredIdentityContext("upstream-user", idp);
    }

    @Test
    void readsTheValidatedIdTokensAcrAndAmr() {
        IDToken token = new IDToken();
        token.setAcr("http://idmanagement.gov/ns/assurance/aal/2");
        token.setOtherClaims("amr", List.of("pwd", "otp", "mfa"));
        BrokeredIdentityContext context = context();
        context.getContextData().put(OIDCIdentityProvider.VALIDATED_ID_TOKEN, token);
        assertEquals(List.of("http://idmanagement.gov/ns/assurance/aal/2", "pwd", "otp", "mfa"), UpstreamAuthnValues.of(context));
    }

    @Test
    void readsASingleStringAmrAndIgnoresNonStrings() {
        IDToken token = new IDToken();
        token.setOtherClaims("amr", List.of("hwk", 3));
        BrokeredIdentityContext context = context();
        context.getContextData().put(OIDCIdentityProvider.VALIDATED_ID_TOKEN, token);
        assertEquals(List.of("hwk"), UpstreamAuthnValues.of(context));
    }

    @Test
    void readsTheSamlAuthnContextClassRef() {
        AuthnContextType.AuthnContextTypeSequence sequence = new AuthnContextType.AuthnContextTypeSequence();
        sequence.setClassRef(new AuthnContextClassRefType(URI.create("http://schemas.microsoft.com/claims/multipleauthn")));
        AuthnContextType authnContext = new AuthnContextType();
        authnContext.setSequence(sequence);
        AuthnStatementType statement = new AuthnStatementType(null);
        statement.setAuthnContext(authnContext);
        BrokeredIdentityContext context = context();
        context.getContextData().put(SAMLEndpoint.SAML_AUTHN_STATEMENT, statement);
        assertEquals(List.of("http://schemas.microsoft.com/claims/multipleauthn"), UpstreamAuthnValues.of(context));
    }

    @Test
    void aProviderThatSaysNothingYieldsNothing() {
        assertEquals(List.of(), UpstreamAuthnValues.of(context()));
        BrokeredIdentityContext saml = context();
        saml.getContextData().put(SAMLEndpoint.SAML_AUTHN_STATEMENT, new AuthnStatementType(null));
        assertEquals(List.of(), UpstreamAuthnValues.of(saml));
    }
}
