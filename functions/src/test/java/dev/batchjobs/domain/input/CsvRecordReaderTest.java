package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.InputFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where CSV records end: on bytes, per RFC 4180, exactly as Commons CSV reads the fields afterwards. */
class CsvRecordReaderTest {

    private static List<InputRecord> records(String text, char delimiter) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<InputRecord> records = new ArrayList<>();
        try (RecordReader reader = RecordReader.open(InputFormat.csv(delimiter), new ByteArrayInputStream(bytes))) {
            reader.skipBom();
            for (InputRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
        }
        return records;
    }

    private static String text(InputRecord record) {
        return new String(record.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void quotedFieldsKeepDelimitersDoubledQuotesAndLineEndsInsideOneRecord() {
        String first = "r1,\"Rosen, Jenny\",\"she said \"\"hi\"\"\"";
        String second = "r2,\"two\nlines\r\nhere\",x";
        List<InputRecord> records = records(first + "\r\n" + second + "\n" + "r3,plain,y", ',');

        assertThat(records).extracting(CsvRecordReaderTest::text).containsExactly(first, second, "r3,plain,y");
        assertThat(records).extracting(InputRecord::line).containsExactly(1L, 2L, 5L);
        assertThat(records.get(1).start()).isEqualTo(first.length() + 2);
        assertThat(records.get(2).start()).isEqualTo(records.get(1).end());
        assertThat(new CsvFields(',').read(records.get(1)).values()).containsExactly("r2", "two\nlines\r\nhere", "x");
        assertThat(new CsvFields(',').read(records.get(0)).values())
                .containsExactly("r1", "Rosen, Jenny", "she said \"hi\"");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsAnOrdinaryCharacterAsCommonsCsvReadsIt() {
        List<InputRecord> records = records("r1,5\" pipe,x\nr2,y,z\n", ',');

        assertThat(records).hasSize(2);
        assertThat(new CsvFields(',').read(records.get(0)).values()).containsExactly("r1", "5\" pipe", "x");
    }

    @Test
    void theDelimiterIsTheJobsAndMultiByteCharactersCountInBytes() {
        List<InputRecord> records = records("\uFEFFid;name\nr1;\"Zoë; Ågren\"\nr2;東京\n", ';');

        assertThat(records)
                .extracting(CsvRecordReaderTest::text)
                .containsExactly("id;name", "r1;\"Zoë; Ågren\"", "r2;東京");
        assertThat(records.get(0).start()).isEqualTo(3);
        assertThat(records.get(2).end())
                .isEqualTo("\uFEFFid;name\nr1;\"Zoë; Ågren\"\nr2;東京\n".getBytes(StandardCharsets.UTF_8).length);
        assertThat(new CsvFields(';').read(records.get(1)).values()).containsExactly("r1", "Zoë; Ågren");
    }

    @Test
    void aQuoteNeverClosedRunsToTheEndAndSaysSo() {
        List<InputRecord> records = records("r1,ok\nr2,\"open\nr3,never,closed\n", ',');

        assertThat(records).hasSize(2);
        assertThat(records.get(1).unterminated()).isTrue();
        assertThat(new CsvFields(',').read(records.get(1)).problem().code()).isEqualTo("unterminated_quote");
    }

    @Test
    void unquotedEmptyIsAbsentAndQuotedEmptyIsTheEmptyString() {
        String[] values =
                new CsvFields(',').read(records("a,,\"\",b", ',').get(0)).values();

        assertThat(values).containsExactly("a", null, "", "b");
        assertThat(new CsvFields(',').print(Arrays.asList(values))).isEqualTo("\"a\",,\"\",\"b\"");
    }

    @Test
    void textAfterAClosingQuoteOrABareCarriageReturnIsReportedNotGuessed() {
        assertThat(new CsvFields(',')
                        .read(records("a,\"b\"c,d", ',').get(0))
                        .problem()
                        .message())
                .isEqualTo("a closing quote must be followed by the delimiter or the end of the line");
        assertThat(new CsvFields(',')
                        .read(records("a,b\rc,d", ',').get(0))
                        .problem()
                        .message())
                .contains("carriage return");
    }
}
