package dev.doorbell.testkit.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The hostile values {@link HostileRequests} places into requests: path parameters that are not
 * UUIDs, query values, bodies. Fixed lists plus seeded random ones, so a seed always gives the same
 * values. None of them contains text that the leak check looks for (Java class names, "exception").
 */
final class HostileValues {

    private HostileValues() {
    }

    /** A UUID drawn from {@code random}: the same seed, the same UUIDs. */
    static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    static List<PathValue> pathValues(Random random) {
        String uuid = uuid(random).toString();
        List<PathValue> values = new ArrayList<>();
        for (String text : List.of("not-a-uuid", "1", "0", "-1", "null", "undefined", "true", "NaN", "+", "*", "~", "!",
                "a".repeat(300), "%25", "%20", "%09", "%0D%0ASet-Cookie:%20x=1", "%27%20OR%20%271%27=%271",
                "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%24%7Bjndi:ldap:%2F%2F127.0.0.1%2Fa%7D", "%C3%A9t%C3%A9",
                "%EF%BC%90%EF%BC%91", "%FF%FE", "%C0%AF")) {
            values.add(new PathValue(text.length() > 40 ? text.substring(0, 12) + "...(" + text.length() + ")" : text, text,
                    !text.contains("%2F")));
        }
        values.add(one("uuid, 35 characters", uuid.substring(1)));
        values.add(one("uuid, 37 characters", uuid + "0"));
        values.add(one("uuid without dashes", uuid.replace("-", "")));
        values.add(one("uuid in braces", "%7B" + uuid + "%7D"));
        values.add(one("urn:uuid:", "urn:uuid:" + uuid));
        values.add(one("uuid + space", uuid + "%20"));
        values.add(one("space + uuid", "%20" + uuid));
        values.add(one("uuid + NUL", uuid + "%00"));
        values.add(one("uuid + newline", uuid + "%0A"));
        values.add(one("zero-width space + uuid", "%E2%80%8B" + uuid));
        values.add(one("uuid with a 'g'", "g" + uuid.substring(1)));
        values.add(one("uuid with dashes moved", uuid.substring(0, 7) + "-" + uuid.substring(7, 8) + uuid.substring(9)));
        values.add(one("uuid + invalid UTF-8", uuid + "%C3%28"));
        values.add(one("malformed escape %zz", "%zz"));
        values.add(one("malformed escape %", "%"));
        values.add(one("malformed escape %2", uuid + "%2"));
        values.add(more("empty", ""));
        values.add(more(".", "."));
        values.add(more("..", ".."));
        values.add(more("%2e", "%2e"));
        values.add(more("%2e%2e", "%2e%2e"));
        values.add(more(".%2E", ".%2E"));
        values.add(more("..;", "..;"));
        values.add(more("traversal ../../../../etc/passwd", "../../../../etc/passwd"));
        values.add(more("traversal ..%2F..%2Fetc%2Fpasswd", "..%2F..%2Fetc%2Fpasswd"));
        values.add(more("traversal %2e%2e%2f%2e%2e%2fetc", "%2e%2e%2f%2e%2e%2fetc"));
        values.add(more("backslash traversal", "..%5C..%5Cwindows"));
        values.add(more("encoded slash", "%2F"));
        values.add(more("uuid + extra segment", uuid + "/extra"));
        values.add(more("uuid%2Fuuid", uuid + "%2F" + uuid));
        for (int i = 0; i < 8; i++) {
            String text = randomToken(random, 1 + random.nextInt(40));
            values.add(one("random token " + text, text));
        }
        for (int i = 0; i < 6; i++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            random.nextBytes(bytes);
            String text = percentEncode(bytes);
            values.add(new PathValue("random bytes " + text, text, !text.contains("%2F") && !isDots(bytes)));
        }
        return values;
    }

    /** Header values that are not UUIDs (none padded with blanks: header parsing strips those). */
    static List<String> headerValues(Random random) {
        String uuid = uuid(random).toString();
        return List.of("not-a-uuid", "1", "null", uuid.replace("-", ""), "{" + uuid + "}", uuid + "x", uuid.substring(1),
                "urn:uuid:" + uuid, "g" + uuid.substring(1), "%41%42", "' OR '1'='1", "a".repeat(500), uuid + "," + uuid);
    }

    /** Values that none of a paging parameter ({@code limit}, {@code after}, a page token) or any typed one accepts. */
    static List<String> queryValues() {
        return List.of("", "abc", "-1", "0", "1.5", "1e3", "99999999999999999999", "%zz", "%", "%FF", "%00",
                "%27%20OR%201=1--", "%5B%5D", "%0D%0A", "a".repeat(2000), "%24%7Bjndi:ldap:%2F%2F127.0.0.1%2Fa%7D");
    }

    /** Bodies no JSON endpoint may accept, whatever its type: each with a label and its content type. */
    static List<HostileBody> bodies(String sample, Random random) {
        List<HostileBody> bodies = new ArrayList<>();
        for (String text : List.of("{", "}", "[", "]", "[]", "null", "true", "0", "-1", "\"text\"", "{\"a\":}", "{'a':1}",
                "{\"a\":1,}", "{\"a\" 1}", "{\"unknown_field_x\":1}", "/* comment */ {}", "{} trailing", "{}{}", "NaN",
                "Infinity", "1e999999", "\"" + "x".repeat(1000), "{\"a\":\"\\u12\"}", "\u0000")) {
            bodies.add(HostileBody.json(text.length() > 30 ? text.substring(0, 12) + "..." : text, bytes(text)));
        }
        bodies.add(HostileBody.json("array nested 5000 deep", bytes("[".repeat(5000) + "]".repeat(5000))));
        bodies.add(HostileBody.json("object nested 3000 deep", bytes("{\"a\":".repeat(3000) + "1" + "}".repeat(3000))));
        bodies.add(HostileBody.json("invalid UTF-8 bytes", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd}));
        bodies.add(HostileBody.json("invalid UTF-8 in a string", concat(bytes("{\"a\":\""), new byte[] {(byte) 0xc3, 0x28},
                bytes("\"}"))));
        bodies.add(HostileBody.json("overlong UTF-8 in a string", concat(bytes("{\"a\":\""), new byte[] {(byte) 0xc0, (byte) 0xaf},
                bytes("\"}"))));
        bodies.add(HostileBody.json("UTF-16 text, cut", "{\"x".getBytes(StandardCharsets.UTF_16)));
        bodies.add(new HostileBody("form-encoded", "application/x-www-form-urlencoded", bytes("a=b&c=d")));
        bodies.add(new HostileBody("XML", "application/xml", bytes("<vmm><id>1</id></vmm>")));
        bodies.add(new HostileBody("multipart", "multipart/form-data; boundary=xyz",
                bytes("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--\r\n")));
        bodies.add(new HostileBody("text/plain, broken JSON", "text/plain", bytes("{\"a\"")));
        bodies.add(new HostileBody("no content type, broken JSON", null, bytes("{\"a\":")));
        bodies.add(new HostileBody("sample without its final brace, as text/html", "text/html",
                bytes(sample.substring(0, sample.length() - 1))));
        for (int i = 0; i < 4; i++) {
            int cut = 1 + random.nextInt(Math.max(1, sample.length() - 1));
            bodies.add(HostileBody.json("sample cut at " + cut, bytes(sample.substring(0, Math.min(cut, sample.length() - 1)))));
        }
        bodies.addAll(JsonMutations.typeConfusions(sample));
        return bodies;
    }

    private static PathValue one(String label, String encoded) {
        return new PathValue(label, encoded, true);
    }

    private static PathValue more(String label, String encoded) {
        return new PathValue(label, encoded, false);
    }

    private static String randomToken(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    private static String percentEncode(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return text.toString();
    }

    private static boolean isDots(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '.') {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
