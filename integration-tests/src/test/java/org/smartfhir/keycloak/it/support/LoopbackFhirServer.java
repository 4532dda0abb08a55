package org.smartfhir.keycloak.it.support;

import ca.uhn.fhir.rest.server.RestfulServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A HAPI FHIR plain server mounted at {@code /fhir} on embedded Jetty, on a free loopback port. */
record LoopbackFhirServer(Server jetty, String base) {

    static LoopbackFhirServer start(RestfulServer fhir, String what) {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the " + what, e);
        }
        return new LoopbackFhirServer(jetty, "http://127.0.0.1:" + connector.getLocalPort() + "/fhir");
    }

    void stop() {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // the test is over
        }
    }
}
