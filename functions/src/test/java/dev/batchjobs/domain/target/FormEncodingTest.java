package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.json.Json;
import org.junit.jupiter.api.Test;

class FormEncodingTest {
    @Test
    void nestedObjectsAndArraysUseBrackets() {
        String form = FormEncoding.encode(Json.parseBody("""
                {"name": "Jenny Rosen", "metadata": {"tier": "premium"},
                 "items": [{"price": "p_1", "quantity": 2}], "cancel_at_period_end": true}"""));

        assertThat(form)
                .isEqualTo("name=Jenny+Rosen&metadata%5Btier%5D=premium&items%5B0%5D%5Bprice%5D=p_1"
                        + "&items%5B0%5D%5Bquantity%5D=2&cancel_at_period_end=true");
    }

    @Test
    void nullAndEmptyContainersUnset() {
        assertThat(FormEncoding.encode(Json.parseBody("{\"description\": null, \"metadata\": {}}")))
                .isEqualTo("description=&metadata=");
    }

    @Test
    void reservedCharactersAreEscaped() {
        assertThat(FormEncoding.encode(Json.parseBody("{\"q\": \"a&b=c ü\"}"))).isEqualTo("q=a%26b%3Dc+%C3%BC");
    }

    @Test
    void noParamsIsAnEmptyBody() {
        assertThat(FormEncoding.encode(null)).isEmpty();
        assertThat(FormEncoding.encode(Json.parseBody("{}"))).isEmpty();
    }
}
