package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.chunks.ChunkRows;
import dev.batchjobs.domain.target.PendingRow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CSV input through the planner and the workers' reader: validated like JSONL, chunked on record boundaries. */
class CsvInputTest {
    private static final Endpoint CUSTOMER = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
    private static final InputFormat CSV = InputFormat.csv(',');
    private final InputScanner scanner = new InputScanner(new InputScanner.Settings(3, 1 << 20, 2));

    private ScanResult scan(InputScanner with, InputFormat format, String text, boolean validate) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return with.scan(
                format,
                new ByteArrayInputStream(bytes),
                () -> new ByteArrayInputStream(bytes),
                validate ? Optional.of(CUSTOMER) : Optional.empty(),
                n -> {});
    }

    private ScanResult validate(String text) {
        return scan(scanner, CSV, text, true);
    }

    /** Every row of a plan, read back chunk by chunk as the workers read them. */
    private static List<PendingRow> readBack(byte[] bytes, InputFormat format, ScanResult plan) {
        List<PendingRow> rows = new ArrayList<>();
        InputFormat planned = format.withHeader(plan.header());
        for (ChunkRange chunk : plan.chunks()) {
            ChunkRows reader = new ChunkRows(
                    RecordReader.open(
                            planned,
                            new ByteArrayInputStream(
                                    Arrays.copyOfRange(bytes, (int) chunk.startOffset(), (int) chunk.endOffset())),
                            chunk.firstLine()),
                    RowDecoder.of(planned, CUSTOMER),
                    CUSTOMER,
                    chunk.firstRow(),
                    r -> false);
            int count = 0;
            while (reader.hasNext()) {
                rows.add(reader.next());
                count++;
            }
            assertThat(count).as("rows of chunk at " + chunk.startOffset()).isEqualTo(chunk.rowCount());
        }
        return rows;
    }

    @Test
    void aValidFileWithABomCrlfAndQuotedLineEndsIsPlannedAndReadBackAsRows() {
        String text = "\uFEFFid,path_params.id,params.name,params.metadata.note,params.quantity:number\r\n"
                + "r1,cus_1,\"Rosen, Jenny\",\"line one\r\nline two\",3\r\n"
                + "\r\n"
                + "r2,cus_2,\"say \"\"hi\"\"\",,1.5\r\n"
                + "r3,cus_3,Zoë,\"\",\r\n"
                + "r4,cus_4,Last,x,7";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        ScanResult plan = scan(scanner, CSV, text, true);

        assertThat(plan.error()).isEmpty();
        assertThat(plan.rows()).isEqualTo(4);
        assertThat(plan.header())
                .containsExactly(
                        "id", "path_params.id", "params.name", "params.metadata.note", "params.quantity:number");
        assertThat(plan.chunks()).extracting(ChunkRange::rowCount).containsExactly(3, 1);
        assertThat(plan.chunks().get(0).startOffset()).isEqualTo(text.indexOf("r1") + 2);
        List<PendingRow> rows = readBack(bytes, CSV, plan);
        assertThat(rows).extracting(PendingRow::rowIndex).containsExactly(0L, 1L, 2L, 3L);
        assertThat(rows).allSatisfy(r -> assertThat(r.problem()).isEmpty());
        JsonNode first = rows.get(0).row().orElseThrow();
        assertThat(first.at("/params/name").textValue()).isEqualTo("Rosen, Jenny");
        assertThat(first.at("/params/metadata/note").textValue()).isEqualTo("line one\r\nline two");
        assertThat(first.at("/params/quantity").intValue()).isEqualTo(3);
        assertThat(rows.get(1).row().orElseThrow().at("/params/name").textValue())
                .isEqualTo("say \"hi\"");
        assertThat(rows.get(1).row().orElseThrow().at("/params/metadata").isMissingNode())
                .isTrue();
        assertThat(rows.get(2).row().orElseThrow().at("/params/metadata/note").textValue())
                .isEmpty();
        assertThat(rows.get(2).row().orElseThrow().at("/params/quantity").isMissingNode())
                .isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "id,params.name\\nr1,x                                           | invalid_header     | 1    | path_params.id         | Line 1: the header has no column 'path_params.id', which POST /v1/customers/:id needs",
                "id,path_params.id,colour\\nr1,c1,red                            | invalid_header     | 1    | colour                 | Line 1: column 'colour': expected id",
                "id,path_params.id\\nr1,c1\\nr2,c2,extra                          | wrong_column_count | 3    |                        | Line 3 (id 'r2'): the row has 3 values, but the header has 2 columns",
                "id,path_params.id,params.n:number\\nr1,c1,1\\nr2,c2,many         | invalid_value      | 3    | params.n:number        | Line 3 (id 'r2'): column 'params.n:number': expected a number, received 'many'",
                "id,path_params.id\\nr1,c1\\nr2,                                  | invalid_path_params| 3    | path_params.id         | Line 3 (id 'r2'): column 'path_params.id' is empty; POST /v1/customers/:id needs it on every row",
                "id,path_params.id\\n,c1                                          | missing_id         | 2    | id                     | Line 2: 'id' is missing",
                "id,path_params.id\\nbad id,c1                                    | invalid_id         | 2    | id                     | Line 2 (id 'bad id'): 'id' must be a string",
                "id,path_params.id\\nr1,\"c\\n1\"\\nr1,c2                         | duplicate_id       | 4    | id                     | Line 4 (id 'r1'): the id 'r1' is already used on line 2",
                "id,path_params.id\\nr1,\"c1\"x                                   | invalid_csv        | 2    |                        | Line 2: a closing quote must be followed by the delimiter or the end of the line",
                "id,path_params.id\\nr1,\"c1                                      | unterminated_quote | 2    |                        | Line 2: a quoted field is never closed",
                "id,path_params.id\\n                                             | empty_file         | 1    |                        | Line 1: the file holds a header but no rows",
                "(empty)                                                          | empty_file         | 1    |                        | Line 1: the file is empty",
                "\\n\\n                                                         | empty_file         | 1    |                        | Line 1: the file is empty",
                "\\nid,path_params.id\\n\\n\\n                                   | empty_file         | 2    |                        | Line 2: the file holds a header but no rows",
            })
    void theFirstBadRowOrHeaderEndsValidationSayingLineColumnAndWhat(
            String file, String code, long line, String field, String message) {
        String text = file.equals("(empty)") ? "" : file.replace("\\n", "\n");

        InputError error = validate(text).error().orElseThrow();

        assertThat(error.code()).isEqualTo(code);
        assertThat(error.line()).isEqualTo(line);
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.describe()).startsWith(message);
    }

    /** Blank lines before the header are skipped, and every line after it keeps its true number. */
    @Test
    void blankLinesBeforeTheHeaderKeepEveryLineNumberTrue() {
        String text = "\n\r\nid,path_params.id\nr1,c1\nr2,\n";

        InputError error = validate(text).error().orElseThrow();
        assertThat(error.line()).isEqualTo(5);
        assertThat(error.describe()).startsWith("Line 5 (id 'r2')");

        ScanResult plan = scan(scanner, CSV, "\n\r\nid,path_params.id\nr1,c1\nr2,nope,x\n", false);
        List<PendingRow> rows =
                readBack("\n\r\nid,path_params.id\nr1,c1\nr2,nope,x\n".getBytes(StandardCharsets.UTF_8), CSV, plan);
        assertThat(rows.get(1).problem().orElseThrow()).startsWith("Row 2 (line 5)");
    }

    @Test
    void anyDelimiterTheJobNames() {
        String text = "id\tpath_params.id\tparams.name\nr1\tcus_1\tA, B; C\n";

        ScanResult plan = scan(scanner, InputFormat.csv('\t'), text, true);

        assertThat(plan.error()).isEmpty();
        assertThat(readBack(text.getBytes(StandardCharsets.UTF_8), InputFormat.csv('\t'), plan)
                        .get(0)
                        .row()
                        .orElseThrow()
                        .at("/params/name")
                        .textValue())
                .isEqualTo("A, B; C");
    }

    @Test
    void withSkipValidationRowsAreOnlyPlannedAndTheWorkersRefuseTheBadOnesOneByOne() {
        String text = "id,path_params.id,params.n:number\nr1,cus_1,1\nr2,cus_2,nope\nr3,cus_3\nr4,cus_4,4\n";

        ScanResult plan = scan(scanner, CSV, text, false);

        assertThat(plan.error()).isEmpty();
        assertThat(plan.rows()).isEqualTo(4);
        List<PendingRow> rows = readBack(text.getBytes(StandardCharsets.UTF_8), CSV, plan);
        assertThat(rows).extracting(r -> r.problem().isPresent()).containsExactly(false, true, true, false);
        assertThat(rows.get(1).problem().orElseThrow())
                .isEqualTo("Row 2 (line 3): column 'params.n:number': expected a number, received 'nope'");
        assertThat(rows.get(1).rowId()).isEqualTo("r2");
        assertThat(rows.get(2).problem().orElseThrow())
                .isEqualTo("Row 3 (line 4): the row has 2 values, but the header has 3 columns");
    }

    @Test
    void withSkipValidationAnUnusableHeaderIsEveryRowsProblem() {
        String text = "id,colour\nr1,red\n";

        ScanResult plan = scan(scanner, CSV, text, false);

        assertThat(plan.header()).containsExactly("id", "colour");
        assertThat(readBack(text.getBytes(StandardCharsets.UTF_8), CSV, plan)
                        .get(0)
                        .problem()
                        .orElseThrow())
                .startsWith("Row 1 (line 2): the header cannot be used: column 'colour'");
    }

    /** Random files full of quoted delimiters, quotes and line ends: every plan reads back every row, once, intact. */
    @Test
    void chunkBoundariesNeverSplitAQuotedField() {
        Random random = new Random(7);
        String[] pieces = {"a", ",", "\"", "\n", "\r\n", " ", "é", "東", ";"};
        for (int trial = 0; trial < 40; trial++) {
            StringBuilder text = new StringBuilder("id,path_params.id,params.note\n");
            List<String> notes = new ArrayList<>();
            int rows = 1 + random.nextInt(30);
            for (int i = 0; i < rows; i++) {
                StringBuilder note = new StringBuilder();
                for (int k = random.nextInt(12); k > 0; k--) {
                    note.append(pieces[random.nextInt(pieces.length)]);
                }
                notes.add(note.toString());
                text.append("r")
                        .append(i)
                        .append(",cus_")
                        .append(i)
                        .append(",\"")
                        .append(note.toString().replace("\"", "\"\""))
                        .append("\"")
                        .append(random.nextBoolean() ? "\n" : "\r\n");
                if (random.nextInt(6) == 0) {
                    text.append("\n");
                }
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            InputScanner small =
                    new InputScanner(new InputScanner.Settings(1 + random.nextInt(5), 40 + random.nextInt(200), 1000));

            ScanResult plan = scan(small, CSV, text.toString(), true);

            assertThat(plan.error()).as(text.toString()).isEmpty();
            List<PendingRow> read = readBack(bytes, CSV, plan);
            assertThat(read).hasSize(rows);
            for (int i = 0; i < rows; i++) {
                ObjectNode expected = JsonNodeFactory.instance.objectNode();
                expected.put("id", "r" + i);
                expected.putObject("path_params").put("id", "cus_" + i);
                expected.putObject("params").put("note", notes.get(i));
                assertThat(read.get(i).row().orElseThrow()).isEqualTo(expected);
            }
        }
    }
}
