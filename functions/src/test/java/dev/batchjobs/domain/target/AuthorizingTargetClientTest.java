package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AuthorizingTargetClientTest {
    private final List<TargetRequest> sent = new ArrayList<>();
    private final TargetRequest request =
            new TargetRequest("POST", URI.create("https://target.test/v1/customers/c"), Map.of("A", "b"), "x=1");

    /** A credential a test rotates: what the secret store holds now, and how often it was read again. */
    private static final class RotatingCredentials implements TargetCredentials {
        String stored;
        String cached;
        int refreshes;

        RotatingCredentials(String value) {
            stored = value;
            cached = value;
        }

        @Override
        public Optional<String> authorization() {
            return Optional.ofNullable(cached);
        }

        @Override
        public void refresh() {
            refreshes++;
            cached = stored;
        }
    }

    private TargetClient answering(String acceptedAuthorization) {
        return r -> {
            sent.add(r);
            int status = acceptedAuthorization.equals(r.headers().get("Authorization")) ? 200 : 401;
            return CompletableFuture.completedFuture(new TargetResponse(status, "{}", Optional.empty()));
        };
    }

    @Test
    void everyRequestCarriesTheCredentialAsItsAuthorizationHeader() {
        var client = new AuthorizingTargetClient(answering("Bearer one"), new RotatingCredentials("Bearer one"));

        assertThat(client.send(request).join().status()).isEqualTo(200);

        assertThat(sent)
                .singleElement()
                .satisfies(r -> assertThat(r.headers())
                        .containsEntry("Authorization", "Bearer one")
                        .containsEntry("A", "b"));
    }

    @Test
    void aRotatedCredentialIsReadAgainOnA401AndTheRequestSentOnceMore() {
        RotatingCredentials credentials = new RotatingCredentials("Bearer old");
        credentials.stored = "Bearer new";
        var client = new AuthorizingTargetClient(answering("Bearer new"), credentials);

        assertThat(client.send(request).join().status()).isEqualTo(200);

        assertThat(credentials.refreshes).isEqualTo(1);
        assertThat(sent).extracting(r -> r.headers().get("Authorization")).containsExactly("Bearer old", "Bearer new");
    }

    @Test
    void a401WithAnUnchangedCredentialIsTheAnswerNotALoop() {
        RotatingCredentials credentials = new RotatingCredentials("Bearer wrong");
        var client = new AuthorizingTargetClient(answering("Bearer right"), credentials);

        assertThat(client.send(request).join().status()).isEqualTo(401);

        assertThat(sent).hasSize(1);
    }

    @Test
    void noCredentialSendsNoAuthorizationHeader() {
        var client = new AuthorizingTargetClient(answering("none"), TargetCredentials.NONE);

        client.send(request).join();

        assertThat(sent).singleElement().satisfies(r -> assertThat(r.headers()).doesNotContainKey("Authorization"));
    }

    @Test
    void aCredentialThatCannotBeReadFailsTheRequestLikeALostConnection() {
        TargetCredentials broken = new TargetCredentials() {
            @Override
            public Optional<String> authorization() {
                throw new IllegalStateException("secret store unreachable");
            }

            @Override
            public void refresh() {}
        };
        var client = new AuthorizingTargetClient(answering("none"), broken);

        assertThat(client.send(request)).isCompletedExceptionally();
        assertThat(sent).isEmpty();
    }
}
