package dev.harbourmaster.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The SDK's URL-connection client, set up for TLS only when a request needs it. As it comes, that client builds
 * its TLS context when it is made (the JDK's security providers and its trust store: a twentieth to a tenth of
 * a second of every hm run), which a client of a plain-HTTP endpoint (an emulator, local mode) never uses.
 * HTTPS requests go to the SDK's client exactly as it comes, made at the first of them (or by {@link #prepareTls});
 * plain-HTTP ones to one the SDK makes on connections of the JDK's, with the SDK's default timeouts. Those go
 * straight to the endpoint (or through the JVM's http.proxyHost), not through an HTTP_PROXY variable.
 */
public final class TlsWhenNeededHttpClient implements SdkHttpClient {

    /** The SDK's defaults (SdkHttpConfigurationOption): 2 s to connect, 30 s for an answer. */
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(30);

    private final SdkHttpClient plain = UrlConnectionHttpClient.create(TlsWhenNeededHttpClient::plainConnection);
    private volatile SdkHttpClient tls;

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return ("https".equalsIgnoreCase(request.httpRequest().protocol()) ? prepareTls() : plain).prepareRequest(request);
    }

    /** The client of HTTPS requests, made now if none was (hm makes it on a thread of its own while it starts). */
    public SdkHttpClient prepareTls() {
        SdkHttpClient made = tls;
        if (made == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = UrlConnectionHttpClient.create();
                }
                made = tls;
            }
        }
        return made;
    }

    /** Whether a TLS client was made (for tests). */
    boolean tlsMade() {
        return tls != null;
    }

    @Override
    public String clientName() {
        return plain.clientName();
    }

    @Override
    public void close() {
        plain.close();
        SdkHttpClient made = tls;
        if (made != null) {
            made.close();
        }
    }

    private static HttpURLConnection plainConnection(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) CONNECT.toMillis());
            connection.setReadTimeout((int) READ.toMillis());
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a connection to " + uri + ": " + e.getMessage(), e);
        }
    }
}
