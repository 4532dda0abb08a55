package org.smartfhir.keycloak.harness.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server the production-path suite runs Keycloak on. Each run gets a freshly created database so
 * that the realm import and every test start from the same state.
 */
public record PostgresDatabase(String host, int port, String user, String password) {

    public static PostgresDatabase fromSystemProperties() {
        return new PostgresDatabase(
                System.getProperty("keycloak.db.host", "127.0.0.1"),
                Integer.getInteger("keycloak.db.port", 5432),
                System.getProperty("keycloak.db.username", "postgres"),
                System.getProperty("keycloak.db.password", "postgres"));
    }

    /** True when something accepts TCP connections on the configured address within a second. */
    public boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Drops (terminating leftover connections of a killed run) and creates {@code database}. */
    public void recreate(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsafe database name: " + database);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate PostgreSQL database " + database + " at " + host + ":" + port
                    + " as " + user + ": " + e.getMessage(), e);
        }
    }
}
