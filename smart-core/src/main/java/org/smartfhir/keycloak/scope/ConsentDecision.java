package org.smartfhir.keycloak.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a person decided on the SMART consent page, as the audit trail records it: the scopes granted and the data
 * permissions the app asked for that were not (unticked, replaced by a narrower category, or all of them on "Deny").
 * HIPAA §164.312(b) asks for a record of who allowed which app to see what; SMART App Launch 2.2 lets the person narrow
 * the request, so the refused part is as much the decision as the granted one.
 *
 * <p>The scopes come from the app's request. Only RFC 6749 §3.3 scope-token characters survive into the record (no
 * spaces, quotes, backslashes, control or non-ASCII characters: nothing that forges a log line), each at most
 * {@link ScopeParser#MAX_SCOPE_LENGTH} characters, at most {@link #MAX_SCOPES} of each list.
 */
public record ConsentDecision(List<String> granted, List<String> refused) {

    public static final int MAX_SCOPES = 100;
    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1," + ScopeParser.MAX_SCOPE_LENGTH + "}");

    public ConsentDecision {
        granted = bounded(granted);
        refused = bounded(refused);
    }

    /** The decision for a submitted form: {@code granted} is what {@link ConsentChoices#grant} made of the ticks. */
    public static ConsentDecision of(ConsentChoices choices, String granted) {
        List<String> grantedScopes = ScopeParser.tokens(granted);
        List<String> refused = new ArrayList<>(choices.requested());
        refused.removeAll(grantedScopes);
        return new ConsentDecision(grantedScopes, refused);
    }

    /** "Deny": nothing granted, every data permission asked for refused. */
    public static ConsentDecision denied(ConsentChoices choices) {
        return new ConsentDecision(List.of(), choices.requested());
    }

    /** Whether the app may see any data: a refusal when no SMART resource scope was granted. */
    public boolean grantsData() {
        return granted.stream().anyMatch(s -> ScopeParser.resource(s).isPresent());
    }

    /** A list as one event detail (space-separated, as the {@code scope} parameter); {@code null} when empty. */
    public static String detail(List<String> scopes) {
        return scopes.isEmpty() ? null : String.join(" ", scopes);
    }

    private static List<String> bounded(Collection<String> scopes) {
        return scopes == null ? List.of()
                : scopes.stream().filter(s -> s != null && SCOPE_TOKEN.matcher(s).matches()).distinct().limit(MAX_SCOPES).toList();
    }
}
