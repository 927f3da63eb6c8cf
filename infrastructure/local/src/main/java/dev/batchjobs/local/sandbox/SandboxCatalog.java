package dev.batchjobs.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's connected accounts ({@code acct_0001}–{@code acct_0100}) and coupons ({@code 25OFF},
 * {@code 50OFF}, and those created), with Stripe's rules: an account update takes only known parameters and a
 * valid email; a coupon needs exactly one of {@code percent_off} (0–100) and {@code amount_off} (with a
 * {@code currency}), a {@code duration} of {@code once}, {@code repeating} (with {@code duration_in_months}) or
 * {@code forever}, and an id nobody has. Guarded by {@link SandboxStore}'s lock.
 */
final class SandboxCatalog {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ACCOUNT_PARAMS =
            Set.of("email", "metadata", "business_profile", "business_type", "default_currency", "settings");
    private static final Set<String> COUPON_PARAMS = Set.of(
            "id",
            "name",
            "duration",
            "duration_in_months",
            "percent_off",
            "amount_off",
            "currency",
            "max_redemptions",
            "redeem_by",
            "metadata");
    private static final Set<String> DURATIONS = Set.of("once", "repeating", "forever");

    private final Map<String, ObjectNode> accounts = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> coupons = new ConcurrentHashMap<>();
    private long sequence = 1000;

    SandboxCatalog() {
        for (int i = 1; i <= 100; i++) {
            String n = String.format("%04d", i);
            ObjectNode account = MAPPER.createObjectNode()
                    .put("id", "acct_" + n)
                    .put("object", "account")
                    .put("type", "custom")
                    .put("email", "account" + n + "@example.com")
                    .put("charges_enabled", true)
                    .put("payouts_enabled", true)
                    .put("default_currency", "usd");
            account.putObject("business_profile").put("name", "Account " + n).putNull("url");
            account.putObject("metadata");
            accounts.put("acct_" + n, account);
        }
        coupons.put("25OFF", coupon("25OFF", "once").put("percent_off", 25));
        coupons.put("50OFF", coupon("50OFF", "once").put("percent_off", 50));
    }

    boolean couponExists(String id) {
        return coupons.containsKey(id);
    }

    ObjectNode updateAccount(String id, JsonNode params) {
        ObjectNode account = accounts.get(id);
        if (account == null) {
            throw new SandboxStore.StripeError(
                    404, "invalid_request_error", "resource_missing", "account", "No such account: '" + id + "'");
        }
        SandboxStore.checkKnown(params, ACCOUNT_PARAMS);
        String email = params.path("email").asText("");
        if (!email.isEmpty() && !email.contains("@")) {
            throw SandboxStore.StripeError.invalid("email", "Invalid email address: " + email);
        }
        if (params.has("business_profile")) {
            if (!params.get("business_profile").isObject()) {
                throw SandboxStore.StripeError.invalid("business_profile", "Invalid object");
            }
            ((ObjectNode) account.get("business_profile")).setAll((ObjectNode) params.get("business_profile"));
        }
        SandboxStore.apply(account, SandboxStore.without(params, "business_profile"));
        return account.deepCopy();
    }

    ObjectNode createCoupon(JsonNode params) {
        SandboxStore.checkKnown(params, COUPON_PARAMS);
        boolean percent = params.has("percent_off");
        boolean amount = params.has("amount_off");
        if (percent == amount) {
            throw new SandboxStore.StripeError(
                    400,
                    "invalid_request_error",
                    "parameter_missing",
                    percent ? "amount_off" : "percent_off",
                    "You must pass exactly one of percent_off or amount_off.");
        }
        if (percent
                && !(params.get("percent_off").asDouble(-1) > 0
                        && params.get("percent_off").asDouble() <= 100)) {
            throw SandboxStore.StripeError.invalid(
                    "percent_off", "Invalid percent_off: must be greater than 0 and at most 100");
        }
        if (amount && params.path("currency").asText("").isEmpty()) {
            throw new SandboxStore.StripeError(
                    400, "invalid_request_error", "parameter_missing", "currency", "Missing required param: currency.");
        }
        String duration = params.path("duration").asText("once");
        if (!DURATIONS.contains(duration)) {
            throw SandboxStore.StripeError.invalid(
                    "duration", "Invalid duration: must be one of once, repeating, or forever");
        }
        if (duration.equals("repeating") && !params.has("duration_in_months")) {
            throw new SandboxStore.StripeError(
                    400,
                    "invalid_request_error",
                    "parameter_missing",
                    "duration_in_months",
                    "Missing required param: duration_in_months.");
        }
        String id = params.path("id").asText("");
        if (id.isEmpty()) {
            id = "coupon_" + ++sequence;
        } else if (coupons.containsKey(id)) {
            throw new SandboxStore.StripeError(
                    400, "invalid_request_error", "resource_already_exists", "id", "Coupon already exists.");
        }
        ObjectNode coupon = coupon(id, duration);
        SandboxStore.apply(coupon, SandboxStore.without(params, "id", "duration"));
        coupons.put(id, coupon);
        return coupon.deepCopy();
    }

    private static ObjectNode coupon(String id, String duration) {
        ObjectNode coupon = MAPPER.createObjectNode()
                .put("id", id)
                .put("object", "coupon")
                .put("duration", duration)
                .put("valid", true)
                .put("times_redeemed", 0);
        coupon.putNull("name");
        coupon.putObject("metadata");
        return coupon;
    }
}
