package dev.batchjobs.domain.events;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which URLs events may be delivered to: {@code https} only, to hosts whose every address is public. Loopback,
 * private (RFC 1918, unique-local), link-local (with the cloud metadata service at 169.254.169.254),
 * carrier-grade NAT, unspecified, multicast and reserved addresses are refused, after DNS resolution, so a
 * name that points inside the network is refused like the address itself. The operator may allow named
 * hosts (the local cloud allows {@code localhost}); those may also use plain {@code http}.
 * Checked when a destination is created or changed, and again before every delivery.
 */
public final class DestinationUrlPolicy {
    /** Resolves a host name to its addresses; DNS in production, a table in tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final int MAX_URL_LENGTH = 2048;

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public DestinationUrlPolicy(Set<String> allowedHosts, Resolver resolver) {
        this.allowedHosts =
                allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public static DestinationUrlPolicy publicOnly() {
        return new DestinationUrlPolicy(Set.of(), InetAddress::getAllByName);
    }

    /** Why the URL may not receive events, or empty if it may. */
    public Optional<String> problem(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute https URL, '" + e.getInput() + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || host.isEmpty()) {
            return Optional.of("must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        boolean allowed = allowedHosts.contains(host);
        if (!scheme.equals("https") && !(allowed && scheme.equals("http"))) {
            return Optional.of("must use https, not " + (scheme.isEmpty() ? "no scheme" : scheme));
        }
        if (allowed) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            return Optional.of("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("host " + host + " resolves to " + address.getHostAddress()
                        + ", a loopback, private, link-local or reserved address; events go to public addresses only");
            }
        }
        return Optional.empty();
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0 // "this network"
                    || first == 10
                    || first == 127
                    || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                    || (first == 169 && second == 254) // link-local, metadata service
                    || (first == 172 && second >= 16 && second <= 31)
                    || (first == 192 && second == 168)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 2) // TEST-NET-1
                    || (first == 192 && second == 88 && (b[2] & 0xff) == 99) // 6to4 relay anycast
                    || (first == 198 && second == 51 && (b[2] & 0xff) == 100) // TEST-NET-2
                    || (first == 203 && second == 0 && (b[2] & 0xff) == 113) // TEST-NET-3
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 224); // multicast, reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            if (zeros(b, 0, 10) && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                return isPublicIpv4(b, 12); // ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address
            }
            if (zeros(b, 0, 8) && b[8] == (byte) 0xff && b[9] == (byte) 0xff && b[10] == 0 && b[11] == 0) {
                return isPublicIpv4(b, 12); // ::ffff:0:a.b.c.d, IPv4-translated
            }
            if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && zeros(b, 4, 12)) {
                return isPublicIpv4(b, 12); // 64:ff9b::/96, NAT64 to an IPv4 address
            }
            if ((b[0] & 0xe0) != 0x20) {
                // Only 2000::/3 is global unicast. Outside it: fc00::/7 unique local (AWS metadata fd00:ec2::254),
                // fe80::/10 and fec0::/10, 100::/8 (100::/64 discard), the rest of 64:ff9b::/32 (64:ff9b:1::/48
                // local NAT64), and reserved space.
                return false;
            }
            if (prefix(b, 0x20, 0x02)) {
                return isPublicIpv4(b, 2); // 2002::/16, 6to4 around an IPv4 address
            }
            if (prefix(b, 0x20, 0x01, 0x00, 0x00) || prefix(b, 0x20, 0x01, 0x0d, 0xb8)) {
                return false; // 2001::/32 Teredo (a hidden IPv4), 2001:db8::/32 documentation
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicIpv4(byte[] b, int at) {
        try {
            return isPublic(InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]}));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean prefix(byte[] b, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if ((b[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
