package org.smartfhir.keycloak.stepup.upstream;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.assurance.AssuranceLevel;
import org.smartfhir.keycloak.assurance.UpstreamAssurance;

/**
 * Identity-provider mapper that reads how the user signed in upstream ({@link UpstreamAuthnValues}) and, through the
 * admin's mapping ({@link UpstreamAssurance}), the NIST level it counts for. It only records that level for this
 * sign-in; the post-broker step {@code smart-upstream-assurance} credits it, so a provider without the template's
 * post-broker flow reaches no level at all and its sign-ins are refused for SMART apps (fail closed). Nothing is
 * stored on the user: the level belongs to this one upstream sign-in.
 */
public final class UpstreamAssuranceMapper extends AbstractIdentityProviderMapper {

    public static final String PROVIDER_ID = "smart-upstream-assurance-mapper";
    static final String LEVELS = "upstream.levels";

    private static final Logger LOG = Logger.getLogger(UpstreamAssuranceMapper.class);

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(LEVELS).label("Upstream values and their levels")
            .type(ProviderConfigProperty.TEXT_TYPE)
            .helpText("One 'upstream value: level' per line. Values are the provider's acr or amr values (OpenID Connect) "
                    + "or its AuthnContextClassRef (SAML), compared exactly; levels are aal1, aal2 or aal3. E.g. 'mfa: aal2', "
                    + "'hwk: aal3', 'http://schemas.microsoft.com/claims/multipleauthn: aal2'. The highest mapped value "
                    + "counts; anything unmapped counts as a single sign-in (AAL1), so the local second factor is asked.")
            .add()
            .build();

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel,
                                            BrokeredIdentityContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession == null || context.getIdpConfig() == null) {
            return;
        }
        UpstreamAssurance mapping = UpstreamAssurance.parse(mapperModel.getConfig() == null ? null : mapperModel.getConfig().get(LEVELS));
        int loa = mapping.reached(UpstreamAuthnValues.of(context)).map(AssuranceLevel::loa).orElse(0);
        LOG.debugf("identity provider %s: the upstream sign-in maps to level %d", context.getIdpConfig().getAlias(), loa);
        authSession.setAuthNote(UpstreamAssuranceNotes.key(context.getIdpConfig().getAlias()), String.valueOf(loa));
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true; // it never writes to the user, so how users are synchronised does not matter
    }

    @Override
    public String[] getCompatibleProviders() {
        return new String[] {ANY_PROVIDER};
    }

    @Override
    public String getDisplayCategory() {
        return "Preprocessor";
    }

    @Override
    public String getDisplayType() {
        return "SMART upstream assurance level";
    }

    @Override
    public String getHelpText() {
        return "Counts the provider's own multi-factor sign-in (acr/amr, or SAML AuthnContextClassRef) towards the SMART "
                + "assurance level, as mapped here. Needs the post-broker flow step 'SMART upstream assurance'.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
