package org.smartfhir.keycloak.discovery;

import java.util.Arrays;
import java.util.Optional;

/**
 * The capability strings of SMART App Launch 2.2 §"Capabilities", spelled exactly as the IG and the
 * certification test kits compare them. An enum so that a typo cannot advertise a capability no client
 * knows, and so that an admin's withheld list is checked against the real vocabulary.
 */
public enum SmartCapability {
    LAUNCH_EHR("launch-ehr"),
    LAUNCH_STANDALONE("launch-standalone"),
    AUTHORIZE_POST("authorize-post"),
    CLIENT_PUBLIC("client-public"),
    CLIENT_CONFIDENTIAL_SYMMETRIC("client-confidential-symmetric"),
    CLIENT_CONFIDENTIAL_ASYMMETRIC("client-confidential-asymmetric"),
    SSO_OPENID_CONNECT("sso-openid-connect"),
    CONTEXT_BANNER("context-banner"),
    CONTEXT_STYLE("context-style"),
    CONTEXT_EHR_PATIENT("context-ehr-patient"),
    CONTEXT_EHR_ENCOUNTER("context-ehr-encounter"),
    CONTEXT_STANDALONE_PATIENT("context-standalone-patient"),
    CONTEXT_STANDALONE_ENCOUNTER("context-standalone-encounter"),
    PERMISSION_OFFLINE("permission-offline"),
    PERMISSION_ONLINE("permission-online"),
    PERMISSION_PATIENT("permission-patient"),
    PERMISSION_USER("permission-user"),
    PERMISSION_V1("permission-v1"),
    PERMISSION_V2("permission-v2"),
    SMART_APP_STATE("smart-app-state");

    private final String value;

    SmartCapability(String value) {
        this.value = value;
    }

    /** The string as it appears in the {@code capabilities} array. */
    public String value() {
        return value;
    }

    /** Exact, case-sensitive lookup: the IG's strings are case-sensitive, so {@code Client-Public} is unknown. */
    public static Optional<SmartCapability> fromValue(String value) {
        return Arrays.stream(values()).filter(c -> c.value.equals(value)).findFirst();
    }
}
