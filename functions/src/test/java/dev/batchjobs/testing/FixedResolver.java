package dev.batchjobs.testing;

import dev.batchjobs.domain.events.DestinationUrlPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/** DNS as a table, so URL checks are tested without the network: unknown names do not resolve. */
public final class FixedResolver implements DestinationUrlPolicy.Resolver {
    private final Map<String, String[]> table = new LinkedHashMap<>();

    public FixedResolver with(String host, String... addresses) {
        table.put(host, addresses);
        return this;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String[] addresses = table.get(host);
        if (addresses == null) {
            // Literal addresses resolve to themselves, as with real DNS.
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    }

    /** The names the unit tests use: a public receiver and a name that points inside the network. */
    public static FixedResolver standard() {
        return new FixedResolver()
                .with("hooks.example.com", "93.184.216.34")
                .with("other.example.com", "93.184.216.35")
                .with("internal.example.com", "10.0.0.7")
                .with("sneaky.example.com", "93.184.216.34", "169.254.169.254");
    }
}
