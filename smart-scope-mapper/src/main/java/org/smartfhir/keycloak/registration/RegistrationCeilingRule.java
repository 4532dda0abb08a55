package org.smartfhir.keycloak.registration;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.smartfhir.keycloak.scope.ScopeCeiling;

/**
 * A client's SMART scope ceiling is what the hospital allows the app; the app must never choose it. Client registration
 * (RFC 7591 / 7592, Keycloak's {@code /clients-registrations/*}) is driven by the app itself, holding an initial or
 * registration access token, and Keycloak's default registration provider accepts arbitrary client attributes — so
 * without this rule an app could register with {@code system/*.cruds}, raise its ceiling later, or remove it to leave
 * the SMART policies (PKCE, {@code aud}, redirect-URI rules) behind. Admins set ceilings through the admin API or
 * console, which this rule does not see.
 */
public final class RegistrationCeilingRule {

    private RegistrationCeilingRule() {
    }

    /**
     * Why a registration or update through the registration endpoints is refused, if it is.
     *
     * @param stored the client's stored ceiling attribute on update, {@code null} on registration or when it has none
     * @param proposed the attributes the request sends ({@code null} when it sends none); a key present with a
     *        {@code null} value removes the attribute in Keycloak
     */
    public static Optional<String> problem(String stored, Map<String, String> proposed) {
        if (proposed == null || !proposed.containsKey(ScopeCeiling.CLIENT_ATTRIBUTE)) {
            return Optional.empty();
        }
        String value = proposed.get(ScopeCeiling.CLIENT_ATTRIBUTE);
        if (Objects.equals(normalized(value), normalized(stored))) {
            return Optional.empty();
        }
        return Optional.of(ScopeCeiling.CLIENT_ATTRIBUTE + " is set by the realm's administrators only; client "
                + "registration may not " + (stored == null || stored.isBlank() ? "set" : "change or remove") + " it");
    }

    private static String normalized(String ceiling) {
        return ceiling == null || ceiling.isBlank() ? null : String.join(" ", ceiling.trim().split("\\s+"));
    }
}
