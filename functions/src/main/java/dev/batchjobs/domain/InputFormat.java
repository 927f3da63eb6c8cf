package dev.batchjobs.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a job's input file is written: JSONL (one JSON object per line, the default and Stripe's only format) or
 * CSV (RFC 4180, a header naming the row envelope, one record per row) with its delimiter. The CSV header's
 * column names are kept here once the upload has been read, so that every worker turns records into rows the
 * same way without reading the header again.
 *
 * @param header the CSV header's column names, in file order; empty for JSONL and until the upload is read
 */
public record InputFormat(Kind kind, char delimiter, List<String> header) {
    /** The file formats, spelled as on the wire. */
    public enum Kind {
        JSONL("jsonl", "application/jsonlines", "jsonl"),
        CSV("csv", "text/csv", "csv");

        private final String wireName;
        private final String contentType;
        private final String extension;

        Kind(String wireName, String contentType, String extension) {
            this.wireName = wireName;
            this.contentType = contentType;
            this.extension = extension;
        }

        public String wireName() {
            return wireName;
        }

        /** The content type of files in this format (the error file's, for one). */
        public String contentType() {
            return contentType;
        }

        public String extension() {
            return extension;
        }

        public static Optional<Kind> fromWireName(String value) {
            return Arrays.stream(values()).filter(k -> k.wireName.equals(value)).findFirst();
        }
    }

    public static final char DEFAULT_DELIMITER = ',';
    public static final InputFormat JSONL = new InputFormat(Kind.JSONL, DEFAULT_DELIMITER, List.of());

    public InputFormat {
        Objects.requireNonNull(kind, "kind");
        header = List.copyOf(header);
        if (kind == Kind.CSV) {
            checkDelimiter(delimiter).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }
    }

    public static InputFormat csv(char delimiter) {
        return new InputFormat(Kind.CSV, delimiter, List.of());
    }

    public InputFormat withHeader(List<String> names) {
        return new InputFormat(kind, delimiter, names);
    }

    public boolean isCsv() {
        return kind == Kind.CSV;
    }

    /**
     * What is wrong with a CSV delimiter, if anything: it must be one ASCII character that cannot be part of
     * the CSV syntax itself or of ordinary values (a quote, a line end, a letter or a digit).
     */
    public static Optional<String> checkDelimiter(char delimiter) {
        if (delimiter > 0x7E || (delimiter < 0x20 && delimiter != '\t')) {
            return Optional.of("the delimiter must be a printable ASCII character or a tab");
        }
        if (delimiter == '"' || delimiter == ' ' || Character.isLetterOrDigit(delimiter)) {
            return Optional.of("the delimiter cannot be a quote, a space, a letter or a digit");
        }
        return Optional.empty();
    }
}
