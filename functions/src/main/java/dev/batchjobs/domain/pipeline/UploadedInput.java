package dev.batchjobs.domain.pipeline;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object that landed under {@code inputs/}: the server chose its key ({@code inputs/ACCOUNT/JOB/input}),
 * so the key alone says whose job it is. Keys of any other shape are not ours to act on.
 */
public record UploadedInput(String accountId, String jobId, String key, long size) {
    private static final Pattern KEY = Pattern.compile("inputs/([A-Za-z0-9_-]{1,64})/(batchv2_[A-Za-z0-9]+)/input");

    public static Optional<UploadedInput> fromKey(String key, long size) {
        Matcher matcher = KEY.matcher(key);
        return matcher.matches()
                ? Optional.of(new UploadedInput(matcher.group(1), matcher.group(2), key, size))
                : Optional.empty();
    }
}
