package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.CharacterCodingException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written UTF-8 check says what the JDK's strict decoder says, on every short sequence that matters. */
class Utf8Test {

    @Test
    void everyOneAndTwoByteSequenceIsJudgedAsTheStrictDecoderJudgesIt() {
        for (int a = 0; a < 256; a++) {
            same(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                same(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void threeAndFourByteSequencesAroundEveryBoundaryAreJudgedAsTheStrictDecoderJudgesThem() {
        int[] interesting = {
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
            0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
        };
        for (int a : interesting) {
            for (int b : interesting) {
                for (int c : interesting) {
                    same(new byte[] {(byte) a, (byte) b, (byte) c});
                    for (int d : interesting) {
                        same(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
        Random random = new Random(8);
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(8)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) (0x80 | random.nextInt(0x80) | (random.nextInt(4) == 0 ? 0 : 0x40));
            }
            same(bytes);
        }
    }

    private static void same(byte[] bytes) {
        boolean strict;
        try {
            Utf8.decode(bytes);
            strict = true;
        } catch (CharacterCodingException e) {
            strict = false;
        }
        assertThat(Utf8.isValid(bytes)).as(HexFormat.of().formatHex(bytes)).isEqualTo(strict);
    }
}
