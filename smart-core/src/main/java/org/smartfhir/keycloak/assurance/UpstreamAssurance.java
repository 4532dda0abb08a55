package org.smartfhir.keycloak.assurance;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The assurance level an upstream identity provider's sign-in counts for, as its administrator maps the provider's own
 * words to NIST SP 800-63B levels: OpenID Connect {@code acr} / RFC 8176 {@code amr} values, or a SAML 2.0
 * {@code AuthnContextClassRef} (SAML Authentication Context §3.4). Only what the admin mapped counts: an upstream that
 * says nothing, or something unmapped, reached no level beyond its own single sign-in, so the local second factor is
 * still asked (NIST SP 800-63C §5.3: the relying party decides which federated assertions it accepts at which level).
 */
public final class UpstreamAssurance {

    private final Map<String, AssuranceLevel> levels;

    private UpstreamAssurance(Map<String, AssuranceLevel> levels) {
        this.levels = levels;
    }

    /**
     * Reads one {@code upstream value: level} per line, e.g. {@code hwk: aal3} or
     * {@code http://schemas.microsoft.com/claims/multipleauthn: aal2}; the value ends at the last colon, so URIs and
     * URNs work. A line whose level cannot be read is ignored (it grants nothing).
     */
    public static UpstreamAssurance parse(String config) {
        Map<String, AssuranceLevel> out = new LinkedHashMap<>();
        if (config != null) {
            for (String line : config.split("[\\r\\n]+")) {
                int colon = line.lastIndexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String value = line.substring(0, colon).trim();
                Optional<AssuranceLevel> level = AssuranceLevel.parse(line.substring(colon + 1).trim());
                if (!value.isEmpty() && level.isPresent()) {
                    out.merge(value, level.get(), (a, b) -> a.loa() <= b.loa() ? a : b);
                }
            }
        }
        return new UpstreamAssurance(out);
    }

    /** The highest level any of the upstream's values is mapped to; empty when none is mapped. Exact, case-sensitive. */
    public Optional<AssuranceLevel> reached(Collection<String> upstreamValues) {
        AssuranceLevel best = null;
        for (String value : upstreamValues) {
            AssuranceLevel level = value == null ? null : levels.get(value.trim());
            if (level != null && (best == null || level.loa() > best.loa())) {
                best = level;
            }
        }
        return Optional.ofNullable(best);
    }

    public boolean isEmpty() {
        return levels.isEmpty();
    }
}
