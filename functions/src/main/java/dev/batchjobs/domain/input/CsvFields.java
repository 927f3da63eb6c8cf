package dev.batchjobs.domain.input;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * The fields of one CSV record, read by Commons CSV with RFC 4180's rules and the job's delimiter. An empty
 * field that is not quoted reads as null (the column is absent from the row); a quoted empty field ({@code ""})
 * reads as the empty string. Printing uses the same format, so what is printed reads back the same.
 */
public final class CsvFields {
    private final CSVFormat format;

    public CsvFields(char delimiter) {
        this.format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setQuote('"')
                // Strict quote mode: ,, (absent) and ,"", (empty) stay apart, reading and printing alike.
                .setQuoteMode(QuoteMode.ALL_NON_NULL)
                .setIgnoreEmptyLines(false)
                .setIgnoreSurroundingSpaces(false)
                .setTrim(false)
                .setRecordSeparator("\n")
                .get();
    }

    /** The fields of a record as {@link CsvRecordReader} cut it, or what keeps it from being read. */
    public Fields read(InputRecord record) {
        if (record.tooLong()) {
            return Fields.problem(
                    "line_too_long",
                    record.unterminated()
                            ? "a quoted field is never closed: it runs on past 1 MiB (" + RecordReader.MAX_RECORD_BYTES
                                    + " bytes)"
                            : "the row is longer than 1 MiB (" + RecordReader.MAX_RECORD_BYTES + " bytes)");
        }
        if (record.unterminated()) {
            return Fields.problem(
                    "unterminated_quote", "a quoted field is never closed: its quote runs to the end of the file");
        }
        String text;
        try {
            text = Utf8.decode(record.bytes());
        } catch (CharacterCodingException e) {
            return Fields.problem("invalid_utf8", "the row is not valid UTF-8");
        }
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            return Fields.problem(
                    "invalid_csv",
                    message.contains("Invalid character between encapsulated token and delimiter")
                            ? "a closing quote must be followed by the delimiter or the end of the line"
                            : "the row is not valid CSV");
        }
        if (records.size() != 1) {
            return Fields.problem(
                    "invalid_csv",
                    "a carriage return (\\r) outside quotes breaks the row; end lines with \\n or \\r\\n");
        }
        return new Fields(records.get(0).values(), null);
    }

    /** One record's text with these values (null printed as an absent value), without a line end. */
    public String print(List<String> values) {
        return format.format(values.toArray());
    }

    /** A record's values, or why it could not be read. */
    public record Fields(String[] values, RowProblem problem) {
        static Fields problem(String code, String message) {
            return new Fields(null, new RowProblem(code, null, message));
        }

        public boolean ok() {
            return problem == null;
        }
    }
}
