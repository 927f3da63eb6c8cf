package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A CSV header names the row envelope; each column's value lands in its place with its type. */
class CsvLayoutTest {
    private static final Endpoint CUSTOMER = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
    private static final Endpoint PROMO = new Endpoint("/v1/promotion_codes", HttpMethod.POST, null);

    private static CsvLayout layout(Endpoint endpoint, String... names) {
        CsvLayout.Parsed parsed = CsvLayout.parse(List.of(names), endpoint);
        assertThat(parsed.problem()).as("header problem").isNull();
        return parsed.layout();
    }

    @Test
    void columnsNestTypeAndPlaceTheirValues() {
        CsvLayout layout = layout(
                CUSTOMER,
                " id ",
                "path_params.id",
                "params.name",
                "params.metadata.tier",
                "params.quantity:number",
                "params.tax_exempt:boolean",
                "params.items:json",
                "context",
                "_error");

        RowDecoder.Decoded row = layout.toRow(new String[] {
            "r1", "cus_1", "Jenny", "gold", "2.50", "TRUE", "[{\"price\": \"p_1\"}]", "acct_9", "old problem"
        });

        assertThat(row.ok()).isTrue();
        assertThat(row.id()).isEqualTo("r1");
        // As written: a number keeps its digits (2.50 is sent as 2.50), keys keep the header's order.
        assertThat(row.row().toString())
                .isEqualTo("{\"id\":\"r1\",\"path_params\":{\"id\":\"cus_1\"},"
                        + "\"params\":{\"name\":\"Jenny\",\"metadata\":{\"tier\":\"gold\"},\"quantity\":2.50,\"tax_exempt\":true,"
                        + "\"items\":[{\"price\":\"p_1\"}]},\"context\":\"acct_9\"}");
    }

    @Test
    void anAbsentValueLeavesTheFieldOutAndAQuotedEmptyOneSetsTheEmptyString() {
        CsvLayout layout = layout(PROMO, "id", "params.code", "params.coupon");

        RowDecoder.Decoded row = layout.toRow(new String[] {"r1", null, ""});

        assertThat(row.row().get("params").has("code")).isFalse();
        assertThat(row.row().at("/params/coupon").textValue()).isEmpty();
    }

    @Test
    void theWholeParamsObjectMayComeAsJson() {
        RowDecoder.Decoded row =
                layout(PROMO, "id", "params:json").toRow(new String[] {"r1", "{\"coupon\": \"25OFF\"}"});

        assertThat(row.row().at("/params/coupon").textValue()).isEqualTo("25OFF");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "params.quantity:number|abc|column 'params.quantity:number': expected a number, received 'abc'",
                "params.quantity:number|0x10|column 'params.quantity:number': expected a number, received '0x10'",
                "params.active:boolean|yes|column 'params.active:boolean': expected true or false, received 'yes'",
                "params.items:json|[1,|column 'params.items:json': expected a JSON value, received '[1,': Unexpected end-of-input within/between Array entries",
            })
    void aValueOfTheWrongTypeNamesItsColumnAndWhatWasExpected(String column, String value, String message) {
        RowDecoder.Decoded row = layout(PROMO, "id", column).toRow(new String[] {"r7", value});

        assertThat(row.ok()).isFalse();
        assertThat(row.id()).isEqualTo("r7");
        assertThat(row.problem().field()).isEqualTo(column);
        assertThat(row.problem().message()).isEqualTo(message);
    }

    @Test
    void anEmptyPathParameterIsReportedOnItsColumn() {
        RowDecoder.Decoded row = layout(CUSTOMER, "id", "path_params.id").toRow(new String[] {"r1", null});

        assertThat(row.problem().message())
                .isEqualTo("column 'path_params.id' is empty; POST /v1/customers/:id needs it on every row");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "path_params.id,params.name|the header has no 'id' column; every row needs a unique id",
                "id,params.name|the header has no column 'path_params.id', which POST /v1/customers/:id needs",
                "id,path_params.id,path_params.customer|column 'path_params.customer': POST /v1/customers/:id has no placeholder ':customer'; its placeholders are [id]",
                "id,path_params.id,name|column 'name': expected id, context, path_params.<placeholder> or params.<name>[.<name>...], optionally typed :number, :boolean or :json (params:json for the whole object), or _error (ignored)",
                "id,path_params.id,params.qty:int|column 'params.qty:int': unknown type 'int'; expected string, number, boolean or json",
                "id,path_params.id,id:number|column 'id:number': id is a string; it takes no type and no sub-field",
                "id,path_params.id,params..name|column 'params..name': expected id, context, path_params.<placeholder> or params.<name>[.<name>...], optionally typed :number, :boolean or :json (params:json for the whole object), or _error (ignored)",
                "id,path_params.id,params.a,params.a|column 'params.a' repeats column 'params.a'",
                "id,path_params.id,params.a,params.a.b:number|column 'params.a.b:number' and column 'params.a' both set params.a",
                "id,path_params.id,params:json,params.name|column 'params.name' and column 'params:json' both set params",
                "id,path_params.id,,params.name|column 3 of the header has no name",
            })
    void aHeaderThatCannotBeUsedSaysWhichColumnAndWhy(String header, String message) {
        CsvLayout.Parsed parsed = CsvLayout.parse(Arrays.asList(header.split(",", -1)), CUSTOMER);

        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.problem().code()).isEqualTo("invalid_header");
        assertThat(parsed.problem().message()).isEqualTo(message);
    }
}
