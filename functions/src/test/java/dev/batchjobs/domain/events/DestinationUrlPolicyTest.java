package dev.batchjobs.domain.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.FixedResolver;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationUrlPolicyTest {
    private final DestinationUrlPolicy policy = new DestinationUrlPolicy(Set.of("localhost"), FixedResolver.standard());

    @Test
    void aPublicHttpsUrlIsAccepted() {
        assertThat(policy.problem("https://hooks.example.com/stripe?x=1")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://8.8.8.8/hook",
                "https://[2606:4700::1111]/hook",
                "https://[64:ff9b::808:808]/hook",
                "https://[2002:808:808::1]/hook"
            })
    void publicAddressesAreAcceptedEvenInsideTranslationPrefixes(String url) {
        assertThat(policy.problem(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/hook",
                "https://10.1.2.3/hook",
                "https://172.16.0.1/hook",
                "https://192.168.1.1/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://100.64.0.1/hook",
                "https://0.0.0.0/hook",
                "https://[::1]/hook",
                "https://[fd00:ec2::254]/hook",
                "https://[fe80::1]/hook",
                "https://[::ffff:10.0.0.1]/hook",
                "https://224.0.0.1/hook",
                "https://192.0.2.10/hook",
                "https://198.51.100.7/hook",
                "https://203.0.113.9/hook",
                "https://[64:ff9b::a9fe:a9fe]/hook",
                "https://[64:ff9b:1::1]/hook",
                "https://[2002:a00:1::1]/hook",
                "https://[::ffff:0:7f00:1]/hook",
                "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",
                "https://[100::1]/hook"
            })
    void privateLoopbackLinkLocalAndMetadataAddressesAreRefused(String url) {
        assertThat(policy.problem(url)).hasValueSatisfying(p -> assertThat(p).contains("public addresses only"));
    }

    @Test
    void aNameThatResolvesInsideTheNetworkIsRefusedLikeItsAddress() {
        assertThat(policy.problem("https://internal.example.com/hook"))
                .hasValueSatisfying(p -> assertThat(p).contains("10.0.0.7"));
    }

    @Test
    void oneInternalAddressAmongPublicOnesIsEnoughToRefuse() {
        assertThat(policy.problem("https://sneaky.example.com/hook"))
                .hasValueSatisfying(p -> assertThat(p).contains("169.254.169.254"));
    }

    @Test
    void plainHttpIsRefusedForPublicHosts() {
        assertThat(policy.problem("http://hooks.example.com/hook"))
                .hasValueSatisfying(p -> assertThat(p).contains("https"));
    }

    @Test
    void theOperatorsAllowedHostsMayUseHttpAndLoopback() {
        assertThat(policy.problem("http://localhost:8080/hook")).isEmpty();
        assertThat(DestinationUrlPolicy.publicOnly().problem("http://localhost:8080/hook"))
                .isPresent();
    }

    @Test
    void malformedUnresolvableAndCredentialCarryingUrlsAreRefusedWithTheReason() {
        assertThat(policy.problem("not a url"))
                .hasValueSatisfying(p -> assertThat(p).contains("valid URL"));
        assertThat(policy.problem("/relative"))
                .hasValueSatisfying(p -> assertThat(p).contains("absolute"));
        assertThat(policy.problem("https://nowhere.example.com/"))
                .hasValueSatisfying(p -> assertThat(p).contains("does not resolve"));
        assertThat(policy.problem("https://user:pw@hooks.example.com/"))
                .hasValueSatisfying(p -> assertThat(p).contains("credentials"));
        assertThat(policy.problem("ftp://hooks.example.com/"))
                .hasValueSatisfying(p -> assertThat(p).contains("https"));
    }
}
