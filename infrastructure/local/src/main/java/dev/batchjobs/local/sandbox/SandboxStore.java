package dev.batchjobs.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox target's objects, in memory, with Stripe's rules for the batch endpoints: unknown ids are
 * 404 {@code resource_missing}, unknown parameters 400 {@code parameter_unknown}, a canceled subscription
 * cannot be updated or migrated (400 {@code resource_invalid_state}), promotion codes need an existing
 * coupon and a unique code, a canceled subscription cannot be canceled again.
 *
 * <p>Seeded so a first run has something to change: customers {@code cus_0001}–{@code cus_1000},
 * subscriptions {@code sub_0001}–{@code sub_1000} (every tenth canceled), promotion codes
 * {@code promo_0001}–{@code promo_0100}, and the accounts and coupons of {@link SandboxCatalog}.
 */
final class SandboxStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> CUSTOMER_PARAMS = Set.of("name", "email", "description", "phone", "metadata");
    private static final Set<String> SUBSCRIPTION_PARAMS = Set.of(
            "description",
            "metadata",
            "cancel_at_period_end",
            "proration_behavior",
            "default_payment_method",
            "trial_end");
    private static final Set<String> MIGRATE_PARAMS =
            Set.of("billing_cycle_anchor", "proration_behavior", "billing_mode");
    private static final Set<String> PROMOTION_CREATE_PARAMS =
            Set.of("coupon", "code", "max_redemptions", "active", "metadata", "expires_at", "customer");
    private static final Set<String> PROMOTION_UPDATE_PARAMS = Set.of("active", "metadata");
    private static final Set<String> CANCEL_PARAMS = Set.of("invoice_now", "prorate", "cancellation_details");

    private final Map<String, ObjectNode> customers = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> promotionCodes = new ConcurrentHashMap<>();
    private final SandboxCatalog catalog = new SandboxCatalog();
    private final AtomicLong sequence = new AtomicLong(1000);
    private final long created = 1_795_428_000L;

    SandboxStore() {
        for (int i = 1; i <= 1000; i++) {
            String n = String.format("%04d", i);
            ObjectNode customer = MAPPER.createObjectNode()
                    .put("id", "cus_" + n)
                    .put("object", "customer")
                    .put("created", created)
                    .put("name", "Customer " + n)
                    .put("email", "customer" + n + "@example.com");
            customer.putNull("description");
            customer.putObject("metadata");
            customers.put("cus_" + n, customer);
            ObjectNode subscription = MAPPER.createObjectNode()
                    .put("id", "sub_" + n)
                    .put("object", "subscription")
                    .put("customer", "cus_" + n)
                    .put("status", i % 10 == 0 ? "canceled" : "active")
                    .put("billing_cycle_anchor", created)
                    .put("current_period_start", created)
                    .put("current_period_end", created + 2_592_000L)
                    .put("cancel_at_period_end", false);
            subscription.putNull("description");
            subscription.putObject("metadata");
            subscriptions.put("sub_" + n, subscription);
        }
        for (int i = 1; i <= 100; i++) {
            String n = String.format("%04d", i);
            ObjectNode code = MAPPER.createObjectNode()
                    .put("id", "promo_" + n)
                    .put("object", "promotion_code")
                    .put("code", "CODE" + n)
                    .put("coupon", "25OFF")
                    .put("active", true)
                    .put("times_redeemed", 0);
            code.putObject("metadata");
            promotionCodes.put("promo_" + n, code);
        }
    }

    /** A Stripe error: status, type, code, message, and the parameter when one is at fault. */
    static final class StripeError extends RuntimeException {
        final int status;
        final String type;
        final String code;
        final String param;

        StripeError(int status, String type, String code, String param, String message) {
            super(message);
            this.status = status;
            this.type = type;
            this.code = code;
            this.param = param;
        }

        static StripeError missing(String kind, String id) {
            return new StripeError(
                    404, "invalid_request_error", "resource_missing", "id", "No such " + kind + ": '" + id + "'");
        }

        static StripeError invalid(String param, String message) {
            return new StripeError(400, "invalid_request_error", "parameter_invalid", param, message);
        }
    }

    synchronized ObjectNode updateCustomer(String id, JsonNode params) {
        ObjectNode customer = customers.get(id);
        if (customer == null) {
            throw StripeError.missing("customer", id);
        }
        checkKnown(params, CUSTOMER_PARAMS);
        if (params.has("email")
                && !params.get("email").asText().isEmpty()
                && !params.get("email").asText().contains("@")) {
            throw StripeError.invalid(
                    "email", "Invalid email address: " + params.get("email").asText());
        }
        apply(customer, params);
        return customer.deepCopy();
    }

    synchronized ObjectNode updateSubscription(String id, JsonNode params) {
        ObjectNode subscription = activeSubscription(id, "updated");
        checkKnown(params, SUBSCRIPTION_PARAMS);
        if (params.has("cancel_at_period_end")) {
            subscription.put("cancel_at_period_end", bool(params, "cancel_at_period_end"));
        }
        apply(subscription, without(params, "cancel_at_period_end"));
        return subscription.deepCopy();
    }

    /** {@code DELETE /v1/subscriptions/:id}: cancels at once; a canceled subscription cannot be canceled again. */
    synchronized ObjectNode cancelSubscription(String id, JsonNode params) {
        ObjectNode subscription = activeSubscription(id, "canceled again");
        checkKnown(params, CANCEL_PARAMS);
        subscription.put("status", "canceled");
        subscription.put("canceled_at", created + 86_400L);
        subscription.put("ended_at", created + 86_400L);
        return subscription.deepCopy();
    }

    synchronized ObjectNode updateAccount(String id, JsonNode params) {
        return catalog.updateAccount(id, params);
    }

    synchronized ObjectNode createCoupon(JsonNode params) {
        return catalog.createCoupon(params);
    }

    synchronized ObjectNode migrateSubscription(String id, JsonNode params) {
        ObjectNode subscription = subscriptions.get(id);
        if (subscription == null) {
            throw StripeError.missing("subscription", id);
        }
        if (!"active".equals(subscription.get("status").asText())) {
            throw new StripeError(
                    400,
                    "invalid_request_error",
                    "resource_invalid_state",
                    null,
                    "This subscription cannot be migrated because it is not active. Current status is "
                            + subscription.get("status").asText() + ".");
        }
        checkKnown(params, MIGRATE_PARAMS);
        String anchor = params.path("billing_cycle_anchor").asText("unchanged");
        if (!anchor.equals("unchanged") && !anchor.equals("now")) {
            throw StripeError.invalid(
                    "billing_cycle_anchor", "Invalid billing_cycle_anchor: must be one of unchanged or now");
        }
        String proration = params.path("proration_behavior").asText("create_prorations");
        if (!Set.of("create_prorations", "none", "always_invoice").contains(proration)) {
            throw StripeError.invalid(
                    "proration_behavior",
                    "Invalid proration_behavior: must be one of create_prorations, none, or always_invoice");
        }
        subscription.put("billing_mode", "flexible");
        return subscription.deepCopy();
    }

    synchronized ObjectNode createPromotionCode(JsonNode params) {
        checkKnown(params, PROMOTION_CREATE_PARAMS);
        String coupon = params.path("coupon").asText("");
        if (coupon.isEmpty()) {
            throw new StripeError(
                    400, "invalid_request_error", "parameter_missing", "coupon", "Missing required param: coupon.");
        }
        if (!catalog.couponExists(coupon)) {
            throw new StripeError(
                    400, "invalid_request_error", "resource_missing", "coupon", "No such coupon: '" + coupon + "'");
        }
        String code = params.path("code").asText("");
        if (!code.isEmpty()
                && promotionCodes.values().stream()
                        .anyMatch(p -> p.get("code").asText().equals(code))) {
            throw new StripeError(
                    400,
                    "invalid_request_error",
                    "resource_already_exists",
                    "code",
                    "A promotion code with code \"" + code + "\" already exists.");
        }
        if (params.has("max_redemptions") && params.get("max_redemptions").asLong(0) < 1) {
            throw StripeError.invalid("max_redemptions", "Invalid max_redemptions: must be a positive integer");
        }
        String id = "promo_" + sequence.incrementAndGet();
        ObjectNode promotion = MAPPER.createObjectNode()
                .put("id", id)
                .put("object", "promotion_code")
                .put("code", code.isEmpty() ? "AUTO" + id.substring(6) : code)
                .put("coupon", coupon)
                .put("active", !params.has("active") || bool(params, "active"))
                .put("times_redeemed", 0);
        promotion.putObject("metadata");
        apply(promotion, without(params, "coupon", "code", "active"));
        promotionCodes.put(id, promotion);
        return promotion.deepCopy();
    }

    synchronized ObjectNode updatePromotionCode(String id, JsonNode params) {
        ObjectNode promotion = promotionCodes.get(id);
        if (promotion == null) {
            throw StripeError.missing("promotion_code", id);
        }
        checkKnown(params, PROMOTION_UPDATE_PARAMS);
        if (params.has("active")) {
            promotion.put("active", bool(params, "active"));
        }
        apply(promotion, without(params, "active"));
        return promotion.deepCopy();
    }

    private ObjectNode activeSubscription(String id, String verb) {
        ObjectNode subscription = subscriptions.get(id);
        if (subscription == null) {
            throw StripeError.missing("subscription", id);
        }
        if ("canceled".equals(subscription.get("status").asText())) {
            throw new StripeError(
                    400,
                    "invalid_request_error",
                    "resource_invalid_state",
                    null,
                    "A canceled subscription can only update its cancellation_details and metadata; it cannot be "
                            + verb + ".");
        }
        return subscription;
    }

    static ObjectNode without(JsonNode params, String... names) {
        ObjectNode copy = ((ObjectNode) params).deepCopy();
        copy.remove(List.of(names));
        return copy;
    }

    static void checkKnown(JsonNode params, Set<String> known) {
        for (Iterator<String> names = params.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new StripeError(
                        400, "invalid_request_error", "parameter_unknown", name, "Received unknown parameter: " + name);
            }
        }
    }

    private static boolean bool(JsonNode params, String name) {
        JsonNode value = params.get(name);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asText();
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw StripeError.invalid(name, "Invalid boolean: " + text);
    }

    /** Sets plain fields and merges metadata (an empty value removes a key), as Stripe does. */
    static void apply(ObjectNode target, JsonNode params) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = params.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("metadata")) {
                ObjectNode metadata = (ObjectNode) target.get("metadata");
                if (field.getValue().isObject()) {
                    field.getValue().fields().forEachRemaining(m -> {
                        if (m.getValue().asText().isEmpty()) {
                            metadata.remove(m.getKey());
                        } else {
                            metadata.put(m.getKey(), m.getValue().asText());
                        }
                    });
                } else if (field.getValue().asText().isEmpty()) {
                    metadata.removeAll();
                }
            } else if (field.getValue().isNull()
                    || field.getValue().asText().isEmpty() && field.getValue().isTextual()) {
                target.putNull(field.getKey());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }
}
