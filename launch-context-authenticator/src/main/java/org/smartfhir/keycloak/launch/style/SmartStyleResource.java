package org.smartfhir.keycloak.launch.style;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.theme.Theme;

/**
 * {@code GET /realms/{realm}/smart-style}: the style document named by {@code smart_style_url} in launch context, so an
 * app can match the sign-in pages it was launched from (SMART App Launch, capability {@code context-style}).
 *
 * <p>The document is the file {@code smart-style.json} of the realm's login theme, looked up as Keycloak looks up any
 * theme resource (the theme, its parents); a hospital rebrands by overriding that one file in a child theme of
 * {@code smart}. A realm whose login theme has none gets the {@code smart} theme's. It is public (an app reads it
 * before and without any token), so it is served with {@code Access-Control-Allow-Origin: *} and no credentials.
 */
public final class SmartStyleResource {

    public static final String FILE = "smart-style.json";
    static final String FALLBACK_THEME = "smart";
    private static final Logger LOG = Logger.getLogger(SmartStyleResource.class);

    private final KeycloakSession session;

    public SmartStyleResource(KeycloakSession session) {
        this.session = session;
    }

    /** Where this realm's style document is served, as apps must fetch it (the realm's front-end URL). */
    public static String url(KeycloakSession session, RealmModel realm) {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()) + "/"
                + SmartStyleResourceProviderFactory.PROVIDER_ID;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response style() {
        Optional<String> document = Optional.empty();
        try {
            document = fromTheme(session.theme().getTheme(Theme.Type.LOGIN));
            if (document.isEmpty()) {
                document = fromTheme(session.theme().getTheme(FALLBACK_THEME, Theme.Type.LOGIN));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("smart-style: the login theme's %s could not be read (%s)", FILE, e.getClass().getSimpleName());
        }
        if (document.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Access-Control-Allow-Origin", "*")
                    .entity("{\"error\":\"not_found\",\"error_description\":\"no style document: install the smart "
                            + "theme jar or add resources/" + FILE + " to the realm's login theme\"}")
                    .build();
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(document.get(), MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(cache)
                .header("Access-Control-Allow-Origin", "*")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static Optional<String> fromTheme(Theme theme) throws IOException {
        if (theme == null) {
            return Optional.empty();
        }
        try (InputStream in = theme.getResourceAsStream(FILE)) {
            if (in == null) {
                return Optional.empty();
            }
            Optional<String> document = StyleDocument.read(in);
            if (document.isEmpty()) {
                LOG.warnf("smart-style: %s of login theme %s is not a flat JSON object of short plain strings; not served",
                        FILE, theme.getName());
            }
            return document;
        }
    }
}
