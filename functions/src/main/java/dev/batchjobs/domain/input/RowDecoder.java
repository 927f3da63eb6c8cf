package dev.batchjobs.domain.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.InputFormat;
import java.util.Objects;

/**
 * Turns one record of an input file into the row envelope {@code {id, path_params?, params?, context?}}, or says
 * what is wrong with it (which field or column, what was expected). Structure only: the endpoint's row rules
 * ({@link dev.batchjobs.domain.input.RowRules}) are applied to the envelope afterwards, for every format alike.
 */
public interface RowDecoder {

    /** A decoded row: the envelope and its id (null when it has none that can be read), or the problem. */
    record Decoded(JsonNode row, String id, RowProblem problem) {
        public static Decoded ok(JsonNode row, String id) {
            return new Decoded(Objects.requireNonNull(row, "row"), id, null);
        }

        public static Decoded problem(String id, RowProblem problem) {
            return new Decoded(null, id, Objects.requireNonNull(problem, "problem"));
        }

        public boolean ok() {
            return problem == null;
        }
    }

    Decoded decode(InputRecord record);

    /**
     * The decoder of a job's rows. For CSV, the header's column names (from {@link InputFormat#header()}) are read
     * against the endpoint; a header that cannot be used makes every row report the header's problem.
     */
    static RowDecoder of(InputFormat format, Endpoint endpoint) {
        if (!format.isCsv()) {
            return jsonl();
        }
        return new CsvRowDecoder(format.delimiter(), CsvLayout.parse(format.header(), endpoint));
    }

    /** JSONL rows need nothing but themselves to be read. */
    static RowDecoder jsonl() {
        return new JsonlRowDecoder();
    }
}
