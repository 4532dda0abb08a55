package org.smartfhir.keycloak.audit.listener;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.TimerProvider;
import org.smartfhir.keycloak.audit.outbox.ChainSealer;
import org.smartfhir.keycloak.audit.record.RecordingPolicy;
import org.smartfhir.keycloak.audit.ship.AuditShipper;
import org.smartfhir.keycloak.audit.ship.ShippingSettings;
import org.smartfhir.keycloak.audit.ship.Sinks;

/**
 * The HIPAA audit listener ({@code smart-audit-listener}, enabled per realm in its event listeners), the schedule of
 * the chain sealer, and the shipper with its sinks. Options are server options
 * {@code --spi-events-listener--smart-audit-listener--<name>}: {@code seal-interval-millis}, {@code introspection} ({@link RecordingPolicy}) and those of
 * {@link ShippingSettings} (sinks, backoff, retention); the README lists them.
 */
public final class AuditEventListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "smart-audit-listener";
    static final long DEFAULT_SEAL_INTERVAL_MILLIS = 2000;

    private long sealIntervalMillis = DEFAULT_SEAL_INTERVAL_MILLIS;
    private ShippingSettings shipping;
    private RecordingPolicy recording = RecordingPolicy.INTROSPECTION_FAILURES_ONLY;
    private AuditShipper shipper;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListener(session, recording);
    }

    @Override
    public void init(Config.Scope config) {
        sealIntervalMillis = Math.max(200, config.getLong("sealIntervalMillis", DEFAULT_SEAL_INTERVAL_MILLIS));
        shipping = ShippingSettings.read(config::get);
        recording = RecordingPolicy.parse(config.get(RecordingPolicy.OPTION));
    }

    /** The shipping settings in force (the backlog endpoint reports on these sinks). */
    public ShippingSettings shipping() {
        return shipping;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session ->
                session.getProvider(TimerProvider.class).scheduleTask(new ChainSealer(), sealIntervalMillis, "smart-audit-sealer"));
        if (!shipping.sinks().isEmpty()) {
            shipper = new AuditShipper(factory, shipping,
                    KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> Sinks.create(shipping, session)));
            shipper.start();
        }
    }

    @Override
    public void close() {
        if (shipper != null) {
            shipper.stop();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
