package org.smartfhir.keycloak.scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain-language text for SMART resource scopes, shown on consent screens and stored as the client scope's consent
 * text. A patient must understand what an app will be able to do ("Read and search your lab results"), not parse
 * {@code patient/Observation.rs}. The words come from {@link ScopeWording}, so the sentence follows the language
 * (and the word order) of the page it is shown on.
 */
public final class ScopeDescriptions {

    private ScopeDescriptions() {
    }

    /** In English: the text stored with a client scope, which has no reader's language yet. */
    public static String describe(SmartScope.Resource scope) {
        return describe(scope, ScopeWording.ENGLISH);
    }

    public static String describe(SmartScope.Resource scope, ScopeWording wording) {
        String context = scope.context().name().toLowerCase(Locale.ROOT);
        String type = scope.resourceType();
        String whose;
        if (wording.has("whose." + context + "." + type)) {
            whose = wording.text("whose." + context + "." + type);
        } else {
            String what = wording.has("type." + type) ? wording.text("type." + type) : wording.text("type.other", type);
            whose = wording.text("whose." + context, what);
        }
        String text = wording.text("sentence", verbs(scope.permissions(), wording), whose);
        if (scope.granular()) {
            List<String> limits = new ArrayList<>();
            for (Map.Entry<String, String> p : scope.parameters()) {
                limits.add(p.getKey() + " " + codeOf(p.getValue()));
            }
            text = wording.text("limited", text, list(limits, wording));
        }
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String verbs(Permissions p, ScopeWording wording) {
        List<String> verbs = new ArrayList<>();
        for (char permission : new char[] {'r', 's', 'c', 'u', 'd'}) {
            if (p.has(permission)) {
                verbs.add(wording.text("verb." + permission));
            }
        }
        return list(verbs, wording);
    }

    private static String list(List<String> items, ScopeWording wording) {
        return items.size() == 1 ? items.get(0)
                : wording.text("list", String.join(", ", items.subList(0, items.size() - 1)), items.get(items.size() - 1));
    }

    /** {@code system|code} token values read best as their code. */
    private static String codeOf(String value) {
        int bar = value.lastIndexOf('|');
        return bar >= 0 && bar < value.length() - 1 ? value.substring(bar + 1) : value;
    }
}
