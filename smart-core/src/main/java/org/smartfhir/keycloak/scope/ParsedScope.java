package org.smartfhir.keycloak.scope;

/** What the parser made of one requested scope string. It never throws: hostile input is a value, not an error. */
public sealed interface ParsedScope permits ParsedScope.Smart, ParsedScope.NotSmart, ParsedScope.Malformed {

    String original();

    /** A well-formed SMART scope. */
    record Smart(SmartScope scope) implements ParsedScope {
        @Override
        public String original() {
            return scope.original();
        }
    }

    /** Not SMART-shaped at all ({@code email}, a custom scope): Keycloak's own client-scope rules decide. */
    record NotSmart(String original) implements ParsedScope {
    }

    /**
     * Claims to be SMART ({@code patient/}, {@code user/}, {@code system/} or {@code launch/} prefix) but breaks the
     * grammar. Rejected as {@code invalid_scope}: guessing what was meant could grant more than was asked.
     */
    record Malformed(String original, String reason) implements ParsedScope {
    }
}
