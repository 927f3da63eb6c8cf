package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHashSetTest {
    @Test
    void behavesLikeASetAcrossManyGrowthsAndSegments() {
        LongHashSet set = new LongHashSet(16);
        Set<Long> reference = new HashSet<>();
        Random random = new Random(3);
        for (int i = 0; i < 3_000_000; i++) {
            // A small range, so that repeats happen often.
            long value = random.nextInt(2_000_000) - 1_000_000L;
            assertThat(set.add(value)).isEqualTo(reference.add(value));
        }
        assertThat(set.size()).isEqualTo(reference.size());
        assertThat(set.add(0)).isEqualTo(reference.add(0L));
        assertThat(set.size()).isEqualTo(reference.size());
    }
}
