package org.smartfhir.keycloak.spi;

import org.keycloak.models.ClientModel;
import org.smartfhir.keycloak.scope.ScopeCeiling;

/** A SMART client is one with a declared scope ceiling; every SMART-only rule of the pack keys on this. */
public final class SmartClients {

    private SmartClients() {
    }

    public static boolean isSmart(ClientModel client) {
        return client != null && ScopeCeiling.declared(client.getAttribute(ScopeCeiling.CLIENT_ATTRIBUTE));
    }
}
