package dev.batchjobs.domain;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Issues, checks and revokes bearer API keys ({@code sk_test_…} or {@code sk_live_…}). */
public final class ApiKeyService {
    public static final String TEST_PREFIX = "sk_test_";
    public static final String LIVE_PREFIX = "sk_live_";
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern KEY = Pattern.compile("sk_(test|live)_[A-Za-z0-9]{16,128}");

    private final ApiKeyStore store;
    private final Clock clock;

    public ApiKeyService(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates a key for the account; the secret is returned once and stored only as a hash. */
    public IssuedApiKey issue(String accountId, boolean livemode) {
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("An account id is 1 to 64 letters, digits, '_' or '-': " + accountId);
        }
        String secret = (livemode ? LIVE_PREFIX : TEST_PREFIX) + Ids.random(43);
        ApiKeyRecord record = new ApiKeyRecord(
                Hashing.sha256Hex(secret),
                "key_" + Ids.random(20),
                accountId,
                livemode,
                UUID.randomUUID().toString(),
                clock.instant(),
                null,
                secret.substring(secret.length() - 4));
        store.put(record);
        return new IssuedApiKey(secret, record);
    }

    /** Registers a key whose secret the operator chose (the local cloud's {@code --api-key}). */
    public IssuedApiKey register(String accountId, String secret) {
        if (!KEY.matcher(secret).matches()) {
            throw new IllegalArgumentException(
                    "An API key is sk_test_ or sk_live_ followed by 16 to 128 letters or digits");
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("An account id is 1 to 64 letters, digits, '_' or '-': " + accountId);
        }
        String hash = Hashing.sha256Hex(secret);
        Optional<ApiKeyRecord> existing = store.findByHash(hash);
        if (existing.isPresent()
                && existing.get().accountId().equals(accountId)
                && existing.get().isActive()) {
            return new IssuedApiKey(secret, existing.get());
        }
        ApiKeyRecord record = new ApiKeyRecord(
                hash,
                "key_" + Ids.random(20),
                accountId,
                secret.startsWith(LIVE_PREFIX),
                UUID.randomUUID().toString(),
                clock.instant(),
                null,
                secret.substring(secret.length() - 4));
        store.put(record);
        return new IssuedApiKey(secret, record);
    }

    /** The caller a bearer token stands for; throws {@link AuthenticationFailedException} otherwise. */
    public Caller authenticate(Optional<String> bearerToken) {
        String token = bearerToken.filter(t -> !t.isBlank()).orElseThrow(AuthenticationFailedException::missingKey);
        if (!KEY.matcher(token).matches()) {
            throw AuthenticationFailedException.invalidKey();
        }
        ApiKeyRecord record = store.findByHash(Hashing.sha256Hex(token))
                .filter(ApiKeyRecord::isActive)
                .orElseThrow(AuthenticationFailedException::invalidKey);
        return new Caller(record.accountId(), record.livemode(), record.keyId(), record.ownerId());
    }

    /** Every key (of one account when {@code accountId} is given), oldest first: hashes and hints, never secrets. */
    public List<ApiKeyRecord> list(Optional<String> accountId) {
        return store.list().stream()
                .filter(key -> accountId.map(key.accountId()::equals).orElse(true))
                .sorted(Comparator.comparing(ApiKeyRecord::created).thenComparing(ApiKeyRecord::keyId))
                .toList();
    }

    public boolean revoke(String keyId) {
        return store.revoke(keyId, clock.instant());
    }
}
