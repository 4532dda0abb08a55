package org.smartfhir.keycloak.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A form body checked by {@link FormBody} when the framework first reads it. The framework reads forms on a worker
 * thread, after the pre-matching filter that installs this stream has returned (that filter runs on an I/O thread, where
 * a blocking read is refused); so the check happens here, and a form that fails it is replaced by the one parameter
 * {@link #REFUSED_PARAMETER}, which the framework decodes without fault and the endpoint answers with a 400. The
 * refused bytes are never handed on, so no decoder can fail on them and log them.
 */
public final class ScreenedFormStream extends InputStream {

    /** What the endpoint finds instead of a refused form. */
    public static final String REFUSED_PARAMETER = "smart_refused_form";
    /** The reason the endpoint gives for it. */
    public static final String REFUSED_REASON = "the body must be a decodable application/x-www-form-urlencoded form (UTF-8, at most "
            + FormBody.MAX_BYTES + " bytes and " + FormBody.MAX_PARAMETERS + " parameters)";
    private static final byte[] REFUSED_BODY = (REFUSED_PARAMETER + "=1").getBytes(StandardCharsets.US_ASCII);

    private final InputStream raw;
    private InputStream checked;

    public ScreenedFormStream(InputStream raw) {
        this.raw = raw;
    }

    @Override
    public int read() throws IOException {
        return checked().read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return checked().read(buffer, offset, length);
    }

    @Override
    public int available() throws IOException {
        return checked().available();
    }

    @Override
    public void close() throws IOException {
        if (raw != null) {
            raw.close();
        }
    }

    private InputStream checked() throws IOException {
        if (checked == null) {
            byte[] body;
            try {
                body = raw == null ? new byte[0] : raw.readNBytes(FormBody.MAX_BYTES + 1);
            } catch (IOException e) {
                body = null; // the client went away or sent a broken body: refuse, never fail on it
            }
            checked = new ByteArrayInputStream(body == null || FormBody.problem(body).isPresent() ? REFUSED_BODY : body);
        }
        return checked;
    }
}
