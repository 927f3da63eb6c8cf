package dev.batchjobs.domain.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.FixedResolver;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edges of every range {@link DestinationUrlPolicy} refuses: the first address in and the first one out. */
class DestinationUrlPolicyEdgesTest {
    private final DestinationUrlPolicy policy = new DestinationUrlPolicy(Set.of("LocalHost"), FixedResolver.standard());

    @ParameterizedTest
    @CsvSource({
        "0.1.2.3, false",
        "1.0.0.1, true",
        "100.63.255.255, true",
        "100.64.0.0, false",
        "100.127.255.255, false",
        "100.128.0.0, true",
        "169.253.1.1, true",
        "169.255.1.1, true",
        "170.254.1.1, true",
        "192.0.0.9, false",
        "192.0.1.9, true",
        "192.0.2.9, false",
        "192.0.3.9, true",
        "192.1.0.9, true",
        "192.88.99.1, false",
        "192.88.98.1, true",
        "192.89.99.1, true",
        "191.0.2.1, true",
        "198.51.100.1, false",
        "198.51.101.1, true",
        "198.52.100.1, true",
        "199.51.100.1, true",
        "203.0.113.1, false",
        "203.0.112.1, true",
        "203.1.113.1, true",
        "204.0.113.1, true",
        "198.17.0.1, true",
        "198.18.0.1, false",
        "198.19.255.1, false",
        "198.20.0.1, true",
        "197.18.0.1, true",
        "223.255.255.254, true",
        "240.0.0.1, false",
        "255.255.255.255, false"
    })
    void ipv4RangesEndWhereTheRegistrySaysTheyDo(String address, boolean isPublic) throws Exception {
        assertThat(DestinationUrlPolicy.isPublic(InetAddress.getByName(address)))
                .isEqualTo(isPublic);
    }

    @ParameterizedTest
    @CsvSource({
        // IPv4 inside IPv6: mapped, compatible, translated, NAT64, 6to4
        "00000000000000000000ffff08080808, true",
        "00000000000000000000ffff0a000001, false",
        "00000000000000000000ffff64400001, false",
        "00000000000000000000ffffc0000201, false",
        "20026440000100000000000000000001, false",
        "00000000000000000000000008080808, true",
        "0000000000000000000000000a000001, false",
        "0000000000000000ffff000008080808, true",
        "0000000000000000ffff00000a000001, false",
        "0000000000000000fffe000008080808, false",
        "00000000000000000000fffe08080808, false",
        "0064ff9b000000000000000008080808, true",
        "0064ff9b00000000000000000a000001, false",
        "0064ff9b000100000000000008080808, false",
        "0064ff9b000000000000000108080808, false",
        "0064ff9b000000000001000008080808, false",
        "2002080808080000000000000000000a, true",
        "20020a0000010000000000000000000a, false",
        // outside 2000::/3 (unique local, link and site local, discard, reserved), Teredo, documentation, public
        "fc000000000000000000000000000001, false",
        "fd00ec02000000000000000000000254, false",
        "01000000000000000000000000000001, false",
        "01000000000000010000000000000001, false",
        "01ff0000000000000000000000000001, false",
        "1fffffffffffffffffffffffffffffff, false",
        "20000000000000000000000000000001, true",
        "3fffffffffffffffffffffffffffffff, true",
        "40000000000000000000000000000001, false",
        "fe800000000000000000000000000001, false",
        "fec00000000000000000000000000001, false",
        "20010000000000000000000000000001, false",
        "20010db8000000000000000000000001, false",
        "20010db9000000000000000000000001, true",
        "20014860000000000000000000008888, true",
        "26064700000000000000000000001111, true"
    })
    void ipv6RangesAndTheIpv4AddressesTheyCarry(String hex, boolean isPublic) throws Exception {
        InetAddress address = Inet6Address.getByAddress(null, HexFormat.of().parseHex(hex), null);
        assertThat(DestinationUrlPolicy.isPublic(address))
                .as(address.getHostAddress())
                .isEqualTo(isPublic);
    }

    @Test
    void aUrlMayBeTwoThousandFortyEightCharactersLong() {
        String base = "https://hooks.example.com/";
        assertThat(policy.problem(base + "a".repeat(2048 - base.length()))).isEmpty();
        assertThat(policy.problem(base + "a".repeat(2049 - base.length()))).contains("must be at most 2048 characters");
    }

    @Test
    void aFragmentIsRefusedAndTheSchemeAndHostAreReadWithoutRegardToCase() {
        assertThat(policy.problem("https://hooks.example.com/x#part")).contains("must not have a fragment");
        assertThat(policy.problem("HTTPS://HOOKS.Example.COM/x")).isEmpty();
        assertThat(policy.problem("HTTP://LOCALHOST:8080/x")).isEmpty();
        assertThat(policy.problem("ftp://localhost/x")).contains("must use https, not ftp");
        assertThat(policy.problem("//hooks.example.com/x")).contains("must be an absolute https URL with a host");
        assertThat(policy.problem("https:relative")).contains("must be an absolute https URL with a host");
    }

    @Test
    void theResolverIsAskedForTheBareNameOrAddressAndAnEmptyAnswerDoesNotResolve() {
        List<String> asked = new ArrayList<>();
        DestinationUrlPolicy recording = new DestinationUrlPolicy(Set.of(), host -> {
            asked.add(host);
            return host.equals("empty.example.com")
                    ? new InetAddress[0]
                    : new InetAddress[] {InetAddress.getByName("8.8.8.8")};
        });
        assertThat(recording.problem("https://[2606:4700::1111]/x")).isEmpty();
        assertThat(recording.problem("https://Hooks.Example.com/x")).isEmpty();
        assertThat(recording.problem("https://empty.example.com/x"))
                .contains("host empty.example.com does not resolve");
        assertThat(asked).containsExactly("2606:4700::1111", "hooks.example.com", "empty.example.com");
    }

    @Test
    void theRefusalNamesTheHostAndTheAddress() {
        DestinationUrlPolicy unresolvable = new DestinationUrlPolicy(Set.of(), host -> {
            throw new UnknownHostException(host);
        });
        assertThat(unresolvable.problem("https://hooks.example.com/"))
                .contains("host hooks.example.com does not resolve");
        assertThat(policy.problem("https://internal.example.com/"))
                .contains("host internal.example.com resolves to 10.0.0.7, a loopback, private, link-local or reserved"
                        + " address; events go to public addresses only");
        assertThat(policy.problem("not a url"))
                .contains("must be an absolute https URL, 'not a url' is not a valid URL");
        assertThat(policy.problem("http://hooks.example.com/")).contains("must use https, not http");
    }
}
