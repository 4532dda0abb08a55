package org.smartfhir.keycloak.audit.listener;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.TimerProvider;
import org.smartfhir.keycloak.audit.outbox.ChainSealer;

/**
 * The HIPAA audit listener ({@code smart-audit-listener}, enabled per realm in its event listeners), and the schedule
 * of the chain sealer. Option {@code sealIntervalMillis} (server option
 * {@code --spi-events-listener--smart-audit-listener--seal-interval-millis}).
 */
public final class AuditEventListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "smart-audit-listener";
    static final long DEFAULT_SEAL_INTERVAL_MILLIS = 2000;

    private long sealIntervalMillis = DEFAULT_SEAL_INTERVAL_MILLIS;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListener(session);
    }

    @Override
    public void init(Config.Scope config) {
        sealIntervalMillis = Math.max(200, config.getLong("sealIntervalMillis", DEFAULT_SEAL_INTERVAL_MILLIS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session ->
                session.getProvider(TimerProvider.class).scheduleTask(new ChainSealer(), sealIntervalMillis, "smart-audit-sealer"));
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
