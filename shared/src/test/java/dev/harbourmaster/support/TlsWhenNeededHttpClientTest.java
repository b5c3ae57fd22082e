package dev.harbourmaster.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Plain HTTP needs no TLS set up; HTTPS goes to the SDK's own client, which checks the server's certificate. */
class TlsWhenNeededHttpClientTest {

    @Test
    void aPlainHttpRequestIsAnsweredWithoutATlsClient() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try (TlsWhenNeededHttpClient http = AwsClients.httpClient()) {
            HttpExecuteResponse response = http.prepareRequest(get("http://127.0.0.1:" + server.getAddress().getPort() + "/")).call();

            assertThat(response.httpResponse().statusCode()).isEqualTo(204);
            assertThat(http.tlsMade()).isFalse();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anHttpsServerWhoseCertificateNoTrustedAuthoritySignedIsRefused(@TempDir Path dir) throws Exception {
        HttpsServer server = selfSigned(dir);
        try (TlsWhenNeededHttpClient http = AwsClients.httpClient()) {
            HttpExecuteRequest request = get("https://localhost:" + server.getAddress().getPort() + "/");

            assertThatThrownBy(() -> http.prepareRequest(request).call()).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed").hasRootCauseInstanceOf(CertPathBuilderException.class);
            assertThat(http.tlsMade()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    private static HttpExecuteRequest get(String uri) {
        return HttpExecuteRequest.builder()
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create(uri)).build()).build();
    }

    /** An HTTPS server on loopback with a certificate of its own, made by the JDK's keytool. */
    private static HttpsServer selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2").redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as("keytool said: %s", said).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }
}
