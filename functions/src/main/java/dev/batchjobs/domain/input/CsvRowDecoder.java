package dev.batchjobs.domain.input;

/**
 * A CSV record becomes a row through its header's {@link CsvLayout}: as many values as the header has columns,
 * each converted to its column's type and put in its place. Every problem names the column at fault.
 */
final class CsvRowDecoder implements RowDecoder {
    private final CsvFields fields;
    private final CsvLayout.Parsed layout;

    CsvRowDecoder(char delimiter, CsvLayout.Parsed layout) {
        this.fields = new CsvFields(delimiter);
        this.layout = layout;
    }

    @Override
    public Decoded decode(InputRecord record) {
        CsvFields.Fields read = fields.read(record);
        if (!read.ok()) {
            return Decoded.problem(null, read.problem());
        }
        if (!layout.ok()) {
            return Decoded.problem(
                    null,
                    new RowProblem(
                            layout.problem().code(),
                            layout.problem().field(),
                            "the header cannot be used: " + layout.problem().message()));
        }
        String[] values = read.values();
        String id = layout.layout().id(values);
        if (values.length != layout.layout().width()) {
            return Decoded.problem(
                    id,
                    new RowProblem(
                            "wrong_column_count",
                            null,
                            "the row has " + values.length
                                    + (values.length == 1 ? " value" : " values") + ", but the header has "
                                    + layout.layout().width()
                                    + " columns"));
        }
        return layout.layout().toRow(values);
    }
}
