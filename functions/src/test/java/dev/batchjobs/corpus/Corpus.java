package dev.batchjobs.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-input corpus in {@code src/test/resources/corpus}: tables of cases, one a line, tab-separated, {@code #}
 * for comments; and files whose bytes are taken as they are but for {@code {{c*N}}}, which stands for the character
 * {@code c} N times (so a row past the 1 MiB limit needs no megabyte in the repository).
 */
public final class Corpus {
    private static final Pattern REPEAT = Pattern.compile("\\{\\{(.)\\*([0-9]+)}}");

    private Corpus() {}

    /** The rows of a table, each cut into exactly {@code columns} cells ("-" stands for an empty cell). */
    public static List<String[]> table(String name, int columns) {
        List<String[]> rows = new ArrayList<>();
        String text = new String(resource("corpus/" + name), StandardCharsets.UTF_8);
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells.length != columns) {
                throw new IllegalStateException(name + " line " + lineNumber + " has " + cells.length + " cells, not "
                        + columns + ": " + Arrays.toString(cells));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** A corpus file's bytes, with its {@code {{c*N}}} runs expanded. */
    public static byte[] file(String name) {
        byte[] raw = resource("corpus/files/" + name);
        String latin = new String(raw, StandardCharsets.ISO_8859_1);
        Matcher m = REPEAT.matcher(latin);
        if (!m.find()) {
            return raw;
        }
        StringBuilder out = new StringBuilder();
        m.reset();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes what a recording run saw, for a person to review before it becomes the table. */
    public static void record(String name, List<String> lines) {
        try {
            Path out = Path.of("target", "corpus-" + name);
            Files.createDirectories(out.getParent());
            Files.write(out, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean recording() {
        return Boolean.getBoolean("corpus.record");
    }

    private static byte[] resource(String path) {
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No test resource " + path);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
