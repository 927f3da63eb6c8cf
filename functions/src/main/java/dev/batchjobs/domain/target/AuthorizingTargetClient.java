package dev.batchjobs.domain.target;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Adds the target's Authorization header to every request. A 401 means the credential was rotated under the
 * worker: the credential is read afresh and the request is sent once more when the value changed, so a rotation
 * costs no row. A credential that cannot be read fails the request like a lost connection (retried).
 */
public final class AuthorizingTargetClient implements TargetClient {
    private static final int UNAUTHORIZED = 401;

    private final TargetClient delegate;
    private final TargetCredentials credentials;

    public AuthorizingTargetClient(TargetClient delegate, TargetCredentials credentials) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public CompletableFuture<TargetResponse> send(TargetRequest request) {
        Optional<String> sent;
        try {
            sent = credentials.authorization();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return delegate.send(authorized(request, sent)).thenCompose(response -> {
            if (response.status() != UNAUTHORIZED) {
                return CompletableFuture.completedFuture(response);
            }
            Optional<String> fresh;
            try {
                credentials.refresh();
                fresh = credentials.authorization();
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(response);
            }
            return fresh.equals(sent)
                    ? CompletableFuture.completedFuture(response)
                    : delegate.send(authorized(request, fresh));
        });
    }

    private static TargetRequest authorized(TargetRequest request, Optional<String> authorization) {
        return authorization
                .map(value -> request.withHeader("Authorization", value))
                .orElse(request);
    }
}
