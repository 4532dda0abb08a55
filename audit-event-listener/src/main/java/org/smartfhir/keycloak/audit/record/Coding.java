package org.smartfhir.keycloak.audit.record;

/** A code from a code system, as FHIR and ATNA carry event types. */
public record Coding(String system, String code, String display) {

    public static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    public static final String IHE_EVENT = "urn:ihe:event-type-code";
    public static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    public static final String BALP_AUTHZ = "https://profiles.ihe.net/ITI/BALP/CodeSystem/AuthZsubType";

    public static final Coding USER_AUTHENTICATION = new Coding(DCM, "110114", "User Authenticated");
    public static final Coding LOGIN = new Coding(DCM, "110122", "Login");
    public static final Coding LOGOUT = new Coding(DCM, "110123", "Logout");
    public static final Coding SECURITY_ALERT = new Coding(DCM, "110113", "Security Alert");
    public static final Coding ROLES_CHANGED = new Coding(DCM, "110136", "Security Roles Changed");
    public static final Coding USER_ATTRIBUTES_CHANGED = new Coding(DCM, "110137", "User Security Attributes Changed");
    public static final Coding SECURITY_CONFIGURATION = new Coding(DCM, "110129", "Security Configuration");
    public static final Coding GET_ACCESS_TOKEN = new Coding(IHE_EVENT, "ITI-71", "Get Access Token");
    public static final Coding AUDIT_LOG_USED = new Coding(DCM, "110101", "Audit Log Used");
    public static final Coding QUERY = new Coding(DCM, "110112", "Query");
    public static final Coding REST = new Coding(AUDIT_EVENT_TYPE, "rest", "RESTful Operation");
    public static final Coding TOKEN_INTROSPECTION = new Coding("urn:ietf:rfc:7662", "introspection", "OAuth token introspection");
    public static final Coding AUTHZ_CONSENT = new Coding(BALP_AUTHZ, "AuthZ-Consent", "Authorization Decision using Roles and Consent");
}
