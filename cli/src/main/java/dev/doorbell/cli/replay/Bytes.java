package dev.doorbell.cli.replay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/** Shows raw bytes: as text when they are UTF-8, else as (truncated) hex. */
final class Bytes {

    /** Bytes of a malformed value shown in a table line. */
    static final int TABLE_PREVIEW = 32;
    /** Bytes of a malformed value put in a JSON line. */
    static final int JSON_PREVIEW = 1024;

    private Bytes() {}

    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static String textOrHex(byte[] bytes) {
        return utf8(bytes).orElseGet(() -> "0x" + HexFormat.of().formatHex(bytes));
    }

    /** The first {@code max} bytes in hex, with an ellipsis when there are more. */
    static String hex(byte[] bytes, int max) {
        if (bytes.length <= max) {
            return HexFormat.of().formatHex(bytes);
        }
        return HexFormat.of().formatHex(bytes, 0, max) + "…";
    }
}
