package org.smartfhir.keycloak.it.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.poll.Poll;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.harness.runtime.PostgresDatabase;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * Someone with database access edits, deletes or reorders audit rows: the chain check names the first broken record.
 * Needs direct SQL access to Keycloak's database, so it runs in the PostgreSQL pass (the embedded H2 file is held by
 * the server); every change is undone afterwards and the chain verifies again.
 */
@KeycloakTest
class AuditChainTamperIT {

    private static final String READER = "audit-tamper-reader";
    private static final String SECRET = "audit-tamper-secret-" + System.nanoTime();

    private static String realmUrl;
    private static SmartApp reader;
    private static String realmId;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        realmUrl = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        new RealmFixtures(admin).serviceClient(READER, SECRET, "smart-audit-reader");
        reader = new SmartApp(realmUrl, READER, SECRET, "https://unused.example.org/cb");
        realmId = admin.get("/realms/" + RealmFixtures.REALM).get("id").asText();
    }

    private static JsonPath verify() {
        String bearer = reader.token().formParam("grant_type", "client_credentials").post(reader.tokenEndpoint())
                .jsonPath().getString("access_token");
        Response verify = given().header("Authorization", "Bearer " + bearer).get(realmUrl + "/smart-audit/verify");
        assertEquals(200, verify.statusCode(), verify.asString());
        return verify.jsonPath();
    }

    @Test
    void editingDeletingOrReorderingARowIsCaughtAtThatRecord() throws Exception {
        if (!"postgres".equals(System.getProperty("keycloak.db"))) {
            String reason = "SKIPPED: the tamper test edits rows with SQL; it runs in the PostgreSQL pass";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        // The server's own sign-ins so far, sealed every 2 s.
        JsonPath sealed = Poll.until("three sealed records", Duration.ofSeconds(30), AuditChainTamperIT::verify,
                v -> v.getLong("checked") >= 3);
        assertTrue(sealed.getBoolean("intact"), sealed.prettify());
        PostgresDatabase pg = PostgresDatabase.fromSystemProperties();
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl("smartkc_postgres"), pg.user(), pg.password())) {
            String second = text(db, "select ID from SMART_AUDIT_RECORD where REALM_ID = ? and SEQ = 2");
            String third = text(db, "select ID from SMART_AUDIT_RECORD where REALM_ID = ? and SEQ = 3");
            String payload = text(db, "select PAYLOAD from SMART_AUDIT_RECORD where REALM_ID = ? and SEQ = 2");
            try {
                set(db, "PAYLOAD", payload.replace("\"eventType\":\"", "\"eventType\":\"FORGED_"), second);
                assertBroken(2, "edited");
            } finally {
                set(db, "PAYLOAD", payload, second);
            }
            assertTrue(verify().getBoolean("intact"), "restored");

            try {
                setSequence(db, -2, second); // as if deleted
                assertBroken(2, "missing");
                setSequence(db, 2, third);   // record 3 moved into record 2's place
                setSequence(db, 3, second);
                assertBroken(2, "previous-hash");
            } finally {
                setSequence(db, -2, second);
                setSequence(db, 3, third);
                setSequence(db, 2, second);
            }
            assertTrue(verify().getBoolean("intact"), "moves undone");

            long newest = number(db, "select SEQ from SMART_AUDIT_CHAIN_HEAD where REALM_ID = ?");
            String last = text(db, "select ID from SMART_AUDIT_RECORD where REALM_ID = ? and SEQ = " + newest);
            try {
                setSequence(db, -newest, last); // the newest record removed: what is left is a shorter, intact chain
                JsonPath result = verify();
                assertFalse(result.getBoolean("intact"), "a truncated chain is caught: " + result.prettify());
                assertEquals(newest, result.getLong("firstBreak.sequence"), result.prettify());
                // The head check catches it; if the sealer chained a newer record meanwhile, the gap does.
                assertTrue(result.getString("firstBreak.reason").matches(".*(removed from the end|missing).*"), result.prettify());
            } finally {
                setSequence(db, newest, last);
            }
        }
        assertTrue(verify().getBoolean("intact"), "all changes undone");
    }

    private static long number(Connection db, String sql) throws SQLException {
        return Long.parseLong(text(db, sql));
    }

    private static void assertBroken(long sequence, String reason) {
        JsonPath result = verify();
        assertFalse(result.getBoolean("intact"), result.prettify());
        assertEquals(sequence, result.getLong("firstBreak.sequence"), result.prettify());
        assertTrue(result.getString("firstBreak.reason").contains(reason), result.prettify());
    }

    private static String text(Connection db, String sql) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, realmId);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "sealed records 2 and 3 exist");
                return r.getString(1);
            }
        }
    }

    private static void set(Connection db, String column, String value, String id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("update SMART_AUDIT_RECORD set " + column + " = ? where ID = ?")) {
            s.setString(1, value);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    private static void setSequence(Connection db, long sequence, String id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("update SMART_AUDIT_RECORD set SEQ = ? where ID = ?")) {
            s.setLong(1, sequence);
            s.setString(2, id);
            s.executeUpdate();
        }
    }
}
