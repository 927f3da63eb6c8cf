package dev.batchjobs.local;

import java.nio.file.Path;

/**
 * One local cloud for every integration test in a JVM: in memory, free ports, started on first use (the
 * emulators take a few seconds) and stopped when the JVM exits. With the system property {@code localcloud.dataDir}
 * it keeps its tables and objects in that directory instead, off the heap (the load run's 256 MB heap needs that).
 */
public final class SharedLocalCloud {
    private static LocalCloud cloud;

    private SharedLocalCloud() {}

    public static synchronized LocalCloud get() {
        if (cloud == null) {
            try {
                LocalCloudOptions options = LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")));
                String dataDir = System.getProperty("localcloud.dataDir");
                cloud = LocalCloud.start(dataDir == null ? options : options.withDataDir(Path.of(dataDir)));
            } catch (Exception e) {
                throw new IllegalStateException("The local cloud did not start", e);
            }
            LocalCloud started = cloud;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    started.close();
                                } catch (Exception ignored) {
                                    // the JVM is exiting
                                }
                            },
                            "shared-local-cloud-shutdown"));
        }
        return cloud;
    }
}
