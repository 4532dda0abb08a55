package org.smartfhir.keycloak.scope;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which of Keycloak's client scopes a SMART client may hold as <em>default</em> scopes, i.e. receive without asking.
 * SMART App Launch 2.2 §"Scopes and Launch Context" has the app request every scope it wants, and the user consents to
 * what is requested; a Keycloak default scope is granted whatever the request says and is never on the consent page.
 * Keycloak's realm defaults ({@code profile email roles web-origins acr basic}) would therefore put the user's name,
 * e-mail and roles into tokens of an app that asked for none of them.
 *
 * <p>Kept as defaults are only the scopes the sign-in itself needs, none of which carries anything about the person
 * beyond the account identifier the app is told anyway:
 * <ul>
 *   <li>{@code basic}: {@code sub} and {@code auth_time} (OpenID Connect Core §2 requires {@code sub} in the id token;
 *       without it Keycloak issues tokens with no subject);</li>
 *   <li>{@code acr}: the {@code acr} claim, the assurance level the sign-in reached (the pack's step-up reports it and
 *       adds {@code amr} to this scope);</li>
 *   <li>{@code service_account}: {@code client_id} and the calling host of a backend service's own token; Keycloak links
 *       it whenever a client's service account is enabled.</li>
 * </ul>
 * Every other default scope — Keycloak's {@code profile}, {@code email}, {@code roles}, {@code web-origins}, an
 * admin's own, or a SMART scope — is surplus: the pack makes it optional, so an app gets it only by requesting it,
 * and the consent page then lists it.
 */
public final class SignInScopes {

    /** The default scopes a SMART client keeps. */
    public static final Set<String> KEPT_AS_DEFAULT = Set.of("basic", "acr", "service_account");

    private SignInScopes() {
    }

    /** The default scopes of a SMART client that must become optional, in the order given. */
    public static List<String> surplusDefaults(Collection<String> defaultScopeNames) {
        return defaultScopeNames == null ? List.of()
                : defaultScopeNames.stream().filter(name -> !KEPT_AS_DEFAULT.contains(name)).distinct().toList();
    }
}
