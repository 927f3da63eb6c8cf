package dev.batchjobs.domain.chunks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** Where results parts and merged results files are kept. */
public interface ResultStorage {

    /** Writes (or overwrites) one part; parts are small (one checkpoint's rows). */
    void writePart(String key, byte[] content);

    /** Reads a part, or empty when it does not exist. */
    Optional<InputStream> openPart(String key);

    /** A stream that becomes the object at {@code key} when closed; nothing is visible before that. */
    ResultWriter create(String key, String contentType);

    /** An output stream whose bytes become one object on {@link #close()}. */
    abstract class ResultWriter extends OutputStream {
        /** Bytes written so far. */
        public abstract long size();

        /** Gives up: no object is created. */
        public abstract void abort();

        @Override
        public abstract void close() throws IOException;
    }
}
