package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CsvLayout at its edges: the header's size, names that are almost right, values at the edge of their type. */
class CsvLayoutEdgesTest {
    private static final Endpoint CUSTOMER = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
    private static final Endpoint PROMO = new Endpoint("/v1/promotion_codes", HttpMethod.POST, null);

    @Test
    void aHeaderOfAThousandColumnsIsReadAndOneMoreIsNot() {
        List<String> names = new ArrayList<>(List.of("id"));
        for (int i = 1; i < 1000; i++) {
            names.add("params.c" + i);
        }
        CsvLayout.Parsed thousand = CsvLayout.parse(names, PROMO);
        assertThat(thousand.ok()).isTrue();
        assertThat(thousand.layout().width()).isEqualTo(1000);
        names.add("params.c1000");
        CsvLayout.Parsed over = CsvLayout.parse(names, PROMO);
        assertThat(over.ok()).isFalse();
        assertThat(over.problem().field()).isNull();
        assertThat(over.problem().message()).isEqualTo("the header has 1001 columns; at most 1000 are allowed");
    }

    @Test
    void anEmptyHeaderOrANullNameIsReportedOnTheHeader() {
        CsvLayout.Parsed none = CsvLayout.parse(List.of(), PROMO);
        assertThat(none.problem().field()).isNull();
        assertThat(none.problem().message()).startsWith("the file has no header");
        CsvLayout.Parsed nullName = CsvLayout.parse(Arrays.asList("id", null), PROMO);
        assertThat(nullName.problem().field()).isEqualTo("column 2");
        assertThat(nullName.problem().message()).isEqualTo("column 2 of the header has no name");
        assertThat(CsvLayout.parse(List.of("id", "  "), PROMO).problem().field())
                .isEqualTo("column 2");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "context:number|column 'context:number': context is a string; it takes no type and no sub-field",
                "path_params.id:number|column 'path_params.id:number': path_params.id is a string; it takes no type and no sub-field",
                "path_params.id.x|column 'path_params.id.x': path_params.id.x is a string; it takes no type and no sub-field",
                "params.q:NUMBER|column 'params.q:NUMBER': unknown type 'NUMBER'; expected string, number, boolean or json",
                "params|column 'params': expected id, context, path_params.<placeholder> or params.<name>[.<name>...], optionally typed :number, :boolean or :json (params:json for the whole object), or _error (ignored)",
                "params:number|column 'params:number': expected id, context, path_params.<placeholder> or params.<name>[.<name>...], optionally typed :number, :boolean or :json (params:json for the whole object), or _error (ignored)",
                "context.x|column 'context.x': expected id, context, path_params.<placeholder> or params.<name>[.<name>...], optionally typed :number, :boolean or :json (params:json for the whole object), or _error (ignored)",
            })
    void aNameThatIsAlmostRightSaysWhatIsWrongWithIt(String name, String message) {
        CsvLayout.Parsed parsed = CsvLayout.parse(List.of("id", "path_params.id", name), CUSTOMER);
        assertThat(parsed.problem().field()).isEqualTo(name);
        assertThat(parsed.problem().message()).isEqualTo(message);
    }

    @Test
    void aPlaceholderColumnForAnEndpointWithoutPlaceholdersSaysSoWithoutAList() {
        assertThat(CsvLayout.parse(List.of("id", "path_params.id"), PROMO)
                        .problem()
                        .message())
                .isEqualTo("column 'path_params.id': POST /v1/promotion_codes has no placeholder ':id'");
    }

    @Test
    void errorColumnsAreIgnoredWhereverTheyAreAndHowEverMany() {
        CsvLayout layout = CsvLayout.parse(List.of("_error", "id", "params.a.b", "params.a.c", "_error"), PROMO)
                .layout();
        RowDecoder.Decoded row = layout.toRow(new String[] {"bad", "r1", "x", "y", "bad"});
        assertThat(row.row().toString()).isEqualTo("{\"id\":\"r1\",\"params\":{\"a\":{\"b\":\"x\",\"c\":\"y\"}}}");
        assertThat(layout.id(new String[] {"bad"})).isNull();
        assertThat(layout.id(new String[] {"bad", "r2"})).isEqualTo("r2");
        assertThat(layout.toRow(new String[] {"bad", "r1", null, "y", null})
                        .row()
                        .toString())
                .isEqualTo("{\"id\":\"r1\",\"params\":{\"a\":{\"c\":\"y\"}}}");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "params.x:boolean|false|false",
                "params.x:boolean|False|false",
                "params.x:boolean|true|true",
                "params.x:number|-0.5e+3|-5E+2",
                "params.x:number|0|0",
                "params.x:number|10|10",
                "params.x:json|null|null",
                "params.x:json|{\"a\": [1, \"\\uD83D\\uDE00\"]}|{\"a\":[1,\"\uD83D\uDE00\"]}",
            })
    void valuesAtTheEdgeOfTheirTypeAreRead(String column, String value, String json) {
        RowDecoder.Decoded row =
                CsvLayout.parse(List.of("id", column), PROMO).layout().toRow(new String[] {"r", value});
        assertThat(row.ok()).as("%s", row.problem()).isTrue();
        assertThat(row.row().at("/params/x").toString()).isEqualTo(json);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "params.x:number|01|column 'params.x:number': expected a number, received '01'",
                "params.x:number|1.|column 'params.x:number': expected a number, received '1.'",
                "params.x:number|+1|column 'params.x:number': expected a number, received '+1'",
                "params.x:number|1e9999999999|column 'params.x:number': expected a number, received '1e9999999999': a number's exponent is out of range (at most 9 digits)",
                "params.x:boolean|truth|column 'params.x:boolean': expected true or false, received 'truth'",
                "params.x:json|\"\\uD800\"|column 'params.x:json': expected a JSON value, received '\"\\uD800\"': the string holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape)",
                "params.x:json|{\"a\": {\"b\": \"\\uDC00\"}}|column 'params.x:json': expected a JSON value, received '{\"a\": {\"b\": \"\\uDC00\"}}': the string at a.b holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape)",
                "params.x:json|'   '|column 'params.x:json': expected a JSON value, received '   '",
                "params.x:json|{\"a\": 1, \"a\": 2}|column 'params.x:json': expected a JSON value, received '{\"a\": 1, \"a\": 2}': Duplicate field 'a'",
            })
    void valuesJustOutsideTheirTypeSayWhy(String column, String value, String message) {
        RowDecoder.Decoded row =
                CsvLayout.parse(List.of("id", column), PROMO).layout().toRow(new String[] {"r9", value});
        assertThat(row.ok()).isFalse();
        assertThat(row.id()).isEqualTo("r9");
        assertThat(row.problem().code()).isEqualTo("invalid_value");
        assertThat(row.problem().message()).startsWith(message);
    }

    @Test
    void aLongWrongValueIsShownCutToAHundredCharacters() {
        CsvLayout layout =
                CsvLayout.parse(List.of("id", "params.x:number"), PROMO).layout();
        assertThat(layout.toRow(new String[] {"r", "x".repeat(100)}).problem().message())
                .endsWith("received '" + "x".repeat(100) + "'");
        assertThat(layout.toRow(new String[] {"r", "x".repeat(101)}).problem().message())
                .endsWith("received '" + "x".repeat(97) + "...'");
    }
}
