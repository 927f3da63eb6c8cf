package dev.batchjobs.local.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Holds a child process to the share of a CPU that Lambda gives a function of a memory size (one vCPU at 1,769 MB, in
 * proportion below it), with a CFS quota in a cgroup (v1 CPU controller) of its own, where this machine lets one be
 * made; elsewhere the child runs unthrottled and {@link #describe()} says so.
 */
final class LambdaCpuShare implements AutoCloseable {
    /** The memory size at which Lambda gives a function one full vCPU. */
    static final double MB_PER_VCPU = 1769.0;

    private static final Path CPU_CGROUPS = Path.of("/sys/fs/cgroup/cpu");
    private static final long PERIOD_MICROS = 100_000;

    private final double share;
    private final Optional<Path> group;

    private LambdaCpuShare(double share, Optional<Path> group) {
        this.share = share;
        this.group = group;
    }

    /** A quota of {@code memoryMb / 1,769} of a CPU, in a new cgroup named after {@code name}, if one can be made. */
    static LambdaCpuShare forMemory(int memoryMb, String name) {
        double share = memoryMb / MB_PER_VCPU;
        Path group = CPU_CGROUPS.resolve(
                "batchjobs-" + name + "-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(group);
            Files.writeString(group.resolve("cpu.cfs_period_us"), String.valueOf(PERIOD_MICROS));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), String.valueOf(Math.round(PERIOD_MICROS * share)));
            return new LambdaCpuShare(share, Optional.of(group));
        } catch (IOException | UnsupportedOperationException | SecurityException notHere) {
            deleteQuietly(group);
            return new LambdaCpuShare(share, Optional.empty());
        }
    }

    /** No quota at all. */
    static LambdaCpuShare unlimited(int memoryMb) {
        return new LambdaCpuShare(memoryMb / MB_PER_VCPU, Optional.empty());
    }

    /** The command, started so that its process joins the cgroup before it runs (its children stay in it). */
    List<String> wrap(List<String> command) {
        if (group.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "echo $$ > \"$1\" && shift && exec \"$@\"",
                "sh",
                group.get().resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** For the table: the quota, or why there is none. */
    String describe() {
        return group.isPresent() ? String.format("%.3f of a CPU", share) : "none (no writable CPU cgroup)";
    }

    @Override
    public void close() {
        group.ifPresent(LambdaCpuShare::deleteQuietly);
    }

    private static void deleteQuietly(Path group) {
        try {
            Files.deleteIfExists(group);
        } catch (IOException | SecurityException stillBusy) {
            // a cgroup with a process left in it cannot go; the machine's next start clears it
        }
    }
}
