package org.smartfhir.keycloak.clientauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.client.AbstractJWTClientValidator;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureVerifierContext;
import org.keycloak.jose.jws.JWSInput;

/**
 * Checks a client assertion's signature against the key its {@code kid} names in the client's JWKS URL, with keys from
 * {@link JwksUrlKeys} instead of Keycloak's key cache. The checks are Keycloak's own, in the same order: an asymmetric
 * algorithm Keycloak supports ({@code none} and HS256-with-the-public-key fail here), a key whose type and algorithm
 * match the header (the kty/alg confusion of requirement H30), then the signature.
 */
final class JwksUrlSignature {

    private static final Logger LOG = Logger.getLogger(JwksUrlSignature.class);

    private final JwksUrlKeys keys;
    private final String jwksUrl;

    JwksUrlSignature(JwksUrlKeys keys, String jwksUrl) {
        this.keys = keys;
        this.jwksUrl = jwksUrl;
    }

    boolean verify(AbstractJWTClientValidator validator) {
        JWSInput jws = validator.getJws();
        String alg = jws.getHeader().getRawAlgorithm();
        String kid = jws.getHeader().getKeyId();
        SignatureProvider provider = alg == null ? null
                : validator.getContext().getSession().getProvider(SignatureProvider.class, alg);
        if (provider == null || !provider.isAsymmetricAlgorithm()) {
            return validator.failure("client assertion alg must be an asymmetric signature algorithm");
        }
        Optional<KeyWrapper> found;
        try {
            found = keys.key(validator.getClient(), jwksUrl, kid, alg);
        } catch (IOException e) {
            LOG.debugf("client %s: %s", validator.getClient().getClientId(), e.getMessage());
            validator.getContext().getEvent().detail("reason", "jwks_url_unavailable");
            return validator.failure(e.getMessage());
        }
        if (found.isEmpty()) {
            return validator.failure("no key in the client's JWKS matches the client assertion's kid");
        }
        KeyWrapper key = found.get();
        validator.getContext().getEvent().detail("client_jwt_kid", key.getKid());
        if (key.getAlgorithm() == null) {
            key.setAlgorithm(alg);
        } else if (!key.getAlgorithm().equals(alg)) {
            return validator.failure("the client's key is registered for another algorithm than the assertion's alg");
        }
        try {
            SignatureVerifierContext verifier = provider.verifier(key);
            if (verifier.verify(jws.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII), jws.getSignature())) {
                return true;
            }
        } catch (VerificationException | RuntimeException e) {
            LOG.debugf("client %s: client assertion signature check failed (%s)", validator.getClient().getClientId(),
                    e.getClass().getSimpleName());
        }
        return validator.failure("client assertion signature is invalid");
    }
}
