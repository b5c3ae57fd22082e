package dev.harbourmaster.githubdeployments;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A GitHub App's private key from its PEM: GitHub hands out PKCS#1 ("BEGIN RSA PRIVATE KEY"),
 * which java.security reads only as PKCS#8, so a PKCS#1 key is wrapped in PKCS#8's
 * PrivateKeyInfo (version 0, the rsaEncryption algorithm, the key as an octet string) first.
 * PKCS#8 PEMs ("BEGIN PRIVATE KEY", what openssl pkcs8 -topk8 writes) are read as they are.
 */
final class RsaKeys {

    /** SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private RsaKeys() {}

    static PrivateKey privateKey(String pem) {
        String text = pem == null ? "" : pem.replace("\\n", "\n").strip();
        boolean pkcs1 = text.contains("BEGIN RSA PRIVATE KEY");
        if (!pkcs1 && !text.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalStateException("the GitHub App's privateKey is not a PEM RSA private key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
        }
        String base64 = text.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8Of(der) : der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException("the GitHub App's privateKey cannot be read: " + e.getMessage());
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 }. */
    static byte[] pkcs8Of(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tagged(0x04, pkcs1);
        byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
        return tagged(0x30, body);
    }

    /** A DER element: its tag, its length (short or long form), its content. */
    private static byte[] tagged(int tag, byte[] content) {
        int length = content.length;
        byte[] lengthBytes;
        if (length < 0x80) {
            lengthBytes = new byte[] {(byte) length};
        } else {
            int n = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            lengthBytes = new byte[n + 1];
            lengthBytes[0] = (byte) (0x80 | n);
            for (int i = 0; i < n; i++) {
                lengthBytes[n - i] = (byte) (length >>> (8 * i));
            }
        }
        byte[] out = new byte[1 + lengthBytes.length + length];
        out[0] = (byte) tag;
        System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
        System.arraycopy(content, 0, out, 1 + lengthBytes.length, length);
        return out;
    }
}
