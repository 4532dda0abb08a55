package org.smartfhir.keycloak.spi;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Realm-role checks as the pack's configuration names them. Fail closed: a role name that does not exist in the realm
 * (a typo, a deleted role) is held by no one.
 */
public final class RealmRoles {

    private RealmRoles() {
    }

    public static boolean holds(RealmModel realm, UserModel user, String roleName) {
        RoleModel role = realm.getRole(roleName);
        return role != null && user != null && user.hasRole(role);
    }

    public static boolean holdsAny(RealmModel realm, UserModel user, Collection<String> roleNames) {
        return roleNames.stream().anyMatch(name -> holds(realm, user, name));
    }

    /** Role names from an admin's setting: separated by commas and/or whitespace. */
    public static List<String> names(String setting) {
        return setting == null ? List.of() : Arrays.stream(setting.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }
}
