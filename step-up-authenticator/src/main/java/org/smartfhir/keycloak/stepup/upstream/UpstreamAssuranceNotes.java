package org.smartfhir.keycloak.stepup.upstream;

/**
 * Authentication-session note by which the upstream-assurance mapper hands the level it read to the post-broker step.
 * One note per identity provider alias, so a level read for one provider is never credited to a sign-in through another.
 */
final class UpstreamAssuranceNotes {

    private static final String PREFIX = "smart.upstream.loa.";

    private UpstreamAssuranceNotes() {
    }

    static String key(String identityProviderAlias) {
        return PREFIX + identityProviderAlias;
    }
}
