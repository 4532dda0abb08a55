package org.smartfhir.keycloak.harness.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A HAPI FHIR plain server mounted at {@code /fhir} on embedded Jetty on the loopback interface: the real FHIR server
 * the suites' picker searches and audit sink posts to, and the demo's sample-data server.
 */
public record LoopbackFhirServer(Server jetty, String base) {

    /** On a free port. */
    public static LoopbackFhirServer start(RestfulServer fhir, String what) {
        return start(fhir, what, 0);
    }

    /** On {@code port} (0: a free one); the server names itself by {@link #base()} in the links it writes. */
    public static LoopbackFhirServer start(RestfulServer fhir, String what, int port) {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the " + what + " on 127.0.0.1:" + port, e);
        }
        String base = "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
        fhir.setServerAddressStrategy(new HardcodedServerAddressStrategy(base));
        return new LoopbackFhirServer(jetty, base);
    }

    public void stop() {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
