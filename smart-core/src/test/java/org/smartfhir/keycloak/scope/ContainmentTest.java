package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartfhir.keycloak.scope.ScopeParserTest.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainmentTest {

    @ParameterizedTest(name = "{0} within {1} = {2}")
    @CsvSource({
            "patient/Observation.read, patient/*.rs, true",
            "patient/Observation.rs, patient/Observation.read, true",
            "patient/Observation.read, patient/Observation.rs, true",
            "patient/*.read, patient/*.rs, true",
            "patient/Observation.r, patient/Observation.rs, true",
            "patient/Observation.rs, patient/Observation.r, false",
            "patient/Observation.rs, user/*.cruds, false",
            "user/Observation.rs, patient/*.cruds, false",
            "patient/*.rs, patient/Observation.rs, false",
            "patient/Observation.write, patient/Observation.cud, true",
            "patient/Observation.cud, patient/*.*, true",
            "patient/Observation.cruds, patient/Observation.rs, false",
            "patient/Observation.rs?category=laboratory, patient/Observation.rs, true",
            "patient/Observation.rs?category=laboratory, patient/*.rs, true",
            "patient/Observation.rs?category=laboratory, patient/Observation.read, true",
            "patient/Observation.rs, patient/Observation.rs?category=laboratory, false",
            "patient/Observation.rs?category=vital-signs, patient/Observation.rs?category=laboratory, false",
            "patient/Observation.rs?category=laboratory&status=final, patient/Observation.rs?category=laboratory, true",
            "patient/Observation.rs?category=laboratory, patient/Observation.rs?category=laboratory&status=final, false",
            "system/*.rs, system/*.cruds, true",
    })
    void containment(String narrower, String broader, boolean expected) {
        assertEquals(expected, resource(narrower).within(resource(broader)));
    }

    @Test
    void v1AndV2SpellingsOfTheSameSetAreEquivalent() {
        assertEquals(resource("patient/Observation.read").permissions(), resource("patient/Observation.rs").permissions());
        assertEquals(resource("user/*.write").permissions(), resource("user/*.cud").permissions());
        assertEquals(resource("user/*.*").permissions(), resource("user/*.cruds").permissions());
    }

    /** Random well-formed scopes over a small alphabet, so that relations between them are frequent. */
    static List<SmartScope.Resource> randomScopes(Random random, int count) {
        String[] contexts = {"patient", "user", "system"};
        String[] types = {"*", "Observation", "Condition"};
        String[] perms = {"c", "r", "s", "rs", "cu", "cruds", "ud", "read", "write", "*", "crs", "rds"};
        String[] params = {"category=laboratory", "category=vital-signs", "status=final"};
        List<SmartScope.Resource> out = new ArrayList<>();
        while (out.size() < count) {
            String perm = perms[random.nextInt(perms.length)];
            StringBuilder s = new StringBuilder(contexts[random.nextInt(contexts.length)]).append('/')
                    .append(types[random.nextInt(types.length)]).append('.').append(perm);
            boolean v1 = perm.equals("read") || perm.equals("write") || perm.equals("*");
            if (!v1 && random.nextBoolean()) {
                s.append('?').append(params[random.nextInt(params.length)]);
                if (random.nextBoolean()) {
                    String second = params[random.nextInt(params.length)];
                    if (s.indexOf(second) < 0) {
                        s.append('&').append(second);
                    }
                }
            }
            out.add(resource(s.toString()));
        }
        return out;
    }

    @Test
    void containmentIsAPreorder() {
        List<SmartScope.Resource> scopes = randomScopes(new Random(20261123), 120);
        int related = 0;
        for (SmartScope.Resource a : scopes) {
            assertTrue(a.within(a), "reflexive: " + a.original());
            for (SmartScope.Resource b : scopes) {
                if (!a.within(b)) {
                    continue;
                }
                related++;
                for (SmartScope.Resource c : scopes) {
                    if (b.within(c)) {
                        assertTrue(a.within(c), "transitive: " + a.original() + " < " + b.original() + " < " + c.original());
                    }
                }
            }
        }
        assertTrue(related > scopes.size() * 2, "the sample must exercise the relation, related=" + related);
    }

    @Test
    void containmentMeansNoMorePermissionsAndNoFewerConstraints() {
        List<SmartScope.Resource> scopes = randomScopes(new Random(7), 150);
        for (SmartScope.Resource a : scopes) {
            for (SmartScope.Resource b : scopes) {
                if (a.within(b)) {
                    assertTrue(b.permissions().containsAll(a.permissions()));
                    assertTrue(a.parameters().containsAll(b.parameters()));
                    assertEquals(a.context(), b.context());
                    assertTrue(b.wildcardType() || b.resourceType().equals(a.resourceType()));
                } else {
                    assertFalse(a.context() == b.context()
                            && (b.wildcardType() || b.resourceType().equals(a.resourceType()))
                            && b.permissions().containsAll(a.permissions())
                            && a.parameters().containsAll(b.parameters()), a.original() + " / " + b.original());
                }
            }
        }
    }
}
