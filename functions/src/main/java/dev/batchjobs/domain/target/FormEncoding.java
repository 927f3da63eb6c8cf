package dev.batchjobs.domain.target;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} with Stripe's bracket notation: nested objects as
 * {@code metadata[tier]=premium}, arrays as {@code items[0][price]=p_1}, booleans as {@code true}/
 * {@code false}, and null or an empty object as an empty value (which Stripe reads as "unset").
 */
public final class FormEncoding {
    private FormEncoding() {}

    public static String encode(JsonNode params) {
        StringBuilder form = new StringBuilder();
        if (params == null || params.isNull()) {
            return "";
        }
        if (!params.isObject()) {
            throw new IllegalArgumentException("Form parameters must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = params.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            append(form, field.getKey(), field.getValue());
        }
        return form.toString();
    }

    private static void append(StringBuilder form, String name, JsonNode value) {
        if (value.isObject() && value.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                append(form, name + "[" + field.getKey() + "]", field.getValue());
            }
        } else if (value.isArray() && value.size() > 0) {
            for (int i = 0; i < value.size(); i++) {
                append(form, name + "[" + i + "]", value.get(i));
            }
        } else {
            String text = value.isNull() || value.isContainerNode() ? "" : value.asText();
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
        }
    }
}
