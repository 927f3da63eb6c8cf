package dev.batchjobs.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/** The fixed identity of the local cloud: one account, one region, one key pair every emulator accepts. */
public final class LocalAws {
    public static final String ACCOUNT_ID = "000000000000";
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "localsecret";

    private LocalAws() {}

    public static AwsBasicCredentials credentials() {
        return AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** {@code port}, or a free loopback port when it is 0. */
    static int portOrFree(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
