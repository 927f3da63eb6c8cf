package dev.batchjobs.domain.input;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: malformed bytes are an error, never replaced. */
final class Utf8 {
    private Utf8() {}

    /**
     * Whether the bytes are well-formed UTF-8 (RFC 3629, as the JDK's strict decoder reads it): no overlong form, no
     * surrogate (U+D800-U+DFFF), nothing past U+10FFFF, no cut sequence. Checked byte by byte, without decoding.
     */
    static boolean isValid(byte[] bytes) {
        return isValid(bytes, 0, bytes.length);
    }

    /** Whether {@code bytes[from, to)} are well-formed UTF-8, as {@link #isValid(byte[])} judges. */
    static boolean isValid(byte[] bytes, int from, int to) {
        int i = from;
        int n = to;
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int length;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (i + length > n) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += length;
        }
        return true;
    }

    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
