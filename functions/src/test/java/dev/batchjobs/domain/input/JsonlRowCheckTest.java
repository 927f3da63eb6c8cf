package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast check never passes a row the full decoder and the row rules refuse, and passes the ordinary rows (so
 * validation takes the fast way): compared row by row, on chosen rows and on many mutations of them.
 */
class JsonlRowCheckTest {
    private static final Endpoint CUSTOMER = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
    private static final Endpoint TWO = new Endpoint("/v1/accounts/:account/persons/:person", HttpMethod.POST, null);
    private static final Endpoint NONE = new Endpoint("/v1/customers", HttpMethod.POST, null);

    private static final List<String> PASSING = List.of(
            "{\"id\": \"row_1\", \"path_params\": {\"id\": \"cus_1\"}, \"params\": {\"name\": \"Customer, 1\"}}",
            "{\"id\":\"r-2\",\"path_params\":{\"id\":\"c\"},\"params\":{\"a\":[1,-2.5e+3,0,true,false,null,{}]}}",
            " {\"path_params\": {\"id\": \"caf\u00e9\"}, \"id\": \"A_z\", \"context\": \"acct_1\"} ",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":null,\"context\":null,\"error\":{\"m\":\"n\"}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"\\n\\u00e9\\\"\"},\"params\":{\"k\":\"\\u0041\\/\",\"k2\":[[]]}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"a\":{\"a\":{\"a\":1}},\"b\":{\"a\":2}}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"error\":\"bad\",\"params\":{\"\u00fc\":\"\u20ac\ud83d\ude00\"}}");

    private static final List<String> TRICKY = List.of(
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"a\":1,\"a\":2}}",
            "{\"id\":\"r\",\"id\":\"s\",\"path_params\":{\"id\":\"x\"}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\",\"id\":\"y\"}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"}} {\"id\":\"s\"}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"}} 1",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"s\":\"\\ud800\"}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"\\ud800\":1}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"n\":1e9999999999}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"n\":01}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"n\":1.}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"n\":-}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"n\":truex}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"n\":[1,]}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"s\":\"a\tb\"}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"s\":\"\\x\"}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"\"}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":1}}",
            "{\"id\":\"r\",\"path_params\":{}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\",\"other\":\"y\"}}",
            "{\"id\":\"r\",\"path_params\":null}",
            "{\"id\":\"r\"}",
            "{\"id\":\"r s\",\"path_params\":{\"id\":\"x\"}}",
            "{\"id\":\"\",\"path_params\":{\"id\":\"x\"}}",
            "{\"id\":\"\\u0041\",\"path_params\":{\"id\":\"x\"}}",
            "{\"id\":1,\"path_params\":{\"id\":\"x\"}}",
            "{\"id\":null,\"path_params\":{\"id\":\"x\"}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":[]}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"context\":{}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"extra\":1}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"}",
            "\ufeff{\"id\":\"r\",\"path_params\":{\"id\":\"x\"}}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"},\"params\":{\"s\":\"\0\"}}",
            "[{\"id\":\"r\"}]",
            "\"id\"",
            "{}",
            "{\"id\":\"r\",\"path_params\":{\"id\":\"x\"}}\r{\"id\":\"s\"}");

    @Test
    void ordinaryRowsPassTheFastWayWithTheDecodersId() {
        JsonlRowCheck check = new JsonlRowCheck(CUSTOMER);
        for (String row : PASSING) {
            assertThat(check.passingId(record(row))).as(row).isNotNull().isEqualTo(slowId(CUSTOMER, record(row)));
        }
    }

    @Test
    void onTheChosenRowsTheFastCheckAgreesWithTheDecoderOrLeavesItToIt() {
        for (Endpoint endpoint : List.of(CUSTOMER, TWO, NONE)) {
            JsonlRowCheck check = new JsonlRowCheck(endpoint);
            for (String row : concat(PASSING, TRICKY)) {
                agree(check, endpoint, record(row));
            }
        }
        assertThat(new JsonlRowCheck(CUSTOMER).passingId(record(TRICKY.get(0)))).isNull();
    }

    @Test
    void onMutatedRowsTheFastCheckNeverPassesWhatTheDecoderRefuses() {
        Random random = new Random(16);
        byte[] alphabet = "{}[]\":,\\ u0dD1e.-+tfnlrsa_\t\r\u0000".getBytes(StandardCharsets.ISO_8859_1);
        int passedFast = 0;
        for (Endpoint endpoint : List.of(CUSTOMER, TWO, NONE)) {
            JsonlRowCheck check = new JsonlRowCheck(endpoint);
            for (int i = 0; i < 40_000; i++) {
                byte[] bytes = concat(PASSING, TRICKY)
                        .get(random.nextInt(PASSING.size() + TRICKY.size()))
                        .getBytes(StandardCharsets.UTF_8);
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits && bytes.length > 0; e++) {
                    int at = random.nextInt(bytes.length);
                    bytes[at] = random.nextInt(8) == 0
                            ? (byte) random.nextInt(256)
                            : alphabet[random.nextInt(alphabet.length)];
                }
                InputRecord record = new InputRecord(bytes, 0, bytes.length + 1, 1, false, false);
                if (agree(check, endpoint, record)) {
                    passedFast++;
                }
            }
        }
        assertThat(passedFast).isPositive();
    }

    /**
     * Whether the fast check passed the row; if it did, the decoder and the rules pass it too, with the same id. The
     * row is also checked in place, as a line in a read buffer between other bytes: the same verdict and id, and never a
     * pass for a line the buffer cuts short.
     */
    private static boolean agree(JsonlRowCheck check, Endpoint endpoint, InputRecord record) {
        String fast = check.passingId(record);
        String text = new String(record.bytes(), StandardCharsets.UTF_8);
        if (fast != null) {
            assertThat(slowId(endpoint, record))
                    .as("%s against %s", text, endpoint.path())
                    .isEqualTo(fast);
        }
        byte[] row = record.bytes();
        byte[] buffer = new byte[row.length + 4];
        buffer[0] = '}';
        buffer[1] = '\n';
        System.arraycopy(row, 0, buffer, 2, row.length);
        buffer[row.length + 2] = '\n';
        buffer[row.length + 3] = '{';
        int end = check.lineEnd(buffer, 2, buffer.length);
        if (end >= 0) {
            assertThat(buffer[end]).isEqualTo((byte) '\n');
            assertThat(slowId(endpoint, asSplit(Arrays.copyOfRange(buffer, 2, end))))
                    .as("%s in place against %s", text, endpoint.path())
                    .isEqualTo(check.id());
            assertThat(new String(check.lineBytes(), check.idStart(), check.idLength(), StandardCharsets.US_ASCII))
                    .isEqualTo(check.id());
        }
        if (!text.contains("\n")) {
            assertThat(end).as("%s in place", text).isEqualTo(fast == null ? -1 : row.length + 2);
            if (fast != null) {
                assertThat(check.id()).isEqualTo(fast);
            }
        }
        assertThat(check.lineEnd(buffer, 2, row.length + 2))
                .as("%s cut short", text)
                .isEqualTo(-1);
        return fast != null;
    }

    /** A line's bytes as the JSONL splitter makes them a record: a {@code \r} before the line end dropped. */
    private static InputRecord asSplit(byte[] line) {
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        byte[] bytes = Arrays.copyOf(line, length);
        return new InputRecord(bytes, 0, line.length + 1, 1, false, false);
    }

    private static String slowId(Endpoint endpoint, InputRecord record) {
        RowDecoder.Decoded decoded = RowDecoder.jsonl().decode(record);
        return decoded.ok() && RowRules.check(endpoint, decoded.row()).isEmpty() ? decoded.id() : null;
    }

    private static InputRecord record(String row) {
        byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
        return new InputRecord(bytes, 0, bytes.length + 1, 1, false, false);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
