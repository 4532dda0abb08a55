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
        return start(fhir, what, port, null);
    }

    /**
     * At {@code publicBase} (e.g. {@code http://localhost:8090/fhir}), listening on its port on 127.0.0.1: the server
     * names itself by that URL in its CapabilityStatement and links, so it is the same base URL that apps send as
     * {@code iss} and {@code aud} and that the realm accepts.
     */
    public static LoopbackFhirServer start(RestfulServer fhir, String what, java.net.URI publicBase) {
        if (!publicBase.getPath().equals("/fhir") || publicBase.getPort() <= 0) {
            throw new IllegalArgumentException("the loopback FHIR server is mounted at /fhir on an explicit port, not " + publicBase);
        }
        return start(fhir, what, publicBase.getPort(), publicBase.toString());
    }

    private static LoopbackFhirServer start(RestfulServer fhir, String what, int port, String publicBase) {
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
        String base = publicBase != null ? publicBase : "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
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
