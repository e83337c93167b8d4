package dev.tidemark.postgres;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.EmbeddedPostgresServer;
import dev.tidemark.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 19, point 6: embedded PostgreSQL serving a certificate from a CA made by the test. {@code verify-full}
 * connects when the client trusts that CA and the URL's host is named in the certificate; it refuses, with one line
 * saying why, a server signed by another CA and a host the certificate does not name. The RDS CA bundle shipped in
 * the package loads as {@code sslrootcert}.
 */
class TlsVerificationTest {
    @TempDir
    static Path dir;
    private static EmbeddedPostgresServer server;
    private static Path trusted;
    private static Path other;

    @BeforeAll
    static void serverWithATestCertificate() {
        TestCertificates.Issued ca = TestCertificates.authority("Tidemark test CA");
        TestCertificates.Issued serverCert = TestCertificates.server(ca, "localhost");
        trusted = ca.writeCertificate(dir.resolve("trusted-ca.pem"));
        other = TestCertificates.authority("Some other CA").writeCertificate(dir.resolve("other-ca.pem"));
        server = EmbeddedPostgresServer.startWithTls(serverCert.writeCertificate(dir.resolve("server.crt")),
                serverCert.writeKey(dir.resolve("server.key")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void verifyFullConnectsWithTheServersCaAndTheHostItsCertificateNames() throws Exception {
        assertEncrypted(url("localhost", "verify-full", trusted));
    }

    @Test
    void theShippedRdsBundleWithTheTestCaAppendedIsAValidSslRootCert() throws Exception {
        // The same file format the function points sslrootcert at, many CAs in one PEM: pgjdbc loads them all.
        Path bundle = dir.resolve("rds-plus-test-ca.pem");
        try (InputStream rds = getClass().getResourceAsStream("/rds-ca/global-bundle.pem")) {
            assertThat(rds).isNotNull();
            Files.write(bundle, rds.readAllBytes());
        }
        Files.writeString(bundle, Files.readString(trusted), java.nio.file.StandardOpenOption.APPEND);
        try (Connection c = DriverManager.getConnection(url("localhost", "verify-full", bundle), "postgres", null)) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void theShippedRdsBundleHoldsTheCurrentRdsRootsAndAmazonsRootsForRdsProxy() throws Exception {
        Collection<? extends java.security.cert.Certificate> certificates;
        try (InputStream rds = getClass().getResourceAsStream("/rds-ca/global-bundle.pem")) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(rds);
        }
        List<String> subjects = certificates.stream().map(c -> ((X509Certificate) c).getSubjectX500Principal().getName())
                .toList();
        assertThat(subjects).hasSize(120);
        assertThat(subjects).anyMatch(s -> s.contains("CN=Amazon RDS eu-central-1 Root CA RSA2048 G1"))
                .anyMatch(s -> s.contains("CN=Amazon RDS us-east-1 Root CA ECC384 G1"))
                .anyMatch(s -> s.contains("CN=Amazon Root CA 1"));
        // The 2024 roots outlive any deployment of this build (compared with a fixed instant, not today's date).
        assertThat(certificates.stream().filter(c -> ((X509Certificate) c).getNotAfter().toInstant()
                .isAfter(Instant.parse("2060-01-01T00:00:00Z"))).count()).isGreaterThanOrEqualTo(80);
    }

    @Test
    void aServerSignedByAnotherCaIsRefusedWithOneClearLine() {
        assertThatThrownBy(() -> build(url("localhost", "verify-full", other)))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .contains("TLS: the database server's certificate is not signed by a CA this client trusts"));
        assertThatThrownBy(() -> DriverManager.getConnection(url("localhost", "verify-ca", other), "postgres", null))
                .satisfies(e -> assertThat(PostgresErrors.oneLine(e)).startsWith("TLS: the database server's"
                        + " certificate is not signed by a CA this client trusts"));
    }

    @Test
    void theJdkTrustStoreChoiceVerifiesTooAndRefusesACaTheJdkDoesNotKnow() {
        // DbTrustedCa=jdk (RDS Proxy): the JDK's trust store decides, which does not hold the test's CA.
        String jdk = "jdbc:postgresql://localhost:" + server.port() + "/postgres?sslmode=verify-full"
                + "&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory&connectTimeout=5";
        assertThatThrownBy(() -> DriverManager.getConnection(jdk, "postgres", null))
                .satisfies(e -> assertThat(PostgresErrors.oneLine(e)).startsWith("TLS: the database server's"
                        + " certificate is not signed by a CA this client trusts"));
    }

    @Test
    void theJdkTrustStoreChoiceConnectsWhenTheJdkTrustsTheServersCaAndStillChecksTheName() throws Exception {
        // As RDS Proxy is trusted through the JDK's own store: here a JVM whose store holds the test's CA.
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream ca = Files.newInputStream(trusted)) {
            store.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        Path storeFile = dir.resolve("truststore.p12");
        try (java.io.OutputStream out = Files.newOutputStream(storeFile)) {
            store.store(out, "changeit".toCharArray());
        }
        String base = "/postgres?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory&connectTimeout=5";
        assertThat(probe(storeFile, "jdbc:postgresql://localhost:" + server.port() + base)).isEqualTo("encrypted");
        assertThat(probe(storeFile, "jdbc:postgresql://127.0.0.1:" + server.port() + base))
                .startsWith("TLS: the database server's certificate does not name the host 127.0.0.1");
    }

    /** {@link ConnectProbe} in a JVM whose default trust store is {@code trustStore}; returns its one output line. */
    private static String probe(Path trustStore, String url) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12",
                ConnectProbe.class.getName(), url).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        List<String> lines = output.lines().filter(l -> !l.isBlank() && !l.contains("SLF4J")).toList();
        return lines.isEmpty() ? "" : lines.getLast();
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRefusedWithOneClearLine() {
        assertThatThrownBy(() -> build(url("127.0.0.1", "verify-full", trusted)))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .contains("TLS: the database server's certificate does not name the host 127.0.0.1"));
    }

    @Test
    void requireEncryptsButChecksNothingWhichIsWhyItIsNoLongerTheDefault() throws Exception {
        assertEncrypted(url("127.0.0.1", "require", other));
    }

    private static void assertEncrypted(String url) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("the session is encrypted").isTrue();
        }
    }

    private static String url(String host, String mode, Path rootCert) {
        return "jdbc:postgresql://" + host + ":" + server.port() + "/postgres?sslmode=" + mode + "&sslrootcert="
                + rootCert.toAbsolutePath() + "&connectTimeout=5";
    }

    /** The function's start against that URL: the pool, then the schema check. */
    private static void build(String url) throws IOException {
        try (Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(Map.of(TidemarkConfig.ENV_DB_URL, url,
                TidemarkConfig.ENV_DB_USER, "postgres", TidemarkConfig.ENV_DB_MIGRATE, "false",
                TidemarkConfig.ENV_DB_CONNECT_TIMEOUT, "PT2S",
                TidemarkConfig.ENV_ENDPOINT_URLS, "dynamodb=http://127.0.0.1:9 ssm=http://127.0.0.1:9"))).build()) {
            throw new AssertionError("connected: " + app);
        }
    }
}
